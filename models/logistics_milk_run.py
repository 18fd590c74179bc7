import logging
import math
from datetime import datetime, time, timedelta

import pytz
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from ..logistics_algorithms import round_building, round_intervals, routing

_logger = logging.getLogger(__name__)

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

    @api.constrains("timetable_mode", "cycle_minutes", "shift_start", "shift_end")
    def _check_timetable(self):
        for milk_run in self.filtered(lambda m: m.timetable_mode == "cycle"):
            if milk_run.cycle_minutes <= 0:
                raise ValidationError(
                    self.env._(
                        "The cycle of %s must be a positive number of minutes.", milk_run.name
                    )
                )
            if not 0 <= milk_run.shift_start < milk_run.shift_end <= 24:
                raise ValidationError(
                    self.env._(
                        "The shift of %s must start before it ends, within the day.", milk_run.name
                    )
                )

    @api.constrains(
        "capacity_containers",
        "capacity_weight",
        "capacity_volume",
        "speed_m_per_min",
        "vehicle_count",
        "handling_minutes",
        "cutoff_minutes",
    )
    def _check_train(self):
        for milk_run in self:
            if (
                min(
                    milk_run.capacity_containers, milk_run.capacity_weight, milk_run.capacity_volume
                )
                < 0
            ):
                raise ValidationError(
                    self.env._("A train capacity cannot be negative (leave 0 for no limit).")
                )
            if milk_run.speed_m_per_min <= 0:
                raise ValidationError(self.env._("The train's speed must be above zero."))
            if milk_run.vehicle_count < 1:
                raise ValidationError(self.env._("A circuit needs at least one train."))
            if milk_run.handling_minutes < 0 or milk_run.cutoff_minutes < 0:
                raise ValidationError(self.env._("Handling time and cut-off cannot be negative."))

    # Cheap database guards behind the checks below (which give the readable message).
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

    @api.constrains(
        *CAPACITY_FIELDS,
        "cycle_minutes",
        "cutoff_minutes",
        "horizon_hours",
        "routing_time_budget_s",
        "speed_m_per_min",
        "vehicle_count",
        "handling_minutes",
        "punctuality_tolerance_minutes",
    )
    def _check_upper_bounds(self):
        """What a person types stays within what a plant's tugger train can mean: a typo
        (an extra zero) would otherwise plan weeks of rounds or block the cron for minutes."""
        for milk_run in self:
            for field_name in (*MAX_SETTINGS, *CAPACITY_FIELDS):
                if not math.isfinite(milk_run[field_name]):
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(circuit)s must be a number.",
                            field=self._fields[field_name]._description_string(self.env),
                            circuit=milk_run.name,
                        )
                    )
            for field_name, maximum in MAX_SETTINGS.items():
                if milk_run[field_name] > maximum:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(circuit)s cannot exceed %(max)s.",
                            field=self._fields[field_name]._description_string(self.env),
                            circuit=milk_run.name,
                            max=maximum,
                        )
                    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_rounds(self):
        with_rounds = self.with_context(active_test=False).filtered("round_ids")
        if with_rounds:
            raise UserError(
                self.env._(
                    "Circuit %(circuit)s has rounds: its history is kept for the KPIs. Archive it "
                    "instead.",
                    circuit=with_rounds[0].name,
                )
            )

    @api.constrains("routing_time_budget_s", "punctuality_tolerance_minutes", "horizon_hours")
    def _check_positive_settings(self):
        for milk_run in self:
            if milk_run.routing_time_budget_s <= 0 or milk_run.horizon_hours <= 0:
                raise ValidationError(
                    self.env._("The routing time budget and the planning horizon must be positive.")
                )
            if milk_run.punctuality_tolerance_minutes < 0:
                raise ValidationError(self.env._("The punctuality tolerance cannot be negative."))

    # ------------------------------------------------------------------
    # Timetable
    # ------------------------------------------------------------------
    def _departure_hours(self):
        """Departure hours of a working day (floats, 7.5 = 07:30), sorted."""
        self.ensure_one()
        if self.timetable_mode == "cycle":
            hours, hour = [], self.shift_start
            while hour <= self.shift_end + 1e-9:
                hours.append(hour)
                hour += self.cycle_minutes / 60.0
            return hours
        return sorted(set(self.departure_ids.mapped("departure_time")))

    def _planned_round_minutes(self):
        """How long a round is out: one train leaving the source, visiting every stop in the
        circuit's sequence (waiting for a stop's window to open), handling each, and driving
        back, at the train's speed over the distance table, else the coordinates, as the rounds
        are timed (routing.time_trips)."""
        self.ensure_one()
        if not self.stop_ids:
            return 0.0
        trip = [stop._routing_stop() for stop in self.stop_ids.sorted("sequence")]
        return routing.time_trips(
            self._routing_depot(),
            [trip],
            speed_m_per_min=self.speed_m_per_min,
            distance=self._distance_table(),
        ).return_minutes

    def _routing_depot(self):
        """The source, where every trip starts and ends, as the routing module sees it."""
        self.ensure_one()
        source = self.source_location_id
        return routing.Stop(key=source.id, x=source.posx, y=source.posy, window_start=0.0)

    def _utc_offset_minutes(self):
        """The circuit's local time minus UTC today (summer time of the day it is read)."""
        self.ensure_one()
        return datetime.now(pytz.utc).astimezone(self._timezone()).utcoffset().total_seconds() / 60

    def _weekly_round_intervals(self):
        """[start, end) minutes from Monday 00:00 UTC of every round of a working week."""
        self.ensure_one()
        return round_intervals.weekly_intervals(
            self._working_weekdays(),
            self._departure_hours(),
            self._planned_round_minutes(),
            self._utc_offset_minutes(),
        )

    def _working_weekdays(self):
        """Weekdays of the calendar; without one, the addon's fallback (Monday to Friday)."""
        self.ensure_one()
        return self.calendar_id._logistics_working_weekdays()

    def _timezone(self):
        """The calendar's time zone, else the company's, else the user's: not who runs the cron."""
        self.ensure_one()
        return pytz.timezone(
            self.calendar_id.tz or self.company_id.partner_id.tz or self.env.user.tz or "UTC"
        )

    def _closed_days(self, first_day, last_day):
        """Local dates between the two (included) on which the calendar has no working time though
        their weekday is worked: public holidays and other time off of the whole calendar."""
        self.ensure_one()
        worked = self.calendar_id._logistics_working_dates(first_day, last_day)[False]
        weekdays = self._working_weekdays()
        closed, day = set(), first_day
        while day <= last_day:
            if day.weekday() in weekdays and day not in worked:
                closed.add(day)
            day += timedelta(days=1)
        return closed

    def _planned_departures(self, start, end):
        """UTC naive datetimes of the timetable's departures in [start, end)."""
        self.ensure_one()
        timezone = self._timezone()
        weekdays = self._working_weekdays()
        hours = self._departure_hours()
        local_start = pytz.utc.localize(start).astimezone(timezone).date()
        local_end = pytz.utc.localize(end).astimezone(timezone).date()
        closed = self._closed_days(local_start, local_end)
        departures = []
        day = local_start
        while day <= local_end:
            if day.weekday() in weekdays and day not in closed:
                for hour in hours:
                    minutes = round(hour * 60)
                    local = datetime.combine(day, time(0, 0)) + timedelta(minutes=minutes)
                    utc = timezone.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
                    if start <= utc < end:
                        departures.append(utc)
            day += timedelta(days=1)
        return departures

    def _create_rounds(self, now=None):
        """Create the missing rounds of the timetable within each circuit's horizon."""
        now = now or fields.Datetime.now()
        Round = self.env["logistics.milk.run.round"]
        existing = {
            (round_.milk_run_id.id, round_.planned_departure)
            for round_ in Round.search_fetch(
                [("milk_run_id", "in", self.ids), ("planned_departure", ">=", now)],
                ["milk_run_id", "planned_departure"],
            )
        }
        vals_list = []
        for milk_run in self:
            for departure in milk_run._planned_departures(
                now, now + timedelta(hours=milk_run.horizon_hours)
            ):
                if (milk_run.id, departure) not in existing:
                    vals_list.append(milk_run._prepare_round_vals(departure))
        # rounds come from the timetable: no "created" message nor follower on each; their
        # chatter starts with what people do to them
        Quiet = Round.with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                return Quiet.create(vals_list).with_env(Round.env)
        except UniqueViolation:
            # Another transaction (the cron, a manager's "Build next round") created some of
            # these departures since we looked: create the others one by one, leave those to it.
            _logger.info("Milk runs %s: rounds created at the same time elsewhere", self.ids)
        rounds = Round
        for vals in vals_list:
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    rounds |= Quiet.create(vals).with_env(Round.env)
            except UniqueViolation:
                _logger.info(
                    "Milk run %s: round at %s created at the same time elsewhere",
                    vals["milk_run_id"],
                    vals["planned_departure"],
                )
        return rounds

    def _prepare_round_vals(self, departure):
        self.ensure_one()
        return {"milk_run_id": self.id, "planned_departure": departure}

    @api.model
    def _cron_plan_rounds(self):
        """Scheduled action: create the coming rounds, then build those past their cut-off."""
        now = fields.Datetime.now()
        # Circuit by circuit, each in its savepoint: one circuit that fails (a calendar, a
        # location, a round a driver is starting right now) is logged and left for the next
        # run; the others get their rounds.
        for milk_run in self.search([]):
            try:
                with self.env.cr.savepoint():
                    milk_run._create_rounds(now)
            except Exception:
                _logger.exception("Milk run %s: rounds not created", milk_run.name)
        due = self.env["logistics.milk.run.round"].search(
            [("state", "=", "planned"), ("cutoff_datetime", "<=", now)], order="planned_departure"
        )
        for milk_run, rounds in due.grouped("milk_run_id").items():
            try:
                with self.env.cr.savepoint():
                    rounds._build()
            except UserError as error:
                _logger.info("Milk run %s: rounds left for the next run: %s", milk_run.name, error)
            except Exception:
                _logger.exception("Milk run %s: rounds not built", milk_run.name)

    def action_build_next_round(self):
        """Build the next planned round of each circuit now, whatever its cut-off."""
        if not self.env.su:
            if not self.env.user.has_group("industrial_logistics.group_logistics_manager"):
                raise AccessError(self.env._("Only a supply-chain manager builds rounds ahead."))
            self.check_access("write")
            # sudo: a round changes state only through the actions; manager and company
            # checked above.
            return self.sudo().action_build_next_round()
        self._create_rounds()
        Round = self.env["logistics.milk.run.round"]
        rounds = Round
        for milk_run in self:
            rounds |= Round.search(
                [("milk_run_id", "=", milk_run.id), ("state", "=", "planned")],
                order="planned_departure",
                limit=1,
            )
        if not rounds:
            raise UserError(
                self.env._(
                    "No round is planned: check the circuit's timetable. If the scheduled action "
                    "is creating the rounds right now, try again in a moment."
                )
            )
        rounds._build()
        return rounds.get_formview_action() if len(rounds) == 1 else True

    def action_view_rounds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "industrial_logistics.action_logistics_milk_run_round"
        )
        action["domain"] = [("milk_run_id", "=", self.id)]
        action["context"] = {"default_milk_run_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Helpers for the rounds
    # ------------------------------------------------------------------
    def _capacity(self):
        """Train capacity of one departure (all trains together) for the round filling."""
        self.ensure_one()
        trains = self.vehicle_count
        return round_building.Capacity(
            containers=self.capacity_containers * trains or None,
            weight=self.capacity_weight * trains or None,
            volume=self.capacity_volume * trains or None,
        )

    def _distance_table(self):
        """{(location id, location id): metres} of the circuit's explicit distance table."""
        self.ensure_one()
        return {
            (distance.from_location_id.id, distance.to_location_id.id): distance.distance_m
            for distance in self.distance_ids
        }

    def _pending_pickings(self):
        """Ready transfers of the circuit's type to one of its stops (or inside one), on no round,
        most urgent first."""
        self.ensure_one()
        if not self.stop_ids:
            return self.env["stock.picking"]
        return self.env["stock.picking"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "assigned"),
                ("picking_type_id", "=", self.picking_type_id.id),
                ("milk_run_round_id", "=", False),
                ("location_dest_id", "child_of", self.stop_ids.location_id.ids),
            ],
            order="scheduled_date, id",
        )
