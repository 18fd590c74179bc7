from datetime import date, datetime

from odoo.tests import new_test_user

from .common import LogisticsCase


class ReplenishmentCommon(LogisticsCase):
    """The advisor on a one-product fixture where every figure is computed by hand.

    Company "Advisor Co", holding rate 20 %/year; product P, storable, cost 10, bought from
    one vendor with a 5-day delay, current ABC class B in the warehouse (service 95 %).
    Window Monday 2 to Friday 6 November 2026: 5 calendar days, 5 working days (standard
    40-hour calendar), so a lead time of 5 calendar days is 5 working days.
    Consumption WH/Stock -> customer: 12, 8, 12, 8, 10.
      mean d = 50 / 5 = 10; population sigma = sqrt((4 + 4 + 4 + 4 + 0) / 5) = sqrt(3.2)
      = 1.788854; XYZ: CV = 0.179 < 0.5 -> X; demand every day, ADI 1, CV^2 0.032 -> smooth;
      at the warehouse stock (not line-side) -> reorder point.
      z(95 %) = 1.644854; sigma over the lead time = 1.788854 x sqrt(5) = sqrt(16) = 4;
      SS = 1.644854 x 4 = 6.579415; min = d L + SS = 50 + 6.579415 = 56.579415.
      EOQ = sqrt(2 D S / (r c)) with D = 10 x 250 = 2500, S = 50, r c = 0.2 x 10 = 2:
      sqrt(125000) = 353.553391, rounded up to whole units: 354; max = 56.579415 + 354.
      Periodic review: T = round(EOQ / d) = round(35.36) = 35 days; S = d (T + L) +
      z sigma sqrt(T + L) = 400 + 1.644854 x 1.788854 x sqrt(40) = 400 + 18.609394.
      Average stock = 354 / 2 + SS = 183.579415; holding cost = 183.579415 x 10 x 0.2 =
      367.158830; orders a year = 2500 / 354 = 7.062147; expected service Phi(SS / 4) = 95 %.
    Back-test (stock starts at the policy's max, order at end of day arrives 5 days later,
    so nothing ordered arrives in the window):
      proposed: 410.579 - 12 - 8 - 12 - 8 - 10: ends 398.579, 390.579, 378.579, 370.579,
      360.579, never short; average 379.779415;
      current rule min 20 / max 30: 18 (position 18 <= 20: order 12), 10, 0 (short by 2),
      0 (short), 0 (short): 3 stockout days, average (18 + 10) / 5 = 5.6.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_own_company("Advisor Co", logistics_holding_cost_rate=20.0)
        cls.customer = cls.env.ref("stock.stock_location_customers")
        vendor = cls.env["res.partner"].create({"name": "Advisor Vendor"})
        cls.route_buy = cls.warehouse.buy_pull_id.route_id
        cls.product = cls.env["product.product"].create(
            {
                "name": "Advisor Part",
                "type": "consu",
                "is_storable": True,
                "standard_price": 10.0,
                "company_id": cls.company.id,
                "route_ids": [(6, 0, cls.route_buy.ids)],
                "seller_ids": [(0, 0, {"partner_id": vendor.id, "delay": 5})],
            }
        )
        cls.env["logistics.abc.history"].create(
            {
                "product_id": cls.product.id,
                "warehouse_id": cls.warehouse.id,
                "abc_class": "B",
                "is_current": True,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, cls.stock, 100)
        for day, quantity in zip(range(2, 7), (12, 8, 12, 8, 10), strict=True):
            cls._consume(quantity, datetime(2026, 11, day, 10))
        cls.rule = cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.product.id,
                "location_id": cls.stock.id,
                "warehouse_id": cls.warehouse.id,
                "product_min_qty": 20,
                "product_max_qty": 30,
            }
        )
        cls.manager = new_test_user(
            cls.env,
            "advisor_manager",
            groups="industrial_logistics.group_logistics_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.storekeeper = new_test_user(
            cls.env,
            "advisor_storekeeper",
            groups="industrial_logistics.group_logistics_storekeeper",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    @classmethod
    def _consume(cls, quantity, when, product=None):
        move = cls._done_move(product or cls.product, cls.stock, cls.customer, quantity)
        cls._backdate_moves(move, when)

    @classmethod
    def _create_loop(cls, code):
        """A kanban loop of 2 cards of 20 on the fixture's need (P at WH/Stock, bought)."""
        return cls.env["logistics.kanban.loop"].create(
            {
                "code": code,
                "company_id": cls.company.id,
                "product_id": cls.product.id,
                "location_id": cls.stock.id,
                "route_id": cls.route_buy.id,
                "container_qty": 20,
                "card_count": 2,
            }
        )

    @classmethod
    def _make_conflict(cls):
        """The archived rule active again beside the loop on its need, as data older than
        the constraint may be (in SQL: the ORM refuses it)."""
        cls._write_sql("stock_warehouse_orderpoint", cls.rule.id, active=True)

    def advisor(self, user=None, **values):
        return (
            self.env["logistics.replenishment.advisor"]
            .with_user(user or self.manager)
            .create(
                {
                    "warehouse_id": self.warehouse.id,
                    "company_id": self.company.id,
                    "date_from": date(2026, 11, 2),
                    "date_to": date(2026, 11, 6),
                    "ordering_cost": 50.0,
                    **values,
                }
            )
        )
