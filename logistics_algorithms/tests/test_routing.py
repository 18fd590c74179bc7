from collections import Counter
from pathlib import Path

import pytest

from logistics_algorithms.routing import (
    Stop,
    evaluate_vrplib_solution,
    plan_route,
    solve_vrplib,
    time_trips,
)

BENCH_DATA = Path("/work/shared/bench-data")
DEPOT = Stop("depot", 0, 0)


def test_no_stop_gives_an_empty_plan_without_solver():
    plan = plan_route(DEPOT, [])
    assert plan.routes == []
    assert plan.distance == 0
    assert not plan.solved_by_solver


def test_single_stop_is_an_out_and_back_trip():
    # 100 m at 50 m/min: 2 min there, 3 min service, 2 min back
    plan = plan_route(DEPOT, [Stop("a", 100, 0, service_minutes=3)], speed_m_per_min=50)
    assert plan.routes == [["a"]]
    assert plan.distance == 200
    assert plan.duration_minutes == 7


def test_stops_on_a_line_are_served_in_one_sweep():
    stops = [Stop(x, x, 0) for x in (30, 10, 40, 20)]
    plan = plan_route(DEPOT, stops, time_budget_s=0.2)
    assert plan.solved_by_solver
    assert plan.routes[0] in ([10, 20, 30, 40], [40, 30, 20, 10])
    assert plan.distance == pytest.approx(80)


def test_time_window_decides_the_direction_of_the_tour():
    # square of 100 m at 100 m/min; b must be served within 2 minutes, so the tour starts at b
    stops = [
        Stop("a", 100, 0),
        Stop("b", 0, 100, window_end=2),
        Stop("c", 100, 100),
    ]
    plan = plan_route(DEPOT, stops, speed_m_per_min=100, time_budget_s=0.2)
    assert plan.solved_by_solver
    assert plan.routes == [["b", "c", "a"]]
    assert plan.distance == pytest.approx(400)


def test_every_stop_is_visited_once_and_capacity_is_respected():
    stops = [Stop(index, 10 * index, (index % 3) * 15, demand=1) for index in range(1, 9)]
    plan = plan_route(DEPOT, stops, vehicles=2, capacity=4, time_budget_s=0.2)
    assert plan.solved_by_solver
    visits = Counter(key for route in plan.routes for key in route)
    assert visits == Counter(range(1, 9))
    assert all(len(route) <= 4 for route in plan.routes)


def test_impossible_time_windows_fall_back_to_the_given_order():
    # 1 km away at 5 km/h is 12 minutes: a window closing after 1 minute cannot be met
    stops = [Stop("far", 1000, 0, window_end=1), Stop("near", 10, 0)]
    plan = plan_route(DEPOT, stops, time_budget_s=0.2)
    assert not plan.solved_by_solver
    assert plan.routes == [["far", "near"]]
    assert plan.code == "infeasible"
    assert plan.details == {}


def test_fallback_splits_the_given_order_by_capacity():
    stops = [Stop(index, index * 10, 0, demand=3) for index in range(1, 5)]
    plan = plan_route(DEPOT, stops, vehicles=1, capacity=5, time_budget_s=0.2)
    assert not plan.solved_by_solver
    assert plan.routes == [[1], [2], [3], [4]]
    assert plan.code == "infeasible"
    assert plan.details == {"trips": 4, "vehicles": 1}


def test_given_distances_override_coordinates():
    distance = {("depot", "a"): 50, ("depot", "b"): 70, ("a", "b"): 30}
    plan = plan_route(DEPOT, [Stop("a"), Stop("b")], distance=distance, time_budget_s=0.2)
    assert plan.distance == pytest.approx(150)


def test_trips_are_timed_in_turn_by_the_trains_with_windows_and_handling():
    # 60 m/min. Trip 1 (train 1): depot -> a 120 m = 2 min, window opens at 5 -> arrive 5,
    # handle 3 -> 8, a -> depot 120 m = 2 -> back at 10. Trip 2 (train 2): depot -> b given
    # 300 m = 5 min, handle 1 -> 6, back 300 m -> 11. Trip 3 goes to train 1, free at 10:
    # -> a at 12, back at 10 + 2 + 3 + 2 = 17. The last train is back at 17.
    a = Stop("a", 120, 0, service_minutes=3, window_start=5, window_end=30)
    b = Stop("b", service_minutes=1)
    timed = time_trips(
        DEPOT, [[a], [b], [a]], vehicles=2, speed_m_per_min=60, distance={("b", "depot"): 300}
    )
    assert timed.arrivals == [(1, 1, "a", 5), (2, 2, "b", 5), (3, 1, "a", 12)]
    assert timed.return_minutes == 17


def test_missing_distance_is_rejected():
    with pytest.raises(ValueError, match="no distance"):
        plan_route(DEPOT, [Stop("a"), Stop("b", 1, 1)])


def test_duplicate_keys_and_absurd_stops_are_rejected():
    with pytest.raises(ValueError, match="unique"):
        plan_route(DEPOT, [Stop("a", 1, 1), Stop("a", 2, 2)])
    with pytest.raises(ValueError):
        Stop("a", 1, 1, demand=-1)
    with pytest.raises(ValueError):
        Stop("a", 1, 1, window_start=10, window_end=5)


def test_same_seed_and_iteration_limit_give_the_same_routes():
    stops = [Stop(index, (index * 37) % 101, (index * 53) % 89) for index in range(12)]
    first = plan_route(DEPOT, stops, seed=4, max_iterations=300)
    second = plan_route(DEPOT, stops, seed=4, max_iterations=300)
    assert first.routes == second.routes


def test_best_known_rc208_solution_costs_776_1():
    cost = evaluate_vrplib_solution(BENCH_DATA / "RC208.vrp", BENCH_DATA / "RC208.sol")
    assert cost == pytest.approx(776.1)


def test_rc208_is_solved_close_to_best_known_in_a_second():
    cost, routes = solve_vrplib(BENCH_DATA / "RC208.vrp", time_budget_s=1.0)
    assert cost < 776.1 * 1.10
    assert sorted(client for route in routes for client in route) == list(range(1, 101))
