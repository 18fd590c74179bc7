from odoo.tests import tagged

from .common import LogisticsCase


@tagged("post_install", "-at_install")
class TestKanbanDemo(LogisticsCase):
    """The demo plant shows every kind of loop, with history, on first start."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.require_demo()

    def test_demo_has_loops_of_the_three_routes_and_a_double_bin(self):
        ref = self.env.ref
        loops = self.env["logistics.kanban.loop"].browse(
            self.env["ir.model.data"]
            .search(
                [("module", "=", "industrial_logistics"), ("model", "=", "logistics.kanban.loop")]
            )
            .mapped("res_id")
        )
        manufacture = ref("mrp.route_warehouse0_manufacture")
        routes = {
            ref("industrial_logistics.demo_route_supermarket_resupply"),
            ref("purchase_stock.route_warehouse0_buy"),
            manufacture,
        }
        self.assertEqual(set(loops.route_id) & routes, routes)
        double_bin = loops.filtered(lambda loop: loop.loop_type == "double_bin")
        self.assertTrue(double_bin)
        for loop in double_bin:
            self.assertEqual(loop.card_ids.mapped("bin_label"), ["A", "B"])
        # The line-side loops have weeks of card history behind them (the finished-goods
        # loop has no consumption in the demo history, so no cycle yet).
        line_side = loops.filtered(lambda loop: loop.route_id != manufacture)
        self.assertEqual(len(line_side), 6)
        for loop in line_side:
            self.assertGreater(loop.lead_time_measured_days, 0, loop.code)
            self.assertGreater(loop.cycle_time_days, 0, loop.code)

    def test_demo_buy_card_waits_for_purchasing(self):
        card = self.env["logistics.kanban.card"].search([("barcode", "=", "KB-L1A-C001-03")])
        self.assertEqual(card.state, "empty")
        order = card.purchase_line_ids.order_id
        self.assertEqual(order.state, "draft")
        self.assertEqual(card.replenishment_ref, order.name)
        self.assertEqual(card.purchase_line_ids.product_qty, 50)
