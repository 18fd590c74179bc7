import logging
from collections import defaultdict
from datetime import timedelta

from odoo import fields, models

from ..logistics_algorithms import routing
from .formatting import format_number

_logger = logging.getLogger(__name__)


class LogisticsMilkRunRound(models.Model):
    """The stop order of a built round (PyVRP or the circuit's sequence) and its timing."""

    _inherit = "logistics.milk.run.round"

    routing_optimised = fields.Boolean(string="Stop order optimised", readonly=True)
    routing_message = fields.Char(string="Stop order", readonly=True)

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
