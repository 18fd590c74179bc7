from odoo import api, models


class LogisticsKpiFamilyMilkRun(models.AbstractModel):
    """Rounds built for a departure in the period: punctuality, fill, containers, overflow.

    A circuit's KPIs tab reads its row of `circuits` through the engine's `get_kpis` with the
    `milk_run_ids` filter, so the form and the dashboard share one definition."""

    _name = "logistics.kpi.family.milk_run"
    _inherit = "logistics.kpi.family"
    _description = "Logistics KPIs: milk runs"
    _kpi_family = "milk_run"
    _kpi_sequence = 70

    @api.model
    def _kpi_family_info(self):
        return {
            "title": self.env._("Milk runs: punctuality and train fill"),
            "sheet": self.env._("Milk runs"),
        }

    @api.model
    def _kpi_definitions(self):
        filters = ("period", "warehouse", "circuit")
        return self._kpi_punctuality_definitions(filters) + self._kpi_fill_definitions(filters)

    @api.model
    def _kpi_punctuality_definitions(self, filters):
        """Punctuality: of the rounds' departures, of their stops' arrivals."""
        _ = self.env._
        return [
            {
                "code": "milk_run_punctuality",
                "key": "punctuality_rate",
                "label": _("Milk-run rounds on time"),
                "unit": "%",
                "direction": "higher",
                "definition": _(
                    "Rounds built for a departure planned in the period (cancelled ones "
                    "excluded): rounds departed within the circuit's punctuality tolerance of "
                    "their planned departure / rounds departed. Same figures as a circuit's "
                    "KPIs tab."
                ),
                "drill": "milk_run_late",
                "filters": filters,
                "headline": 110,
                "measures": [
                    ("rounds", _("Rounds built"), "count"),
                    ("departed", _("Rounds departed"), "count"),
                    ("departed_on_time", _("Departed on time"), "count"),
                ],
            },
            {
                "code": "milk_run_stop_window",
                "key": "stop_window_rate",
                "label": _("Milk-run stops within window"),
                "unit": "%",
                "direction": "higher",
                "definition": _(
                    "Stops of those rounds reached within their arrival window (without a "
                    "window, within the tolerance of their planned arrival) / stops reached."
                ),
                "drill": "milk_run_rounds",
                "filters": filters,
                "headline": 120,
                "measures": [
                    ("stops_reached", _("Stops reached"), "count"),
                    ("stops_in_window", _("Stops within window"), "count"),
                ],
            },
        ]

    @api.model
    def _kpi_fill_definitions(self, filters):
        """Fill: what the trains carried, what they could not take."""
        _ = self.env._
        return [
            {
                "code": "milk_run_fill",
                "key": "fill_rate",
                "label": _("Average train fill"),
                "unit": "%",
                "direction": "higher",
                "definition": _(
                    "Average over those rounds of load / capacity on the most used limited "
                    "dimension (containers, weight, volume) at the build; containers loaded / "
                    "rounds; ready transfers the rounds could not take (overflow)."
                ),
                "drill": "milk_run_rounds",
                "filters": filters,
                "headline": 130,
                "measures": [
                    ("containers_per_round", _("Containers per round"), "number"),
                    ("overflow_count", _("Transfers overflowed"), "count"),
                ],
            },
        ]

    @api.model
    def _kpi_drill_downs(self):
        return {
            "milk_run_rounds": ("logistics.milk.run.report", "planned_departure", []),
            "milk_run_late": (
                "logistics.milk.run.report",
                "planned_departure",
                [("departed", "=", 1), ("departed_on_time", "=", 0)],
            ),
        }

    @api.model
    def _kpi_filter_paths(self):
        return {
            "logistics.milk.run.report": {
                "warehouse_id": "milk_run_id.source_location_id.warehouse_id",
                "categ_id": None,
                "product_id": None,
            },
        }

    @api.model
    def _kpi_breakdowns(self):
        _ = self.env._
        return [
            {
                "code": "circuits",
                "title": _("Circuits"),
                "rows": "circuits",
                "columns": [
                    ("name", _("Circuit"), "text"),
                    ("rounds", _("Rounds"), "count"),
                    ("punctuality_rate", _("On time"), "%"),
                    ("stop_window_rate", _("Stops in window"), "%"),
                    ("fill_rate", _("Train fill"), "%"),
                    ("containers_per_round", _("Containers/round"), "number"),
                    ("overflow_count", _("Overflow"), "count"),
                ],
                "drill": "milk_run_rounds",
                "drill_fields": [("milk_run_id", "milk_run_id", "=")],
                "row_class": "milk_run_id",
                "total": (_("All circuits"), ""),
                "chart": ["punctuality_rate", "fill_rate"],
            }
        ]

    @api.model
    def _kpi_compute(self, period, filters):
        model = "logistics.milk.run.report"
        domain = self._filter_domain(filters, model=model) + self._period_domain(
            period, "planned_departure"
        )
        if filters and filters.get("milk_run_ids") is not None:
            domain.append(("milk_run_id", "in", list(filters["milk_run_ids"])))
        aggregates = [
            "__count",
            "departed:sum",
            "departed_on_time:sum",
            "stops_reached:sum",
            "stops_in_window:sum",
            "fill_ratio:sum",
            "containers:sum",
            "overflow_count:sum",
        ]
        Report = self.env[model]
        [total] = Report._read_group(domain, [], aggregates)
        family = self._milk_run_figures(*total)
        family["circuits"] = []
        if period["details"]:
            for circuit, *values in Report._read_group(domain, ["milk_run_id"], aggregates):
                row = self._milk_run_figures(*values)
                row.update(milk_run_id=circuit.id, name=circuit.display_name)
                family["circuits"].append(row)
            family["circuits"].sort(key=lambda row: row["name"])
        return family

    @api.model
    def _milk_run_figures(
        self, rounds, departed, on_time, reached, in_window, fill, containers, overflow
    ):
        return {
            "rounds": rounds,
            "departed": departed or 0,
            "departed_on_time": on_time or 0,
            "punctuality_rate": self._ratio(on_time or 0, departed, 100),
            "stops_reached": reached or 0,
            "stops_in_window": in_window or 0,
            "stop_window_rate": self._ratio(in_window or 0, reached, 100),
            "fill_rate": self._ratio(fill or 0.0, rounds, 100),
            "containers": containers or 0.0,
            "containers_per_round": self._ratio(containers or 0.0, rounds),
            "overflow_count": overflow or 0,
        }
