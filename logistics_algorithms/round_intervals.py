"""When the rounds of a milk-run circuit are on the road, on a weekly UTC clock.

Two circuits serving the same place only compete for a transfer when their rounds are out at
the same moment; comparing first-to-last departure hours, or local hours across time zones, warns
of clashes that never happen. Times here are minutes from Monday 00:00 UTC, on a week that wraps
around (a Sunday 23:30 round of 60 minutes ends Monday 00:30).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ._numbers import require_non_negative

WEEK_MINUTES = 7 * 24 * 60
# A round of no measurable length (no stops yet, no distance) still leaves at its hour.
MIN_ROUND_MINUTES = 1.0


def weekly_intervals(
    weekdays: Iterable[int],
    departure_hours: Sequence[float],
    duration_minutes: float,
    utc_offset_minutes: float = 0.0,
) -> list[tuple[float, float]]:
    """[start, end) minutes of every round of a week, in UTC, sorted.

    ``weekdays`` are local working days (0 = Monday), ``departure_hours`` local hours of the day
    (7.5 = 07:30), ``utc_offset_minutes`` the circuit's local time minus UTC (+60 for UTC+1).
    An interval crossing the end of the week is split in two.
    """
    require_non_negative("round duration", duration_minutes)
    duration = max(duration_minutes, MIN_ROUND_MINUTES)
    intervals = []
    for day in sorted(set(weekdays)):
        if not 0 <= day <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {day}")
        for hour in departure_hours:
            start = (day * 1440 + hour * 60 - utc_offset_minutes) % WEEK_MINUTES
            end = start + duration
            if end <= WEEK_MINUTES:
                intervals.append((start, end))
            else:
                intervals += [(start, WEEK_MINUTES), (0.0, end - WEEK_MINUTES)]
    return sorted(intervals)


def intervals_meet(first: Sequence[tuple[float, float]], second: Sequence[tuple[float, float]]):
    """The first moment (minutes from Monday 00:00 UTC) when a round of each list is out, or None.

    Both lists sorted by start, as weekly_intervals returns them; touching ends do not meet (a
    round back at 09:00 and one leaving at 09:00 are not out together).
    """
    i = j = 0
    while i < len(first) and j < len(second):
        (a_start, a_end), (b_start, b_end) = first[i], second[j]
        if a_start < b_end and b_start < a_end:
            return max(a_start, b_start)
        if a_end <= b_end:
            i += 1
        else:
            j += 1
    return None
