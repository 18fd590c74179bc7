from odoo import api, models
from odoo.tools import float_round


class LogisticsKpiFamilyScheduling(models.AbstractModel):
    """Load against capacity of the work centres over the period (issue 15): the figures of
    `logistics.workcenter.load`, from the same computation as its chart."""

    _name = "logistics.kpi.family.scheduling"
    _inherit = "logistics.kpi.family"
    _description = "Logistics KPIs: load vs capacity"
    _kpi_family = "scheduling"
    _kpi_sequence = 55

    @api.model
    def _kpi_family_info(self):
        return {
            "title": self.env._("Load vs capacity per work centre"),
            "sheet": self.env._("Load vs capacity"),
        }

    @api.model
    def _kpi_definitions(self):
        _ = self.env._
        return [
            {
                "code": "shop_utilisation",
                "key": "utilisation",
                "label": _("Average utilisation of the work centres"),
                "unit": "%",
                "direction": "neutral",
                "definition": _(
                    "Load / capacity of all work centres over the period's days. Capacity: the "
                    "hours of the centre's working calendar, without its leaves and public "
                    "holidays. Load: the expected durations of the work orders (Odoo's, which "
                    "already count the centre's capacity and efficiency) of "
                    "confirmed and in-progress manufacturing orders, on the working "
                    "hours of the days they are planned, or, when not planned, backward from the "
                    "order's deadline."
                ),
                "drill": "open_workorders",
                "filters": ("period",),
                "measures": [
                    ("capacity_hours", _("Capacity"), "h"),
                    ("load_hours", _("Load"), "h"),
                ],
            },
            {
                "code": "shop_overloaded_days",
                "key": "overloaded_days",
                "label": _("Overloaded work-centre days"),
                "unit": "count",
                "direction": "lower",
                "definition": _(
                    "Days of the period on which a work centre's load exceeds its capacity "
                    "(a day without capacity but with load counts), summed over the centres."
                ),
                "drill": "open_workorders",
                "filters": ("period",),
                "measures": [("overload_hours", _("Load above capacity"), "h")],
            },
        ]

    @api.model
    def _kpi_drill_downs(self):
        return {
            "open_workorders": (
                "mrp.workorder",
                "date_start",
                [
                    ("production_id.state", "in", ("confirmed", "progress")),
                    ("state", "not in", ("done", "cancel")),
                ],
            )
        }

    @api.model
    def _kpi_breakdowns(self):
        _ = self.env._
        return [
            {
                "code": "workcenter_load",
                "title": _("Load vs capacity per work centre"),
                "rows": "workcenters",
                "columns": [
                    ("name", _("Work centre"), "text"),
                    ("capacity_hours", _("Capacity (h)"), "h"),
                    ("load_hours", _("Load (h)"), "h"),
                    ("utilisation", _("Utilisation"), "%"),
                    ("overloaded_days", _("Overloaded days"), "count"),
                ],
                "drill": "open_workorders",
                "drill_fields": [("workcenter_id", "workcenter_id", "=")],
                "row_class": "workcenter_id",
                "total": None,
                "chart": ["capacity_hours", "load_hours"],
            }
        ]

    @api.model
    def _kpi_compute(self, period, filters):
        if not period["details"]:
            return {}
        workcenters = self.env["mrp.workcenter"].search(
            [("company_id", "in", self.env.companies.ids + [False])], order="name"
        )
        loads = self.env["logistics.workcenter.load"]._compute_load(
            period["date_from"], period["date_to"], workcenters
        )
        rows = []
        totals = {"capacity": 0.0, "load": 0.0, "overload": 0.0, "days": 0}
        for workcenter, days in loads.items():
            capacity = sum(day.capacity for day in days)
            load = sum(day.load for day in days)
            overloaded = sum(1 for day in days if day.overloaded)
            totals["capacity"] += capacity
            totals["load"] += load
            totals["overload"] += sum(max(0.0, day.load - day.capacity) for day in days)
            totals["days"] += overloaded
            rows.append(
                {
                    "workcenter_id": workcenter.id,
                    "name": workcenter.display_name,
                    "capacity_hours": self._hours(capacity),
                    "load_hours": self._hours(load),
                    "utilisation": self._ratio(load, capacity, 100),
                    "overloaded_days": overloaded,
                }
            )
        return {
            "utilisation": self._ratio(totals["load"], totals["capacity"], 100),
            "capacity_hours": self._hours(totals["capacity"]),
            "load_hours": self._hours(totals["load"]),
            "overloaded_days": totals["days"],
            "overload_hours": self._hours(totals["overload"]),
            "workcenters": rows,
        }

    @staticmethod
    def _hours(minutes):
        return float_round(minutes / 60.0, precision_digits=2)
