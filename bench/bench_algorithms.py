"""Benchmark of the pure algorithms (no database, so no query count).

Each scenario runs a few times on fixed-seed data and reports the median and p95 wall time as a
Markdown table. Run from the repository root:

    /opt/industrial_logistics/venv/bin/python bench/bench_algorithms.py [--quick]

``--quick`` skips the 60 s reference solve of the routing scenario and runs fewer repeats.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from logistics_algorithms import (  # noqa: E402
    abc_classification,
    count_levelling,
    round_building,
    routing,
)

RC208_BEST_KNOWN = 776.1
ROUTING_TARGET_GAP = 0.01


@dataclass
class Row:
    scenario: str
    size: str
    seconds: list[float]
    note: str

    def markdown(self) -> str:
        ordered = sorted(self.seconds)
        p95 = ordered[math.ceil(0.95 * len(ordered)) - 1]  # nearest-rank percentile
        return (
            f"| {self.scenario} | {self.size} | {statistics.median(ordered):.3f} | {p95:.3f}"
            f" | - | {self.note} |"
        )


def timed(function: Callable[[], object], repeats: int) -> tuple[list[float], object]:
    """Wall times of ``repeats`` runs, and the last result (all runs get the same input)."""
    seconds = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def bench_abc(repeats: int) -> Row:
    rng = random.Random(1)
    values = {product: rng.paretovariate(1.16) * 100 for product in range(20_000)}
    seconds, items = timed(lambda: abc_classification.classify(values), repeats)
    classes = Counter(item.abc_class for item in items)
    note = f"A/B/C = {classes['A']}/{classes['B']}/{classes['C']} products"
    return Row("ABC classification", "20,000 products", seconds, note)


def bench_levelling(repeats: int) -> Row:
    rng = random.Random(2)
    start = date(2025, 1, 6)
    days = [start + timedelta(days=offset) for offset in range(91)]
    days = [day for day in days if day.weekday() < 5][:65]
    needs = []
    for location in range(10_000):
        frequency = rng.choices([12, 4, 1], weights=[20, 30, 50])[0]
        never = rng.random() < 0.03
        last = None if never else start - timedelta(days=rng.randint(1, 400))
        needs.append(count_levelling.CountNeed(location, frequency, last))
    fixed = dict.fromkeys(days[:5], 60)  # first week already counted, kept on re-planning

    def plan() -> count_levelling.CountPlan:
        return count_levelling.plan_counts(needs, days, daily_capacity=400, fixed_load=fixed)

    seconds, result = timed(plan, repeats)
    deviation = max(abs(load - result.daily_average) for load in result.load.values())
    note = (
        f"{len(result.assignments)} counts, average {result.daily_average:.1f}/day, "
        f"max deviation from average {deviation:.2f}, unplaced {len(result.unplaced)}"
    )
    return Row("cycle-count levelling", "10,000 locations x 65 days", seconds, note)


def bench_round(repeats: int) -> Row:
    rng = random.Random(3)
    departure = datetime(2025, 1, 6, 6, 0)
    loads = [
        round_building.Load(
            key=transfer,
            stop_key=rng.randrange(40),
            need_date=departure + timedelta(minutes=rng.randrange(480)),
            containers=rng.choice([1, 1, 1, 2, 3]),
            weight=rng.uniform(20, 200),
        )
        for transfer in range(200)
    ]
    capacity = round_building.Capacity(containers=24, weight=1500)
    seconds, fill = timed(lambda: round_building.fill_round(loads, capacity), repeats)
    ratios = ", ".join(f"{dim} {ratio:.0%}" for dim, ratio in fill.fill_ratio.items())
    note = f"{len(fill.taken)} taken, {len(fill.overflow)} overflow, fill {ratios}"
    return Row("milk-run round filling", "200 transfers, 40 stops", seconds, note)


def routing_instance() -> tuple[routing.Stop, list[routing.Stop]]:
    rng = random.Random(4)
    depot = routing.Stop("supermarket", 150, 100)
    stops = [
        routing.Stop(f"S{index:02d}", rng.uniform(0, 300), rng.uniform(0, 200), service_minutes=1)
        for index in range(40)
    ]
    return depot, stops


def bench_routing(repeats: int, quick: bool) -> list[Row]:
    depot, stops = routing_instance()
    seconds, plan = timed(lambda: routing.plan_route(depot, stops, time_budget_s=2.0), repeats)
    rows = []
    if quick:
        note = f"{plan.distance:.1f} m; 60 s reference skipped (--quick)"
    else:
        ref_seconds, reference = timed(
            lambda: routing.plan_route(depot, stops, time_budget_s=60.0), 1
        )
        gap = (plan.distance - reference.distance) / reference.distance
        verdict = "ok" if gap <= ROUTING_TARGET_GAP else "ABOVE TARGET"
        note = (
            f"{plan.distance:.1f} m vs {reference.distance:.1f} m in 60 s: gap {gap:.2%} "
            f"(target <= {ROUTING_TARGET_GAP:.0%}: {verdict})"
        )
        rows.append(
            Row("routing, 60 s reference", "40 stops", ref_seconds, f"{reference.distance:.1f} m")
        )
    rows.insert(0, Row("routing, 2 s budget", "40 stops", seconds, note))
    return rows


def bench_rc208(repeats: int, bench_data: Path, budget_s: float) -> Row:
    instance = bench_data / "RC208.vrp"
    best_known = routing.evaluate_vrplib_solution(instance, bench_data / "RC208.sol")
    seconds, (cost, _routes) = timed(lambda: routing.solve_vrplib(instance, budget_s), repeats)
    gap = (cost - RC208_BEST_KNOWN) / RC208_BEST_KNOWN
    note = (
        f"cost {cost:.1f} vs best known {RC208_BEST_KNOWN} (BKS file evaluates to "
        f"{best_known:.1f}): gap {gap:+.2%}, {budget_s:g} s budget"
    )
    return Row("Solomon RC208 (VRPTW)", "100 clients", seconds, note)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 60 s reference solve")
    parser.add_argument("--bench-data", type=Path, default=Path("/work/shared/bench-data"))
    parser.add_argument("--rc208-budget", type=float, default=10.0, help="seconds per solve")
    args = parser.parse_args()
    repeats = 3 if args.quick else 5
    solver_repeats = 1 if args.quick else 3

    out = sys.stdout
    out.write("| scenario | size | median s | p95 s | queries | note |\n")
    out.write("| --- | --- | --- | --- | --- | --- |\n")
    out.flush()
    benches = [
        lambda: [bench_abc(repeats)],
        lambda: [bench_levelling(repeats)],
        lambda: [bench_round(repeats)],
        lambda: bench_routing(solver_repeats, args.quick),
        lambda: [bench_rc208(solver_repeats, args.bench_data, args.rc208_budget)],
    ]
    for bench in benches:
        for row in bench():
            out.write(row.markdown() + "\n")
            out.flush()


if __name__ == "__main__":
    main()
