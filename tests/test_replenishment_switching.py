from odoo.exceptions import UserError

from .common_replenishment import ReplenishmentCommon


class TestReplenishmentSwitching(ReplenishmentCommon):
    """Applying and reverting: one technique per need, the other archived and brought back;
    existing conflicts listed and fixed in one click, in batches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule.active = False
        cls.loop = cls._create_loop("ADV-SW")

    def test_loop_to_rule_and_back_keeps_one_replenishment_at_each_step(self):
        advisor = self.advisor()
        advisor.action_compute()
        line = advisor.line_ids
        self.assertEqual(line.technique, "reorder_point")
        advisor.action_apply()
        self.assertEqual((self.rule.active, self.loop.active), (True, False))
        # and back: the planner chooses the loop again, the rule is archived, the loop back
        # and resized (3 cards: see test_keeping_the_loop_archives_the_rule_and_resizes_...)
        advisor.action_compute()
        self.assertEqual(
            (advisor.line_ids.rule_id, advisor.line_ids.loop_id), (self.rule, self.loop)
        )
        advisor.line_ids.technique = "kanban"
        advisor.action_apply()
        self.assertEqual((self.rule.active, self.loop.active), (False, True))
        self.assertEqual(self.loop.card_count, 3)
        # and again: still one rule and one loop for the need, never a second of either
        advisor.line_ids.technique = "reorder_point"
        advisor.action_apply()
        self.assertEqual((self.rule.active, self.loop.active), (True, False))
        self.assertAlmostEqual(self.rule.product_min_qty, 56.579415, places=2)
        Rule = self.env["stock.warehouse.orderpoint"].with_context(active_test=False)
        Loop = self.env["logistics.kanban.loop"].with_context(active_test=False)
        self.assertEqual(Rule.search([("product_id", "=", self.product.id)]), self.rule)
        self.assertEqual(Loop.search([("product_id", "=", self.product.id)]), self.loop)

    def test_conflicts_are_counted_and_fixed_in_one_click(self):
        self._make_conflict()
        advisor = self.advisor()
        advisor.action_compute()
        self.assertEqual(advisor.conflict_count, 1)
        advisor.action_fix_conflicts()
        self.assertEqual((self.rule.active, self.loop.active), (True, False))
        self.assertEqual(advisor.conflict_count, 0)
        # the min and max are not touched: fixing is not applying
        self.assertEqual(self.rule.product_min_qty, 20)

    def test_fixing_a_conflict_by_keeping_the_loop_archives_the_rule(self):
        self._make_conflict()
        advisor = self.advisor()
        advisor.action_compute()
        advisor.line_ids.technique = "kanban"
        advisor.line_ids.action_fix_conflict()
        self.assertEqual((self.rule.active, self.loop.active), (False, True))

    def test_a_conflict_on_a_to_order_proposal_asks_the_planner_to_choose(self):
        self._make_conflict()
        advisor = self.advisor()
        advisor.action_compute()
        advisor.line_ids.technique = "to_order"
        with self.assertRaises(UserError) as caught:
            advisor.action_fix_conflicts()
        self.assertIn("before fixing", str(caught.exception))
        self.assertEqual((self.rule.active, self.loop.active), (True, True))
