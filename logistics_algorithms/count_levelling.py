"""Cycle-count plan with a levelled daily load.

Each location is counted ``counts_per_year`` times (by ABC class, e.g. A 12, B 4, C 1); the
daily workload sum(counts a year) / working days must be spread evenly within the counters'
capacity (cycle counting, APICS), so no day gets more than one count above the average.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from ._numbers import ceil_clean, floor_clean, require_non_negative, require_positive

# Converts calendar days before the horizon into working days (only working days of the horizon
# are known); 365 calendar days hold ``annual_working_days`` working days.
_CALENDAR_DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class CountNeed:
    """A location to count, how often, and when it was last counted (None: never)."""

    key: Hashable
    counts_per_year: float
    last_counted: date | None = None


class CountAssignment(NamedTuple):
    key: Hashable
    date: date
    overdue: bool


class UnplacedCount(NamedTuple):
    """A count left out; ``reason`` is a code (``no_capacity``: no working day with room left)."""

    key: Hashable
    ideal_date: date
    reason: str


@dataclass(frozen=True)
class CountPlan:
    """Counts placed per day, the resulting daily load, and what could not be placed."""

    assignments: list[CountAssignment]
    load: dict[date, int]
    unplaced: list[UnplacedCount]
    daily_average: float
    # the most counts each day could take (its capacity or its levelled target, the lower)
    daily_limit: dict[date, int]


class _Occurrence(NamedTuple):
    overdue: bool
    ideal: int  # index in the horizon's working days
    need_index: int


def plan_counts(
    needs: Sequence[CountNeed],
    working_days: Sequence[date],
    daily_capacity: int | Mapping[date, int],
    fixed_load: Mapping[date, int] | None = None,
    annual_working_days: int = 250,
) -> CountPlan:
    """Plan every count due in the horizon, levelled day by day.

    A location is due every ``annual_working_days / counts_per_year`` working days after its
    last count; one due before the horizon (or never counted) is overdue, planned as soon as
    possible and placed first, and its next counts follow from there. A day's load (fixed tasks
    kept from an earlier plan + new counts) stays <= min(capacity, ceil(average)), and days are
    first filled up to floor(average) so none is left far below it. Each count goes to the day
    with room nearest its ideal day (earlier on ties, after the location's previous count when
    possible, never twice the same location on one day). A count left over while some day still
    has room swaps with a count of another location, and days left below floor(average) take
    counts from the nearest days above it. Fixed load on dates that are not working days is
    ignored. What does not fit is returned in ``unplaced``.

    ``daily_capacity`` is one figure for every day, or a capacity per working day (e.g. the
    storekeepers present that day): then each day's share of the load follows its share of the
    capacity, so a day with half the capacity gets half the counts (within one), and no day
    exceeds its own capacity.
    """
    days = sorted(set(working_days))
    if not days:
        raise ValueError("no working day in the horizon")
    capacities = _capacities(daily_capacity, days)
    require_positive("annual working days", annual_working_days)
    fixed = _fixed_load(fixed_load, days)
    occurrences = _all_occurrences(needs, days, annual_working_days)
    daily_average = (sum(fixed) + len(occurrences)) / len(days)
    targets = _targets(sum(fixed) + len(occurrences), capacities, daily_average)
    ceilings = [min(cap, ceil_clean(t)) for cap, t in zip(capacities, targets, strict=True)]
    floors = [min(cap, floor_clean(t)) for cap, t in zip(capacities, targets, strict=True)]
    # First fill every day up to floor(target), then place the rest where ceil(target) allows:
    # the days end within one count of their target both ways, not only below ceil(target).
    caps = [floors, ceilings] if floors != ceilings else [ceilings]
    load = list(fixed)
    days_by_need: dict[int, list[int]] = {}
    # placed[day] = [(need index, overdue)] of the new counts on that day
    placed: list[list[tuple[int, bool]]] = [[] for _day in days]
    pending = _place_all(occurrences, caps, load, placed, days_by_need)
    pending = _swap_into_free_days(pending, placed, load, days_by_need, ceilings)
    _fill_low_days(placed, load, days_by_need, floors)
    return CountPlan(
        [
            CountAssignment(needs[need_index].key, days[day], overdue)
            for day, counts in enumerate(placed)
            for need_index, overdue in counts
        ],
        dict(zip(days, load, strict=True)),
        [
            UnplacedCount(needs[occurrence.need_index].key, days[occurrence.ideal], "no_capacity")
            for occurrence in pending
        ],
        daily_average,
        dict(zip(days, ceilings, strict=True)),
    )


def _all_occurrences(
    needs: Sequence[CountNeed], days: list[date], annual_working_days: int
) -> list[_Occurrence]:
    """Every count due in the horizon, in the order they are placed: overdue ones first,
    then by ideal day."""
    occurrences = []
    for need_index, need in enumerate(needs):
        occurrences.extend(_occurrences(need, need_index, days, annual_working_days))
    occurrences.sort(key=lambda occ: (not occ.overdue, occ.ideal, occ.need_index))
    return occurrences


def _fixed_load(fixed_load: Mapping[date, int] | None, days: list[date]) -> list[int]:
    """The load kept from an earlier plan on each working day (other dates ignored), checked."""
    fixed = [0] * len(days)
    position = {day: index for index, day in enumerate(days)}
    for day, count in (fixed_load or {}).items():
        require_non_negative(f"fixed load on {day}", count)
        if day in position:
            fixed[position[day]] += count
    return fixed


def _place_all(
    pending: list[_Occurrence],
    caps: list[list[int]],
    load: list[int],
    placed: list[list[tuple[int, bool]]],
    days_by_need: dict[int, list[int]],
) -> list[_Occurrence]:
    """Place each pending count on the day with room under the first of `caps` nearest its
    ideal day, those left under the next one (updating `load`, `placed` and `days_by_need`);
    returns those left over."""
    for cap in caps:
        free = _FreeDays([limit - value for limit, value in zip(cap, load, strict=True)])
        left = []
        for occurrence in pending:
            taken = days_by_need.setdefault(occurrence.need_index, [])
            day = _place(free, occurrence.ideal, taken)
            if day is None:
                left.append(occurrence)
                continue
            taken.append(day)
            load[day] += 1
            placed[day].append((occurrence.need_index, occurrence.overdue))
        pending = left
    return pending


def _capacities(daily_capacity: int | Mapping[date, int], days: list[date]) -> list[int]:
    """The capacity of each working day, checked."""
    if isinstance(daily_capacity, Mapping):
        missing = [day for day in days if day not in daily_capacity]
        if missing:
            raise ValueError(f"no capacity given for working day {missing[0]}")
        capacities = [daily_capacity[day] for day in days]
    else:
        capacities = [daily_capacity] * len(days)
    for day, capacity in zip(days, capacities, strict=True):
        if capacity < 0:
            raise ValueError(f"daily capacity cannot be negative, got {capacity} on {day}")
    return capacities


def _targets(total: int, capacities: list[int], daily_average: float) -> list[float]:
    """Each day's share of the load, in proportion to its capacity (the average when equal)."""
    if len(set(capacities)) == 1:
        return [daily_average] * len(capacities)
    total_capacity = sum(capacities)
    return [total * capacity / total_capacity for capacity in capacities]


