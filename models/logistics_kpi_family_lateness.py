from odoo import api, models


class LogisticsKpiFamilyLateness(models.AbstractModel):
    """Late rate by operation type, for transfers and manufacturing orders."""

    _name = "logistics.kpi.family.lateness"
    _inherit = "logistics.kpi.family"
    _description = "Logistics KPIs: punctuality"
    _kpi_family = "lateness"
    _kpi_sequence = 40

    @api.model
    def _kpi_family_info(self):
        return {
            "title": self.env._("Late rate by operation type"),
            "sheet": self.env._("Punctuality"),
        }

    @api.model
    def _kpi_definitions(self):
        _ = self.env._
        return [
            {
                "code": "late_rate",
                "label": _("Late rate"),
                "unit": "%",
                "direction": "lower",
                "definition": _(
                    "Operations done after their scheduled date / operations done, by operation "
                    "type (taux de retard). A manufacturing order is late when finished after "
                    "its deadline or, without one, after its start plus the expected minutes of "
                    "its work orders (60 minutes without work orders): Odoo overwrites the "
                    "planned end of an order when it is done."
                ),
                "drill": "late",
                "filters": ("period", "warehouse"),
                "headline": 60,
                "measures": [
                    ("done", _("Operations done"), "count"),
                    ("late", _("Operations late"), "count"),
                ],
            },
            {
                "code": "mo_late_rate",
                "label": _("Late manufacturing orders"),
                "unit": "%",
                "direction": "lower",
                "definition": _(
                    "Manufacturing orders finished late / manufacturing orders done in the "
                    "period (late as for the late rate)."
                ),
                "drill": "mo_late",
                "filters": ("period", "warehouse"),
                "headline": 70,
                "measures": [
                    ("mo_done", _("Manufacturing orders done"), "count"),
                    ("mo_late", _("Manufacturing orders late"), "count"),
                ],
            },
            {
                "code": "transfer_late_rate",
                "label": _("Late transfers"),
                "unit": "%",
                "direction": "lower",
                "definition": _(
                    "Transfers done after their scheduled date / transfers done in the period."
                ),
                "drill": "late",
                "filters": ("period", "warehouse"),
                "measures": [
                    ("transfers_done", _("Transfers done"), "count"),
                    ("transfers_late", _("Transfers late"), "count"),
                ],
            },
        ]

    @api.model
    def _kpi_drill_downs(self):
        return {
            "late": ("logistics.kpi.operation", "date", [("is_late", "=", True)]),
            "mo_late": (
                "logistics.kpi.operation",
                "date",
                [("kind", "=", "production"), ("is_late", "=", True)],
            ),
        }

    @api.model
    def _kpi_breakdowns(self):
        _ = self.env._
        return [
            {
                "code": "by_type",
                "title": _("Late rate by operation type"),
                "rows": "by_type",
                "columns": [
                    ("name", _("Operation type"), "text"),
                    ("done", _("Done"), "count"),
                    ("late", _("Late"), "count"),
                    ("late_rate", _("Late rate"), "%"),
                ],
                "drill": "late",
                "drill_fields": [
                    ("picking_type_id", "picking_type_id", "="),
                    ("kind", "kind", "="),
                ],
                "row_class": "kind",
                "total": None,
                "chart": ["late_rate"],
            }
        ]

    @api.model
    def _kpi_compute(self, period, filters):
        domain = self._filter_domain(filters, warehouse=True)
        domain = [term for term in domain if term[0] not in ("categ_id", "product_id")]
        groups = self.env["logistics.kpi.operation"]._read_group(
            domain + self._period_domain(period),
            ["kind", "picking_type_id"],
            ["done_count:sum", "late_count:sum"],
        )
        by_type = []
        totals = {"picking": [0, 0], "production": [0, 0]}
        for kind, picking_type, done, late in groups:
            totals[kind][0] += done
            totals[kind][1] += late
            by_type.append(
                {
                    "kind": kind,
                    "picking_type_id": picking_type.id,
                    "name": picking_type.display_name or self.env._("Manufacturing"),
                    "done": done,
                    "late": late,
                    "late_rate": self._ratio(late, done, 100),
                }
            )
        done = totals["picking"][0] + totals["production"][0]
        late = totals["picking"][1] + totals["production"][1]
        return {
            "done": done,
            "late": late,
            "late_rate": self._ratio(late, done, 100),
            "transfers_done": totals["picking"][0],
            "transfers_late": totals["picking"][1],
            "transfer_late_rate": self._ratio(totals["picking"][1], totals["picking"][0], 100),
            "mo_done": totals["production"][0],
            "mo_late": totals["production"][1],
            "mo_late_rate": self._ratio(totals["production"][1], totals["production"][0], 100),
            "by_type": sorted(by_type, key=lambda row: row["name"]),
        }
