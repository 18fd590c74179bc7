from datetime import datetime, time, timedelta

from odoo import api, models
from odoo.tools import float_round

from ..logistics_algorithms.pareto import pareto


class LogisticsKpiFamily(models.AbstractModel):
    """The base of a KPI family: what a feature declares to put its figures on the dashboard,
    the PDF, the workbook and readme/KPIS.md without touching any of them.

    A family is an abstract model `logistics.kpi.family.<code>` that `_inherit`s this one; the
    engine (`logistics.kpi.dashboard`) finds it among this model's `_inherit_children`. It
    declares its KPIs (`_kpi_definitions`), where their figures drill down to
    (`_kpi_drill_downs`), how the dashboard's filters reach its records (`_kpi_filter_paths`),
    its tables (`_kpi_breakdowns`) and computes its figures (`_kpi_compute`). How to add one:
    readme/KPIS.md, "Adding a KPI family".
    """

    _name = "logistics.kpi.family"
    _description = "Logistics KPI Family"

    # the key of the family's figures in the engine's output, and its place among the families
    _kpi_family = None
    _kpi_sequence = 100

    # ---------------------------------------------------------------- declarations
    @api.model
    def _kpi_family_info(self):
        """{"title": its section's heading, "sheet": its workbook sheet (31 characters)}."""
        return {"title": self._description, "sheet": self._description[:31]}

    @api.model
    def _kpi_definitions(self):
        """One dict per KPI, in the order they are shown:

        code (unique, also the code of its target), label, unit (see the engine's
        `_kpi_unit_labels`), direction ("higher", "lower" or "neutral": which way is better),
        definition, key (of the figure in the family's output, dotted for a nested one),
        drill (a code of `_kpi_drill_downs`), filters (what narrows it: "period",
        "warehouse", "category", "product", "circuit"...), headline (its rank among the
        dashboard's headline cards, None when not one), measures (the figures that explain it:
        (key, label, unit) each).
        """
        return []

    @api.model
    def _kpi_drill_downs(self):
        """{drill code: (model, date field or None, domain)}: the records behind a figure."""
        return {}

    @api.model
    def _kpi_filter_paths(self):
        """{model: {filter: path or None}}: how a filter reaches a record without such a column
        (None when the filter does not apply). A model not listed has the columns themselves."""
        return {}

    @api.model
    def _kpi_breakdowns(self):
        """The family's tables, one dict each: code, title, rows (key of the list of rows in
        the output), columns ((key, label, unit) each, the first one the row's name, unit
        "text"), drill and drill_fields ((field, row key, operator) that narrow the drill-down
        to a row; a row without the value skips it), row_class (row key naming its CSS class),
        total ((label, key of the totals' dict, "" for the family's own figures) or None),
        chart (column keys drawn in the workbook's chart, empty for none)."""
        return []

    @api.model
    def _kpi_trend(self, date_from, date_to, granularity="day", filters=None):
        """[(day, value)] of the family's trend line, or None when it has none."""
        return None

    @api.model
    def _kpi_trend_info(self):
        """{"label", "sheet", "drill"} of the trend, when `_kpi_trend` gives one."""
        return None

    @api.model
    def _kpi_compute(self, period, filters):
        """The family's figures: a dict whose keys the definitions and breakdowns name.

        period: {"date_from", "date_to", "days", "details", "coverage_window_days"}; without
        details (the dashboard's previous period) only the headline figures are needed."""
        raise NotImplementedError

    # ---------------------------------------------------------------- helpers
    @api.model
    def _filter_domain(self, filters, warehouse=True, model=None):
        """Warehouse, product category and product filters as a domain on any KPI view,
        through the paths of `_kpi_filter_paths` for the records of `model`."""
        filters = filters or {}
        paths = self._kpi_filter_paths().get(model, {})
        domain = [("company_id", "in", self.env.companies.ids)]
        terms = (
            ("warehouse_id", "=", warehouse and filters.get("warehouse_id")),
            ("categ_id", "child_of", filters.get("categ_id")),
            ("product_id", "=", filters.get("product_id")),
        )
        for key, operator, value in terms:
            path = paths.get(key, key)
            if value and path:
                domain.append((path, operator, int(value)))
        return domain

    @api.model
    def _period_domain(self, period, field="date"):
        return [(field, ">=", period["date_from"]), (field, "<=", period["date_to"])]

    @staticmethod
    def _ratio(numerator, denominator, factor=1.0, digits=2):
        if not denominator:
            return None
        return float_round(factor * numerator / denominator, precision_digits=digits)

    @staticmethod
    def _money(amount):
        return float_round(amount or 0.0, precision_digits=2)

    @api.model
    def _datetime_bounds(self, date_from, date_to):
        """[start, stop) of the period for datetime columns (UTC, like every KPI)."""
        return (
            datetime.combine(date_from, time.min),
            datetime.combine(date_to + timedelta(days=1), time.min),
        )

    @api.model
    def _select(self, model, domain, *columns):
        """One row of aggregates over the records of `domain`, with their record rules.

        For what read_group cannot aggregate (a median, a duration clipped to the period)."""
        Model = self.env[model]
        Model.flush_model()
        query = Model._search(domain)
        return self.env.execute_query(query.select(*columns))[0]

    @api.model
    def _stock_model(self, filters, groupby=()):
        """The daily sums per category, or the per-product snapshots when products matter."""
        if (filters and filters.get("product_id")) or "product_id" in groupby:
            return self.env["logistics.kpi.stock.snapshot"]
        return self.env["logistics.kpi.stock.daily"]

    @api.model
    def _consumption(self, filters, domain, groupby=()):
        """Value and quantity consumed, grouped: from the daily stock tables (fast), or from
        the moves when a warehouse is chosen (stock is valued per company, not per warehouse).
        """
        if filters and filters.get("warehouse_id"):
            model, value, quantity = "logistics.kpi.consumption", "value", "quantity"
        else:
            model = self._stock_model(filters, groupby)._name
            value, quantity = "consumed_value", "consumed_qty"
        return self.env[model]._read_group(
            self._filter_domain(filters) + domain
            if model == "logistics.kpi.consumption"
            else self._filter_domain(filters, warehouse=False) + domain,
            list(groupby),
            [f"{value}:sum", f"{quantity}:sum"],
        )

    @api.model
    def _pareto_rows(self, rows, weight_key, cut=0.80):
        """The rows of a table sorted as a Pareto of `weight_key` (largest first), each with
        `<weight_key>_cumulative_share` (%), `<weight_key>_vital` (in the first 80 %, ties at
        the cut included: see logistics_algorithms/pareto.py), `<weight_key>_vital_label` and
        `<weight_key>_vital_class` (for its columns and `row_class`)."""
        ranking = pareto(((index, row[weight_key] or 0.0) for index, row in enumerate(rows)), cut)
        label = self.env._("Vital few")
        result = []
        for item in ranking:
            row = dict(rows[item.key])
            row.update(
                {
                    f"{weight_key}_cumulative_share": round(100 * item.cumulative_share, 2),
                    f"{weight_key}_vital": item.vital,
                    f"{weight_key}_vital_label": label if item.vital else "",
                    f"{weight_key}_vital_class": "vital" if item.vital else "other",
                }
            )
            result.append(row)
        return result
