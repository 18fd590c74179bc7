from datetime import timedelta

from odoo.tests import new_test_user, tagged

from .common_kpi import KpiFixtureCase


@tagged("post_install", "-at_install")
class TestStockoutRateLineEvents(KpiFixtureCase):
    """A product-day is out of stock when the company's on-hand is <= 0 or a line stockout
    of the product was open that day (see the fixture in common_kpi)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="kpi_line_events_manager",
            groups="industrial_logistics.group_logistics_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        route = cls.env.ref("purchase_stock.route_warehouse0_buy")
        Loop = cls.env["logistics.kanban.loop"]
        cls.loop_b, cls.loop_c = Loop.create(
            [
                {
                    "code": code,
                    "product_id": product.id,
                    "location_id": cls.stock.id,
                    "route_id": route.id,
                    "container_qty": 10,
                }
                for code, product in (("K-B", cls.product_b), ("K-C", cls.product_c))
            ]
        )
        # C is in stock all period (50 received day 0, 10 consumed day 15); one line
        # stockout on its loop, open from day 12 22:00 to day 13 02:00: days 12 and 13.
        cls.env["logistics.stockout.event"].create(
            {"loop_id": cls.loop_c.id, "date": cls.day(12, 22), "date_end": cls.day(13, 2)}
        )

    def rate(self, first, last, product):
        """The stockout figures of days `first`..`last` for one product, as a manager."""
        env = self.env(user=self.manager, context={"allowed_company_ids": [self.company.id]})
        family = env["logistics.kpi.family.stockout"]
        return family._kpi_stockout(
            self.date_from + timedelta(days=first),
            self.date_from + timedelta(days=last),
            last - first + 1,
            {"product_id": product.id},
        )

    def test_a_line_stockout_makes_days_in_stock_stockout_days(self):
        # days 10-19 (C consumed on day 15): 10 product-days, C never at 0 at the company,
        # its line stockout open on days 12 and 13: 2 / 10 = 20 %.
        stockout = self.rate(10, 19, self.product_c)
        self.assertEqual(stockout["product_days"], 10)
        self.assertEqual(stockout["line_stockout_days"], 2)
        self.assertEqual(stockout["stockout_days"], 2)
        self.assertEqual(stockout["stockout_rate"], 20.0)
        # the line stockout hours stay the event's own duration: 22:00 -> 02:00 = 4 h
        self.assertEqual(stockout["events_hours"], 4.0)

    def test_a_day_counts_once_however_many_line_stockouts(self):
        # two more on day 17 (08:00-09:00 and 10:00-11:00): day 17 once, 3 / 10 = 30 %
        self.env["logistics.stockout.event"].create(
            [
                {"loop_id": self.loop_c.id, "date": self.day(17, 8), "date_end": self.day(17, 9)},
                {"loop_id": self.loop_c.id, "date": self.day(17, 10), "date_end": self.day(17, 11)},
            ]
        )
        stockout = self.rate(10, 19, self.product_c)
        self.assertEqual(stockout["stockout_days"], 3)
        self.assertEqual(stockout["stockout_rate"], 30.0)

    def test_an_open_line_stockout_counts_to_the_end_of_the_period(self):
        # open since day 18 10:00, never resolved: days 18 and 19 of the period, not beyond;
        # with days 12 and 13: 4 / 10 = 40 %
        self.env["logistics.stockout.event"].create(
            {"loop_id": self.loop_c.id, "date": self.day(18)}
        )
        stockout = self.rate(10, 19, self.product_c)
        self.assertEqual(stockout["line_stockout_days"], 4)
        self.assertEqual(stockout["stockout_rate"], 40.0)

    def test_a_day_already_out_of_stock_is_not_counted_twice(self):
        # B is at 0 from day 5 to day 29 (25 days of 30): a line stockout on day 6 adds
        # nothing, one on day 2 (B still in stock) adds a day: 26 / 30 = 86.67 %
        self.env["logistics.stockout.event"].create(
            [
                {"loop_id": self.loop_b.id, "date": self.day(6), "date_end": self.day(6, 12)},
                {"loop_id": self.loop_b.id, "date": self.day(2), "date_end": self.day(2, 12)},
            ]
        )
        stockout = self.rate(0, 29, self.product_b)
        self.assertEqual(stockout["line_stockout_days"], 1)
        self.assertEqual(stockout["stockout_days"], 26)
        self.assertEqual(stockout["stockout_rate"], 86.67)

    def test_the_whole_fixture_and_its_query_count(self):
        # A, B, C over days 0-29: B 25 days at 0, A's line stockouts days 3 and 12, C's days
        # 12 and 13: 29 / 90 = 32.22 %
        stockout = self.kpis()["stockout"]
        self.assertEqual(stockout["line_stockout_days"], 4)
        self.assertEqual(stockout["stockout_days"], 29)
        self.assertEqual(stockout["stockout_rate"], 32.22)
        # the event days are one query for all products: more products with line stockouts
        # read no more queries
        family = self.env["logistics.kpi.family.stockout"]

        def queries():
            before = self.env.cr.sql_log_count
            family._kpi_stockout(self.date_from, self.date_to, 30, None)
            return self.env.cr.sql_log_count - before

        queries()  # warm the caches
        one_more = queries()
        self.env["logistics.stockout.event"].create(
            {"loop_id": self.loop_b.id, "date": self.day(1), "date_end": self.day(1, 12)}
        )
        self.env.flush_all()
        queries()
        self.assertEqual(queries(), one_more)
