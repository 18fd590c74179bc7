import logging
from collections import defaultdict
from datetime import timedelta

from psycopg2.errors import LockNotAvailable

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_datetime

from ..logistics_algorithms import round_building, routing
from .formatting import format_number

_logger = logging.getLogger(__name__)

# The states of a round, the round's and the round report's.
ROUND_STATES = [
    ("planned", "Planned"),
    ("loading", "Loading"),
    ("on_route", "On route"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]

# A round that has left or is over is history: the KPIs read its facts, and its transfers are
# never offered to another round. Only the driver flow (action_*) changes it.
CLOSED_STATES = ("on_route", "done", "cancelled")


class LogisticsMilkRunRound(models.Model):
    """One departure of a circuit: the transfers it carries (a batch), its stops in visiting order,
    and the facts of the run (actual departure, arrivals, load) kept for the KPIs."""

    _name = "logistics.milk.run.round"
    _description = "Milk-Run Round"
    _inherit = ["mail.thread"]
    _order = "planned_departure desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    milk_run_id = fields.Many2one(
        "logistics.milk.run",
        string="Circuit",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="milk_run_id.company_id", store=True, index=True)
    state = fields.Selection(
        ROUND_STATES,
        default="planned",
        required=True,
        tracking=True,
        index=True,
    )
    planned_departure = fields.Datetime(required=True, index=True, tracking=True)
    cutoff_datetime = fields.Datetime(
        string="Cut-off", compute="_compute_cutoff_datetime", store=True, index=True
    )
    planned_return = fields.Datetime(readonly=True)
    actual_departure = fields.Datetime(readonly=True, tracking=True)
    actual_return = fields.Datetime(readonly=True, tracking=True)
    departure_delay_minutes = fields.Float(
        compute="_compute_departure_delay", store=True, help="Actual minus planned departure."
    )
    departed_on_time = fields.Boolean(compute="_compute_departure_delay", store=True)
    user_id = fields.Many2one("res.users", string="Driver", readonly=True)
    built_datetime = fields.Datetime(string="Built on", readonly=True)
    batch_id = fields.Many2one(
        "stock.picking.batch", string="Batch", readonly=True, check_company=True
    )
    picking_ids = fields.One2many("stock.picking", "milk_run_round_id", string="Transfers")
    picking_count = fields.Integer(compute="_compute_picking_count")
    round_stop_ids = fields.One2many("logistics.milk.run.round.stop", "round_id", string="Stops")
    containers = fields.Float(compute="_compute_load", store=True)
    weight = fields.Float(string="Weight (kg)", compute="_compute_load", store=True)
    volume = fields.Float(string="Volume (m³)", compute="_compute_load", store=True)
    train_count = fields.Integer(
        string="Trains",
        default=1,
        readonly=True,
        help="Trains leaving together on this departure, from the circuit at the build.",
    )
    capacity_containers = fields.Float(readonly=True, help="Containers all trains carry, at build.")
    capacity_weight = fields.Float(string="Capacity weight (kg)", readonly=True)
    capacity_volume = fields.Float(string="Capacity volume (m³)", readonly=True)
    fill_ratio = fields.Float(
        compute="_compute_load",
        store=True,
        aggregator="avg",
        help="Load over capacity on the most used limited dimension (0 when unlimited).",
    )
    overflow_count = fields.Integer(
        readonly=True, help="Ready transfers this round could not take at its build."
    )
    overflow_note = fields.Text(readonly=True)
    routing_optimised = fields.Boolean(string="Stop order optimised", readonly=True)
    routing_message = fields.Char(string="Stop order", readonly=True)

    _sql_constraints = [
        (
            "departure_unique",
            "UNIQUE(milk_run_id, planned_departure)",
            "This circuit already has a round at that departure time.",
        ),
    ]

    @api.depends("milk_run_id.name", "planned_departure")
    def _compute_name(self):
        for round_ in self:
            when = (
                format_datetime(
                    self.env,
                    round_.planned_departure,
                    tz=round_.milk_run_id._timezone().zone,
                    dt_format="yyyy-MM-dd HH:mm",
                )
                if round_.planned_departure and round_.milk_run_id
                else ""
            )
            round_.name = f"{round_.milk_run_id.name or ''} {when}".strip()

    @api.depends("planned_departure", "milk_run_id.cutoff_minutes")
    def _compute_cutoff_datetime(self):
        for round_ in self:
            round_.cutoff_datetime = (
                round_.planned_departure
                and round_.planned_departure - timedelta(minutes=round_.milk_run_id.cutoff_minutes)
            )

    @api.depends(
        "planned_departure", "actual_departure", "milk_run_id.punctuality_tolerance_minutes"
    )
    def _compute_departure_delay(self):
        for round_ in self:
            if not round_.actual_departure:
                round_.departure_delay_minutes = 0.0
                round_.departed_on_time = False
                continue
            delay = (round_.actual_departure - round_.planned_departure).total_seconds() / 60.0
            round_.departure_delay_minutes = delay
            round_.departed_on_time = abs(delay) <= round_.milk_run_id.punctuality_tolerance_minutes

    def _compute_picking_count(self):
        for round_ in self:
            round_.picking_count = len(round_.picking_ids)

    @api.depends(
        "picking_ids.milk_run_containers",
        "picking_ids.milk_run_weight",
        "picking_ids.milk_run_volume",
        "capacity_containers",
        "capacity_weight",
        "capacity_volume",
    )
    def _compute_load(self):
        for round_ in self:
            pickings = round_.picking_ids
            round_.containers = sum(pickings.mapped("milk_run_containers"))
            round_.weight = sum(pickings.mapped("milk_run_weight"))
            round_.volume = sum(pickings.mapped("milk_run_volume"))
            ratios = [
                used / limit
                for used, limit in (
                    (round_.containers, round_.capacity_containers),
                    (round_.weight, round_.capacity_weight),
                    (round_.volume, round_.capacity_volume),
                )
                if limit
            ]
            round_.fill_ratio = max(ratios, default=0.0)

    # ------------------------------------------------------------------
    # Guards: the state and the facts change only through the actions below
    # ------------------------------------------------------------------
    def write(self, vals):
        if not self.env.su:
            self.check_access("write")  # no write right (storekeepers): AccessError first
            if "state" in vals:
                raise UserError(
                    self.env._(
                        "A round changes state only through its buttons and the driver screen "
                        "(build, start, finish, cancel)."
                    )
                )
            facts = [name for name in vals if not name.startswith(("message_", "activity_"))]
            closed = self.filtered(lambda r: r.state in CLOSED_STATES)
            if facts and closed:
                raise UserError(
                    self.env._(
                        "%(round)s has left or is over: its facts are kept as they are for the "
                        "KPIs.",
                        round=closed[0].name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        # Only the superuser (a data fix, a test's clean-up) deletes a round that has run.
        history = self.filtered(lambda r: r.state in ("on_route", "done"))
        if history and not self.env.su:
            raise UserError(
                self.env._(
                    "%(round)s has run: it is part of the circuit's history and cannot be "
                    "deleted. Archive the circuit to stop its rounds.",
                    round=history[0].name,
                )
            )

    def _check_driver(self):
        """The caller may act on these rounds from the screens: a storekeeper, in the rounds'
        companies, and once a round of one train has left, its driver (or a manager). Raises
        AccessError."""
        user = self.env.user
        manager = user.has_group("industrial_logistics.group_logistics_manager")
        if not manager and not user.has_group("industrial_logistics.group_logistics_storekeeper"):
            raise AccessError(self.env._("Only the supply-chain team runs milk-run rounds."))
        self.check_access("read")  # the caller's companies (record rules)
        if manager:
            return
        taken = self.filtered(
            lambda r: r.state == "on_route" and r.user_id and r.user_id != user and r._trains() == 1
        )
        if taken:
            raise AccessError(
                self.env._(
                    "%(round)s is driven by %(driver)s: only they (or a manager) can run it.",
                    round=taken[0].name,
                    driver=taken[0].user_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Building
    # ------------------------------------------------------------------
    def action_build(self):
        """'Build now': fill the round with what is ready, without waiting for its cut-off."""
        self._check_driver()
        if not self.env.su:
            # sudo: storekeepers read rounds only; caller, company checked above, state below.
            return self.sudo().action_build()
        not_planned = self.filtered(lambda r: r.state != "planned")
        if not_planned:
            raise UserError(
                self.env._(
                    "%s is already built: only a planned round can be built.", not_planned[0].name
                )
            )
        self._build()
        return True

    def _build(self):
        """Fill planned rounds, earliest first per circuit: what one round cannot take is offered
        to the next one built in the same call, else waits for a later round with its reason."""
        self._lock_rows()
        for milk_run in self.milk_run_id:
            rounds = self.filtered(lambda r, m=milk_run: r.milk_run_id == m).sorted(
                "planned_departure"
            )
            # Transfers a kanban scan left unreserved (stock.move._kanban_reserve) ride too.
            self.env["stock.move"]._kanban_reserve_for_round(
                milk_run.picking_type_id, milk_run.stop_ids.location_id
            )
            pickings = milk_run._pending_pickings()
            stop_by_picking = self._stop_by_picking(milk_run, pickings)
            loads = self._prepare_loads(
                pickings.filtered(lambda p, served=stop_by_picking: p.id in served), stop_by_picking
            )
            capacity = milk_run._capacity()
            for round_ in rounds:
                fill = round_building.fill_round(loads, capacity)
                round_._load_pickings(fill, stop_by_picking, capacity)
                loads = [overflow.load for overflow in fill.overflow]

    def _lock_rows(self):
        """Refuse to work on a round another user is building or starting right now."""
        if not self:
            return
        self.flush_recordset()
        try:
            # A savepoint, so that a refused lock leaves this transaction usable (its caller
            # may still log or answer) instead of aborting it.
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM logistics_milk_run_round WHERE id IN %s FOR UPDATE NOWAIT",
                        tuple(self.ids),
                    )
                )
        except LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "Someone else is working on this round right now; try again in a moment."
                )
            ) from error
        # Decide on what is in the database under the lock, not on what this session read before.
        self.invalidate_recordset()

    @api.model
    def _stop_by_picking(self, milk_run, pickings):
        """{picking id: stop} with the most specific stop whose location holds the destination."""
        stops = milk_run.stop_ids.sorted(
            lambda s: len(s.location_id.parent_path or ""), reverse=True
        )
        result = {}
        for picking in pickings.filtered("location_dest_id.parent_path"):
            for stop in stops:
                if picking.location_dest_id._child_of(stop.location_id):
                    result[picking.id] = stop
                    break
        return result

    @api.model
    def _prepare_loads(self, pickings, stop_by_picking):
        """One load per transfer. Its containers are the distinct packages of its move lines, a
        move line without a package counting as one container (a bin, a box, a kanban container);
        weight and volume are the products' weight and volume times the quantity reserved."""
        loads = []
        for picking in pickings:
            lines = picking.move_line_ids
            packages = {line.result_package_id.id for line in lines if line.result_package_id}
            loose = len(lines.filtered(lambda line: not line.result_package_id))
            containers = (len(packages) + loose) or len(picking.move_ids)
            weight = sum(move.product_id.weight * move.product_qty for move in picking.move_ids)
            volume = sum(move.product_id.volume * move.product_qty for move in picking.move_ids)
            loads.append(
                round_building.Load(
                    key=picking.id,
                    stop_key=stop_by_picking[picking.id].id,
                    need_date=picking.scheduled_date,
                    containers=containers,
                    weight=weight,
                    volume=volume,
                )
            )
        return loads

    def _load_pickings(self, fill, stop_by_picking, capacity):
        """Write one round's fill: its batch, its load, the overflow and the stop order."""
        self.ensure_one()
        Picking = self.env["stock.picking"]
        now = fields.Datetime.now()
        taken = Picking.browse([load.key for load in fill.taken])
        if fill.taken:
            # One UPDATE for every transfer's own load figures, then one ORM write that puts
            # them on the round (and recomputes the round's load from the figures).
            self.env.cr.execute(
                SQL(
                    "UPDATE stock_picking AS picking SET milk_run_containers = load.containers, "
                    "milk_run_weight = load.weight, milk_run_volume = load.volume "
                    "FROM (VALUES %s) AS load(id, containers, weight, volume) "
                    "WHERE picking.id = load.id",
                    SQL(", ").join(
                        SQL(
                            "(%s, %s::float8, %s::float8, %s::float8)",
                            load.key,
                            load.containers,
                            load.weight,
                            load.volume,
                        )
                        for load in fill.taken
                    ),
                )
            )
            taken.invalidate_recordset(
                ["milk_run_containers", "milk_run_weight", "milk_run_volume"]
            )
            taken.write({"milk_run_round_id": self.id, "milk_run_overflow_reason": False})
        overflow_lines = []
        by_reason = defaultdict(list)
        for overflow in fill.overflow:
            by_reason[self._overflow_reason_text(overflow)].append(overflow.load.key)
        for reason, ids in by_reason.items():
            postponed = Picking.browse(ids)
            text = self.env._("Not taken by %(round)s: %(reason)s", round=self.name, reason=reason)
            postponed.write({"milk_run_overflow_reason": text})
            self.env.cr.execute(
                SQL(
                    "UPDATE stock_picking SET milk_run_overflow_count = "
                    "COALESCE(milk_run_overflow_count, 0) + 1 WHERE id IN %s",
                    tuple(ids),
                )
            )
            postponed.invalidate_recordset(["milk_run_overflow_count"])
            overflow_lines += [f"{picking.name}: {reason}" for picking in postponed]
        vals = {
            "state": "loading",
            "built_datetime": now,
            "train_count": self.milk_run_id.vehicle_count,
            "capacity_containers": capacity.containers or 0.0,
            "capacity_weight": capacity.weight or 0.0,
            "capacity_volume": capacity.volume or 0.0,
            "overflow_count": len(fill.overflow),
            "overflow_note": "\n".join(overflow_lines) or False,
        }
        if taken:
            vals["batch_id"] = (
                self.env["stock.picking.batch"].create(self._prepare_batch_vals(taken)).id
            )
        self.write(vals)
        if taken:
            # The transfers are already ready: the batch only needs to be in progress, not
            # stock.picking.batch.action_confirm(), which would confirm each transfer again.
            self.batch_id.state = "in_progress"
        self._plan_stops(stop_by_picking)

    def _overflow_reason_text(self, overflow):
        """Why round_building left a load off the train, in the user's language."""
        _ = self.env._
        dimensions = {"containers": _("containers"), "weight": _("weight"), "volume": _("volume")}
        values = {
            "dimension": dimensions[overflow.dimension],
            "need": format_number(self.env, overflow.need),
            "used": format_number(self.env, overflow.used),
            "limit": format_number(self.env, overflow.limit),
        }
        if overflow.reason == "too_big":
            return _(
                "load bigger than the whole train: needs %(need)s %(dimension)s, the train "
                "carries %(limit)s",
                **values,
            )
        return _("train full: %(used)s/%(limit)s %(dimension)s used, load needs %(need)s", **values)

    def _prepare_batch_vals(self, pickings):
        self.ensure_one()
        return {
            "description": self.name,
            "company_id": self.company_id.id,
            "picking_type_id": self.milk_run_id.picking_type_id.id,
            "scheduled_date": self.planned_departure,
            "picking_ids": [fields.Command.set(pickings.ids)],
        }

    # ------------------------------------------------------------------
    # Stop order
    # ------------------------------------------------------------------
    def _plan_stops(self, stop_by_picking):
        """Order the stops that have something to drop (PyVRP when the circuit allows it, else the
        circuit's sequence) and time them; the pickings of the batch follow the stop order."""
        self.ensure_one()
        milk_run = self.milk_run_id
        pickings = self.picking_ids
        containers_by_stop = defaultdict(float)
        for picking in pickings:
            containers_by_stop[stop_by_picking[picking.id]] += picking.milk_run_containers
        stops = milk_run.stop_ids.filtered(lambda s: s in containers_by_stop)
        depot = milk_run._routing_depot()
        route_stops = [stop._routing_stop(demand=containers_by_stop[stop]) for stop in stops]
        per_train = milk_run.capacity_containers or None
        if not milk_run.resequence:
            routes = [[stop.key for stop in route_stops]] if route_stops else []
            optimised, message = (
                False,
                self.env._("Stops in the circuit's order (optimisation off)."),
            )
        else:
            try:
                plan = routing.plan_route(
                    depot,
                    route_stops,
                    vehicles=milk_run.vehicle_count,
                    capacity=per_train,
                    speed_m_per_min=milk_run.speed_m_per_min,
                    distance=milk_run._distance_table(),
                    time_budget_s=milk_run.routing_time_budget_s,
                    **self._routing_options(),
                )
                routes, optimised = plan.routes, plan.solved_by_solver
                message = self._routing_message(plan)
            except ValueError as error:
                routes = [[stop.key for stop in route_stops]] if route_stops else []
                optimised = False
                # The circuit's constraints keep the routing's input valid: what it still
                # refuses is for the administrator's log, the driver reads a sentence.
                _logger.info("round %s: the routing refused its input: %s", self.name, error)
                message = self.env._(
                    "Routing impossible (the circuit's figures are inconsistent); stops kept in "
                    "the circuit's order."
                )
        stop_by_location = {stop.location_id.id: stop for stop in stops}
        timed = self._time_routes(routes, depot, route_stops)
        vals_list = []
        for sequence, (trip, train, location_id, arrival) in enumerate(timed["arrivals"], start=1):
            stop = stop_by_location[location_id]
            vals_list.append(
                {
                    "round_id": self.id,
                    "stop_id": stop.id,
                    "sequence": sequence,
                    "trip": trip,
                    "train": train,
                    "planned_arrival": arrival,
                }
            )
        round_stops = self.env["logistics.milk.run.round.stop"].create(vals_list)
        round_stop_by_stop = {round_stop.stop_id: round_stop for round_stop in round_stops}
        for round_stop in round_stops:
            mine = pickings.filtered(lambda p, rs=round_stop: stop_by_picking[p.id] == rs.stop_id)
            mine.write(
                {"milk_run_round_stop_id": round_stop.id, "batch_sequence": round_stop.sequence}
            )
        self.write(
            {
                "planned_return": timed["return"],
                "routing_optimised": optimised,
                "routing_message": message,
            }
        )
        if not optimised and milk_run.resequence and route_stops:
            self.message_post(body=message)
        return round_stop_by_stop

    def _routing_options(self):
        """Extra solver options; tests pin an iteration limit for reproducible routes."""
        limit = self.env.context.get("milk_run_max_iterations")
        return {"max_iterations": limit} if limit else {}

    def _routing_message(self, plan):
        """How routing.plan_route ordered the stops (its code and figures), in the user's
        language."""
        _ = self.env._
        details = plan.details
        reasons = {
            "no_stop": _("no stop to visit"),
            "single_stop": _("single stop: nothing to sequence"),
            "infeasible": _(
                "no feasible sequence found (time windows, capacity or number of vehicles)"
            ),
        }
        if plan.code == "solved":
            return _(
                "sequenced by PyVRP in %(seconds)s s (%(iterations)s iterations)",
                seconds=format_number(self.env, details["runtime_s"], max_digits=1),
                iterations=details["iterations"],
            )
        if plan.code == "solver_error":
            reason = _("solver error: %(error)s", error=details["error"])
        else:
            reason = reasons[plan.code]
        if plan.code in ("no_stop", "single_stop"):
            return reason
        message = _("%(reason)s; stops kept in the given order, not optimised", reason=reason)
        if "trips" in details:
            message = _(
                "%(message)s (%(trips)s trips needed for %(vehicles)s vehicle(s))",
                message=message,
                trips=details["trips"],
                vehicles=details["vehicles"],
            )
        return message

    def _time_routes(self, routes, depot, route_stops):
        """Planned arrival at each stop (trip, train numbered from 1, location id, arrival) and
        the return, timed by routing.time_trips."""
        self.ensure_one()
        milk_run = self.milk_run_id
        by_key = {stop.key: stop for stop in route_stops}
        timed = routing.time_trips(
            depot,
            [[by_key[key] for key in route] for route in routes],
            vehicles=milk_run.vehicle_count,
            speed_m_per_min=milk_run.speed_m_per_min,
            distance=milk_run._distance_table(),
        )
        departure = self.planned_departure
        return {
            "arrivals": [
                (trip, train, key, departure + timedelta(minutes=minutes))
                for trip, train, key, minutes in timed.arrivals
            ],
            "return": departure + timedelta(minutes=timed.return_minutes),
        }

    # ------------------------------------------------------------------
    # Driver flow
    # ------------------------------------------------------------------
    def action_start(self):
        """The train leaves: departure time recorded, once."""
        self._check_driver()
        if not self.env.su:
            # sudo: storekeepers read rounds only; caller and company checked above, state
            # below under the row lock. The caller stays the user (env.uid) recorded as driver.
            return self.sudo().action_start()
        self._lock_rows()
        for round_ in self:
            if round_.state in ("on_route", "done"):
                raise UserError(
                    self.env._(
                        "%(round)s already left at %(when)s (driver: %(driver)s).",
                        round=round_.name,
                        when=format_datetime(self.env, round_.actual_departure, dt_format="HH:mm"),
                        driver=round_.user_id.name or "-",
                    )
                )
            if round_.state == "cancelled":
                raise UserError(self.env._("%s is cancelled: it cannot start.", round_.name))
        self.filtered(lambda r: r.state == "planned")._build()
        self.write(
            {
                "state": "on_route",
                "actual_departure": fields.Datetime.now(),
                "user_id": self.env.uid,
            }
        )
        return True

    def action_scan_location(self, barcode, train=None):
        """Driver scanned a location barcode: arrive at the stop it belongs to (or say why not).

        With ``train``, only that train's stops: another train's stop is refused, naming it."""
        self.ensure_one()
        self._check_driver()
        if not self.env.su:
            # sudo: the arrival time is the driver's only write; caller, company and driver
            # checked above, state and stop below.
            return self.sudo().action_scan_location(barcode, train)
        if self.state != "on_route":
            raise UserError(self.env._("Start the round before scanning its stops."))
        location = self.env["stock.location"].search(
            [
                ("barcode", "=", (barcode or "").strip()),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            limit=1,
        )
        round_stop = self.round_stop_ids.filtered(
            lambda rs: location and location._child_of(rs.stop_id.location_id)
        )[:1]
        if not round_stop:
            raise UserError(
                self.env._("%s is not a stop of this round: check the location label.", barcode)
            )
        if train and round_stop.train != train:
            raise UserError(
                self.env._(
                    "%(stop)s is served by train %(other)s, not by your train %(train)s.",
                    stop=round_stop.stop_id.location_id.display_name,
                    other=round_stop.train,
                    train=train,
                )
            )
        if round_stop.state == "done":
            raise UserError(
                self.env._("%s is already delivered.", round_stop.stop_id.location_id.display_name)
            )
        if not round_stop.actual_arrival:
            round_stop.actual_arrival = fields.Datetime.now()
        return round_stop.id

    def action_finish(self, train=None):
        """The train is back: every stop must have been dropped.

        With ``train`` (a driver of a round of several trains): that train's stops must be
        dropped; while another train still has stops to do, its return is only noted and the
        round stays on route (returns False) until the last train is back."""
        self._check_driver()
        if not self.env.su:
            # sudo: caller, company and driver checked above, state and stops below.
            return self.sudo().action_finish(train)
        if train:
            self.ensure_one()
            if self.state == "on_route":
                mine = self.round_stop_ids.filtered(lambda rs: rs.train == train)
                others_left = (self.round_stop_ids - mine).filtered(lambda rs: rs.state != "done")
                if others_left and all(rs.state == "done" for rs in mine):
                    self.message_post(
                        body=self.env._(
                            "Train %(train)s is back; still to deliver by the other trains: "
                            "%(stops)s.",
                            train=train,
                            stops=", ".join(others_left.mapped("stop_id.location_id.display_name")),
                        )
                    )
                    return False
        for round_ in self:
            if round_.state != "on_route":
                raise UserError(self.env._("%s is not on route: it cannot finish.", round_.name))
            left = round_.round_stop_ids.filtered(
                lambda rs: rs.state != "done" and (not train or rs.train == train)
            )
            if left:
                raise UserError(
                    self.env._(
                        "Drop at every stop before finishing; still to do: %s.",
                        ", ".join(left.mapped("stop_id.location_id.display_name")),
                    )
                )
        self.write({"state": "done", "actual_return": fields.Datetime.now()})
        return True

    def action_cancel(self):
        """Cancel rounds that have not left; their transfers go back to wait for another round."""
        self._check_driver()
        if not self.env.su:
            # sudo: the state changes only through the actions; caller checked above, state below.
            return self.sudo().action_cancel()
        if self.filtered(lambda r: r.state in ("on_route", "done")):
            raise UserError(self.env._("A round that has left cannot be cancelled."))
        batches = self.batch_id
        self.picking_ids.write(
            {"milk_run_round_id": False, "milk_run_round_stop_id": False, "batch_id": False}
        )
        batches.filtered(lambda b: b.state not in ("done", "cancel")).action_cancel()
        self.round_stop_ids.unlink()
        self.write({"state": "cancelled"})
        return True

    def action_open_driver_screen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "industrial_logistics.milk_run_driver",
            "name": self.env._("Driver"),
            "params": {"round_id": self.id},
        }

    def _detach_cancelled_pickings(self, pickings):
        """Take cancelled transfers off their round's batch, with a note on both sides."""
        # sudo: whoever cancels a transfer takes it off its round (rounds and their stops are
        # read-only to storekeepers); only these cancelled transfers and their empty stops move.
        pickings = pickings.sudo()
        for round_ in pickings.milk_run_round_id:
            mine = pickings.filtered(lambda p, r=round_: p.milk_run_round_id == r)
            mine.write(
                {"milk_run_round_id": False, "milk_run_round_stop_id": False, "batch_id": False}
            )
            round_.message_post(
                body=self.env._(
                    "Transfer(s) %s cancelled: removed from the round and its batch.",
                    ", ".join(mine.mapped("name")),
                )
            )
            for picking in mine:
                picking.message_post(
                    body=self.env._(
                        "Cancelled while on milk-run round %s: removed from it.", round_.name
                    )
                )
            round_.round_stop_ids.filtered(
                lambda rs: not rs.picking_ids and rs.state != "done"
            ).unlink()

    @api.model
    def get_driver_rounds(self):
        """Rounds a driver can run now, for the handheld screen: those built or on route, then
        the next few planned ones."""
        rounds = self.search([("state", "in", ("loading", "on_route"))], order="planned_departure")
        rounds |= self.search([("state", "=", "planned")], order="planned_departure", limit=5)
        return [round_._driver_summary() for round_ in rounds]

    def _driver_summary(self):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "state": self.state,
            "state_label": dict(self._fields["state"]._description_selection(self.env))[self.state],
            "planned_departure": format_datetime(
                self.env, self.planned_departure, dt_format="HH:mm"
            ),
            "containers": self.containers,
            "stop_count": len(self.round_stop_ids),
            "train_count": self._trains(),
        }

    def _trains(self):
        """Trains of the round: as built, else (planned) those of the circuit today."""
        self.ensure_one()
        return max(self.train_count if self.built_datetime else self.milk_run_id.vehicle_count, 1)

    def _train_summaries(self):
        """One entry per train of the round: its name, its stops, what it carries and what one
        train can carry (the round's capacity is that of all its trains; 0 = no limit)."""
        self.ensure_one()
        trains = self._trains()
        per_train = (
            self.capacity_containers / trains
            if self.built_datetime
            else self.milk_run_id.capacity_containers
        )
        summaries = []
        for number in range(1, trains + 1):
            stops = self.round_stop_ids.filtered(lambda rs, n=number: rs.train == n)
            summaries.append(
                {
                    "number": number,
                    "name": self.env._(
                        "Train %(number)s of %(count)s", number=number, count=trains
                    ),
                    "stop_count": len(stops),
                    "trip_count": len(set(stops.mapped("trip"))),
                    "containers": sum(stops.mapped("containers")),
                    "capacity_containers": per_train,
                }
            )
        return summaries

    def get_driver_data(self, train=None):
        """Everything the driver screen shows for one round, stops in visiting order.

        A round of one train is that train's; on a round of several trains, ``train`` keeps only
        that train's stops and load, and without it the driver is asked to choose his train."""
        self.ensure_one()
        summary = self._driver_summary()
        summary["routing_message"] = self.routing_message or ""
        summary["trains"] = self._train_summaries()
        if self._trains() == 1:
            train = 1
        summary["train"] = train or False
        round_stops = self.round_stop_ids.filtered(lambda rs: not train or rs.train == train)
        summary["stops"] = [
            {
                "id": round_stop.id,
                "sequence": round_stop.sequence,
                "trip": round_stop.trip,
                "train": round_stop.train,
                "name": round_stop.stop_id.location_id.display_name,
                "barcode": round_stop.stop_id.location_id.barcode or "",
                "planned_arrival": format_datetime(
                    self.env, round_stop.planned_arrival, dt_format="HH:mm"
                ),
                "arrived": bool(round_stop.actual_arrival),
                "state": round_stop.state,
                "containers": round_stop.containers,
                "pickings": round_stop.picking_ids.mapped("name"),
                "drops": [
                    f"{drop['location']}: {drop['what']}"
                    + (
                        f" × {format_number(self.env, drop['quantity'])} {drop['uom']}"
                        if drop["quantity"]
                        else ""
                    )
                    for drop in round_stop._drops()
                ],
            }
            for round_stop in round_stops.sorted("sequence")
        ]
        return summary
