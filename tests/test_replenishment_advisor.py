from odoo.exceptions import AccessError, UserError

from .common_replenishment import ReplenishmentCommon


class TestReplenishmentAdvisor(ReplenishmentCommon):
    """Compute, apply, refusals and access on the hand-computed fixture of ReplenishmentCommon."""

    def test_manager_gets_the_hand_computed_reorder_point(self):
        advisor = self.advisor()
        advisor.action_compute()
        line = advisor.line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual((line.product_id, line.location_id), (self.product, self.stock))
        self.assertEqual((line.abc_class, line.xyz_class, line.pattern), ("B", "X", "smooth"))
        self.assertEqual(line.recommended_technique, "reorder_point")
        self.assertEqual(line.technique, "reorder_point")
        self.assertEqual(line.rule_id, self.rule)
        self.assertEqual((line.history_days, line.demand_days), (5, 5))
        expected = {
            "daily_demand": 10.0,
            "demand_std": 1.788854,
            "lead_time_days": 5.0,
            "service_level": 0.95,
            "safety_stock": 6.579415,
            "eoq_qty": 353.553391,
            "lot_qty": 354.0,
            "min_qty": 56.579415,
            "max_qty": 410.579415,
            "qty_multiple": 1.0,
            "order_up_to_qty": 418.609394,
            "average_stock": 183.579415,
            "holding_cost": 367.158830,
            "orders_per_year": 7.062147,
            "expected_service_level": 0.95,
            "proposed_average_stock": 379.779415,
            "current_average_stock": 5.6,
        }
        for name, value in expected.items():
            # Quantities are stored at the 2 decimals of the unit of measure.
            self.assertAlmostEqual(line[name], value, places=2, msg=name)
        self.assertEqual((line.proposed_stockout_days, line.current_stockout_days), (0, 3))
        self.assertEqual(line.review_days, 35)

    def test_apply_switches_a_need_from_its_loop_to_a_new_reorder_rule(self):
        self.rule.active = False
        loop = self._create_loop("ADV-1")
        advisor = self.advisor()
        advisor.action_compute()
        line = advisor.line_ids
        # Odoo keeps one rule per product and location, archived ones included: the
        # archived rule is the one to bring back.
        self.assertEqual((line.loop_id, line.rule_id), (loop, self.rule))
        self.assertFalse(line.has_conflict)
        self.assertEqual(line.technique, "reorder_point")
        # The archived rule does not replenish: the current back-test is the loop's
        # (2 containers of 20, 40 at start): ends 28, 20 (first container empty, its card
        # back 5 days later, after the window), 8, 0 (second empty), 0 (short by 10):
        # 1 stockout day, average (28 + 20 + 8) / 5 = 11.2.
        self.assertEqual(line.current_stockout_days, 1)
        self.assertAlmostEqual(line.current_average_stock, 11.2, places=2)
        advisor.action_apply()
        self.assertFalse(loop.active)
        self.assertTrue(self.rule.active)
        self.assertEqual(line.rule_id, self.rule)
        self.assertAlmostEqual(self.rule.product_min_qty, 56.579415, places=2)

    def test_apply_writes_the_current_reorder_rule(self):
        advisor = self.advisor()
        advisor.action_compute()
        advisor.action_apply()
        self.assertEqual(advisor.state, "applied")
        self.assertAlmostEqual(self.rule.product_min_qty, 56.579415, places=2)
        self.assertAlmostEqual(self.rule.product_max_qty, 410.579415, places=2)
        self.assertEqual(self.rule.qty_multiple, 1.0)
        self.assertEqual(self.rule.route_id, self.route_buy)
        self.assertEqual(self.rule.trigger, "auto")

    def test_bad_input_is_refused_and_nothing_is_written(self):
        advisor = self.advisor()
        advisor.action_compute()
        cases = [
            ({"service_level_b": 1.0}, "strictly between"),
            ({"service_level_a": 0.0}, "strictly between"),
            ({"ordering_cost": -1.0}, "cannot be negative"),
        ]
        for values, fragment in cases:
            with self.subTest(values=values):
                advisor.write(values)
                with self.assertRaises(UserError) as caught:
                    advisor.action_apply()
                self.assertIn(fragment, str(caught.exception))
                self.assertEqual(self.rule.product_min_qty, 20)
                advisor.write(
                    {"service_level_a": 0.98, "service_level_b": 0.95, "ordering_cost": 50}
                )

    def test_product_without_vendor_or_not_storable_is_refused(self):
        advisor = self.advisor()
        advisor.action_compute()
        self.product.seller_ids.unlink()
        with self.assertRaises(UserError) as caught:
            advisor.action_apply()
        self.assertIn("no vendor", str(caught.exception))
        # A consumable never has consumption in the view, so never a computed line; a
        # manager could still add one by RPC: the apply refuses it.
        self.product.seller_ids = [(0, 0, {"partner_id": self.env.user.partner_id.id})]
        consumable = self.env["product.product"].create(
            {"name": "Advisor Glue", "type": "consu", "company_id": self.company.id}
        )
        advisor.line_ids = [
            (
                0,
                0,
                {
                    "product_id": consumable.id,
                    "location_id": self.stock.id,
                    "technique": "reorder_point",
                },
            )
        ]
        with self.assertRaises(UserError) as caught:
            advisor.action_apply()
        self.assertIn("not tracked in stock", str(caught.exception))
        self.assertEqual(self.rule.product_max_qty, 30)
        self.assertFalse(
            self.env["stock.warehouse.orderpoint"].search([("product_id", "=", consumable.id)])
        )

    def test_storekeeper_cannot_run_or_apply_the_advisor(self):
        with self.assertRaises(AccessError):
            self.advisor(user=self.storekeeper)
        advisor = self.advisor()
        with self.assertRaises(AccessError):
            advisor.with_user(self.storekeeper).action_compute()
        advisor.action_compute()
        with self.assertRaises(AccessError):
            advisor.with_user(self.storekeeper).action_apply()
        self.assertEqual(self.rule.product_min_qty, 20)

    def test_existing_conflict_is_listed_and_fixed_in_one_apply(self):
        """Data older than the constraint: a rule and a loop on one need."""
        self.rule.active = False
        loop = self._create_loop("ADV-OLD")
        self._make_conflict()
        advisor = self.advisor()
        advisor.action_compute()
        line = advisor.line_ids
        self.assertEqual((line.rule_id, line.loop_id), (self.rule, loop))
        self.assertTrue(line.has_conflict)
        advisor.action_apply()
        self.assertFalse(loop.active)
        self.assertTrue(self.rule.active)
        self.assertFalse(line.has_conflict)

    def test_keeping_the_loop_archives_the_rule_and_resizes_the_loop(self):
        """Kanban chosen over the rule: the rule is archived and the loop is resized by the
        kanban sizing: N = ceil(d x L / Q) = ceil(10 x 5 / 20) = ceil(2.5) = 3 cards."""
        self.rule.active = False
        loop = self._create_loop("ADV-KB")
        self._make_conflict()
        advisor = self.advisor()
        advisor.action_compute()
        advisor.line_ids.technique = "kanban"
        advisor.action_apply()
        self.assertFalse(self.rule.active)
        self.assertTrue(loop.active)
        self.assertEqual(loop.recommended_card_count, 3)
        self.assertEqual(loop.card_count, 3)
        self.assertEqual(advisor.line_ids.loop_recommended_cards, 3)
