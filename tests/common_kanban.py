from contextlib import contextmanager

from odoo.tests import new_test_user

from .common import LogisticsCase


class KanbanCommon(LogisticsCase):
    """Loops of the three route types on the demo plant, on products and locations that
    the demo loops leave free, and the three roles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.require_demo()
        ref = cls.env.ref
        cls.Card = cls.env["logistics.kanban.card"]
        cls.Loop = cls.env["logistics.kanban.loop"]
        cls.Scan = cls.env["logistics.kanban.scan"]
        cls.warehouse = ref("stock.warehouse0")
        cls.supermarket = ref("industrial_logistics.demo_location_supermarket")
        cls.l1a = ref("industrial_logistics.demo_location_line1_a")
        cls.l1b = ref("industrial_logistics.demo_location_line1_b")
        cls.l1c = ref("industrial_logistics.demo_location_line1_c")
        cls.fg_supermarket = ref("industrial_logistics.demo_location_fg_supermarket")
        cls.route_resupply = ref("industrial_logistics.demo_route_supermarket_resupply")
        cls.route_buy = ref("purchase_stock.route_warehouse0_buy")
        cls.route_manufacture = ref("mrp.route_warehouse0_manufacture")
        cls.bolt = ref("industrial_logistics.demo_component_c010")
        cls.bracket = ref("industrial_logistics.demo_component_c011")
        cls.washer = ref("industrial_logistics.demo_component_c014")
        cls.workbench = ref("industrial_logistics.demo_finished_fg02")

        cls.operator = new_test_user(
            cls.env, "kanban_operator", groups="industrial_logistics.group_logistics_operator"
        )
        cls.manager = new_test_user(
            cls.env, "kanban_manager", groups="industrial_logistics.group_logistics_manager"
        )
        cls.stock_user = new_test_user(
            cls.env, "kanban_stock_user", groups="stock.group_stock_user"
        )

        cls.loop_resupply = cls.Loop.create(
            cls.loop_vals("T-RS", cls.bolt, cls.l1a, cls.route_resupply, 10, card_count=3)
        )
        cls.loop_buy = cls.Loop.create(
            cls.loop_vals("T-BUY", cls.bracket, cls.l1b, cls.route_buy, 20)
        )
        cls.loop_manufacture = cls.Loop.create(
            cls.loop_vals("T-MO", cls.workbench, cls.fg_supermarket, cls.route_manufacture, 2)
        )
        cls.loop_double_bin = cls.Loop.create(
            cls.loop_vals(
                "T-DB", cls.washer, cls.l1c, cls.route_resupply, 30, loop_type="double_bin"
            )
        )

    @staticmethod
    def loop_vals(code, product, location, route, container_qty=5, **values):
        """Values of a two-card loop of `product` at `location` through `route`."""
        return {
            "code": code,
            "product_id": product.id,
            "location_id": location.id,
            "route_id": route.id,
            "container_qty": container_qty,
            "card_count": 2,
            **values,
        }

    def foreign_company_loop(self):
        """A one-card loop of another company (Chicago, in Odoo's multi-company demo)."""
        chicago = self.env.ref("stock.res_company_1")
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", chicago.id)], limit=1)
        return self.Loop.with_company(chicago).create(
            self.loop_vals(
                "T-CHI",
                self.bolt,
                warehouse.lot_stock_id,
                self.route_buy,
                company_id=chicago.id,
                card_count=1,
            )
        )

    @contextmanager
    def assertRefused(self, exception, fragment):
        """assertRaises (which rolls the failed operation back) and the message says why."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(fragment, str(caught.exception))

    def card(self, loop, number=1):
        return loop.card_ids.filtered(lambda card: card.sequence == number)

    def scan(self, card_or_barcode, user=None):
        barcode = getattr(card_or_barcode, "barcode", card_or_barcode)
        return self.Card.with_user(user or self.operator).scan(barcode)

    def last_scan(self):
        return self.Scan.search([], order="id desc", limit=1)

    @staticmethod
    def do_moves(moves):
        for move in moves:
            move.quantity = move.product_uom_qty
            move.picked = True

    def validate(self, picking, user=None):
        picking = picking.with_user(user) if user else picking
        picking.action_assign()
        self.do_moves(picking.move_ids)
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def receive_purchase(self, order):
        order.button_confirm()
        for picking in order.picking_ids:
            self.validate(picking)

    def produce(self, production):
        production.qty_producing = production.product_qty
        self.do_moves(production.move_raw_ids)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
