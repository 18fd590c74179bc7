from odoo import Command
from odoo.tests import tagged

from .common_scheduling import SchedulingCase


@tagged("post_install", "-at_install")
class TestLevellingComponents(SchedulingCase):
    """Press S, week of Monday 1 March 2027 (Paris, 08-12 and 13-17 on weekdays).

    W: one 240-min operation, due Friday 17:00, needs 2 Rivets R; none in stock, a receipt of 5
       is expected Wednesday 10:00 Paris (09:00 UTC). An operation runs within one stretch of
       the calendar: 10-12 is too short, so Wednesday 13:00-17:00 Paris (12-16 UTC), on time;
       Monday and Tuesday are free but before the rivets.
    V: one 240-min operation, due Friday, no components: Monday 08-12 Paris (07-11 UTC).
    Neither order is split: same orders, same quantities after Apply.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rivet = cls.env["product.product"].create(
            {"name": "Rivet R", "type": "consu", "is_storable": True}
        )
        cls.bom_w = cls.bom.copy(
            {"bom_line_ids": [Command.create({"product_id": cls.rivet.id, "product_qty": 2})]}
        )
        cls.bom_w.operation_ids[1:].unlink()
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        receipt = cls.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "scheduled_date": cls.utc(3, 9),
                "move_ids": [
                    Command.create(
                        {
                            "name": "Rivets",
                            "product_id": cls.rivet.id,
                            "product_uom_qty": 5,
                            "product_uom": cls.rivet.uom_id.id,
                            "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                            "date": cls.utc(3, 9),
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        cls.order_w = cls.env["mrp.production"].create(
            {
                "product_id": cls.product.id,
                "product_qty": 1,
                "bom_id": cls.bom_w.id,
                "date_deadline": cls.utc(5, 16),
                "date_start": cls.utc(1, 7),
            }
        )
        cls.order_w.action_confirm()
        cls.order_v = cls._order(deadline=cls.utc(5, 16))
        cls.order_w.workorder_ids.duration_expected = 240
        cls.order_v.workorder_ids.duration_expected = 240

    def test_no_start_before_the_components_arrive_and_no_split(self):
        arrival = (self.order_w | self.order_v)._logistics_components_arrival()
        self.assertEqual(arrival[self.order_w.id], (self.utc(3, 9), False))
        self.assertEqual(arrival[self.order_v.id], (False, False))
        wizard = self._levelling_wizard()
        wizard.action_propose()
        line_w = wizard.line_ids.filtered(lambda line: line.production_id == self.order_w)
        self.assertEqual(line_w.components_arrival, self.utc(3, 9))
        self.assertEqual(
            (line_w.proposed_start, line_w.proposed_end), (self.utc(3, 12), self.utc(3, 16))
        )
        line_v = wizard.line_ids.filtered(lambda line: line.production_id == self.order_v)
        self.assertEqual(
            (line_v.proposed_start, line_v.proposed_end), (self.utc(1, 7), self.utc(1, 11))
        )
        products = self.env["mrp.production"].search([("product_id", "=", self.product.id)])
        wizard.action_apply()
        self.assertEqual(
            self.env["mrp.production"].search([("product_id", "=", self.product.id)]), products
        )
        self.assertEqual((self.order_w.product_qty, self.order_v.product_qty), (1, 1))
        self.assertEqual(self.order_w.workorder_ids.date_start, self.utc(3, 12))
        self.assertEqual(self.order_w.date_start, self.utc(3, 12))
