from odoo import api, fields, models

from ..logistics_algorithms import round_intervals, routing

# Upper bounds of the numbers a manager types on a circuit (the lower ones: _check_*).
MAX_SETTINGS = {
    "cycle_minutes": 24 * 60,
    "cutoff_minutes": 24 * 60,
    "horizon_hours": 14 * 24,
    "routing_time_budget_s": 60,
    "speed_m_per_min": 1000,
    "vehicle_count": 20,
    "handling_minutes": 240,
    "punctuality_tolerance_minutes": 240,
}
CAPACITY_FIELDS = ("capacity_containers", "capacity_weight", "capacity_volume")


class LogisticsMilkRun(models.Model):
    """A tugger-train circuit: from a supermarket to line-side stops, on a timetable.

    The circuit only describes the service; each departure is a `logistics.milk.run.round`.
    """

    _name = "logistics.milk.run"
    _description = "Milk-Run Circuit"
    _inherit = ["mail.thread"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    source_location_id = fields.Many2one(
        "stock.location",
        string="Source (supermarket)",
        required=True,
        check_company=True,
        domain="[('usage', '=', 'internal')]",
        tracking=True,
    )
    warehouse_id = fields.Many2one(related="source_location_id.warehouse_id")
    picking_type_id = fields.Many2one(
        "stock.picking.type",
        string="Operation type carried",
        required=True,
        check_company=True,
        domain="[('code', '=', 'internal')]",
        help="Ready internal transfers of this type towards a stop are loaded on the rounds.",
    )
    stop_ids = fields.One2many("logistics.milk.run.stop", "milk_run_id", string="Stops", copy=True)
    stop_count = fields.Integer(compute="_compute_stop_count")
    distance_ids = fields.One2many(
        "logistics.milk.run.distance",
        "milk_run_id",
        string="Distance table",
        copy=True,
        help="Metres between two places, when the coordinates do not reflect the aisles.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working calendar",
        check_company=True,
        help="Rounds run on the calendar's working days (not on its public holidays), in its time "
        "zone. Without a calendar: Monday to Friday, in the company's time zone.",
    )
    timetable_mode = fields.Selection(
        [("fixed", "Fixed departure times"), ("cycle", "Every N minutes")],
        required=True,
        default="fixed",
    )
    departure_ids = fields.One2many(
        "logistics.milk.run.departure", "milk_run_id", string="Departures", copy=True
    )
    cycle_minutes = fields.Integer(string="Cycle (minutes)", default=60)
    shift_start = fields.Float(default=6.0, help="First departure of a cycle, hour of the day.")
    shift_end = fields.Float(default=22.0, help="No cycle departure after this hour of the day.")
    cutoff_minutes = fields.Integer(
        string="Cut-off (minutes before departure)",
        default=15,
        help="At the cut-off the round takes the ready transfers; later ones wait for the next.",
    )
    horizon_hours = fields.Integer(
        string="Planning horizon (hours)",
        default=24,
        help="How far ahead the scheduled action creates the rounds of the timetable.",
    )
    capacity_containers = fields.Float(help="0 means no limit.")
    capacity_weight = fields.Float(string="Capacity weight (kg)", help="0 means no limit.")
    capacity_volume = fields.Float(string="Capacity volume (m³)", help="0 means no limit.")
    vehicle_count = fields.Integer(
        string="Trains", default=1, help="Trains leaving together on each departure."
    )
    speed_m_per_min = fields.Float(
        string="Speed (m/min)", default=round(routing.DEFAULT_SPEED_M_PER_MIN, 2)
    )
    handling_minutes = fields.Float(
        string="Handling per stop (minutes)",
        default=2.0,
        help="Default time to drop the containers at a stop.",
    )
    resequence = fields.Boolean(
        string="Optimise stop order",
        default=True,
        help="Visit the stops that have something to deliver in the shortest order (PyVRP). "
        "Otherwise the stops' sequence is followed.",
    )
    routing_time_budget_s = fields.Float(string="Routing time budget (s)", default=2.0)
    punctuality_tolerance_minutes = fields.Integer(
        string="Punctuality tolerance (minutes)", default=5
    )
    round_ids = fields.One2many("logistics.milk.run.round", "milk_run_id", string="Rounds")
    round_count = fields.Integer(compute="_compute_round_count")
    overlap_warning = fields.Text(compute="_compute_overlap_warning")
    # The circuit's figures over the KPI dashboard's default period, read from its engine
    # (logistics.kpi.dashboard.get_kpis); a rate without a denominator is hidden on the
    # form, where the dashboard says "n/a".
    kpi_round_count = fields.Integer(
        string="Rounds built",
        compute="_compute_kpis",
        help="Rounds built for a departure in the last 30 days (today included), cancelled "
        "ones excluded: the KPI dashboard's default period.",
    )
    kpi_departed_count = fields.Integer(
        string="Rounds departed",
        compute="_compute_kpis",
        help="Rounds of the last 30 days (today included) whose departure the driver recorded.",
    )
    kpi_stops_reached_count = fields.Integer(
        string="Stops reached",
        compute="_compute_kpis",
        help="Stops of the last 30 days' rounds (today included) where the driver scanned in.",
    )
    kpi_punctuality_rate = fields.Float(
        string="Departures on time (%)",
        compute="_compute_kpis",
        digits=(16, 2),
        help="Rounds of the last 30 days (today included) that left within the punctuality "
        "tolerance, over the rounds departed.",
    )
    kpi_stop_window_rate = fields.Float(
        string="Stops within window (%)",
        compute="_compute_kpis",
        digits=(16, 2),
        help="Stops of the last 30 days' rounds (today included) reached within their window, "
        "over the stops reached.",
    )
    kpi_fill_rate = fields.Float(
        string="Average train fill (%)",
        compute="_compute_kpis",
        digits=(16, 2),
        help="Average over the rounds of the last 30 days (today included) of their load over "
        "capacity at the build.",
    )
    kpi_containers_per_round = fields.Float(
        string="Containers per round",
        compute="_compute_kpis",
        digits=(16, 2),
        help="Containers loaded over rounds built, last 30 days (today included).",
    )
    kpi_overflow_count = fields.Integer(
        string="Transfers overflowed",
        compute="_compute_kpis",
        help="Ready transfers the rounds of the last 30 days (today included) could not take.",
    )

    @api.depends("stop_ids")
    def _compute_stop_count(self):
        for milk_run in self:
            milk_run.stop_count = len(milk_run.stop_ids)

    def _compute_round_count(self):
        counts = dict(
            self.env["logistics.milk.run.round"]._read_group(
                [("milk_run_id", "in", self._origin.ids)], ["milk_run_id"], ["__count"]
            )
        )
        for milk_run in self:
            milk_run.round_count = counts.get(milk_run._origin, 0)

    @api.depends(
        "stop_ids.location_id",
        "stop_ids.handling_minutes",
        "stop_ids.window_start_minutes",
        "stop_ids.sequence",
        "departure_ids.departure_time",
        "distance_ids.distance_m",
        "timetable_mode",
        "shift_start",
        "shift_end",
        "cycle_minutes",
        "speed_m_per_min",
        "source_location_id",
        "calendar_id.tz",
        "calendar_id.attendance_ids.dayofweek",
        "active",
    )
    def _compute_overlap_warning(self):
        """Name the other circuits serving one of our locations while one of our rounds is out.

        Two circuits feeding the same spot at the same time is usually a design mistake (who
        takes the transfer depends on the cut-off that comes first), so it is said, not refused.
        Rounds are compared as intervals on a weekly UTC clock (departure to planned return, see
        _planned_round_minutes), so an 8:00 and a 14:00 round never clash, and circuits in other
        time zones are compared at the same real moment.
        """
        # _origin: in a form being edited, compare with the other circuits as saved.
        candidates = self.search([("company_id", "in", self.company_id.ids)])
        intervals = {other: other._weekly_round_intervals() for other in candidates}
        day_names = dict(
            self.env["resource.calendar.attendance"]
            ._fields["dayofweek"]
            ._description_selection(self.env)
        )
        for milk_run in self:
            messages = []
            mine = milk_run._weekly_round_intervals()
            locations = milk_run.stop_ids.location_id.filtered("parent_path")
            for other in candidates - milk_run._origin:
                shared = {
                    location.display_name
                    for location in locations
                    for other_location in other.stop_ids.location_id.filtered("parent_path")
                    if location._child_of(other_location) or other_location._child_of(location)
                }
                if not shared:
                    continue
                moment = round_intervals.intervals_meet(mine, intervals[other])
                if moment is None:
                    continue
                # Said in this circuit's local time, as its timetable is written.
                local = (moment + milk_run._utc_offset_minutes()) % round_intervals.WEEK_MINUTES
                day, minute = divmod(round(local), 1440)
                # A clock time reads the same in every language (and babel cannot extract a
                # call holding an f-string).
                clock = f"{minute // 60:02d}:{minute % 60:02d}"
                messages.append(
                    self.env._(
                        "%(circuit)s also serves %(locations)s while a round of this circuit is "
                        "out (first on %(day)s at %(time)s): a transfer goes with whichever "
                        "round reaches its cut-off first.",
                        circuit=other.display_name,
                        locations=", ".join(sorted(shared)),
                        day=day_names[str(day % 7)],
                        time=clock,
                    )
                )
            milk_run.overlap_warning = "\n".join(messages) or False

    def _compute_kpis(self):
        """The dashboard's milk-run figures of each circuit over its default period (the last
        30 days), read through the KPI engine's entry point: the form and the dashboard cannot
        disagree."""
        rows = {}
        if self._origin.ids:
            kpis = self.env["logistics.kpi.dashboard"].get_kpis(
                filters={"milk_run_ids": self._origin.ids}, families=["milk_run"]
            )
            rows = {row["milk_run_id"]: row for row in kpis["milk_run"]["circuits"]}
        for milk_run in self:
            row = rows.get(milk_run._origin.id, {})
            milk_run.kpi_round_count = row.get("rounds", 0)
            milk_run.kpi_departed_count = row.get("departed", 0)
            milk_run.kpi_stops_reached_count = row.get("stops_reached", 0)
            milk_run.kpi_punctuality_rate = row.get("punctuality_rate") or 0.0
            milk_run.kpi_stop_window_rate = row.get("stop_window_rate") or 0.0
            milk_run.kpi_fill_rate = row.get("fill_rate") or 0.0
            milk_run.kpi_containers_per_round = row.get("containers_per_round") or 0.0
            milk_run.kpi_overflow_count = row.get("overflow_count", 0)

    # Cheap database guards behind the checks (logistics_milk_run_constraints.py), which
    # give the readable message.
    _sql_constraints = [
        ("vehicle_count_positive", "CHECK(vehicle_count >= 1)", "A circuit needs a train."),
        ("speed_positive", "CHECK(speed_m_per_min > 0)", "The train's speed must be positive."),
        ("horizon_positive", "CHECK(horizon_hours > 0)", "The horizon must be positive."),
        (
            "capacity_not_negative",
            "CHECK(capacity_containers >= 0 AND capacity_weight >= 0 AND capacity_volume >= 0)",
            "A train capacity cannot be negative.",
        ),
    ]

    def action_view_rounds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "industrial_logistics.action_logistics_milk_run_round"
        )
        action["domain"] = [("milk_run_id", "=", self.id)]
        action["context"] = {"default_milk_run_id": self.id}
        return action
