from odoo.exceptions import ValidationError

from .common_kanban import KanbanCommon


class TestReplenishmentConflicts(KanbanCommon):
    """One replenishment per need: an automatic reorder rule and a kanban loop never both
    replenish one product at one location."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["stock.warehouse.orderpoint"]

    def rule_vals(self, product, location, **values):
        return {
            "product_id": product.id,
            "location_id": location.id,
            "warehouse_id": self.warehouse.id,
            "product_min_qty": 10,
            "product_max_qty": 40,
            **values,
        }

    def test_rule_on_a_loops_product_and_location_is_refused_naming_both(self):
        with self.assertRefused(ValidationError, "T-RS"):
            self.Rule.with_user(self.manager).create(self.rule_vals(self.bolt, self.l1a))
        self.assertFalse(self.Rule.search([("product_id", "=", self.bolt.id)]))

    def test_message_names_the_rule_the_loop_product_and_location(self):
        rule = self.Rule.create(self.rule_vals(self.bolt, self.l1b))
        with self.assertRaises(ValidationError) as caught:
            rule.location_id = self.l1a
        message = str(caught.exception)
        for name in (rule.name, "T-RS", self.bolt.display_name, self.l1a.display_name):
            self.assertIn(name, message)

    def test_loop_where_a_rule_exists_is_refused_until_the_rule_is_archived(self):
        rule = self.Rule.create(self.rule_vals(self.bracket, self.l1a))
        vals = self.loop_vals("T-NEW", self.bracket, self.l1a, self.route_resupply)
        with self.assertRefused(ValidationError, rule.name):
            self.Loop.with_user(self.manager).create(vals)
        rule.active = False
        loop = self.Loop.with_user(self.manager).create(vals)
        self.assertTrue(loop.active)
        with self.assertRefused(ValidationError, "T-NEW"):
            rule.active = True

    def test_archived_loop_frees_its_need_for_a_rule_and_cannot_come_back(self):
        self.loop_resupply.active = False
        rule = self.Rule.create(self.rule_vals(self.bolt, self.l1a))
        self.assertTrue(rule.active)
        with self.assertRefused(ValidationError, rule.name):
            self.loop_resupply.active = True

    def test_moving_a_loop_onto_a_rules_location_is_refused(self):
        self.Rule.create(self.rule_vals(self.bolt, self.l1b))
        with self.assertRefused(ValidationError, "T-RS"):
            self.loop_resupply.location_id = self.l1b

    def test_manual_rules_of_the_replenishment_report_do_not_count_until_made_automatic(self):
        """Odoo's replenishment report creates `trigger='manual'` rules on its own: they
        order nothing until a user clicks, so they are no second replenishment."""
        rule = self.Rule.create(self.rule_vals(self.bolt, self.l1a, trigger="manual"))
        self.assertEqual(rule.trigger, "manual")
        with self.assertRefused(ValidationError, "T-RS"):
            rule.trigger = "auto"

    def test_a_rule_on_the_parent_location_is_another_echelon_and_allowed(self):
        """The loop refills line-side 1A from the supermarket; a rule on the parent
        location (the warehouse stock, an ancestor of 1A) refills the whole stock: two echelons."""
        stock = self.warehouse.lot_stock_id
        self.assertTrue(self.l1a.parent_path.startswith(stock.parent_path))
        rule = self.Rule.create(self.rule_vals(self.bolt, stock))
        self.assertTrue(rule.active)
        self.assertEqual(self.loop_resupply.location_id, self.l1a)

    def test_the_check_reads_the_loops_of_a_whole_batch_in_one_query(self):
        rules = self.Rule.create(
            [
                self.rule_vals(product, self.supermarket)
                for product in (self.bolt, self.bracket, self.washer)
            ]
        )
        self.env.flush_all()
        for batch in (rules[:1], rules):
            with self.subTest(size=len(batch)), self.assertQueryCount(1):
                batch._check_no_kanban_loop_on_same_need()
