from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common_kpi import KpiFixtureCase


@tagged("post_install", "-at_install")
class TestLogisticsKpiStockoutMonthToDate(KpiFixtureCase):
    """The stockout rate read from the month-to-date counts equals the sum of the daily rows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stockout_family = cls.env["logistics.kpi.family.stockout"]

    def daily_counts(self, date_from, date_to, filters=None):
        """The former path: every daily row of the period, summed per product."""
        groups = self.env["logistics.kpi.stock.snapshot"]._read_group(
            self.stockout_family._filter_domain(filters, warehouse=False)
            + [("date", ">=", date_from), ("date", "<=", date_to)],
            ["product_id"],
            ["in_stock_days:sum", "consumed_qty:sum"],
        )
        return {product.id: (days, bool(quantity)) for product, days, quantity in groups}

    def daily_stockout(self, date_from, date_to, filters=None):
        counts = self.daily_counts(date_from, date_to, filters)
        demanded = [days for days, has_demand in counts.values() if has_demand]
        product_days = len(demanded) * ((date_to - date_from).days + 1)
        return len(demanded), product_days, product_days - sum(demanded)

    def month_to_date_counts(self, date_from, date_to, filters=None):
        rows = self.stockout_family._stockout_product_counts(date_from, date_to, filters)
        return {product: (days, bool(demand)) for product, days, demand in rows}

    def periods(self):
        """Periods that start and end on both sides of month edges, inside one month, on a
        1st and on a month's last day, before the first snapshot and after the last one."""
        today = fields.Date.context_today(self.env.user)
        edge = self.date_from.replace(day=1) + relativedelta(months=1)  # first 1st after day 0
        return [
            (self.date_from, self.date_to),
            (edge - timedelta(days=3), edge + timedelta(days=2)),
            (edge, edge + relativedelta(months=1, days=-1)),
            (edge - timedelta(days=1), edge + relativedelta(months=1)),
            (edge + timedelta(days=3), edge + timedelta(days=10)),
            (self.date_from + timedelta(days=4), today),
            (self.date_from - timedelta(days=40), today + timedelta(days=10)),
            (today + timedelta(days=1), today + timedelta(days=40)),
        ]

    def test_month_to_date_counts_equal_the_daily_sums_across_month_edges(self):
        checked = 0
        for date_from, date_to in self.periods():
            for filters in (
                None,
                {"product_id": self.product_b.id},
                {"categ_id": self.category.id},
            ):
                with self.subTest(date_from=date_from, date_to=date_to, filters=filters):
                    daily = self.daily_counts(date_from, date_to, filters)
                    fast = self.month_to_date_counts(date_from, date_to, filters)
                    # same days in stock and same products with demand, product by product
                    self.assertEqual(fast, daily)
                    days = (date_to - date_from).days + 1
                    stockout = self.stockout_family._kpi_stockout(date_from, date_to, days, filters)
                    # the snapshots' share of the stockout days (the line stockouts' days
                    # come from the events, tested in test_stockout_rate_line_events)
                    self.assertEqual(
                        (
                            stockout["products_with_demand"],
                            stockout["product_days"],
                            stockout["stockout_days"] - stockout["line_stockout_days"],
                        ),
                        self.daily_stockout(date_from, date_to, filters),
                    )
                    checked += bool(stockout["stockout_days"])
        # not all trivially zero: B is out of stock from day 5, inside most periods
        self.assertGreaterEqual(checked, 6)

    def test_fixture_period_across_a_month_edge_keeps_its_hand_computed_rate(self):
        # A, B and C consumed in days 0-29: 90 product-days; B out of stock days 5-29: 25;
        # A in stock with a line stockout open on days 3 and 12: 2 more
        stockout = self.kpis()["stockout"]
        self.assertEqual((stockout["product_days"], stockout["stockout_days"]), (90, 27))
        # the same with B alone: 30 product-days, 25 out of stock
        b_only = self.stockout_family._kpi_stockout(
            self.date_from, self.date_to, 30, {"product_id": self.product_b.id}
        )
        self.assertEqual((b_only["product_days"], b_only["stockout_days"]), (30, 25))

    def snapshot_counts(self):
        Snapshot = self.env["logistics.kpi.stock.snapshot"]
        rows = Snapshot.search_read(
            [("company_id", "=", self.company.id)],
            ["product_id", "date", "month_in_stock_days", "month_demand_days"],
        )
        return {
            (row["product_id"][0], row["date"]): (
                row["month_in_stock_days"],
                row["month_demand_days"],
            )
            for row in rows
        }

    def test_month_to_date_counts_restart_each_month_and_survive_a_mid_month_refresh(self):
        full = self.snapshot_counts()
        # B: received day 0, out of stock from day 5, consumed on day 5 only: in its month,
        # its days in stock are the days 0-4 of that month, its days with demand day 5
        day_0 = self.date_from
        for day in (self.date_to, day_0 + timedelta(days=4), day_0.replace(day=1)):
            start = day.replace(day=1)
            days = [start + timedelta(days=n) for n in range((day - start).days + 1)]
            in_stock = sum(day_0 <= d <= day_0 + timedelta(days=4) for d in days)
            demand = sum(d == day_0 + timedelta(days=5) for d in days)
            expected = (in_stock, demand) if day >= day_0 else None
            self.assertEqual(full.get((self.product_b.id, day)), expected, day)
        # the nightly refresh starts mid-month: the counts carry on from the day before
        middle = self.date_from.replace(day=1) + relativedelta(months=1, days=14)
        self.env["logistics.kpi.stock.snapshot"]._rebuild(
            date_from=middle, company_ids=self.company.ids
        )
        self.assertEqual(self.snapshot_counts(), full)
