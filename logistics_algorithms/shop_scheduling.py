"""Finite-capacity shop scheduling: the problem, the plan, its check, and the fallback.

Jobs are manufacturing orders; each has operations in routing order; an operation runs on one
machine (work centre) chosen among its modes (the preferred centre and its alternatives, each
with its own duration), without interruption, inside one available interval of that machine's
calendar. Times are whole minutes from an origin. The solver (``shop_solver``, OR-Tools CP-SAT)
and the fallback here share these types, so the model can check and compare both plans. This
module imports no solver: the fallback and the check run without OR-Tools.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from . import dispatching

# A machine absent from the calendars is always available; this stands for "no end".
OPEN_END = 2**40

Calendars = Mapping[Hashable, Sequence[tuple[int, int]]]


@dataclass(frozen=True)
class Operation:
    """``modes``: (machine, duration in minutes), preferred first. ``fixed``: (machine, start)
    of an operation already started, which stays exactly there (calendar not applied)."""

    key: Hashable
    modes: tuple[tuple[Hashable, int], ...]
    fixed: tuple[Hashable, int] | None = None

    def duration_on(self, machine: Hashable) -> int:
        return dict(self.modes)[machine]


@dataclass(frozen=True)
class Job:
    """``release``: earliest start (components' arrival); ``due``: None for no due date;
    ``weight``: priority in the weighted tardiness (whole number >= 0)."""

    key: Hashable
    operations: tuple[Operation, ...]
    release: int = 0
    due: int | None = None
    weight: int = 1


@dataclass(frozen=True)
class PlannedOperation:
    job: Hashable
    operation: Hashable
    machine: Hashable
    start: int
    end: int


@dataclass(frozen=True)
class Schedule:
    """A plan and how it was obtained.

    ``status``: ``optimal`` / ``feasible`` (solver, primary objective proved optimal or not),
    ``fallback_timeout`` (no solver plan within the budget), ``fallback_infeasible`` (the solver
    proved no plan fits the calendars), ``fallback_solver_error`` (the solver refused the model:
    a bug to report), ``fallback`` (the fallback was asked for).
    ``off_calendar``: operations the fallback had to place outside their calendar (longer than
    any interval, or after its end) — empty for every solver plan.
    """

    status: str
    operations: tuple[PlannedOperation, ...]
    weighted_tardiness: int
    makespan: int
    off_calendar: tuple[Hashable, ...] = ()


def validate(jobs: Sequence[Job], calendars: Calendars | None) -> None:
    """Refuse inconsistent input (ValueError), so both planners see a well-formed problem."""
    seen = set()
    for job in jobs:
        if job.weight < 0 or int(job.weight) != job.weight:
            raise ValueError(f"weight of job {job.key!r} must be a whole number >= 0")
        for operation in job.operations:
            if operation.key in seen:
                raise ValueError(f"operation key {operation.key!r} is used twice")
            seen.add(operation.key)
            if not operation.modes:
                raise ValueError(f"operation {operation.key!r} has no machine")
            for _machine, duration in operation.modes:
                if duration < 0 or int(duration) != duration:
                    raise ValueError(f"duration of {operation.key!r} must be whole minutes >= 0")
            if operation.fixed and operation.fixed[0] not in dict(operation.modes):
                raise ValueError(f"fixed machine of {operation.key!r} is not one of its modes")
    for machine, windows in (calendars or {}).items():
        for start, end in windows:
            if end < start:
                raise ValueError(f"calendar interval of {machine!r} ends before it starts")


def merge_stretches(stretches: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of time stretches, as sorted disjoint stretches (empty ones dropped)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(stretches):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def merged_windows(calendars: Calendars | None, machine: Hashable) -> list[tuple[int, int]]:
    """Sorted, merged available intervals of a machine (all time without a calendar)."""
    if calendars is None or machine not in calendars:
        return [(-OPEN_END, OPEN_END)]
    return merge_stretches(calendars[machine])


def evaluate(jobs: Sequence[Job], planned: Sequence[PlannedOperation]) -> tuple[int, int]:
    """(weighted tardiness, makespan) of a plan: sum w_j max(0, C_j - d_j), max C_j."""
    end_of = {item.operation: item.end for item in planned}
    tardiness = 0
    makespan = 0
    for job in jobs:
        if not job.operations:
            continue
        completion = end_of[job.operations[-1].key]
        makespan = max(makespan, completion)
        if job.due is not None:
            tardiness += job.weight * max(0, completion - job.due)
    return tardiness, makespan


def check_schedule(
    jobs: Sequence[Job], calendars: Calendars | None, planned: Sequence[PlannedOperation]
) -> list[tuple[str, Hashable]]:
    """Violations of a plan as (code, operation key): ``missing``, ``wrong_machine``,
    ``duration``, ``release``, ``precedence``, ``calendar``, ``overlap`` (two operations at
    once on a machine, unless both were started), ``fixed_moved``."""
    by_key = {item.operation: item for item in planned}
    problems: list[tuple[str, Hashable]] = []
    per_machine: dict[Hashable, list[PlannedOperation]] = {}
    for job in jobs:
        previous_end = None
        for operation in job.operations:
            item = by_key.get(operation.key)
            if item is None:
                problems.append(("missing", operation.key))
                continue
            per_machine.setdefault(item.machine, []).append(item)
            modes = dict(operation.modes)
            if item.machine not in modes:
                problems.append(("wrong_machine", operation.key))
            elif item.end - item.start != modes[item.machine]:
                problems.append(("duration", operation.key))
            if operation.fixed:
                if (item.machine, item.start) != tuple(operation.fixed):
                    problems.append(("fixed_moved", operation.key))
            else:
                if item.start < job.release:
                    problems.append(("release", operation.key))
                if not _inside_a_window(merged_windows(calendars, item.machine), item):
                    problems.append(("calendar", operation.key))
            if previous_end is not None and item.start < previous_end:
                problems.append(("precedence", operation.key))
            previous_end = item.end
    started = {op.key for job in jobs for op in job.operations if op.fixed}
    for items in per_machine.values():
        items.sort(key=lambda item: (item.start, item.end))
        busy_until = free_until = None  # started operations may overlap each other: facts
        for item in (item for item in items if item.end > item.start):
            fixed = item.operation in started
            limit = free_until if fixed else busy_until
            if limit is not None and item.start < limit:
                problems.append(("overlap", item.operation))
            busy_until = item.end if busy_until is None else max(busy_until, item.end)
            if not fixed:
                free_until = item.end if free_until is None else max(free_until, item.end)
    return problems


def _inside_a_window(windows: list[tuple[int, int]], item: PlannedOperation) -> bool:
    index = bisect.bisect_right(windows, (item.start, OPEN_END)) - 1
    return index >= 0 and windows[index][0] <= item.start and item.end <= windows[index][1]


class _Timeline:
    """Busy intervals of one machine, to find the first free slot inside its calendar."""

    def __init__(self, windows: list[tuple[int, int]]):
        self.windows = windows
        self.busy: list[tuple[int, int]] = []

    def book(self, start: int, end: int) -> None:
        """Mark [start, end) busy, merged with the busy stretches it touches (kept disjoint)."""
        if end <= start:
            return
        index = bisect.bisect_left(self.busy, (start,))
        if index > 0 and self.busy[index - 1][1] >= start:
            index -= 1
        last = index
        while last < len(self.busy) and self.busy[last][0] <= end:
            start, end = min(start, self.busy[last][0]), max(end, self.busy[last][1])
            last += 1
        self.busy[index:last] = [(start, end)]

    def first_fit(self, earliest: int, duration: int) -> int | None:
        """Earliest start >= ``earliest`` of a free stretch inside one window, or None."""
        index = max(0, bisect.bisect_right(self.windows, (earliest, OPEN_END)) - 1)
        for window_start, window_end in self.windows[index:]:
            start = max(earliest, window_start)
            while start + duration <= window_end:
                clash = self._clash(start, start + duration)
                if clash is None:
                    return start
                start = clash
            # no room left in this window: try the next one
        return None

    def _clash(self, start: int, end: int) -> int | None:
        """End of the busy stretch overlapping [start, end), None when free."""
        index = bisect.bisect_left(self.busy, (end,))
        if index and self.busy[index - 1][1] > start:
            return self.busy[index - 1][1]
        return None

    def end_of_calendar(self) -> int:
        return max([self.windows[-1][1], *[end for _start, end in self.busy]])


def fallback(
    jobs: Sequence[Job],
    calendars: Calendars | None = None,
    rule: dispatching.Rule = "edd",
    now: int = 0,
) -> Schedule:
    """Deterministic plan: orders ranked by a dispatching rule (earliest due date by default),
    each operation in routing order into the first free capacity of its machines' calendars
    (the mode that ends first). Started operations are booked first where they are. An operation
    that fits nowhere in the calendar goes right after the calendar's end (``off_calendar``)."""
    validate(jobs, calendars)
    machines = {machine for job in jobs for op in job.operations for machine, _ in op.modes}
    timelines = {machine: _Timeline(merged_windows(calendars, machine)) for machine in machines}
    planned: dict[Hashable, PlannedOperation] = {}
    for job in jobs:
        for operation in job.operations:
            if operation.fixed:
                machine, start = operation.fixed
                end = start + operation.duration_on(machine)
                timelines[machine].book(start, end)
                planned[operation.key] = PlannedOperation(
                    job.key, operation.key, machine, start, end
                )
    off_calendar = []
    for index in rank_jobs(jobs, rule, now):
        job = jobs[index]
        ready = max(job.release, now)
        for operation in job.operations:
            if operation.key not in planned:
                item, fits = _place(job, operation, ready, timelines)
                planned[operation.key] = item
                if not fits:
                    off_calendar.append(operation.key)
            ready = max(ready, planned[operation.key].end)
    ordered = tuple(planned[op.key] for job in jobs for op in job.operations)
    tardiness, makespan = evaluate(jobs, ordered)
    return Schedule("fallback", ordered, tardiness, makespan, tuple(off_calendar))


def rank_jobs(jobs: Sequence[Job], rule: dispatching.Rule = "edd", now: int = 0) -> list[int]:
    """Indexes of ``jobs`` in the order a dispatching rule takes them (the fallback's order)."""
    queue = [
        dispatching.QueueItem(
            key=index,
            processing=_shortest(job.operations[0]) if job.operations else 0,
            remaining=sum(_shortest(operation) for operation in job.operations),
            due=job.due,
            weight=job.weight,
        )
        for index, job in enumerate(jobs)
    ]
    return dispatching.order_queue(queue, rule, now)


def frozen(job: Job, planned: Mapping[Hashable, PlannedOperation]) -> Job:
    """The job with its planned operations fixed where they are (as if started)."""
    operations = tuple(
        Operation(op.key, op.modes, (planned[op.key].machine, planned[op.key].start))
        if op.key in planned
        else op
        for op in job.operations
    )
    return dataclasses.replace(job, operations=operations)


def _shortest(operation: Operation) -> int:
    return min(duration for _machine, duration in operation.modes)


def _place(
    job: Job, operation: Operation, ready: int, timelines: dict[Hashable, _Timeline]
) -> tuple[PlannedOperation, bool]:
    best = None
    for machine, duration in operation.modes:
        start = timelines[machine].first_fit(ready, duration)
        if start is not None and (best is None or start + duration < best[1] + best[2]):
            best = (machine, start, duration)
    fits = best is not None
    if best is None:  # nowhere in the calendar: after its end on the preferred machine
        machine, duration = operation.modes[0]
        best = (machine, max(ready, timelines[machine].end_of_calendar()), duration)
    machine, start, duration = best
    timelines[machine].book(start, start + duration)
    return PlannedOperation(job.key, operation.key, machine, start, start + duration), fits
