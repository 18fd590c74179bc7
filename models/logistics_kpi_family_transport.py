from odoo import api, models

FIGURES = [
    "shipment_count:sum",
    "weight:sum",
    "value:sum",
    "cost:sum",
    "cost_actual:sum",
    "compared_estimate:sum",
    "compared_actual:sum",
    "deadline_count:sum",
    "on_time_count:sum",
]


class LogisticsKpiFamilyTransport(models.AbstractModel):
    """Transport costs of the shipments done in the period (per shipment, per kg, share of
    the value shipped), the carriers' estimates against their bills, on-time delivery by
    carrier and the Pareto of the transport cost by carrier."""

    _name = "logistics.kpi.family.transport"
    _inherit = "logistics.kpi.family"
    _description = "Logistics KPIs: transport"
    _kpi_family = "transport"
    _kpi_sequence = 95

    @api.model
    def _kpi_family_info(self):
        return {
            "title": self.env._("Transport: costs and carriers"),
            "sheet": self.env._("Transport"),
        }

    @api.model
    def _kpi_definitions(self):
        return self._cost_definitions() + self._carrier_definitions()

    @api.model
    def _cost_definitions(self):
        _ = self.env._
        filters = ("period", "warehouse")
        return [
            {
                "code": "transport_cost_per_shipment",
                "key": "cost_per_shipment",
                "label": _("Transport cost per shipment"),
                "unit": "currency",
                "direction": "lower",
                "definition": _(
                    "Transport cost / shipments done in the period. A shipment is an outgoing "
                    "or incoming transfer with a carrier or a transport cost; its cost is what "
                    "the carrier charged (typed, or its vendor bill line), else the carrier's "
                    "estimate."
                ),
                "drill": "transport_shipments",
                "filters": filters,
                "headline": 175,
                "measures": [
                    ("shipments", _("Shipments"), "count"),
                    ("cost", _("Transport cost"), "currency"),
                ],
            },
            {
                "code": "transport_cost_per_kg",
                "key": "cost_per_kg",
                "label": _("Transport cost per kg"),
                "unit": "currency",
                "direction": "lower",
                "definition": _(
                    "Transport cost / weight shipped (kg) of the shipments done in the period."
                ),
                "drill": "transport_shipments",
                "filters": filters,
                "measures": [("weight", _("Weight shipped (kg)"), "number")],
            },
            {
                "code": "transport_cost_share",
                "key": "cost_share",
                "label": _("Transport cost share of value shipped"),
                "unit": "%",
                "direction": "lower",
                "definition": _(
                    "Transport cost / value of the goods shipped (their stock valuation), of "
                    "the shipments done in the period."
                ),
                "drill": "transport_shipments",
                "filters": filters,
                "measures": [("value", _("Value shipped"), "currency")],
            },
        ]

    @api.model
    def _carrier_definitions(self):
        """The carriers' figures: their bills against their rates, their punctuality."""
        _ = self.env._
        filters = ("period", "warehouse")
        return [
            {
                "code": "transport_estimate_gap",
                "key": "estimate_gap",
                "label": _("Actual cost over estimate"),
                "unit": "%",
                "direction": "lower",
                "definition": _(
                    "(Actual cost - estimated cost) / estimated cost, over the shipments done "
                    "in the period whose carrier's price was estimated and whose actual cost is "
                    "known: above 0, the carriers charge more than their rates say."
                ),
                "drill": "transport_billed",
                "filters": filters,
                "measures": [
                    ("compared_estimate", _("Estimated cost of the shipments billed"), "currency"),
                    ("compared_actual", _("Actual cost of the shipments estimated"), "currency"),
                ],
            },
            {
                "code": "transport_on_time_rate",
                "key": "on_time_rate",
                "label": _("On-time delivery (carriers)"),
                "unit": "%",
                "direction": "higher",
                "definition": _(
                    "Outgoing shipments done on or before their deadline (else their scheduled "
                    "date) / outgoing shipments done in the period; by carrier in the table."
                ),
                "drill": "transport_outgoing",
                "filters": filters,
                "measures": [
                    ("outgoing", _("Outgoing shipments"), "count"),
                    ("on_time", _("Delivered on time"), "count"),
                ],
            },
        ]

    @api.model
    def _kpi_drill_downs(self):
        return {
            "transport_shipments": ("logistics.kpi.transport", "date", []),
            "transport_billed": (
                "logistics.kpi.transport",
                "date",
                [("compared_estimate", ">", 0)],
            ),
            "transport_outgoing": (
                "logistics.kpi.transport",
                "date",
                [("direction", "=", "outgoing")],
            ),
        }

    @api.model
    def _kpi_filter_paths(self):
        return {"logistics.kpi.transport": {"categ_id": None, "product_id": None}}

    @api.model
    def _kpi_breakdowns(self):
        _ = self.env._
        return [
            {
                "code": "carriers",
                "title": _("Carriers: costs, on-time delivery and Pareto of the cost"),
                "rows": "carriers",
                "columns": [
                    ("name", _("Carrier"), "text"),
                    ("shipments", _("Shipments"), "count"),
                    ("cost", _("Transport cost"), "currency"),
                    ("cost_per_kg", _("Cost per kg"), "currency"),
                    ("estimate_gap", _("Actual over estimate"), "%"),
                    ("on_time_rate", _("On time"), "%"),
                    ("cost_cumulative_share", _("Cumulative share of cost"), "%"),
                    ("cost_vital_label", _("Pareto 80 %"), "text"),
                ],
                "drill": "transport_shipments",
                "drill_fields": [("carrier_id", "carrier_id", "=")],
                "row_class": "cost_vital_class",
                "total": (_("All carriers"), ""),
                "chart": ["cost", "cost_cumulative_share"],
            }
        ]

    @api.model
    def _kpi_compute(self, period, filters):
        model = "logistics.kpi.transport"
        Report = self.env[model]
        domain = self._filter_domain(filters, model=model) + self._period_domain(period)
        [total] = Report._read_group(domain, [], FIGURES)
        family = self._transport_figures(*total)
        # the total row of the carriers' table: all of the cost, no Pareto flag
        family.update(cost_cumulative_share=100.0 if family["cost"] else None, cost_vital_label="")
        family["carriers"] = self._carrier_rows(Report, domain) if period["details"] else []
        return family

    @api.model
    def _carrier_rows(self, Report, domain):
        """One row per carrier, largest cost first, with the Pareto of the cost (80 % cut)."""
        rows = []
        for carrier, *values in Report._read_group(domain, ["carrier_id"], FIGURES):
            row = self._transport_figures(*values)
            row.update(
                carrier_id=carrier.id or None,
                name=carrier.display_name or self.env._("No carrier"),
            )
            rows.append(row)
        return self._pareto_rows(rows, "cost")

    @api.model
    def _transport_figures(
        self,
        shipments,
        weight,
        value,
        cost,
        actual,
        compared_estimate,
        compared_actual,
        outgoing,
        on_time,
    ):
        cost = self._money(cost)
        compared_estimate = self._money(compared_estimate)
        compared_actual = self._money(compared_actual)
        gap = None
        if compared_estimate:
            gap = self._ratio(compared_actual - compared_estimate, compared_estimate, 100)
        return {
            "shipments": shipments or 0,
            "weight": weight or 0.0,
            "value": self._money(value),
            "cost": cost,
            "cost_actual": self._money(actual),
            "cost_per_shipment": self._ratio(cost, shipments),
            "cost_per_kg": self._ratio(cost, weight, digits=4),
            "cost_share": self._ratio(cost, value, 100),
            "compared_estimate": compared_estimate,
            "compared_actual": compared_actual,
            "estimate_gap": gap,
            "outgoing": outgoing or 0,
            "on_time": on_time or 0,
            "on_time_rate": self._ratio(on_time or 0, outgoing, 100),
        }
