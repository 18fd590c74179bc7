"""Stop sequencing for milk runs, solved with PyVRP (MIT licence, https://pyvrp.org).

The train leaves the depot (supermarket), serves its stops within their time windows and
capacity, and comes back; we minimise the distance. When the solver finds no feasible plan, the
stops keep the order they were given, so a round is always produced, and the plan's ``code`` says
why (the model that shows it writes the sentence in the user's language).

Codes: ``no_stop``, ``single_stop``, ``solved`` (details ``runtime_s``, ``iterations``), and for
the given order ``solver_error`` (detail ``error``, the solver's own text) or ``infeasible``;
a fallback needing more trips than vehicles adds details ``trips`` and ``vehicles``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyvrp
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria, StoppingCriterion

from ._numbers import require_non_negative, require_positive

# 5 km/h, walking pace of a tugger train inside a plant.
DEFAULT_SPEED_M_PER_MIN = 5000 / 60
# PyVRP works on integers: distances in decimetres, durations in seconds, loads in thousandths.
_DISTANCE_SCALE = 10
_TIME_SCALE = 60
_LOAD_SCALE = 1000
# Solomon / DIMACS convention: distances truncated to one decimal, i.e. scaled by 10.
_DIMACS_SCALE = 10
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Stop:
    """A place to serve; coordinates in metres, times in minutes from the departure."""

    key: Hashable
    x: float | None = None
    y: float | None = None
    service_minutes: float = 0.0
    window_start: float | None = None
    window_end: float | None = None
    demand: float = 0

    def __post_init__(self) -> None:
        require_non_negative(f"service time of stop {self.key!r}", self.service_minutes)
        require_non_negative(f"demand of stop {self.key!r}", self.demand)
        for bound in (self.window_start, self.window_end):
            if bound is not None:
                require_non_negative(f"time window of stop {self.key!r}", bound)
        has_window = self.window_start is not None and self.window_end is not None
        if has_window and self.window_start > self.window_end:
            raise ValueError(f"time window of stop {self.key!r} ends before it starts")


@dataclass(frozen=True)
class RoutePlan:
    """Stop keys per vehicle route (depot excluded), total metres and total minutes.

    ``duration_minutes`` sums the routes: departure at the depot's window start, travel,
    waiting for windows, service, and the way back.
    """

    routes: list[list[Hashable]]
    distance: float
    duration_minutes: float
    solved_by_solver: bool
    code: str
    details: dict[str, float | int | str]


def plan_route(
    depot: Stop,
    stops: Sequence[Stop],
    *,
    vehicles: int = 1,
    capacity: float | None = None,
    speed_m_per_min: float = DEFAULT_SPEED_M_PER_MIN,
    distance: Mapping[tuple[Hashable, Hashable], float] | None = None,
    time_budget_s: float = 2.0,
    seed: int = 1,
    max_iterations: int | None = None,
) -> RoutePlan:
    """Sequence the stops of a round (one or more vehicles) to minimise the distance driven.

    Distances come from ``distance`` (metres, looked up both ways) or else from the Euclidean
    distance between coordinates. The search stops after ``time_budget_s`` or, when given,
    ``max_iterations``: with an iteration limit the same input always gives the same routes.
    """
    if not isinstance(vehicles, int) or vehicles < 1:
        raise ValueError(f"at least one whole vehicle is needed, got {vehicles!r}")
    if capacity is not None:
        require_non_negative("vehicle capacity", capacity)
    require_positive("speed (m/min)", speed_m_per_min)
    require_positive("time budget (s)", time_budget_s)
    places = [depot, *stops]
    if len({place.key for place in places}) != len(places):
        raise ValueError("stop keys must be unique, the depot's included")
    metres = _distance_matrix(places, distance or {})

    if len(stops) <= 1:
        routes = [list(range(1, len(places)))] if stops else []
        code = "single_stop" if stops else "no_stop"
        return _plan(places, metres, speed_m_per_min, routes, False, code, {})

    stop_criterion: StoppingCriterion = MaxRuntime(time_budget_s)
    if max_iterations is not None:
        stop_criterion = MultipleCriteria([stop_criterion, MaxIterations(max_iterations)])
    try:
        with warnings.catch_warnings():
            # Raised when no feasible plan exists; the fallback below reports it instead.
            warnings.simplefilter("ignore", PenaltyBoundWarning)
            result = _model(places, metres, vehicles, capacity, speed_m_per_min).solve(
                stop_criterion, seed=seed, collect_stats=False, display=False
            )
    except Exception as error:  # any solver failure must still leave the round usable
        return _fallback(
            places, metres, speed_m_per_min, capacity, vehicles, "solver_error", str(error)
        )
    if not (result.best.is_feasible() and result.best.is_complete()):
        return _fallback(places, metres, speed_m_per_min, capacity, vehicles, "infeasible")
    routes = [
        [activity.idx + 1 for activity in route if activity.is_client()]
        for route in result.best.routes()
    ]
    details = {"runtime_s": result.runtime, "iterations": result.num_iterations}
    return _plan(places, metres, speed_m_per_min, routes, True, "solved", details)


def metres_between(
    origin: Stop, target: Stop, distance: Mapping[tuple[Hashable, Hashable], float]
) -> float:
    """Metres from one place to the other: the given mapping (either direction) wins over the
    straight line between the coordinates."""
    metres = distance.get((origin.key, target.key), distance.get((target.key, origin.key)))
    if metres is not None:
        return float(metres)
    if None in (origin.x, origin.y, target.x, target.y):
        raise ValueError(
            f"no distance from {origin.key!r} to {target.key!r}: give coordinates or a distance"
        )
    return math.hypot(origin.x - target.x, origin.y - target.y)


def _distance_matrix(
    places: list[Stop], distance: Mapping[tuple[Hashable, Hashable], float]
) -> list[list[float]]:
    """Metres between every pair (metres_between)."""
    matrix = []
    for origin in places:
        row = []
        for target in places:
            if origin is target:
                row.append(0.0)
                continue
            metres = metres_between(origin, target, distance)
            require_non_negative(f"distance from {origin.key!r} to {target.key!r}", metres)
            row.append(metres)
        matrix.append(row)
    return matrix


@dataclass(frozen=True)
class TimedTrips:
    """Arrivals as (trip, train numbered from 1, stop key, minutes from the departure), and the
    minutes from the departure at which the last train is back at the depot."""

    arrivals: list[tuple[int, int, Hashable, float]]
    return_minutes: float


def time_trips(
    depot: Stop,
    trips: Sequence[Sequence[Stop]],
    *,
    vehicles: int = 1,
    speed_m_per_min: float = DEFAULT_SPEED_M_PER_MIN,
    distance: Mapping[tuple[Hashable, Hashable], float] | None = None,
) -> TimedTrips:
    """The travel time of the milk runs, one definition for the circuit and its rounds.

    The trips (stops in their order) are given to the trains in turn, a train taking its next
    trip once back. A train drives at its speed over metres_between, waits for a stop's window
    to open, handles the stop, and drives back. A speed that is not positive (a form still being
    filled in) counts no driving time.
    """
    distance = distance or {}

    def minutes(origin: Stop, target: Stop) -> float:
        if speed_m_per_min <= 0:
            return 0.0
        return metres_between(origin, target, distance) / speed_m_per_min

    free_at = [0.0] * vehicles
    arrivals = []
    for trip, stops in enumerate(trips, start=1):
        train = (trip - 1) % vehicles
        clock, previous = free_at[train], depot
        for stop in stops:
            clock = max(clock + minutes(previous, stop), stop.window_start or 0.0)
            arrivals.append((trip, train + 1, stop.key, clock))
            clock += stop.service_minutes
            previous = stop
        free_at[train] = clock + minutes(previous, depot)
    return TimedTrips(arrivals, max(free_at, default=0.0))


def _model(
    places: list[Stop],
    metres: list[list[float]],
    vehicles: int,
    capacity: float | None,
    speed: float,
) -> pyvrp.Model:
    """PyVRP model of the round, every value scaled to integers."""
    model = pyvrp.Model()
    locations = [model.add_location(x=place.x or 0.0, y=place.y or 0.0) for place in places]
    depot, *stops = places
    model.add_depot(locations[0])
    for stop, location in zip(stops, locations[1:], strict=True):
        model.add_client(
            location,
            delivery=[] if capacity is None else [round(stop.demand * _LOAD_SCALE)],
            service_duration=_ticks(stop.service_minutes),
            tw_early=_ticks(stop.window_start or 0.0),
            tw_late=_ticks_or_open(stop.window_end),
        )
    model.add_vehicle_type(
        num_available=vehicles,
        capacity=[] if capacity is None else [round(capacity * _LOAD_SCALE)],
        tw_early=_ticks(depot.window_start or 0.0),
        tw_late=_ticks_or_open(depot.window_end),
    )
    for origin, row in zip(locations, metres, strict=True):
        for target, length in zip(locations, row, strict=True):
            if origin is not target:
                model.add_edge(
                    origin,
                    target,
                    distance=round(length * _DISTANCE_SCALE),
                    duration=_ticks(length / speed),
                )
    return model


def _ticks(minutes: float) -> int:
    return round(minutes * _TIME_SCALE)


def _ticks_or_open(minutes: float | None) -> int:
    """An open window end is PyVRP's default: the largest 64-bit integer."""
    return 2**63 - 1 if minutes is None else _ticks(minutes)


