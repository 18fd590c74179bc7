import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

from ..logistics_algorithms import routing
from .formatting import format_number

_logger = logging.getLogger(__name__)


# How the stops of a built round were ordered: routing.plan_route's codes, the circuit's own
# order (optimisation off, or input the routing refused), and "legacy" for a round built before
# 18.0.1.1.0 whose stored sentence the upgrade could not read (kept in routing_message_legacy).
ROUTING_STATUSES = [
    ("solved", "Optimised"),
    ("no_stop", "No stop to visit"),
    ("single_stop", "Single stop"),
    ("infeasible", "No feasible sequence"),
    ("solver_error", "Solver error"),
    ("optimisation_off", "Optimisation off"),
    ("input_refused", "Inconsistent circuit figures"),
    ("legacy", "Recorded before the upgrade"),
]


class LogisticsMilkRunRound(models.Model):
    """The stop order of a built round (PyVRP or the circuit's sequence) and its timing.

    The outcome is stored as a code and its figures, and written as a sentence when it is read,
    in the reader's language: a French driver and an English manager read the same round."""

    _inherit = "logistics.milk.run.round"

    routing_optimised = fields.Boolean(string="Stop order optimised", readonly=True)
    routing_status = fields.Selection(ROUTING_STATUSES, string="Stop order status", readonly=True)
    routing_details = fields.Json(
        string="Stop order figures",
        readonly=True,
        help="Figures of the status: runtime_s and iterations of the solver, its error, the "
        "trips needed and the vehicles available.",
    )
    routing_message_legacy = fields.Char(
        string="Stop order (before the upgrade)",
        readonly=True,
        help="The sentence a round built before version 18.0.1.1.0 stored, when the upgrade "
        "could not read its status from it.",
    )
    routing_message = fields.Char(string="Stop order", compute="_compute_routing_message")

    @api.depends("routing_status", "routing_details", "routing_message_legacy")
    @api.depends_context("lang")
    def _compute_routing_message(self):
        for round_ in self:
            round_.routing_message = round_._routing_sentence()

    def _routing_sentence(self):
        """The routing status and its figures as a sentence in the reader's language."""
        self.ensure_one()
        _ = self.env._
        status, details = self.routing_status, self.routing_details or {}
        if not status:
            return False
        if status == "legacy":
            return self.routing_message_legacy
        if status == "optimisation_off":
            return _("Stops in the circuit's order (optimisation off).")
        if status == "input_refused":
            return _(
                "Routing impossible (the circuit's figures are inconsistent); stops kept in "
                "the circuit's order."
            )
        if status == "solved":
            return _(
                "sequenced by PyVRP in %(seconds)s s (%(iterations)s iterations)",
                seconds=format_number(self.env, details["runtime_s"], max_digits=1),
                iterations=details["iterations"],
            )
        if status == "no_stop":
            return _("no stop to visit")
        if status == "single_stop":
            return _("single stop: nothing to sequence")
        if status == "solver_error":
            reason = _("solver error: %(error)s", error=details.get("error", ""))
        else:
            reason = _("no feasible sequence found (time windows, capacity or number of vehicles)")
        message = _("%(reason)s; stops kept in the given order, not optimised", reason=reason)
        if "trips" in details:
            message = _(
                "%(message)s (%(trips)s trips needed for %(vehicles)s vehicle(s))",
                message=message,
                trips=details["trips"],
                vehicles=details["vehicles"],
            )
        return message

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
        routes, optimised, status, details = self._route(depot, route_stops)
        timed = self._time_routes(routes, depot, route_stops)
        round_stop_by_stop = self._create_round_stops(timed["arrivals"], stops, stop_by_picking)
        self.write(
            {
                "planned_return": timed["return"],
                "routing_optimised": optimised,
                "routing_status": status,
                "routing_details": details or False,
            }
        )
        if not optimised and milk_run.resequence and route_stops:
            self.message_post(body=self.routing_message)
        return round_stop_by_stop

    def _route(self, depot, route_stops):
        """(routes, optimised, status, details): the stop order found by routing.plan_route
        when the circuit allows it, else the circuit's sequence, with the code and figures
        that say how."""
        milk_run = self.milk_run_id
        given = [[stop.key for stop in route_stops]] if route_stops else []
        if not milk_run.resequence:
            return given, False, "optimisation_off", {}
        try:
            plan = routing.plan_route(
                depot,
                route_stops,
                vehicles=milk_run.vehicle_count,
                capacity=milk_run.capacity_containers or None,
                speed_m_per_min=milk_run.speed_m_per_min,
                distance=milk_run._distance_table(),
                time_budget_s=milk_run.routing_time_budget_s,
                **self._routing_options(),
            )
        except ValueError as error:
            # The circuit's constraints keep the routing's input valid: what it still
            # refuses is for the administrator's log, the driver reads a sentence.
            _logger.info("round %s: the routing refused its input: %s", self.name, error)
            return given, False, "input_refused", {}
        return plan.routes, plan.solved_by_solver, plan.code, dict(plan.details)

    def _create_round_stops(self, arrivals, stops, stop_by_picking):
        """The round's stops in visiting order, each transfer on its stop; returns {stop: round
        stop}."""
        stop_by_location = {stop.location_id.id: stop for stop in stops}
        vals_list = [
            {
                "round_id": self.id,
                "stop_id": stop_by_location[location_id].id,
                "sequence": sequence,
                "trip": trip,
                "train": train,
                "planned_arrival": arrival,
            }
            for sequence, (trip, train, location_id, arrival) in enumerate(arrivals, start=1)
        ]
        round_stops = self.env["logistics.milk.run.round.stop"].create(vals_list)
        for round_stop in round_stops:
            mine = self.picking_ids.filtered(
                lambda p, rs=round_stop: stop_by_picking[p.id] == rs.stop_id
            )
            mine.write(
                {"milk_run_round_stop_id": round_stop.id, "batch_sequence": round_stop.sequence}
            )
        return {round_stop.stop_id: round_stop for round_stop in round_stops}

    def _routing_options(self):
        """Extra solver options; tests pin an iteration limit for reproducible routes."""
        limit = self.env.context.get("milk_run_max_iterations")
        return {"max_iterations": limit} if limit else {}

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
