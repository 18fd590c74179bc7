"""Benchmark of the pure algorithms (no database, so no query count).

Each scenario runs a few times on fixed-seed data and reports the median and p95 wall time as a
Markdown table. Run from the repository root:

    /opt/industrial_logistics/venv/bin/python bench/bench_algorithms.py [--quick]

``--quick`` skips the 60 s reference solve of the routing scenario and runs fewer repeats.
``--only NAME`` runs one group: abc, levelling, round, routing, rc208, lots, load, shop.
"""

from __future__ import annotations

import argparse
import math
import os
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
    lot_sizing,
    round_building,
    routing,
    shop_scheduling,
    shop_solver,
    work_centre_load,
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


def bench_wagner_whitin(repeats: int) -> Row:
    """Issue 16: Wagner-Whitin over 52 periods for 20,000 items under 10 s."""
    rng = random.Random(16)
    items = []
    for _ in range(20_000):
        weekly = rng.choice([5, 20, 80, 300])
        intermittent = rng.random() < 0.3
        demand = [
            0 if intermittent and rng.random() < 0.6 else round(rng.uniform(0.3, 1.7) * weekly)
            for _ in range(52)
        ]
        items.append((demand, rng.uniform(20, 400), rng.uniform(0.01, 0.5)))

    def plan_all() -> float:
        return sum(lot_sizing.wagner_whitin(*item).total_cost for item in items)

    cpu = time.process_time()
    seconds, total = timed(plan_all, repeats)
    cpu = (time.process_time() - cpu) / repeats
    note = f"total cost {total:,.0f}; CPU {cpu:.2f} s a run (target < 10 s)"
    return Row("Wagner-Whitin lot sizing", "20,000 items x 52 weeks", seconds, note)


def bench_load(repeats: int) -> Row:
    """Issue 15: load per day of 10,000 open work orders (the pure part of the load view)."""
    rng = random.Random(15)
    horizon = 28
    per_centre: dict[int, list[tuple[float, float, float]]] = {}
    for _ in range(10_000):
        start = rng.uniform(0, horizon * 1440)
        duration = rng.uniform(10, 300)
        end = start + duration * rng.choice([1, 1, 1, 3])  # some span a night
        per_centre.setdefault(rng.randrange(30), []).append((start, end, duration))
    shifts = [(day * 1440 + 360, day * 1440 + 1320) for day in range(horizon) if day % 7 < 5]

    def chart() -> int:
        overloaded = 0
        for operations in per_centre.values():
            load = work_centre_load.daily_load(operations, horizon)
            capacity = work_centre_load.daily_capacity(shifts, horizon, 1, 0.9)
            rows = work_centre_load.load_vs_capacity(load, capacity)
            overloaded += sum(row.overloaded for row in rows)
        return overloaded

    seconds, overloaded = timed(chart, repeats)
    note = f"{overloaded} overloaded centre-days"
    return Row("load vs capacity per day", "10,000 work orders, 30 centres, 28 days", seconds, note)


def shop_instance(
    seed: int = 15, mos: int = 500, release_days: int = 17
) -> tuple[list[shop_scheduling.Job], dict]:
    """500 MOs x 4 operations over 6 work centres and 4 weeks (issue 15's scenario).

    Work centres open 6:00-22:00 on weekdays (960 min a day, 20 days = 19,200 min each); each
    MO's four operations visit four different centres, 15-75 min each (setup + run), 30 % of
    them with an alternative centre 20 % slower (about 78 % of the capacity, with peaks);
    releases (components' arrival) on the first 17 days, due 2 to 6 days later, weights 1-3
    (priority); up to 10 MOs already started, their first operation fixed at 6:00 on day 0.
    """
    rng = random.Random(seed)
    centres = [f"WC{index}" for index in range(6)]
    shifts = [(day * 1440 + 360, day * 1440 + 1320) for day in range(28) if day % 7 < 5]
    calendars = dict.fromkeys(centres, shifts)
    jobs = []
    busy_at_zero = set()
    for mo in range(mos):
        release = rng.randrange(0, release_days) * 1440 + 360
        operations = []
        for rank, centre in enumerate(rng.sample(centres, 4)):
            duration = rng.randint(15, 75)
            modes = [(centre, duration)]
            if rng.random() < 0.3:
                other = rng.choice([c for c in centres if c != centre])
                modes.append((other, round(duration * 1.2)))
            fixed = None
            if mo < 10 and rank == 0 and centre not in busy_at_zero:
                busy_at_zero.add(centre)
                fixed, release = (centre, 360), 0
            operations.append(shop_scheduling.Operation((mo, rank), tuple(modes), fixed))
        due = release + rng.randint(2, 6) * 1440
        jobs.append(shop_scheduling.Job(mo, tuple(operations), release, due, rng.randint(1, 3)))
    return jobs, calendars


