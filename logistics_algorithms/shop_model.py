"""The CP-SAT model of a shop (see ``shop_solver`` for the formulation and the search).

``ShopModel`` builds the variables and constraints of one problem once; the search in
``shop_solver`` sets its objectives, hints a plan, runs CP-SAT and reads the plan back.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from ortools.sat.python import cp_model

from . import shop_scheduling as shop
from . import work_centre_load
from .work_centre_load import DAY_MINUTES


class ShopModel:
    """The CP-SAT variables of one problem, kept to read the plan back and to hint it."""

    def __init__(self, jobs: Sequence[shop.Job], calendars: shop.Calendars | None, now: int):
        self.jobs = jobs
        self.model = cp_model.CpModel()
        self.high = horizon(jobs, calendars, now)
        self.late: dict[Hashable, cp_model.IntVar] = {}
        self.starts: dict[Hashable, cp_model.IntVar] = {}
        self.ends: dict[Hashable, cp_model.IntVar] = {}
        self.chosen: dict[Hashable, list[tuple[Hashable, cp_model.IntVar | None]]] = {}
        self.fixed = {op.key for job in jobs for op in job.operations if op.fixed}
        self.earliest: dict[Hashable, int] = {}
        self.in_day: dict[tuple[Hashable, Hashable, int], cp_model.IntVar] = {}
        free: dict[Hashable, list] = {}
        fixed: dict[Hashable, list] = {}
        for job in jobs:
            previous_end = None
            for operation in job.operations:
                self._add_operation(job, operation, calendars, now, free, fixed)
                if previous_end is not None:
                    self.model.add(previous_end <= self.starts[operation.key])
                previous_end = self.ends[operation.key]
        for machine in set(free) | set(fixed):
            self._add_machine(machine, free.get(machine, []), fixed.get(machine, []))

    def _add_machine(self, machine, free, fixed) -> None:
        """No two operations of a machine overlap; started ones are merged first (several may
        run at once on the floor: they are facts)."""
        blocks = [
            self.model.new_fixed_size_interval_var(start, end - start, "started")
            for start, end in shop.merge_stretches(fixed)
        ]
        if free and len(free) + len(blocks) > 1:
            self.model.add_no_overlap(free + blocks)

    def _add_operation(self, job, operation, calendars, now, free, fixed) -> None:
        key = operation.key
        if operation.fixed:
            machine, start = operation.fixed
            duration = operation.duration_on(machine)
            self.starts[key] = self.model.new_constant(start)
            self.ends[key] = self.model.new_constant(start + duration)
            fixed.setdefault(machine, []).append((start, start + duration))
            self.chosen[key] = [(machine, None)]
            return
        earliest = max(job.release, now)
        self.earliest[key] = earliest
        # The calendar lives in the start's domain: one stretch of possible starts per window
        # long enough, so propagation jumps over nights and weekends in one step.
        domains = {
            machine: _start_domain(
                shop.merged_windows(calendars, machine), duration, earliest, self.high
            )
            for machine, duration in operation.modes
        }
        union = shop.merge_stretches([(a, b + 1) for d in domains.values() for a, b in d])
        if union:
            allowed = cp_model.Domain.from_intervals([[a, b - 1] for a, b in union])
        else:
            allowed = cp_model.Domain(earliest, self.high)
        start = self.model.new_int_var_from_domain(allowed, f"start {key}")
        if not union:
            self.model.add(start < earliest)  # fits in no window: infeasible
        end = self.model.new_int_var(earliest, self.high, f"end {key}")
        self.starts[key], self.ends[key] = start, end
        if len(operation.modes) == 1:
            machine, duration = operation.modes[0]
            interval = self.model.new_interval_var(start, duration, end, f"op {key}")
            free.setdefault(machine, []).append(interval)
            self.chosen[key] = [(machine, None)]
            return
        options = []
        for machine, duration in operation.modes:
            present = self.model.new_bool_var(f"{key} on {machine}")
            interval = self.model.new_optional_interval_var(
                start, duration, end, present, f"op {key} on {machine}"
            )
            if domains[machine]:
                allowed = cp_model.Domain.from_intervals([[a, b] for a, b in domains[machine]])
                self.model.add_linear_expression_in_domain(start, allowed).only_enforce_if(present)
            else:
                self.model.add(present == 0)
            free.setdefault(machine, []).append(interval)
            options.append((machine, present))
        self.model.add_exactly_one(present for _machine, present in options)
        self.chosen[key] = options

    def _completions(self) -> list[tuple[shop.Job, cp_model.IntVar]]:
        return [(job, self.ends[job.operations[-1].key]) for job in self.jobs if job.operations]

    def weighted_tardiness(self) -> cp_model.LinearExpr:
        terms = []
        for job, completion in self._completions():
            if job.due is None or job.weight == 0:
                continue
            late = self.model.new_int_var(0, max(0, self.high - job.due), f"late {job.key}")
            self.model.add(late >= completion - job.due)
            self.late[job.key] = late
            terms.append(job.weight * late)
        return cp_model.LinearExpr.sum(terms)

    def makespan(self) -> cp_model.IntVar:
        span = self.model.new_int_var(-shop.OPEN_END, self.high, "makespan")
        self.model.add_max_equality(span, [completion for _job, completion in self._completions()])
        return span

    def total_completion(self) -> cp_model.LinearExpr:
        return cp_model.LinearExpr.sum([completion for _job, completion in self._completions()])

    def peak_utilisation(self, calendars: shop.Calendars | None) -> cp_model.IntVar | None:
        """Highest load / capacity, in %, over the days of the machines that have a calendar.

        An operation counts on the day it starts (days of DAY_MINUTES from time 0, as in
        ``work_centre_load``); capacity is the calendar's available minutes that day. Machines
        without a calendar are unlimited and left out. None when no machine has a calendar.
        """
        capacity = {}
        for machine in calendars or {}:
            merged = shop.merged_windows(calendars, machine)
            days = -(-max((end for _start, end in merged), default=0) // DAY_MINUTES)
            capacity[machine] = [int(c) for c in work_centre_load.daily_capacity(merged, days)]
        if not capacity:
            return None
        terms: dict[tuple[Hashable, int], list] = {}
        for job in self.jobs:
            for operation in job.operations:
                self._count_in_days(operation, capacity, terms)
        rows = [
            (loads, capacity[machine][day])
            for (machine, day), loads in terms.items()
            if capacity[machine][day] > 0
        ]
        # the most a day could hold (every candidate in it) bounds the peak: no overflow
        top = max((-(-100 * sum(d for d, _f in loads) // cap) for loads, cap in rows), default=0)
        peak = self.model.new_int_var(0, top, "peak utilisation %")
        for loads, available in rows:
            load = cp_model.LinearExpr.sum([d if f is None else d * f for d, f in loads])
            self.model.add(100 * load <= peak * available)
        return peak

    def _count_in_days(self, operation, capacity, terms) -> None:
        key = operation.key
        if operation.fixed:
            machine, start = operation.fixed
            day = start // DAY_MINUTES
            if machine in capacity and 0 <= day < len(capacity[machine]):
                terms.setdefault((machine, day), []).append((operation.duration_on(machine), None))
            return
        for machine, present in self.chosen[key]:
            if machine not in capacity:
                continue
            duration = operation.duration_on(machine)
            first = max(0, self.earliest[key] // DAY_MINUTES)
            flags = []
            for day in range(first, len(capacity[machine])):
                if capacity[machine][day] == 0:
                    continue  # no window starts or runs that day
                flag = self.model.new_bool_var(f"{key} on {machine} day {day}")
                start = self.starts[key]
                self.model.add(start >= day * DAY_MINUTES).only_enforce_if(flag)
                self.model.add(start < (day + 1) * DAY_MINUTES).only_enforce_if(flag)
                self.in_day[key, machine, day] = flag
                terms.setdefault((machine, day), []).append((duration, flag))
                flags.append(flag)
            self.model.add(cp_model.LinearExpr.sum(flags) == (1 if present is None else present))

    def run(self, objective, seconds: float, workers: int, presolve: bool = True):
        """Minimise ``objective`` within ``seconds``; (status, solver). Without presolve, a
        complete hint is the first solution at once (warm start)."""
        self.model.minimize(objective)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = workers
        if not presolve:
            solver.parameters.cp_model_presolve = False
        # Probing in presolve takes seconds on a 2,000-operation shop for little gain (measured
        # in bench/: without this the 30 s budget ended before any search).
        solver.parameters.cp_model_probing_level = 0
        return solver.solve(self.model), solver

    def hint(self, planned: Sequence[shop.PlannedOperation]) -> None:
        self.model.clear_hints()
        ends = {item.operation: item.end for item in planned}
        for job in self.jobs:
            if job.key in self.late:
                late = max(0, ends[job.operations[-1].key] - job.due)
                self.model.add_hint(self.late[job.key], late)
        for item in planned:
            if item.operation in self.fixed:
                continue  # constants, shared between equal values: no hint
            self.model.add_hint(self.starts[item.operation], item.start)
            self.model.add_hint(self.ends[item.operation], item.end)
            for machine, present in self.chosen[item.operation]:
                if present is not None:
                    self.model.add_hint(present, machine == item.machine)
        day_of = {item.operation: (item.machine, item.start // DAY_MINUTES) for item in planned}
        for (key, machine, day), flag in self.in_day.items():
            self.model.add_hint(flag, day_of[key] == (machine, day))

    def plan(self, solver: cp_model.CpSolver) -> tuple[shop.PlannedOperation, ...]:
        planned = []
        for job in self.jobs:
            for operation in job.operations:
                key = operation.key
                machine = next(
                    machine
                    for machine, present in self.chosen[key]
                    if present is None or solver.boolean_value(present)
                )
                start, end = solver.value(self.starts[key]), solver.value(self.ends[key])
                planned.append(shop.PlannedOperation(job.key, key, machine, start, end))
        return tuple(planned)


def horizon(jobs: Sequence[shop.Job], calendars: shop.Calendars | None, now: int) -> int:
    """Latest end of any operation: room to run every operation one after the other after
    every release, started operation and calendar interval."""
    points = [0, now]
    work = 0
    for job in jobs:
        points.append(job.release)
        for operation in job.operations:
            work += max(duration for _machine, duration in operation.modes)
            if operation.fixed:
                machine, start = operation.fixed
                points += [start, start + operation.duration_on(machine)]
    for windows in (calendars or {}).values():
        for start, end in windows:
            points += [start, end]
    return max(points) + work


def _start_domain(
    windows: list[tuple[int, int]], duration: int, earliest: int, high: int
) -> list[tuple[int, int]]:
    """Closed stretches [first, last] of the starts that fit an operation in one window."""
    stretches = []
    for window_start, window_end in windows:
        first, last = max(window_start, earliest), min(window_end - duration, high)
        if first <= last:
            stretches.append((first, last))
    return stretches
