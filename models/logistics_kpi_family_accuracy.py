from odoo import api, models
from odoo.tools import float_round


class LogisticsKpiFamilyAccuracy(models.AbstractModel):
    """Inventory record accuracy of the first counts made in the period."""

    _name = "logistics.kpi.family.accuracy"
    _inherit = "logistics.kpi.family"
    _description = "Logistics KPIs: inventory record accuracy"
    _kpi_family = "accuracy"
    _kpi_sequence = 80

    @api.model
    def _kpi_family_info(self):
        return {
            "title": self.env._("Inventory record accuracy (cycle counts)"),
            "sheet": self.env._("Accuracy"),
        }

    @api.model
    def _kpi_definitions(self):
        _ = self.env._
        filters = ("period", "warehouse", "category", "product")
        return [
            {
                "code": "count_hit_rate",
                "key": "hit_rate",
                "label": _("Inventory record accuracy (hit rate)"),
                "unit": "%",
                "direction": "higher",
                "definition": _(
                    "First counts of the cycle counts made in the period (recounts are "
                    "corrections, not records of accuracy): lines whose difference lies within "
                    "their class tolerance / lines counted. By ABC class too."
                ),
                "drill": "count_misses",
                "filters": filters,
                "headline": 140,
                "measures": [
                    ("lines", _("Lines counted"), "count"),
                    ("lines_within_tolerance", _("Lines within tolerance"), "count"),
                ],
            },
            {
                "code": "count_quantity_accuracy",
                "key": "quantity_accuracy",
                "label": _("Quantity-weighted accuracy"),
                "unit": "%",
                "direction": "higher",
                "definition": _(
                    "Over the same lines: (sum |theoretical| - sum |difference|) / sum "
                    "|theoretical|; value of differences = sum of (counted - theoretical) x unit "
                    "cost at the count, net and absolute."
                ),
                "drill": "count_lines",
                "filters": filters,
                "headline": 150,
                "measures": [
                    ("difference_value", _("Value of differences (net)"), "currency"),
                    ("absolute_difference_value", _("Value of differences (absolute)"), "currency"),
                ],
            },
        ]

    @api.model
    def _kpi_drill_downs(self):
        return {
            "count_lines": ("logistics.count.accuracy.report", "date", []),
            "count_misses": (
                "logistics.count.accuracy.report",
                "date",
                [("within_tolerance", "=", False)],
            ),
        }

    @api.model
    def _kpi_filter_paths(self):
        return {"logistics.count.accuracy.report": {"categ_id": "product_id.categ_id"}}

    @api.model
    def _kpi_breakdowns(self):
        _ = self.env._
        return [
            {
                "code": "classes",
                "title": _("By ABC class"),
                "rows": "classes",
                "columns": [
                    ("name", _("ABC class"), "text"),
                    ("lines", _("Lines"), "count"),
                    ("hit_rate", _("Hit rate"), "%"),
                    ("quantity_accuracy", _("Quantity-weighted"), "%"),
                    ("difference_value", _("Net value"), "currency"),
                    ("absolute_difference_value", _("Absolute value"), "currency"),
                ],
                "drill": "count_lines",
                "drill_fields": [("abc_class", "abc_class", "=")],
                "row_class": "abc_class",
                "total": (_("All lines"), ""),
                "chart": ["hit_rate", "quantity_accuracy"],
            }
        ]

    @api.model
    def _kpi_compute(self, period, filters):
        model = "logistics.count.accuracy.report"
        domain = self._filter_domain(filters, model=model) + self._period_domain(period)
        aggregates = [
            "__count",
            "hit_rate:sum",
            "quantity_accuracy:sum",
            "difference_value:sum",
            "absolute_difference_value:sum",
        ]
        Report = self.env[model]
        [total] = Report._read_group(domain, [], aggregates)
        family = self._accuracy_figures(*total)
        family["classes"] = []
        if period["details"]:
            labels = dict(Report._fields["abc_class"]._description_selection(self.env))
            for abc_class, *values in Report._read_group(
                domain, ["abc_class"], aggregates, order="abc_class"
            ):
                row = self._accuracy_figures(*values)
                row.update(abc_class=abc_class, name=labels.get(abc_class, abc_class))
                family["classes"].append(row)
        return family

    @api.model
    def _accuracy_figures(self, lines, hits, accuracy, value, absolute):
        # hit_rate is 100 on a line within its tolerance, 0 otherwise
        within = round((hits or 0.0) / 100)
        return {
            "lines": lines,
            "lines_within_tolerance": within,
            "hit_rate": self._ratio(within, lines, 100),
            "quantity_accuracy": (float_round(accuracy, precision_digits=2) if lines else None),
            "difference_value": self._money(value),
            "absolute_difference_value": self._money(absolute),
        }
