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
        # Figures of ReplenishmentCommon: min = 50 + 6.579415, max = min + 354.
        self.assertAlmostEqual(self.rule.product_min_qty, 56.579415, places=2)
        self.assertAlmostEqual(self.rule.product_max_qty, 410.579415, places=2)
