from odoo import Command
from odoo.exceptions import AccessError, UserError

from .common_replenishment import ReplenishmentCommon


class TestReplenishmentToOrder(ReplenishmentCommon):
    """Make / buy to order applied with Odoo's own objects, as the supply-chain manager: the
    warehouse's MTO route on the product (with the buy or manufacture route it needs), every
    active rule and loop of the need archived; switching back takes off what the advisor
    added and brings the rule or loop back. P is bought (Buy route, one vendor) and its rule
    (min 20 / max 30) is active."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mto = cls.warehouse.mto_pull_id.route_id
        # Odoo ships "Replenish on Order (MTO)" archived: a company using it unarchives it
        cls.mto.action_unarchive()
        cls.route_manufacture = cls.warehouse.manufacture_pull_id.route_id

    def to_order(self):
        advisor = self.advisor()
        advisor.action_compute()
        advisor.line_ids.technique = "to_order"
        return advisor

    def delivery_rule(self):
        """The rule Odoo follows to deliver P from the stock to a customer."""
        return self.env["procurement.group"]._get_rule(
            self.product, self.customer, {"warehouse_id": self.warehouse}
        )

    def test_to_order_archives_the_rule_and_switching_back_restores_it(self):
        self.assertEqual(self.delivery_rule().procure_method, "make_to_stock")
        advisor = self.to_order()
        advisor.action_apply()
        self.assertFalse(self.rule.active)
        self.assertEqual(self.product.route_ids, self.route_buy | self.mto)
        self.assertEqual(advisor.line_ids.to_order_route_ids, self.mto)
        # a delivery of P is now procured to order: stock -> customer by the MTO rule
        self.assertEqual(self.delivery_rule(), self.warehouse.mto_pull_id)
        self.assertEqual(self.delivery_rule().procure_method, "make_to_order")
        # a recompute keeps the planner's choice and what applying it added
        advisor.action_compute()
        self.assertEqual(advisor.line_ids.technique, "to_order")
        self.assertEqual(advisor.line_ids.to_order_route_ids, self.mto)
        # back to a reorder point: the MTO route off, the same rule back with the advisor's
        # min (56.579415: see ReplenishmentCommon)
        advisor.line_ids.technique = "reorder_point"
        advisor.action_apply()
        self.assertTrue(self.rule.active)
        self.assertAlmostEqual(self.rule.product_min_qty, 56.579415, places=2)
        self.assertEqual(self.product.route_ids, self.route_buy)
        self.assertFalse(advisor.line_ids.to_order_route_ids)
        self.assertEqual(self.delivery_rule().procure_method, "make_to_stock")
        Rule = self.env["stock.warehouse.orderpoint"].with_context(active_test=False)
        self.assertEqual(Rule.search([("product_id", "=", self.product.id)]), self.rule)

    def test_to_order_archives_the_loop_and_switching_back_brings_it_back(self):
        self.rule.active = False
        loop = self._create_loop("ADV-MTO")
        advisor = self.to_order()
        advisor.action_apply()
        self.assertEqual((self.rule.active, loop.active), (False, False))
        self.assertEqual(self.product.route_ids, self.route_buy | self.mto)
        advisor.line_ids.technique = "kanban"
        advisor.action_apply()
        self.assertEqual((self.rule.active, loop.active), (False, True))
        self.assertEqual(self.product.route_ids, self.route_buy)

    def test_a_product_without_supply_route_gets_buy_or_manufacture_with_mto(self):
        """With a vendor and no route: Buy + MTO. Without a vendor but with a bill of
        materials: Manufacture + MTO. Each proposal remembers both routes it added."""
        advisor = self.to_order()
        self.product.route_ids = [Command.clear()]
        advisor.action_apply()
        self.assertEqual(self.product.route_ids, self.route_buy | self.mto)
        self.assertEqual(advisor.line_ids.to_order_route_ids, self.route_buy | self.mto)

        self.product.route_ids = [Command.clear()]
        self.product.seller_ids.unlink()
        advisor.line_ids.to_order_route_ids = [Command.clear()]
        self.env["mrp.bom"].create(
            {"product_tmpl_id": self.product.product_tmpl_id.id, "product_qty": 1}
        )
        advisor.action_apply()
        self.assertEqual(self.product.route_ids, self.route_manufacture | self.mto)
        self.assertEqual(advisor.line_ids.to_order_route_ids, self.route_manufacture | self.mto)

    def assertRefusedUnchanged(self, advisor, fragment):
        line = advisor.line_ids
        routes = self.product.route_ids
        with self.assertRaises(UserError) as caught:
            advisor.action_apply()
        self.assertIn(fragment, str(caught.exception))
        self.assertTrue(self.rule.active)
        self.assertEqual(self.rule.product_min_qty, 20)
        self.assertEqual(self.product.route_ids, routes)
        self.assertFalse(line.to_order_route_ids)
        self.assertEqual(advisor.state, "computed")

    def test_an_archived_mto_route_is_refused_and_nothing_written(self):
        advisor = self.to_order()
        self.mto.action_archive()
        self.assertRefusedUnchanged(advisor, "is archived")

    def test_a_warehouse_without_mto_route_is_refused_and_nothing_written(self):
        advisor = self.to_order()
        # the MTO rule deleted (Odoo recreates it when the warehouse field is written)
        self.warehouse.mto_pull_id.unlink()
        self.assertRefusedUnchanged(advisor, "has no Replenish on Order (MTO) route")

    def test_a_product_neither_bought_nor_made_is_refused_and_nothing_written(self):
        advisor = self.to_order()
        self.product.route_ids = [Command.clear()]
        self.product.seller_ids.unlink()
        self.assertRefusedUnchanged(advisor, "neither a vendor nor a bill of materials")

    def test_a_storekeeper_cannot_apply_to_order(self):
        advisor = self.to_order()
        with self.assertRaises(AccessError):
            advisor.with_user(self.storekeeper).action_apply()
        self.assertTrue(self.rule.active)
        self.assertEqual(self.product.route_ids, self.route_buy)
