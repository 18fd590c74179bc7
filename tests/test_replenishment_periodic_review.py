from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError

from .common_replenishment import ReplenishmentCommon


class TestReplenishmentPeriodicReview(ReplenishmentCommon):
    """A reorder rule with a review period orders on its review days only, up to its level,
    through Odoo's procurement. P has 100 - 50 consumed = 50 on hand, nothing incoming."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.Rule = cls.env["stock.warehouse.orderpoint"]

    def periodic(self, level=200, days=7, next_date=None):
        """The fixture's rule made periodic as the planner would in its form."""
        self.rule.with_user(self.manager).write(
            {
                "product_min_qty": level,
                "product_max_qty": level,
                "logistics_review_days": days,
                "logistics_next_review_date": next_date or self.today,
            }
        )
        return self.rule

    def ordered(self):
        return self.env["purchase.order.line"].search([("orderpoint_id", "=", self.rule.id)])

    def test_review_day_orders_up_to_the_level_once_and_moves_the_next_review(self):
        """Position 50, level 200: one purchase line of 200 - 50 = 150 to P's vendor."""
        self.periodic()
        self.Rule._cron_periodic_review()
        line = self.ordered()
        self.assertEqual(len(line), 1)
        self.assertEqual(line.product_qty, 150)
        self.assertEqual(line.partner_id, self.product.seller_ids.partner_id)
        self.assertEqual(self.rule.logistics_next_review_date, self.today + timedelta(days=7))
        self.Rule._cron_periodic_review()
        self.assertEqual(self.ordered(), line)
        self.assertEqual(line.product_qty, 150)

    def test_odoos_scheduler_leaves_a_periodic_rule_alone_between_reviews(self):
        """Position 50 is far below the level 200: a continuous rule would order now."""
        self.periodic(next_date=self.today + timedelta(days=3))
        self.env["procurement.group"].run_scheduler(company_id=self.company.id)
        self.Rule._cron_periodic_review()
        self.assertFalse(self.ordered())
        self.assertEqual(self.rule.logistics_next_review_date, self.today + timedelta(days=3))
        # the same rule reviewed continuously is ordered by the scheduler at once
        self.rule.logistics_review_days = 0
        self.env["procurement.group"].run_scheduler(company_id=self.company.id)
        self.assertEqual(self.ordered().product_qty, 150)

    def test_a_missed_review_orders_once_and_the_next_one_follows_the_period(self):
        """Due 10 days ago every 7 days: one order today; the next review keeps the rule's
        rhythm, the first one after today: today - 10 + 14 = today + 4."""
        self.periodic(next_date=self.today - timedelta(days=10))
        self.Rule._cron_periodic_review()
        self.assertEqual(len(self.ordered()), 1)
        self.assertEqual(self.rule.logistics_next_review_date, self.today + timedelta(days=4))

    def test_a_negative_period_or_a_period_without_date_is_refused(self):
        with self.assertRaises(ValidationError):
            self.rule.with_user(self.manager).logistics_review_days = -7
        with self.assertRaises(ValidationError):
            self.rule.with_user(self.manager).write(
                {"logistics_review_days": 7, "logistics_next_review_date": False}
            )
        self.assertEqual(self.rule.logistics_review_days, 0)

    def test_the_advisor_applies_a_periodic_review_to_the_rule(self):
        """ReplenishmentCommon: T = 35 working days (5 working days in 5 calendar days, so
        35 calendar days), order-up-to level 418.609394, first review today."""
        advisor = self.advisor()
        advisor.action_compute()
        advisor.line_ids.technique = "periodic_review"
        advisor.action_apply()
        self.assertEqual(self.rule.logistics_review_days, 35)
        self.assertEqual(self.rule.logistics_next_review_date, self.today)
        self.assertAlmostEqual(self.rule.product_min_qty, 418.609394, places=2)
        self.assertAlmostEqual(self.rule.product_max_qty, 418.609394, places=2)
        self.assertEqual(self.rule.trigger, "auto")
        # back to a reorder point: the review period goes
        advisor.line_ids.technique = "reorder_point"
        advisor.action_apply()
        self.assertEqual(self.rule.logistics_review_days, 0)
        self.assertAlmostEqual(self.rule.product_min_qty, 56.579415, places=2)

    def test_periodic_rule_and_loop_on_one_need_are_refused(self):
        self.periodic()
        with self.assertRaises(ValidationError):
            self._create_loop("ADV-PR")
