from datetime import datetime

from odoo import Command

from .common_replenishment import ReplenishmentCommon


class TestReplenishmentQueries(ReplenishmentCommon):
    """The advisor's Compute reads in bulk: its queries do not grow with the products. P
    alone, then P with two more bought parts at the same stock (same vendor, same routes),
    cost the same number of queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.others = cls.env["product.product"].create(
            [
                {
                    "name": f"Advisor Part {n}",
                    "type": "consu",
                    "is_storable": True,
                    "standard_price": 10.0,
                    "company_id": cls.company.id,
                    "route_ids": [Command.set(cls.route_buy.ids)],
                    "seller_ids": [
                        Command.create(
                            {"partner_id": cls.product.seller_ids.partner_id.id, "delay": 5}
                        )
                    ],
                }
                for n in (2, 3)
            ]
        )
        for product in cls.others:
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock, 100)
            for day, quantity in zip(range(2, 7), (5, 7, 5, 7, 6), strict=True):
                cls._consume(quantity, datetime(2026, 11, day, 10), product)

    def test_compute_queries_do_not_grow_with_the_products(self):
        # a first compute warms Odoo's registry caches (precisions, defaults, rules)
        self.advisor(product_ids=[Command.set(self.product.ids)]).action_compute()
        for products in (self.product, self.product | self.others):
            advisor = self.advisor(product_ids=[Command.set(products.ids)])
            self.env.invalidate_all()
            with self.subTest(size=len(products)), self.assertQueryCount(49):
                advisor.action_compute()
            self.assertEqual(advisor.line_ids.product_id, products)
