from datetime import date, datetime

from odoo.exceptions import UserError

from .common_replenishment import ReplenishmentCommon


class TestReplenishmentLotMethods(ReplenishmentCommon):
    """The lot method of each proposal and the recommended technique, on the fixture of
    ReplenishmentCommon (d = 10 a day, EOQ 353.553391, min 56.579415)."""

    def line_with(self, **values):
        """The proposal after the planner's choices in `values` and a recompute."""
        advisor = self.advisor()
        advisor.action_compute()
        advisor.line_ids.write(values)
        advisor.action_compute()
        return advisor.line_ids

    def test_smooth_demand_gets_the_eoq_by_default(self):
        advisor = self.advisor()
        advisor.action_compute()
        line = advisor.line_ids
        self.assertEqual((line.recommended_lot_method, line.lot_method), ("eoq", "eoq"))
        self.assertEqual(line.lot_qty, 354.0)
        self.assertEqual(line.lead_time_source, "odoo")

    def test_each_lot_method_sizes_the_lot_and_the_max(self):
        """POQ: round(353.55 / 10) = 35 days of demand = 350. Lot-for-lot: the week's need,
        one ISO week of 50. Wagner-Whitin and Silver-Meal over one week: one lot of 50.
        Fixed lot 120: as given. max = 56.579415 + lot."""
        for method, lot in (
            ("poq", 350.0),
            ("lot_for_lot", 50.0),
            ("wagner_whitin", 50.0),
            ("silver_meal", 50.0),
            ("fixed", 120.0),
        ):
            with self.subTest(method=method):
                line = self.line_with(lot_method=method, fixed_lot_qty=120.0)
                self.assertEqual(line.lot_method, method)
                self.assertEqual(line.recommended_lot_method, "eoq")
                self.assertAlmostEqual(line.lot_qty, lot, places=2)
                self.assertAlmostEqual(line.max_qty, 56.579415 + lot, places=2)

    def test_lot_is_rounded_to_the_packaging_then_the_vendor_minimum(self):
        """Fixed lot 120, packs of 25: 125 (5 packs). Vendor minimum 130: 130 raised to
        whole packs, 150. The rule's multiple is the pack."""
        self.env["product.packaging"].create(
            {
                "name": "Box of 25",
                "product_id": self.product.id,
                "qty": 25,
                "company_id": self.company.id,
            }
        )
        line = self.line_with(lot_method="fixed", fixed_lot_qty=120.0)
        self.assertEqual((line.lot_qty, line.qty_multiple), (125.0, 25.0))
        advisor = line.advisor_id
        self.product.seller_ids.min_qty = 130
        advisor.action_compute()
        self.assertEqual(advisor.line_ids.lot_qty, 150.0)

    def test_dynamic_lot_sizes_plan_over_the_weekly_forecast(self):
        """Window 2-10 November: weeks 45 and 46 need 50 and 30 (30 consumed on Monday 9).
        Wagner-Whitin with S = 50 and h = 0.2 x 10 / 52 = 0.038462 a unit a week: one order
        of 80 costs 50 + 30 x 0.038462 = 51.15, two orders 100: one lot of 80. Lot-for-lot
        orders each week's need: 40 on average."""
        self._consume(30, datetime(2026, 11, 9, 10))
        advisor = self.advisor(date_to=date(2026, 11, 10))
        advisor.action_compute()
        line = advisor.line_ids
        line.lot_method = "wagner_whitin"
        advisor.action_compute()
        self.assertEqual(advisor.line_ids.lot_qty, 80.0)
        advisor.line_ids.lot_method = "lot_for_lot"
        advisor.action_compute()
        self.assertEqual(advisor.line_ids.lot_qty, 40.0)

    def test_planner_choices_survive_a_recompute(self):
        line = self.line_with(technique="periodic_review", lot_method="poq")
        self.assertEqual(
            (line.technique, line.recommended_technique), ("periodic_review", "reorder_point")
        )
        self.assertEqual((line.lot_method, line.recommended_lot_method), ("poq", "eoq"))

    def test_fixed_lot_without_quantity_is_refused_and_nothing_is_written(self):
        advisor = self.advisor()
        advisor.action_compute()
        advisor.line_ids.lot_method = "fixed"
        before = advisor.line_ids.read(["lot_qty", "max_qty"])
        with self.assertRaises(UserError) as caught:
            advisor.action_compute()
        self.assertIn("fixed lot", str(caught.exception))
        self.assertEqual(advisor.line_ids.read(["lot_qty", "max_qty"]), before)

    def test_recommendation_uses_small_parts_shared_vendors_and_line_side(self):
        """P costs 10: a small part once the threshold is 10; its vendor supplies 1 item of
        the scope, shared once 1 item suffices: periodic review at the warehouse stock.
        Consumed from a line-side location instead, the same steady small part gets a
        double-bin, a dearer one a kanban."""
        advisor = self.advisor(small_part_max_cost=10.0, shared_vendor_min_items=1)
        advisor.action_compute()
        self.assertEqual(advisor.line_ids.recommended_technique, "periodic_review")
        advisor.shared_vendor_min_items = 2
        advisor.action_compute()
        self.assertEqual(advisor.line_ids.recommended_technique, "reorder_point")
        line_side = self.env["stock.location"].create(
            {"name": "Line 1", "location_id": self.stock.id, "usage": "internal"}
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_move SET location_id = %s WHERE product_id = %s",
            [line_side.id, self.product.id],
        )
        self.env.invalidate_all()
        advisor.action_compute()
        self.assertEqual(advisor.line_ids.location_id, line_side)
        self.assertEqual(advisor.line_ids.recommended_technique, "double_bin")
        advisor.small_part_max_cost = 5.0
        advisor.action_compute()
        self.assertEqual(advisor.line_ids.recommended_technique, "kanban")
