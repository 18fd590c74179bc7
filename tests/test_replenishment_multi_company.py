from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common_replenishment import ReplenishmentCommon


class TestReplenishmentMultiCompany(ReplenishmentCommon):
    """Two companies, each with its periodic rule due today and its advice: the cron orders
    each rule in its own company only, and a planner of one company can neither apply nor
    switch back the other's proposals.

    A (ReplenishmentCommon): P, 100 received - 50 consumed = 50 on hand, level 200: orders
    200 - 50 = 150 from P's vendor. B: Q, nothing on hand, level 80: orders 80 from Q's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.company_b = cls.env["res.company"].create(
            {"name": "Advisor Co B", "logistics_holding_cost_rate": 20.0}
        )
        cls.env.user.company_ids |= cls.company_b
        cls.env_b = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company_b.id]))
        cls.warehouse_b = cls.env_b["stock.warehouse"].search(
            [("company_id", "=", cls.company_b.id)]
        )
        cls.vendor_b = cls.env_b["res.partner"].create({"name": "Advisor Vendor B"})
        cls.product_b = cls.env_b["product.product"].create(
            {
                "name": "Advisor Part B",
                "type": "consu",
                "is_storable": True,
                "standard_price": 10.0,
                "company_id": cls.company_b.id,
                "route_ids": [Command.set(cls.route_buy.ids)],
                "seller_ids": [Command.create({"partner_id": cls.vendor_b.id, "delay": 5})],
            }
        )
        cls.manager_b = new_test_user(
            cls.env,
            "advisor_manager_b",
            groups="industrial_logistics.group_logistics_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )

    def periodic_rules(self):
        self.rule.write(
            {
                "product_min_qty": 200,
                "product_max_qty": 200,
                "logistics_review_days": 7,
                "logistics_next_review_date": self.today,
            }
        )
        rule_b = self.env_b["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.product_b.id,
                "location_id": self.warehouse_b.lot_stock_id.id,
                "warehouse_id": self.warehouse_b.id,
                "company_id": self.company_b.id,
                "product_min_qty": 80,
                "product_max_qty": 80,
                "logistics_review_days": 7,
                "logistics_next_review_date": self.today,
            }
        )
        return self.rule, rule_b

    def test_the_cron_orders_each_companys_rules_in_that_company_only(self):
        rule_a, rule_b = self.periodic_rules()
        # as the scheduled action runs: the superuser, no company chosen in the context
        self.env(context={})["stock.warehouse.orderpoint"]._cron_periodic_review()
        PurchaseLine = self.env["purchase.order.line"]
        lines = PurchaseLine.search([("product_id", "in", (self.product | self.product_b).ids)])
        self.assertEqual(lines.orderpoint_id, rule_a | rule_b)
        line_a = lines.filtered(lambda line: line.orderpoint_id == rule_a)
        line_b = lines - line_a
        self.assertEqual(
            (line_a.product_id, line_a.product_qty, line_a.company_id, line_a.order_id.company_id),
            (self.product, 150, self.company, self.company),
        )
        self.assertEqual(line_a.partner_id, self.product.seller_ids.partner_id)
        self.assertEqual(line_a.order_id.picking_type_id.warehouse_id, self.warehouse)
        self.assertEqual(
            (line_b.product_id, line_b.product_qty, line_b.company_id, line_b.order_id.company_id),
            (self.product_b, 80, self.company_b, self.company_b),
        )
        self.assertEqual(line_b.partner_id, self.vendor_b)
        self.assertEqual(line_b.order_id.picking_type_id.warehouse_id, self.warehouse_b)
        self.assertFalse(line_a.order_id & line_b.order_id)

    def advice_b(self):
        """Company B's advice on Q as its own planner computes and applies it (a proposal
        written as the compute would: reorder point min 30 / max 90)."""
        Advisor = self.env_b["logistics.replenishment.advisor"].with_user(self.manager_b)
        advisor = Advisor.create(
            {
                "warehouse_id": self.warehouse_b.id,
                "company_id": self.company_b.id,
                "date_from": date(2026, 11, 2),
                "date_to": date(2026, 11, 6),
                "state": "computed",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.product_b.id,
                            "location_id": self.warehouse_b.lot_stock_id.id,
                            "recommended_technique": "reorder_point",
                            "min_qty": 30,
                            "max_qty": 90,
                            "qty_multiple": 1,
                        }
                    )
                ],
            }
        )
        advisor.action_apply()
        return advisor

    def test_a_planner_of_company_a_cannot_apply_nor_switch_back_company_bs_advice(self):
        advisor_b = self.advice_b()
        line_b = advisor_b.line_ids
        rule_b = line_b.rule_id
        self.assertEqual((rule_b.company_id, rule_b.product_min_qty), (self.company_b, 30))
        Advisor = self.env["logistics.replenishment.advisor"].with_user(self.manager)
        self.assertNotIn(advisor_b, Advisor.search([]))
        with self.assertRaises(AccessError):
            Advisor.browse(advisor_b.id).action_apply()
        with self.assertRaises(AccessError):
            line_b.with_user(self.manager).write({"technique": "to_order"})
        with self.assertRaises(AccessError):
            line_b.with_user(self.manager).action_fix_conflict()
        with self.assertRaises(AccessError):
            Advisor.browse(advisor_b.id).action_compute()
        self.assertEqual(line_b.technique, "reorder_point")
        self.assertEqual((rule_b.active, rule_b.product_min_qty), (True, 30))
        self.assertEqual(advisor_b.state, "applied")
