from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, float_round


class LogisticsKpiFamilyStockout(models.AbstractModel):
    """Stockout rate from the daily snapshots, and the line stockouts declared by operators."""

    _name = "logistics.kpi.family.stockout"
    _inherit = "logistics.kpi.family"
    _description = "Logistics KPIs: stockouts"
    _kpi_family = "stockout"
    _kpi_sequence = 20

    @api.model
    def _kpi_family_info(self):
        return {"title": self.env._("Stockouts"), "sheet": self.env._("Stockouts")}

    @api.model
    def _kpi_definitions(self):
        _ = self.env._
        return [
            {
                "code": "stockout_rate",
                "label": _("Stockout rate"),
                "unit": "%",
                "direction": "lower",
                "definition": _(
                    "Product-days out of stock / product-days, over the products consumed in "
                    "the period (taux de rupture). A product-day is out of stock when the "
                    "company's on-hand is <= 0 that day, or when a line stockout (part missing "
                    "at the line, declared on a loop of the product) was open at any time that "
                    "day. A day before a product's first receipt counts as on-hand 0."
                ),
                "drill": "stockout",
                "filters": ("period", "warehouse", "category", "product"),
                "headline": 30,
                "measures": [
                    ("products_with_demand", _("Products with demand"), "count"),
                    ("product_days", _("Product-days"), "count"),
                    ("stockout_days", _("Product-days out of stock"), "count"),
                    (
                        "line_stockout_days",
                        _("Of which in stock but with a line stockout open"),
                        "count",
                    ),
                ],
            },
            {
                "code": "stockout_events",
                "key": "events_count",
                "label": _("Line stockouts declared"),
                "unit": "events",
                "direction": "lower",
                "definition": _(
                    "Parts missing at the line declared by operators on a kanban loop (Part "
                    "missing on the scan screen), declared in the period: count (and how many "
                    "are still open), total and average duration in hours from declaration to "
                    "resolution; an event still open counts until the end of the period, or now "
                    "if sooner."
                ),
                "drill": "stockout_events",
                "filters": ("period", "warehouse"),
                "headline": 90,
                "measures": [
                    ("events_open", _("Line stockouts still open"), "count"),
                    ("events_hours", _("Duration of declared line stockouts"), "h"),
                    ("events_average_hours", _("Average duration of a line stockout"), "h"),
                ],
            },
        ]

    @api.model
    def _kpi_drill_downs(self):
        return {
            "stockout": ("logistics.kpi.stock.snapshot", "date", [("is_stockout", "=", True)]),
            "stockout_events": ("logistics.stockout.event", "date", []),
        }

    @api.model
    def _kpi_filter_paths(self):
        return {"logistics.stockout.event": {"warehouse_id": "loop_id.warehouse_id"}}

    @api.model
    def _kpi_compute(self, period, filters):
        return self._kpi_stockout(period["date_from"], period["date_to"], period["days"], filters)

    @api.model
    def _kpi_stockout(self, date_from, date_to, days, filters):
        """Product-days out of stock over the products with demand in the period."""
        in_period = [("date", ">=", date_from), ("date", "<=", date_to)]
        stock = self._stockout_product_counts(date_from, date_to, filters)
        if filters and filters.get("warehouse_id"):
            demanded = {
                product.id
                for product, _value, quantity in self._consumption(
                    filters, in_period, ["product_id"]
                )
                if quantity
            }
        else:
            # consumed quantities are never negative: some demand = a day with demand
            demanded = {product for product, _days, demand_days in stock if demand_days}
        days_in_stock = sum(days for product, days, _demand in stock if product in demanded)
        product_days = len(demanded) * days
        # a day without a snapshot row is a day before the product's first receipt: on-hand 0
        line_stockout_days = self._line_stockout_days(date_from, date_to, filters, demanded)
        stockout_days = product_days - days_in_stock + line_stockout_days
        family = {
            "products_with_demand": len(demanded),
            "product_days": product_days,
            "stockout_days": stockout_days,
            "line_stockout_days": line_stockout_days,
            "stockout_rate": self._ratio(stockout_days, product_days, 100),
        }
        family.update(self._kpi_stockout_events(date_from, date_to, filters))
        return family

    @api.model
    def _stockout_weights(self, date_from, date_to):
        """{(company, day): +1 or -1}: the month-to-date rows whose signed sum is the period's.

        A sum over [a, b] is the count at b, minus the count at a - 1, plus the count at the
        end of each month from a - 1's month to the month before b's. The end is cut at the
        last day stored for the company."""
        Snapshot = self.env["logistics.kpi.stock.snapshot"]
        Snapshot.flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT c.id, (SELECT max(date) FROM %s WHERE company_id = c.id)
                     FROM unnest(%s::int[]) AS c(id)""",
                SQL.identifier(Snapshot._table),
                self.env.companies.ids,
            )
        )
        weights = {}
        for company_id, last_day in self.env.cr.fetchall():
            end = min(date_to, last_day) if last_day else None
            if not end or end < date_from:
                continue
            before = date_from - timedelta(days=1)
            terms = [(end, 1), (before, -1)]
            month_end = before.replace(day=1) + relativedelta(months=1, days=-1)
            while month_end < end.replace(day=1):
                terms.append((month_end, 1))
                month_end = (month_end + timedelta(days=1)) + relativedelta(months=1, days=-1)
            for day, sign in terms:
                key = (company_id, day)
                weights[key] = weights.get(key, 0) + sign
        return {key: sign for key, sign in weights.items() if sign}

    @api.model
    def _stockout_product_counts(self, date_from, date_to, filters):
        """(product id, days in stock, days with demand) of each product over the period.

        Summing the period's daily rows reads products x days rows (1.8 million for 20,000
        products over 90 days). The snapshots carry month-to-date counts instead (see
        `_stockout_weights`): a few rows per product. A product without a row on a day had
        not started yet (rows run without gap from its first day to the last refresh): it
        counts 0.
        """
        Snapshot = self.env["logistics.kpi.stock.snapshot"]
        weights = self._stockout_weights(date_from, date_to)
        if not weights:
            return []
        weight = SQL(
            "CASE %s ELSE 0 END",
            SQL(" ").join(
                SQL(
                    "WHEN %s = %s AND %s = %s THEN %s",
                    SQL.identifier(Snapshot._table, "company_id"),
                    company_id,
                    SQL.identifier(Snapshot._table, "date"),
                    day,
                    sign,
                )
                for (company_id, day), sign in weights.items()
            ),
        )
        query = Snapshot._search(
            self._filter_domain(filters, warehouse=False)
            + [("date", "in", sorted({day for _company, day in weights}))]
        )
        product = SQL.identifier(Snapshot._table, "product_id")
        query.groupby = product
        return self.env.execute_query(
            query.select(
                product,
                SQL("sum(%s * %s)", weight, SQL.identifier(Snapshot._table, "month_in_stock_days")),
                SQL("sum(%s * %s)", weight, SQL.identifier(Snapshot._table, "month_demand_days")),
            )
        )

    @api.model
    def _line_stockout_days(self, date_from, date_to, filters, product_ids):
        """Product-days of the period in stock at the company (a snapshot row with stock
        on hand) on which a line stockout of the product was open at any time: one query for
        all the products (the event days are few; the days out of stock at the company, or
        without a row, are counted by the snapshots already)."""
        if not product_ids:
            return 0
        Event = self.env["logistics.stockout.event"]
        Snapshot = self.env["logistics.kpi.stock.snapshot"]
        Snapshot.flush_model()
        Event.flush_model()
        start, stop = self._datetime_bounds(date_from, date_to)
        events = Event._search(
            self._filter_domain(filters, model=Event._name)
            + [
                ("product_id", "in", list(product_ids)),
                ("date", "<", stop),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", start),
            ]
        )
        [(count,)] = self.env.execute_query(
            SQL(
                """
            SELECT count(*)
              FROM (SELECT DISTINCT e.company_id, e.product_id, day::date AS day
                      FROM logistics_stockout_event e,
                           generate_series(
                               GREATEST(e.date::date, %(date_from)s),
                               LEAST(COALESCE(e.date_end, %(now)s)::date, %(date_to)s),
                               interval '1 day') AS day
                     WHERE e.id IN %(events)s) open_day
              JOIN %(snapshot)s s
                ON s.company_id = open_day.company_id
               AND s.product_id = open_day.product_id
               AND s.date = open_day.day
             WHERE s.in_stock_days > 0
            """,
                date_from=date_from,
                date_to=date_to,
                now=fields.Datetime.now(),
                events=events.subselect(),
                snapshot=SQL.identifier(Snapshot._table),
            )
        )
        return count

    @api.model
    def _kpi_stockout_events(self, date_from, date_to, filters):
        """Line stockouts declared by operators in the period: count and duration.

        An event still open counts until the end of the period (or now, if sooner)."""
        start, stop = self._datetime_bounds(date_from, date_to)
        model = "logistics.stockout.event"
        table = self.env[model]._table
        until = SQL(
            "COALESCE(%s, LEAST(%s, %s))",
            SQL.identifier(table, "date_end"),
            fields.Datetime.now(),
            stop,
        )
        count, open_count, hours = self._select(
            model,
            self._filter_domain(filters, model=model)
            + [("date", ">=", start), ("date", "<", stop)],
            SQL("count(*)"),
            SQL("count(*) FILTER (WHERE %s IS NULL)", SQL.identifier(table, "date_end")),
            SQL(
                "sum(GREATEST(extract(epoch FROM %s - %s), 0)) / 3600.0",
                until,
                SQL.identifier(table, "date"),
            ),
        )
        return {
            "events_count": count,
            "events_open": open_count,
            "events_hours": float_round(hours or 0.0, precision_digits=2) if count else None,
            "events_average_hours": self._ratio(hours or 0.0, count),
        }
