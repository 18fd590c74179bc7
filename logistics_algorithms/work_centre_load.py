"""Load against capacity per work centre and per day, for the load chart and table.

Times are minutes from an origin that is the start of day 0 (the model picks it, midnight in the
plant's time zone); a day is ``day_minutes`` long. Capacity of a day = available minutes of the
centre's calendar that day x capacity x efficiency; load of a day = expected durations of the
operations placed that day; utilisation = load / capacity (issue 15; DOMAIN.md, "Scheduling").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ._numbers import require_non_negative, require_positive

DAY_MINUTES = 1440


@dataclass(frozen=True)
class DayLoad:
    """One day of one work centre; ``utilisation`` is None when there is no capacity."""

    day: int
    load: float
    capacity: float
    utilisation: float | None
    overloaded: bool


def _overlaps_per_day(
    start: float, end: float, days: int, day_minutes: int
) -> list[tuple[int, float]]:
    """(day, minutes of [start, end) inside that day) for the days of the horizon it touches."""
    first = max(0, int(start // day_minutes))
    last = min(days - 1, int((end - 1e-9) // day_minutes)) if end > start else first
    parts = []
    for day in range(first, last + 1):
        overlap = min(end, (day + 1) * day_minutes) - max(start, day * day_minutes)
        if overlap > 0:
            parts.append((day, overlap))
    return parts


def daily_capacity(
    available: Sequence[tuple[float, float]],
    days: int,
    capacity: float = 1.0,
    efficiency: float = 1.0,
    day_minutes: int = DAY_MINUTES,
) -> list[float]:
    """Capacity in minutes of each day: available minutes x capacity x efficiency.

    ``available``: the calendar's working intervals (leaves and holidays already removed), in
    minutes; overlapping intervals would count twice and are refused.
    """
    require_non_negative("capacity", capacity)
    require_non_negative("efficiency", efficiency)
    require_positive("day length", day_minutes)
    minutes = [0.0] * days
    previous_end = None
    for start, end in sorted(available):
        if end < start:
            raise ValueError(f"interval ends before it starts: {(start, end)}")
        if previous_end is not None and start < previous_end:
            raise ValueError(f"overlapping calendar intervals at {start}")
        previous_end = end
        for day, overlap in _overlaps_per_day(start, end, days, day_minutes):
            minutes[day] += overlap
    return [value * capacity * efficiency for value in minutes]


def daily_load(
    operations: Sequence[tuple[float, float, float]], days: int, day_minutes: int = DAY_MINUTES
) -> list[float]:
    """Load in minutes per day from (start, end, expected duration) of each operation.

    An operation spanning several days (over a night, say) spreads its expected duration over
    them in proportion to the time it is planned in each; parts outside the horizon are left out.
    """
    load = [0.0] * days
    for start, end, duration in operations:
        require_non_negative("expected duration", duration)
        if end < start:
            raise ValueError(f"operation ends before it starts: {(start, end)}")
        if end == start:
            day = int(start // day_minutes)
            if 0 <= day < days:
                load[day] += duration
            continue
        for day, overlap in _overlaps_per_day(start, end, days, day_minutes):
            load[day] += duration * overlap / (end - start)
    return load


def load_vs_capacity(load: Sequence[float], capacity: Sequence[float]) -> list[DayLoad]:
    """Per day: load, capacity, utilisation and whether the day is overloaded (load > capacity).

    A day without capacity but with load is overloaded, its utilisation None.
    """
    if len(load) != len(capacity):
        raise ValueError(f"{len(load)} days of load for {len(capacity)} days of capacity")
    rows = []
    for day, (minutes, available) in enumerate(zip(load, capacity, strict=True)):
        utilisation = minutes / available if available > 0 else None
        overloaded = minutes > available + 1e-9
        rows.append(DayLoad(day, minutes, available, utilisation, overloaded))
    return rows