def _swap_into_free_days(
    pending: list[_Occurrence],
    placed: list[list[tuple[int, bool]]],
    load: list[int],
    days_by_need: dict[int, list[int]],
    ceilings: list[int],
) -> list[_Occurrence]:
    """Place what is left although a day still has room, by moving another count there.

    At the end of a horizon the only days with room can be days where the location is already
    counted (never twice on one day). Then a count of another location moves from a full day
    (nearest the left count's ideal day) to the day with room (nearest that full day), and the
    left count takes its place: the load stays level and no count is dropped for nothing.
    Returns what still does not fit.
    """
    left = []
    for occurrence in pending:
        mine = days_by_need.setdefault(occurrence.need_index, [])
        open_days = [day for day, value in enumerate(load) if value < ceilings[day]]
        swap = None
        full_days = sorted(
            (day for day in range(len(load)) if day not in mine),
            key=lambda day: (abs(day - occurrence.ideal), day),
        )
        for full_day in full_days:
            for open_day in sorted(open_days, key=lambda day: (abs(day - full_day), day)):
                for position, (other, _overdue) in enumerate(placed[full_day]):
                    if open_day not in days_by_need[other]:
                        swap = full_day, open_day, position
                        break
                if swap:
                    break
            if swap:
                break
        if not swap:
            left.append(occurrence)
            continue
        full_day, open_day, position = swap
        _move(placed, load, days_by_need, full_day, position, open_day)
        placed[full_day].append((occurrence.need_index, occurrence.overdue))
        mine.append(full_day)
        load[full_day] += 1
    return left


