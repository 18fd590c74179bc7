from odoo import api, models
from odoo.tools import SQL, float_round


class LogisticsKpiFamilyKanban(models.AbstractModel):
    """Kanban cards by state (now) and the scan-to-receipt lead time of the cycles closed in
    the period (the replenishment arrived between its first and last day)."""

    _name = "logistics.kpi.family.kanban"
    _inherit = "logistics.kpi.family"
    _description = "Logistics KPIs: kanban"
    _kpi_family = "kanban"
    _kpi_sequence = 60

    @api.model
    def _kpi_family_info(self):
        return {
            "title": self.env._("Kanban cards and scan-to-receipt lead time"),
            "sheet": self.env._("Kanban"),
        }

    @api.model
    def _kpi_definitions(self):
        _ = self.env._
        return [
            {
                "code": "kanban_lead_time_hours",
                "key": "lead_time_median_hours",
                "label": _("Scan-to-receipt lead time (median)"),
                "unit": "h",
                "direction": "lower",
                "definition": _(
                    "Hours from the scan of an empty card to the arrival of its replenishment "
                    "at the loop's location, over the card cycles whose replenishment arrived "
                    "in the period: median (the headline) and average."
                ),
                "drill": "kanban_lead_time",
                "filters": ("period", "warehouse", "category", "product"),
                "headline": 100,
                "measures": [
                    ("lead_time_average_hours", _("Scan-to-receipt lead time, average"), "h"),
                    ("receipts", _("Replenishments received"), "count"),
                ],
            },
            {
                "code": "kanban_cards_in_circulation",
                "key": "cards_in_circulation",
                "label": _("Cards in circulation"),
                "unit": "count",
                "direction": "neutral",
                "definition": _(
                    "Cards of the kanban loops not retired, as they are now, whatever the "
                    "period; by state (full, empty, replenishing, lost, retired) in the table."
                ),
                "drill": "kanban_cards",
                "filters": ("warehouse", "category", "product"),
                "measures": [("cards_total", _("Cards, retired included"), "count")],
            },
            {
                "code": "kanban_loops_right_sized",
                "key": "loops_right_sized_share",
                "label": _("Loops right-sized"),
                "unit": "%",
                "direction": "higher",
                "definition": _(
                    "Share of the active sized loops whose cards in circulation (kanban) or bin "
                    "quantity (double-bin) are within one card, or one pack (one unit without "
                    "packaging), of what their latest sizing asks for from the demand and the "
                    "measured lead time; as they are now, whatever the period. Loops never "
                    "sized are left out."
                ),
                "drill": "kanban_loops",
                "filters": ("warehouse", "category", "product"),
                "measures": [
                    ("loops_sized", _("Loops sized"), "count"),
                    ("loops_under_sized", _("Loops under-sized"), "count"),
                    ("loops_over_sized", _("Loops over-sized"), "count"),
                ],
            },
        ]

    @api.model
    def _kpi_drill_downs(self):
        return {
            "kanban_cards": ("logistics.kanban.card", None, []),
            "kanban_loops": ("logistics.kanban.loop", None, [("sizing_state", "!=", "not_sized")]),
            "kanban_lead_time": (
                "logistics.kanban.scan",
                "date_received",
                [("status", "=", "ok"), ("date_received", "!=", False)],
            ),
        }

    @api.model
    def _kpi_filter_paths(self):
        return {
            "logistics.kanban.loop": {"categ_id": "product_id.categ_id"},
            "logistics.kanban.card": {
                "warehouse_id": "loop_id.warehouse_id",
                "categ_id": "product_id.categ_id",
            },
            "logistics.kanban.scan": {
                "warehouse_id": "loop_id.warehouse_id",
                "categ_id": "loop_id.product_id.categ_id",
                "product_id": "loop_id.product_id",
            },
        }

    @api.model
    def _kpi_breakdowns(self):
        _ = self.env._
        return [
            {
                "code": "cards",
                "title": _("Cards by state (now)"),
                "rows": "cards",
                "columns": [
                    ("name", _("Card state (now)"), "text"),
                    ("count", _("Cards"), "count"),
                ],
                "drill": "kanban_cards",
                "drill_fields": [("state", "state", "=")],
                "row_class": "state",
                "total": None,
                "chart": ["count"],
            }
        ]

    @api.model
    def _kpi_compute(self, period, filters):
        cards = dict(
            self.env["logistics.kanban.card"]._read_group(
                self._filter_domain(filters, model="logistics.kanban.card"),
                ["state"],
                ["__count"],
            )
        )
        start, stop = self._datetime_bounds(period["date_from"], period["date_to"])
        model = "logistics.kanban.scan"
        table = self.env[model]._table
        hours = SQL(
            "extract(epoch FROM %s - %s) / 3600.0",
            SQL.identifier(table, "date_received"),
            SQL.identifier(table, "date"),
        )
        count, median, average = self._select(
            model,
            self._filter_domain(filters, model=model)
            + [("status", "=", "ok"), ("date_received", ">=", start), ("date_received", "<", stop)],
            SQL("count(*)"),
            SQL("percentile_cont(0.5) WITHIN GROUP (ORDER BY %s)", hours),
            SQL("avg(%s)", hours),
        )
        loops = dict(
            self.env["logistics.kanban.loop"]._read_group(
                self._filter_domain(filters, model="logistics.kanban.loop")
                + [("sizing_state", "!=", "not_sized")],
                ["sizing_state"],
                ["__count"],
            )
        )
        loops_sized = sum(loops.values())
        # the state labels in the user's language
        states = self.env["logistics.kanban.card"]._fields["state"]._description_selection(self.env)
        return {
            "cards": [
                {"state": state, "name": label, "count": cards.get(state, 0)}
                for state, label in states
            ],
            "cards_total": sum(cards.values()),
            "cards_in_circulation": sum(
                count for state, count in cards.items() if state != "retired"
            ),
            "loops_sized": loops_sized,
            "loops_under_sized": loops.get("under", 0),
            "loops_over_sized": loops.get("over", 0),
            "loops_right_sized_share": self._ratio(loops.get("right", 0), loops_sized, 100),
            "receipts": count,
            "lead_time_median_hours": (float_round(median, precision_digits=2) if count else None),
            "lead_time_average_hours": (
                float_round(average, precision_digits=2) if count else None
            ),
        }
