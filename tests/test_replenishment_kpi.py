from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from .common_kpi import KpiFixtureCase


class TestReplenishmentKpi(KpiFixtureCase):
    """The replenishment techniques family on a fixture of its own (not KpiFixtureCase's,
    whose helpers it borrows). Period: 10 days, day 0 .. day 9 = today.

      R (cost 10, class A, an automatic reorder rule min 50 / max 100): received 100 on day 0,
        30 consumed on day 2 and on day 5. Stock 100, 100, 70, 70, 70, 40 x 5: value
        2,000 + 2,100 + 2,000 = 6,100 -> average 610; consumed 600: turnover 600 / 610 =
        0.98; coverage 400 at the end / 60 a day = 6.67 days; never out: 0 %. The rule
        orders 100 - 40 = 60 today: 1 order.
      K (cost 2, no class: C, a kanban loop): received 10 on day 0, 10 consumed on day 4.
        Stock 10 x 4 days then 0: value 80 -> average 8; consumed 20: turnover 2.5; coverage
        0; 6 days out of 10: 60 %; no card scanned: 0 orders.
      Both: average 618, consumed 620: turnover 1.0; coverage 400 / 62 = 6.45 days;
        stockout 6 / 20 = 30 %; 1 order.
    """

    @classmethod
    def setUpClass(cls):
        super(KpiFixtureCase, cls).setUpClass()  # its helpers, not its fixture
        cls._create_own_company("Policy KPI Co")
        cls.supplier = cls.env.ref("stock.stock_location_suppliers")
        cls.customer = cls.env.ref("stock.stock_location_customers")
        cls.date_to = fields.Date.context_today(cls.env.user)
        cls.date_from = cls.date_to - timedelta(days=9)
        vendor = cls.env["res.partner"].create({"name": "Policy KPI Vendor"})
        buy = cls.warehouse.buy_pull_id.route_id
        cls.product_r = cls._create_policy_product("Policy R", 10.0, vendor, buy)
        cls.product_k = cls._create_policy_product("Policy K", 2.0, vendor, buy)
        cls._create_stock_history()
        cls._create_reorder_rule()
        cls._create_kanban_loop(buy)
        cls.env["logistics.kpi.stock.snapshot"]._rebuild(company_ids=cls.company.ids)
        cls.manager = new_test_user(
            cls.env,
            "policy_kpi_manager",
            groups="industrial_logistics.group_logistics_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def _create_policy_product(cls, name, cost, vendor, buy):
        """A storable product of the company, bought from `vendor` by the route `buy`."""
        product = cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": True,
                "company_id": cls.company.id,
                "route_ids": [Command.set(buy.ids)],
                "seller_ids": [Command.create({"partner_id": vendor.id})],
            }
        )
        product.standard_price = cost
        return product

    @classmethod
    def _create_stock_history(cls):
        """The receipts of day 0 and the consumption of days 2, 4 and 5 (class docstring)."""
        cls._receive(cls.product_r, 100, cls.day(0))
        cls._receive(cls.product_k, 10, cls.day(0))
        for item, quantity, number in (
            (cls.product_r, 30, 2),
            (cls.product_r, 30, 5),
            (cls.product_k, 10, 4),
        ):
            move = cls._done_move(item, cls.stock, cls.customer, quantity)
            cls._backdate_moves(move, cls.day(number))

    @classmethod
    def _create_reorder_rule(cls):
        """R in class A, its rule min 50 / max 100 replenished today (an order of 60)."""
        cls.env["logistics.abc.history"].create(
            {
                "product_id": cls.product_r.id,
                "warehouse_id": cls.warehouse.id,
                "abc_class": "A",
                "is_current": True,
            }
        )
        cls.rule = cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.product_r.id,
                "location_id": cls.stock.id,
                "warehouse_id": cls.warehouse.id,
                "product_min_qty": 50,
                "product_max_qty": 100,
            }
        )
        cls.rule.action_replenish()

    @classmethod
    def _create_kanban_loop(cls, buy):
        """K's kanban loop of 2 cards of 5, bought by the route `buy`; no card scanned."""
        cls.env["logistics.kanban.loop"].create(
            {
                "code": "POL-K",
                "company_id": cls.company.id,
                "product_id": cls.product_k.id,
                "location_id": cls.stock.id,
                "route_id": buy.id,
                "container_qty": 5,
                "card_count": 2,
            }
        )

    def test_figures_per_technique_and_class_and_for_all(self):
        kpis = self.kpis(env=self.env(user=self.manager))["policy"]
        rows = {row["name"]: row for row in kpis["segments"]}
        self.assertEqual(list(rows), ["Kanban, class C", "Reorder point, class A"])
        kanban, reorder = rows["Kanban, class C"], rows["Reorder point, class A"]
        self.assertEqual(reorder["product_ids"], self.product_r.ids)
        expected = {
            "Reorder point, class A": (1, 0.98, 6.67, 0.0, 1, 610.0),
            "Kanban, class C": (1, 2.5, 0.0, 60.0, 0, 8.0),
        }
        for name, figures in expected.items():
            row = rows[name]
            with self.subTest(row=name):
                self.assertEqual(
                    (
                        row["products"],
                        row["rotation"],
                        row["coverage_days"],
                        row["stockout_rate"],
                        row["orders"],
                        row["average_stock_value"],
                    ),
                    figures,
                )
        self.assertEqual(kanban["stockout_days"], 6)
        self.assertEqual(
            (
                kpis["products"],
                kpis["rotation"],
                kpis["coverage_days"],
                kpis["stockout_rate"],
                kpis["orders"],
            ),
            (2, 1.0, 6.45, 30.0, 1),
        )

    def test_a_periodic_rule_moves_its_product_to_periodic_review(self):
        self.rule.write({"logistics_review_days": 7, "logistics_next_review_date": self.date_to})
        kpis = self.kpis(env=self.env(user=self.manager))["policy"]
        self.assertIn("Periodic review, class A", [row["name"] for row in kpis["segments"]])
