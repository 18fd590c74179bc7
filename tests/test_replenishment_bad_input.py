from odoo import Command
from odoo.exceptions import UserError

from ..logistics_algorithms import replenishment_policy
from .common_replenishment import ReplenishmentCommon


class TestReplenishmentBadInput(ReplenishmentCommon):
    """Input the advisor cannot size from or Odoo cannot replenish: a clear message, and
    the database as it was (no proposal, no rule written)."""

    def assertRefusedUnchanged(self, action, fragment):
        Rule = self.env["stock.warehouse.orderpoint"].with_context(active_test=False)
        rules_before = Rule.search_read([], ["product_min_qty", "product_max_qty", "active"])
        with self.assertRaises(UserError) as caught:
            action()
        self.assertIn(fragment, str(caught.exception))
        self.assertEqual(
            Rule.search_read([], ["product_min_qty", "product_max_qty", "active"]), rules_before
        )

    def test_service_levels_of_100_percent_or_0_are_refused_before_computing(self):
        for values in (
            {"service_level_a": 1.0},
            {"service_level_b": 1.2},
            {"service_level_c": 0.0},
            {"service_level_b": -0.5},
        ):
            with self.subTest(values=values):
                advisor = self.advisor(**values)
                self.assertRefusedUnchanged(advisor.action_compute, "strictly between")
                self.assertFalse(advisor.line_ids)
                self.assertEqual(advisor.state, "draft")

    def test_negative_ordering_cost_or_product_cost_is_refused(self):
        advisor = self.advisor(ordering_cost=-5.0)
        self.assertRefusedUnchanged(advisor.action_compute, "cannot be negative")
        self.assertFalse(advisor.line_ids)
        advisor.ordering_cost = 50.0
        self.product.standard_price = -10.0
        self.assertRefusedUnchanged(advisor.action_compute, "negative cost")
        self.assertFalse(advisor.line_ids)

    def test_negative_fixed_lot_is_refused(self):
        advisor = self.advisor()
        advisor.action_compute()
        advisor.line_ids.write({"lot_method": "fixed", "fixed_lot_qty": -10})
        self.assertRefusedUnchanged(advisor.action_compute, "Give the fixed lot")

    def test_bought_product_without_vendor_is_refused_at_apply(self):
        advisor = self.advisor()
        advisor.action_compute()
        self.product.seller_ids.unlink()
        self.assertRefusedUnchanged(advisor.action_apply, "no vendor")
        self.assertEqual(advisor.state, "computed")

    def test_product_without_route_is_refused_at_apply(self):
        advisor = self.advisor()
        advisor.action_compute()
        # no Buy route any more; a one-step reception brings nothing to the stock itself
        self.product.route_ids = [Command.clear()]
        self.assertRefusedUnchanged(advisor.action_apply, "no route")

    def test_consumable_product_is_refused_at_apply(self):
        advisor = self.advisor()
        advisor.action_compute()
        consumable = self.env["product.product"].create(
            {"name": "Advisor Glue", "type": "consu", "company_id": self.company.id}
        )
        advisor.line_ids = [
            Command.create(
                {
                    "product_id": consumable.id,
                    "location_id": self.stock.id,
                    "technique": "periodic_review",
                }
            )
        ]
        self.assertRefusedUnchanged(advisor.action_apply, "not tracked in stock")

    def test_an_algorithm_refusal_reaches_the_planner_in_words_not_its_code(self):
        # The algorithms raise codes (logistics_algorithms/README.md); the message says them.
        Sizing = self.env["logistics.replenishment.sizing"]
        refusal = replenishment_policy.PolicyInputError("max_below_min", "max_qty", 3.0)
        self.assertEqual(Sizing._error_reason(refusal), "the maximum is below the minimum")
        self.assertEqual(
            Sizing._error_reason(ValueError("demand must be finite numbers >= 0")),
            "the figures are out of the range the sizing accepts",
        )
        french = Sizing.with_context(lang="fr_FR")
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["industrial_logistics"], ["fr_FR"])
        self.assertEqual(french._error_reason(refusal), "le maximum est inférieur au minimum")
