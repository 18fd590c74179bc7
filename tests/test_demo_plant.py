from collections import defaultdict
from datetime import timedelta

from odoo import fields

from .common import LogisticsCase


class TestDemoPlant(LogisticsCase):
    """The demo plant is what every later feature is shown on: check it holds together."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.require_demo()
        cls.warehouse = cls.env.ref("stock.warehouse0")
        cls.supermarket = cls.env.ref("industrial_logistics.demo_location_supermarket")
        cls.lines = cls.env["stock.location"].browse(
            cls.env.ref(f"industrial_logistics.demo_location_line{n}").id for n in (1, 2, 3)
        )
        cls.line_sides = cls.lines.child_ids
        cls.components = cls.env["product.product"].search(
            [("categ_id", "=", cls.env.ref("industrial_logistics.demo_category_components").id)]
        )
        cls.production = cls.components[:1].property_stock_production
        cls.today = fields.Date.context_today(cls.env.user)

    def _done_moves(self, source, destination):
        return self.env["stock.move"].search(
            [
                ("state", "=", "done"),
                ("product_id", "in", self.components.ids),
                ("location_id", "child_of", source.ids),
                ("location_dest_id", "child_of", destination.ids),
            ]
        )

    def test_supermarket_feeds_three_lines_of_positioned_line_side_locations(self):
        self.assertEqual(len(self.lines), 3)
        self.assertEqual([len(line.child_ids) for line in self.lines], [3, 2, 3])
        for location in self.supermarket | self.lines | self.line_sides:
            self.assertEqual(location.usage, "internal")
            self.assertEqual(location.warehouse_id, self.warehouse)
            self.assertTrue(location.barcode)
        for location in self.line_sides:
            self.assertGreater(location.posx, 0, location.display_name)
            self.assertGreater(location.posy, 0, location.display_name)

    def test_thirty_purchased_components_with_vendor_price_and_lead_time(self):
        self.assertEqual(len(self.components), 30)
        buy = self.env.ref("purchase_stock.route_warehouse0_buy")
        for product in self.components:
            self.assertTrue(product.is_storable)
            self.assertGreater(product.standard_price, 0)
            self.assertIn(buy, product.route_ids)
            self.assertEqual(len(product.seller_ids), 1, product.display_name)
            self.assertGreater(product.seller_ids.delay, 0)
            self.assertGreater(product.seller_ids.price, 0)

    def test_three_finished_products_with_bom_and_operations_on_their_line(self):
        boms = self.env["mrp.bom"].search(
            [("product_tmpl_id.default_code", "in", ["FG01", "FG02", "FG03"])]
        )
        self.assertEqual(len(boms), 3)
        for bom in boms:
            self.assertGreaterEqual(len(bom.bom_line_ids), 10)
            self.assertTrue(set(bom.bom_line_ids.product_id.ids) <= set(self.components.ids))
            self.assertEqual(len(bom.operation_ids), 3)
            self.assertEqual(len(bom.operation_ids.workcenter_id), 1)

    def test_six_months_of_consumption_on_working_days_only(self):
        consumption = self._done_moves(self.line_sides, self.production)
        dates = {move.date.date() for move in consumption}
        self.assertGreaterEqual(min(dates), self.today - timedelta(weeks=26))
        self.assertLess(max(dates), self.today)
        self.assertFalse([day for day in dates if day.weekday() >= 5], "no consumption at weekends")
        # Every working day of the 26 weeks has consumption, give or take a day
        # where a line built nothing.
        self.assertGreater(len(dates), 26 * 5 - 5)
        self.assertEqual(consumption.product_id, self.components)

    def test_consumption_follows_the_bill_of_materials(self):
        per_unit = defaultdict(set)
        for bom_line in self.env["mrp.bom.line"].search(
            [("product_id", "in", self.components.ids)]
        ):
            per_unit[bom_line.product_id].add(bom_line.product_qty)
        for move in self._done_moves(self.line_sides, self.production):
            self.assertTrue(
                any(move.quantity % qty == 0 for qty in per_unit[move.product_id]),
                f"{move.product_id.display_name}: {move.quantity} is no multiple of a BoM quantity",
            )

    def test_weekly_supply_of_each_line_side_equals_its_consumption(self):
        # The history's own supply: the containers the demo milk-run rounds of last week
        # dropped at the lines (demo/logistics_kpi_demo.py) come on top of it.
        supplied, consumed = defaultdict(float), defaultdict(float)
        history = self._done_moves(self.supermarket, self.line_sides).filtered(
            lambda move: not move.picking_id.milk_run_round_id
        )
        for move in history:
            supplied[move.product_id, move.location_dest_id] += move.quantity
        for move in self._done_moves(self.line_sides, self.production):
            consumed[move.product_id, move.location_id] += move.quantity
        self.assertEqual(set(supplied), set(consumed))
        for key, quantity in consumed.items():
            self.assertAlmostEqual(supplied[key], quantity, msg=str(key))

    def test_stock_on_hand_matches_the_history_and_is_never_negative(self):
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "in", self.components.ids),
                ("location_id", "child_of", self.supermarket.ids + self.lines.ids),
            ]
        )
        self.assertFalse(quants.filtered(lambda quant: quant.quantity < 0))
        for location in self.line_sides | self.supermarket:
            moves_in = self.env["stock.move"].search(
                [
                    ("state", "=", "done"),
                    ("location_dest_id", "=", location.id),
                    ("product_id", "in", self.components.ids),
                ]
            )
            moves_out = self.env["stock.move"].search(
                [
                    ("state", "=", "done"),
                    ("location_id", "=", location.id),
                    ("product_id", "in", self.components.ids),
                ]
            )
            on_hand = sum(
                quants.filtered(lambda quant, loc=location: quant.location_id == loc).mapped(
                    "quantity"
                )
            )
            self.assertAlmostEqual(
                on_hand, sum(moves_in.mapped("quantity")) - sum(moves_out.mapped("quantity"))
            )

    def test_stock_valuation_history_is_back_dated_with_the_moves(self):
        layers = self.env["stock.valuation.layer"].search(
            [("product_id", "in", self.components.ids)]
        )
        self.assertTrue(layers)
        # the demo returns (into and out of the returns location, the disassembly) are today's
        layers = layers.filtered(
            lambda layer: not (
                layer.stock_move_id.unbuild_id
                or layer.stock_move_id.location_id.logistics_returns
                or layer.stock_move_id.location_dest_id.logistics_returns
            )
        )
        for layer in layers:
            self.assertEqual(layer.create_date, layer.stock_move_id.date)
        self.assertLess(min(layers.mapped("create_date")).date(), self.today - timedelta(weeks=25))

    def test_a_prepared_done_move_moves_its_quantity_at_once_without_reserving(self):
        # The helper behind the demo history and the cycle-count fixture: 5 units out of an
        # empty place are moved all the same (nothing to reserve there): -5 left, +5 arrived.
        product = self.env["product.product"].create({"name": "Helper part", "is_storable": True})
        empty = self.env["stock.location"].create(
            {"name": "Helper empty bin", "location_id": self.supermarket.id, "usage": "internal"}
        )
        move = self.env["stock.move"].create(
            self.env["logistics.demo.plant"]._prepare_done_move_vals(
                product, empty, self.line_sides[0], 5, "Helper move"
            )
        )
        move._action_confirm()
        move._action_done()
        self.assertEqual((move.state, move.name, move.quantity), ("done", "Helper move", 5))
        self.assertEqual(move.move_line_ids.mapped("picked"), [True])
        Quant = self.env["stock.quant"]
        self.assertEqual(Quant._get_available_quantity(product, empty, allow_negative=True), -5)
        self.assertEqual(Quant._get_available_quantity(product, self.line_sides[0]), 5)