def _fill_low_days(
    placed: list[list[tuple[int, bool]]],
    load: list[int],
    days_by_need: dict[int, list[int]],
    floors: list[int],
) -> None:
    """Raise the days left below their floor with counts from the nearest days above theirs.

    A day stays low when the counts that could still go there belong to locations already
    counted that day; a count of another location moves in from the nearest day above the
    floor, so that every day ends within one count of the average.
    """
    for low_day in range(len(load)):
        while load[low_day] < floors[low_day]:
            moved = False
            donors = sorted(
                (day for day, value in enumerate(load) if value > floors[day]),
                key=lambda day, low=low_day: (abs(day - low), day),
            )
            for donor in donors:
                for position, (other, _overdue) in enumerate(placed[donor]):
                    if low_day not in days_by_need[other]:
                        _move(placed, load, days_by_need, donor, position, low_day)
                        moved = True
                        break
                if moved:
                    break
            if not moved:
                break


def _move(placed, load, days_by_need, from_day, position, to_day) -> None:
    """Move the new count at ``placed[from_day][position]`` to ``to_day``."""
    need_index, overdue = placed[from_day].pop(position)
    placed[to_day].append((need_index, overdue))
    taken = days_by_need[need_index]
    taken[taken.index(from_day)] = to_day
    load[from_day] -= 1
    load[to_day] += 1


def _place(free: _FreeDays, ideal: int, taken: list[int]) -> int | None:
    """Nearest day with room, after the location's latest count when possible; None if full."""
    after_previous = max(taken) + 1 if taken else 0
    day = _nearest(free, ideal, after_previous, taken)
    if day is None and after_previous:
        day = _nearest(free, ideal, 0, taken)
    if day is not None:
        free.use(day)
    return day


def _occurrences(
    need: CountNeed, need_index: int, days: list[date], annual_working_days: int
) -> list[_Occurrence]:
    """Every due count of one location falling in the horizon, as working-day indexes."""
    require_non_negative(f"counts per year of {need.key!r}", need.counts_per_year)
    if need.counts_per_year > annual_working_days:
        raise ValueError(
            f"{need.key!r} cannot be counted {need.counts_per_year} times a year: "
            f"at most once per working day ({annual_working_days} a year)"
        )
    if need.counts_per_year == 0:
        return []
    interval = annual_working_days / need.counts_per_year
    result = []
    if need.last_counted is None:
        due = 0.0
        overdue = True
    else:
        due = _working_day_position(need.last_counted, days, annual_working_days) + interval
        overdue = round(due, 9) < 0
    if overdue:
        result.append(_Occurrence(True, 0, need_index))
        due = interval
    while (ideal := ceil_clean(due)) < len(days):
        result.append(_Occurrence(False, ideal, need_index))
        due += interval
    return result


def _working_day_position(day: date, days: list[date], annual_working_days: int) -> float:
    """Index of ``day`` on the horizon's working-day axis; negative and estimated before it."""
    if day < days[0]:
        return -(days[0] - day).days * annual_working_days / _CALENDAR_DAYS_PER_YEAR
    return bisect_right(days, day) - 1


def _nearest(free: _FreeDays, ideal: int, lowest: int, taken: list[int]) -> int | None:
    """Day with room nearest ``ideal`` within [lowest, end), earlier on ties; None if none."""
    right = free.at_or_after(max(ideal, lowest), taken)
    left = free.at_or_before(ideal - 1, taken) if ideal - 1 >= lowest else None
    if left is not None and left < lowest:
        left = None
    if left is None:
        return right
    if right is None or ideal - left <= right - ideal:
        return left
    return right


class _FreeDays:
    """Days that still have room, found in near-constant time.

    Full days are skipped through path-compressed pointers (union-find), so placing n counts
    over d days costs about O(n + d) instead of scanning the horizon for every count.
    """

    def __init__(self, room: list[int]):
        self._room = room
        self._size = len(room)
        self._right = list(range(self._size + 1))  # index size = "none to the right"
        self._left = list(range(self._size + 1))  # shifted by one: 0 = "none to the left"
        for day, space in enumerate(room):
            if space <= 0:
                self._close(day)

    def use(self, day: int) -> None:
        self._room[day] -= 1
        if self._room[day] <= 0:
            self._close(day)

    def at_or_after(self, day: int, excluded: list[int]) -> int | None:
        found = self._find(self._right, day)
        while found < self._size and found in excluded:
            found = self._find(self._right, found + 1)
        return found if found < self._size else None

    def at_or_before(self, day: int, excluded: list[int]) -> int | None:
        found = self._find(self._left, day + 1) - 1
        while found >= 0 and found in excluded:
            found = self._find(self._left, found) - 1
        return found if found >= 0 else None

    def _close(self, day: int) -> None:
        self._right[day] = day + 1
        self._left[day + 1] = day

    @staticmethod
    def _find(parent: list[int], node: int) -> int:
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root