def _fallback(
    places: list[Stop],
    metres: list[list[float]],
    speed: float,
    capacity: float | None,
    vehicles: int,
    code: str,
    error: str = "",
) -> RoutePlan:
    """Given order, cut into a new route whenever the next stop would exceed the capacity."""
    routes: list[list[int]] = [[]]
    load = 0.0
    for index, stop in enumerate(places[1:], start=1):
        if capacity is not None and routes[-1] and load + stop.demand > capacity + _TOLERANCE:
            routes.append([])
            load = 0.0
        routes[-1].append(index)
        load += stop.demand
    details: dict[str, float | int | str] = {"error": error} if error else {}
    if len(routes) > vehicles:
        details.update(trips=len(routes), vehicles=vehicles)
    return _plan(places, metres, speed, routes, False, code, details)


def _plan(
    places: list[Stop],
    metres: list[list[float]],
    speed: float,
    routes: list[list[int]],
    solved: bool,
    code: str,
    details: dict[str, float | int | str],
) -> RoutePlan:
    """Totals of routes given as indexes into ``places`` (0 is the depot)."""
    total_metres = 0.0
    total_minutes = 0.0
    start = places[0].window_start or 0.0
    for route in routes:
        clock = start
        previous = 0
        for index in [*route, 0]:
            total_metres += metres[previous][index]
            clock += metres[previous][index] / speed
            if index:
                clock = max(clock, places[index].window_start or 0.0)
                clock += places[index].service_minutes
            previous = index
        total_minutes += clock - start
    keys = [[places[index].key for index in route] for route in routes]
    return RoutePlan(keys, total_metres, total_minutes, solved, code, details)


def solve_vrplib(
    path: str | Path, time_budget_s: float, seed: int = 1
) -> tuple[float, list[list[int]]]:
    """Solve a VRPLIB benchmark instance; cost in the instance's units (Solomon / DIMACS).

    Routes list client numbers as in VRPLIB solution files (depot 0). An infeasible result costs
    infinity.
    """
    require_positive("time budget (s)", time_budget_s)
    data = pyvrp.read(path, round_func="dimacs")
    result = pyvrp.solve(
        data, MaxRuntime(time_budget_s), seed=seed, collect_stats=False, display=False
    )
    routes = [
        [data.client(activity.idx).location for activity in route if activity.is_client()]
        for route in result.best.routes()
    ]
    cost = result.cost() / _DIMACS_SCALE if result.is_feasible() else math.inf
    return cost, routes


def evaluate_vrplib_solution(instance_path: str | Path, solution_path: str | Path) -> float:
    """Cost of a VRPLIB solution file under the same convention as ``solve_vrplib``."""
    data = pyvrp.read(instance_path, round_func="dimacs")
    solution = pyvrp.read_solution(solution_path, data)
    return solution.distance() / _DIMACS_SCALE
