from datetime import timedelta

from odoo import api, fields, models

STOCK_FILTERS = ("period", "category", "product")


class LogisticsKpiFamilyStock(models.AbstractModel):
    """Turnover, coverage and holding cost, from the daily stock snapshots and the consumption."""

    _name = "logistics.kpi.family.stock"
    _inherit = "logistics.kpi.family"
    _description = "Logistics KPIs: stock"
    _kpi_family = "stock"
    _kpi_sequence = 10

    @api.model
    def _kpi_family_info(self):
        return {"title": self.env._("Turnover and coverage"), "sheet": self.env._("Turnover")}

    @api.model
    def _kpi_definitions(self):
        _ = self.env._
        return [
            {
                "code": "turnover_annual",
                "label": _("Turnover (annualised)"),
                "unit": "x",
                "direction": "higher",
                "definition": _(
                    "Value consumed (done moves leaving internal stock to customers, production "
                    "or scrap, at cost from the valuation layers; products without cost count in "
                    "quantities, not in value; customer returns are not netted) / average stock "
                    "value (sum over the days of the period of the stock value at the end of "
                    "each day / days). Annualised = turnover x 365 / days in the period."
                ),
                "drill": "consumption",
                "filters": ("period", "warehouse", "category", "product"),
                "headline": 10,
                "measures": [
                    ("average_value", _("Average stock value"), "currency"),
                    ("end_value", _("Stock value at period end"), "currency"),
                    ("consumed_value", _("Value consumed"), "currency"),
                    ("turnover", _("Turnover"), "x"),
                ],
            },
            {
                "code": "coverage_days",
                "label": _("Coverage"),
                "unit": "days",
                "direction": "lower",
                "definition": _(
                    "Stock value at the end of the period / average daily value consumed over "
                    "a trailing window (90 days ending on the last day of the period)."
                ),
                "drill": "stock_value",
                "filters": ("period", "warehouse", "category", "product"),
                "headline": 20,
                "measures": [("coverage_window_days", _("Trailing window"), "days")],
            },
            {
                "code": "holding_cost",
                "label": _("Holding cost"),
                "unit": "currency",
                "direction": "lower",
                "definition": _(
                    "Average stock value x holding cost rate (taux de possession, % per year, "
                    "company setting, default 20 %) x days in the period / 365, per company."
                ),
                "drill": "stock_value",
                "filters": STOCK_FILTERS,
                "headline": 80,
                "measures": [
                    ("holding_cost_rate", _("Holding cost rate (% per year)"), "number"),
                ],
            },
        ]

    @api.model
    def _kpi_drill_downs(self):
        return {
            "consumption": ("logistics.kpi.consumption", "date", []),
            "stock_value": ("logistics.kpi.stock.snapshot", "date", []),
        }

    @api.model
    def _kpi_breakdowns(self):
        _ = self.env._
        return [
            {
                "code": "categories",
                "title": _("Turnover by product category"),
                "rows": "categories",
                "columns": [
                    ("name", _("Product category"), "text"),
                    ("average_value", _("Average stock value"), "currency"),
                    ("consumed_value", _("Value consumed"), "currency"),
                    ("turnover", _("Turnover"), "x"),
                    ("turnover_annual", _("Turnover (annualised)"), "x"),
                ],
                "drill": "consumption",
                "drill_fields": [("categ_id", "categ_id", "child_of")],
                "row_class": "categ_id",
                "total": None,
                "chart": ["turnover_annual"],
            }
        ]

    @api.model
    def _kpi_trend_info(self):
        return {
            "label": self.env._("Stock value"),
            "sheet": self.env._("Stock value"),
            "drill": "stock_value",
        }

    @api.model
    def _kpi_trend(self, date_from, date_to, granularity="day", filters=None):
        """Stock value at the end of each day, week (Sunday) or month of the period."""
        date_from, date_to, _days = self.env["logistics.kpi.dashboard"]._period(date_from, date_to)
        domain = self._filter_domain(filters, warehouse=False) + [
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        if granularity == "week":
            domain += ["|", ("is_week_end", "=", True), ("date", "=", date_to)]
        elif granularity == "month":
            domain += ["|", ("is_month_end", "=", True), ("date", "=", date_to)]
        groups = self._stock_model(filters)._read_group(
            domain, ["date:day"], ["value:sum"], order="date:day"
        )
        return [(fields.Date.to_string(day), self._money(value)) for day, value in groups]

    @api.model
    def _kpi_compute(self, period, filters):
        """Turnover, coverage, holding cost, by category too."""
        date_to, days = period["date_to"], period["days"]
        window_days = period["coverage_window_days"]
        Snapshot = self._stock_model(filters)
        stock_domain = self._filter_domain(filters, warehouse=False)
        in_period = self._period_domain(period)
        by_company = dict(
            Snapshot._read_group(stock_domain + in_period, ["company_id"], ["value:sum"])
        )
        stock_day_value = sum(by_company.values())
        average_value = stock_day_value / days
        holding_cost = sum(
            value / days * company.logistics_holding_cost_rate / 100 * days / 365
            for company, value in by_company.items()
        )
        [[end_value, end_qty]] = Snapshot._read_group(
            stock_domain + [("date", "=", date_to)], [], ["value:sum", "quantity:sum"]
        )
        [[consumed_value, consumed_qty]] = self._consumption(filters, in_period)
        window_start = date_to - timedelta(days=window_days - 1)
        [[window_value, _window_qty]] = self._consumption(
            filters, [("date", ">=", window_start), ("date", "<=", date_to)]
        )
        categories = (
            self._kpi_stock_by_category(stock_domain + in_period, filters, in_period, days)
            if period["details"]
            else []
        )
        return {
            "average_value": self._money(average_value),
            "end_value": self._money(end_value),
            "end_quantity": end_qty or 0.0,
            "consumed_value": self._money(consumed_value),
            "consumed_quantity": consumed_qty or 0.0,
            "turnover": self._ratio(consumed_value or 0.0, average_value),
            "turnover_annual": self._ratio((consumed_value or 0.0) * 365, average_value * days),
            "coverage_days": self._ratio(
                end_value or 0.0, (window_value or 0.0) / window_days, digits=1
            ),
            "coverage_window_days": window_days,
            "holding_cost_rate": self.env.company.logistics_holding_cost_rate,
            "holding_cost": self._money(holding_cost) if stock_day_value else None,
            "categories": categories,
        }

    @api.model
    def _kpi_stock_by_category(self, stock_domain, filters, in_period, days):
        Snapshot = self._stock_model(filters)
        stock = dict(Snapshot._read_group(stock_domain, ["categ_id"], ["value:sum"]))
        consumed = {
            category: value
            for category, value, _qty in self._consumption(filters, in_period, ["categ_id"])
        }
        rows = []
        for category in (self.env["product.category"].union(*stock, *consumed)).sorted(
            "complete_name"
        ):
            average = stock.get(category, 0.0) / days
            used = consumed.get(category, 0.0)
            rows.append(
                {
                    "categ_id": category.id,
                    "name": category.complete_name,
                    "average_value": self._money(average),
                    "consumed_value": self._money(used),
                    "turnover": self._ratio(used, average),
                    "turnover_annual": self._ratio(used * 365, average * days),
                }
            )
        return rows
