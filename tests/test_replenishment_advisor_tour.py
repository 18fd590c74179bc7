from odoo.tests import HttpCase, tagged

from .common_replenishment import ReplenishmentCommon


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestReplenishmentAdvisorTour(HttpCase, ReplenishmentCommon):
    def test_manager_computes_and_applies_a_reorder_point(self):
        advisor = self.advisor(name="Advisor tour")
        self.start_tour(
            "/odoo", "industrial_logistics_replenishment_advisor", login="advisor_manager"
        )
        self.assertEqual(advisor.state, "applied")
        # Figures of ReplenishmentCommon: min = 50 + 6.579415; the planner chose the period
        # order quantity, round(353.55 / 10) = 35 days of demand = 350: max = min + 350.
        self.assertAlmostEqual(self.rule.product_min_qty, 56.579415, places=2)
        self.assertAlmostEqual(self.rule.product_max_qty, 406.579415, places=2)
        line = advisor.line_ids
        self.assertEqual((line.lot_method, line.lead_time_source), ("poq", "odoo"))
