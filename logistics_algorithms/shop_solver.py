"""Finite-capacity scheduling with OR-Tools CP-SAT, behind one function: ``solve``.

The constraint model (Laborie, Rogerie, Shaw & Vilím, "IBM ILOG CP optimizer for scheduling",
Constraints 23, 2018, for the interval formulation; OR-Tools' CP-SAT scheduling guide for its
API): one interval per operation and mode (optional intervals and exactly one present when a
work centre has alternatives); end of an operation <= start of the next in its routing; a start
not before the order's release (components' arrival) nor ``now``; per machine, no two
operations overlap; the calendar is the domain of the start: the starts that fit the operation
inside one available interval (per mode, enforced when the mode is chosen). An operation already
started is fixed where it is; it still blocks its machine but ignores the calendar.

Objective ``tardiness`` (default): weighted tardiness sum w_j max(0, C_j - d_j) first; then,
with that value held, a smooth load: the highest utilisation (load / capacity) of any day of
any machine that has a calendar (min-max levelling, so the load stays under one ceiling every
day instead of piling up on some), and last the total completion time sum C_j (as early as
possible under that ceiling). ``level_load=False`` skips the ceiling. Objective ``makespan``:
max C_j, for the classic benchmark instances.
The solver starts from the fallback's plan (a hint), so its plan is never worse than it.
Large problems (more than ``_ROLLING_FROM`` operations to plan) are planned chunk by chunk
(``_rolling``), each chunk warm-started from its fallback plan with presolve off, so that CP-SAT
takes the hint as its first solution at once and spends the budget improving it. The model
itself is built in ``shop_model``.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Hashable, Sequence

from ortools.sat.python import cp_model

from . import shop_scheduling as shop
from .shop_model import ShopModel

# Share of the budget given to the primary objective when a secondary one follows.
_PRIMARY_SHARE = 0.7
# Share of the budget kept for stopping the solver and reading the plan back (measured: CP-SAT
# overran a 30 s budget by up to 0.9 s on the loaded development machine).
_RESERVE_SHARE = 0.04
# Why the fallback's plan is returned; MODEL_INVALID would be a bug here (an overflow, say):
# the user still gets a plan, and the code says what happened.
_FALLBACK_CODES = {
    cp_model.INFEASIBLE: "fallback_infeasible",
    cp_model.UNKNOWN: "fallback_timeout",
    cp_model.MODEL_INVALID: "fallback_solver_error",
}
# Above this many operations to plan, the rolling plan alone, in the whole budget: the orders in
# the fallback's order, a chunk of about _CHUNK_OPERATIONS operations at a time, each chunk
# solved (weighted tardiness, then completion times, so it stays compact and leaves room to the
# next) with the earlier ones frozen. Measured in bench/ (500 MOs, loaded 2-core machine): the
# whole 2,000-operation model at once found nothing in 30 s (its presolve alone took the
# budget), nor did chunks of 400 operations in Odoo's scenario; see bench/README.md.
_ROLLING_FROM = 800
_CHUNK_OPERATIONS = 200
# Below this, the levelling / completion-time solve is skipped (it could not improve anything).
_MIN_SECONDARY_SECONDS = 0.2
# CP-SAT's workers: one per core, at least 2 (one worker has no large-neighbourhood search).
_MAX_WORKERS = 8


def default_workers() -> int:
    """The cores this process may use, between 2 and _MAX_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 2
    return max(2, min(_MAX_WORKERS, cores))


def solve(
    jobs: Sequence[shop.Job],
    calendars: shop.Calendars | None = None,
    objective: str = "tardiness",
    time_limit: float = 10.0,
    now: int = 0,
    workers: int | None = None,
    rule: str = "edd",
    level_load: bool = True,
) -> shop.Schedule:
    """Plan ``jobs`` within ``time_limit`` seconds; always returns a plan (see ``Schedule``)."""
    if objective not in ("tardiness", "makespan"):
        raise ValueError(f"unknown objective {objective!r}: expected 'tardiness' or 'makespan'")
    shop.validate(jobs, calendars)
    started = time.monotonic()
    workers = workers or default_workers()
    fallback = shop.fallback(jobs, calendars, rule=rule, now=now)
    usable = time_limit * (1 - _RESERVE_SHARE)
    if objective == "tardiness" and _free_operations(jobs) > _ROLLING_FROM:
        rolled, solved = _rolling(jobs, calendars, now, workers, rule, started + usable)
        if solved and rolled.weighted_tardiness <= fallback.weighted_tardiness:
            return rolled
        return dataclasses.replace(fallback, status="fallback_timeout")
    return _solve_whole(
        jobs, calendars, objective, now, workers, fallback, started + usable, level_load
    )