def peak_utilisation(plan: shop_scheduling.Schedule, calendars: dict) -> float:
    """Highest load / capacity of any centre-day of a plan (operations on their start day)."""
    peak = 0.0
    for centre, windows in calendars.items():
        capacity = work_centre_load.daily_capacity(windows, 28)
        load = [0.0] * 28
        for item in plan.operations:
            if item.machine == centre and 0 <= item.start // 1440 < 28:
                load[item.start // 1440] += item.end - item.start
        peak = max(peak, *(a / c for a, c in zip(load, capacity, strict=True) if c))
    return peak


def bench_shop(budget_s: float, mos: int = 500, release_days: int = 17) -> Row:
    jobs, calendars = shop_instance(mos=mos, release_days=release_days)
    start = time.perf_counter()
    fallback = shop_scheduling.fallback(jobs, calendars)
    fallback_s = time.perf_counter() - start
    cpu_before, load_before = time.process_time(), os.getloadavg()[0]
    seconds, plan = timed(lambda: shop_solver.solve(jobs, calendars, time_limit=budget_s), 1)
    cpu_s, load_after = time.process_time() - cpu_before, os.getloadavg()[0]
    gain = (
        1 - plan.weighted_tardiness / fallback.weighted_tardiness
        if fallback.weighted_tardiness
        else 0
    )
    problems = shop_scheduling.check_schedule(jobs, calendars, plan.operations)
    late = sum(
        1
        for job in jobs
        if max(item.end for item in plan.operations if item.job == job.key) > job.due
    )
    note = (
        f"{plan.status}, weighted tardiness {plan.weighted_tardiness:,} min vs fallback (EDD)"
        f" {fallback.weighted_tardiness:,} min ({fallback_s:.2f} s): {-gain:+.1%}; {late} late MOs;"
        f" makespan {plan.makespan / 1440:.1f} d; peak day {peak_utilisation(plan, calendars):.0%}"
        f" (fallback {peak_utilisation(fallback, calendars):.0%});"
        f" check {'ok' if not problems else problems[:3]};"
        f" {budget_s:g} s budget, {shop_solver.default_workers()} workers; CPU {cpu_s:.1f} s"
        f" (all threads); load average {load_before:.1f} / {load_after:.1f} (before / after)"
    )
    size = f"{mos} MOs x 4 ops, 6 centres, released over {release_days} days"
    return Row("shop levelling (CP-SAT)", size, seconds, note)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 60 s reference solve")
    parser.add_argument("--bench-data", type=Path, default=Path("/work/shared/bench-data"))
    parser.add_argument("--rc208-budget", type=float, default=10.0, help="seconds per solve")
    parser.add_argument("--shop-budget", type=float, default=30.0, help="seconds per solve")
    parser.add_argument("--only", help="run one group of scenarios")
    args = parser.parse_args()
    repeats = 3 if args.quick else 5
    solver_repeats = 1 if args.quick else 3

    out = sys.stdout
    out.write("| scenario | size | median s | p95 s | queries | note |\n")
    out.write("| --- | --- | --- | --- | --- | --- |\n")
    out.flush()
    benches = {
        "abc": lambda: [bench_abc(repeats)],
        "levelling": lambda: [bench_levelling(repeats)],
        "round": lambda: [bench_round(repeats)],
        "routing": lambda: bench_routing(solver_repeats, args.quick),
        "rc208": lambda: [bench_rc208(solver_repeats, args.bench_data, args.rc208_budget)],
        "lots": lambda: [bench_wagner_whitin(solver_repeats)],
        "load": lambda: [bench_load(repeats)],
        "shop": lambda: [bench_shop(args.shop_budget), bench_shop(args.shop_budget, 200, 6)],
    }
    for name, bench in benches.items():
        if args.only and name != args.only:
            continue
        for row in bench():
            out.write(row.markdown() + "\n")
            out.flush()


if __name__ == "__main__":
    main()