def _solve_whole(jobs, calendars, objective, now, workers, fallback, deadline, level_load):
    """The whole problem in one model: the primary objective, then (tardiness) the smooth load
    and the completion times with the weighted tardiness held."""
    by_makespan = objective == "makespan"
    model = ShopModel(jobs, calendars, now)
    primary = model.makespan() if by_makespan else model.weighted_tardiness()
    if not fallback.off_calendar:
        model.hint(fallback.operations)
    share = 1.0 if by_makespan else _PRIMARY_SHARE
    remaining = max(0.0, deadline - time.monotonic())
    status, solver = model.run(primary, remaining * share, workers)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return dataclasses.replace(fallback, status=_FALLBACK_CODES.get(status, "fallback_timeout"))
    code = "optimal" if status == cp_model.OPTIMAL else "feasible"
    planned = model.plan(solver)
    if not by_makespan and deadline - time.monotonic() > _MIN_SECONDARY_SECONDS:
        model.model.add(primary <= round(solver.objective_value))
        secondary = model.total_completion()
        peak = model.peak_utilisation(calendars) if level_load else None
        if peak is not None:
            # lexicographic: one point of peak outweighs any change of the completion times
            secondary = peak * (len(jobs) * model.high + 1) + secondary
        model.hint(planned)
        remaining = deadline - time.monotonic()
        if remaining > _MIN_SECONDARY_SECONDS:
            status, solver = model.run(secondary, remaining, workers)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                planned = model.plan(solver)
    tardiness, makespan = shop.evaluate(jobs, planned)
    return shop.Schedule(code, planned, tardiness, makespan)


def _free_operations(jobs: Sequence[shop.Job]) -> int:
    return sum(1 for job in jobs for operation in job.operations if not operation.fixed)


def _rolling(jobs, calendars, now, workers, rule, deadline) -> tuple[shop.Schedule, int]:
    """Plan the orders chunk by chunk in the fallback's order, the earlier ones frozen (the
    orders already started in the first chunk). Also how many chunks CP-SAT solved."""
    chunks: list[list[shop.Job]] = [[]]
    ranked = shop.rank_jobs(jobs, rule, now)
    # orders already started go first: their started operations must block every chunk
    started = [i for i in ranked if any(op.fixed for op in jobs[i].operations)]
    first = set(started)
    for index in started + [i for i in ranked if i not in first]:
        if _free_operations(chunks[-1]) >= _CHUNK_OPERATIONS:
            chunks.append([])
        chunks[-1].append(jobs[index])
    planned: dict[Hashable, shop.PlannedOperation] = {}
    off_calendar: list[Hashable] = []
    done: list[shop.Job] = []
    solved = 0
    for left, chunk in zip(range(len(chunks), 0, -1), chunks, strict=True):
        seconds = max(0.0, (deadline - time.monotonic()) / left)
        part = _solve_chunk(
            [shop.frozen(job, planned) for job in done] + chunk,
            calendars,
            now,
            workers,
            rule,
            seconds,
        )
        solved += part.status == "feasible"
        planned.update((item.operation, item) for item in part.operations)
        off_calendar += part.off_calendar
        done += chunk
    ordered = tuple(planned[op.key] for job in jobs for op in job.operations)
    tardiness, makespan = shop.evaluate(jobs, ordered)
    schedule = shop.Schedule("feasible", ordered, tardiness, makespan, tuple(off_calendar))
    return schedule, solved


def _solve_chunk(jobs, calendars, now, workers, rule, seconds) -> shop.Schedule:
    """One chunk of the rolling plan: weighted tardiness, then completion times in the same
    solve (a compact chunk leaves the most room to the next ones). Warm start: the chunk's
    fallback plan, taken as is as the first solution (presolve off: it would rewrite the model
    and cost the seconds the improvement needs); the fallback's plan when CP-SAT has none."""
    fallback = shop.fallback(jobs, calendars, rule=rule, now=now)
    if fallback.off_calendar:
        return fallback
    model = ShopModel(jobs, calendars, now)
    late = model.weighted_tardiness()
    model.hint(fallback.operations)
    objective = late * (len(jobs) * model.high + 1) + model.total_completion()
    status, solver = model.run(objective, seconds, workers, presolve=False)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return fallback
    planned = model.plan(solver)
    return shop.Schedule("feasible", planned, *shop.evaluate(jobs, planned))
