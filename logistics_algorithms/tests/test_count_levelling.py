import math
import random
from collections import Counter
from datetime import date, timedelta

import pytest

from logistics_algorithms.count_levelling import CountAssignment, CountNeed, plan_counts


def weekdays(start: date, count: int) -> list[date]:
    days = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


MONDAY = date(2025, 1, 6)


def test_empty_horizon_is_rejected():
    with pytest.raises(ValueError, match="no working day in the horizon"):
        plan_counts([CountNeed("x", 4, None)], [], 10)


def test_counts_land_on_their_due_day_and_overdue_ones_first():
    # 20 working days a year, 4 counts a year: one count every 5 working days.
    # x counted on day 0 -> due day 5 (day 10 is past the horizon).
    # y never counted -> overdue on day 0, then due day 5; day 5 is taken (cap = ceil(3 / 10)
    # = 1), days 4 and 6 are as near: the earlier one wins.
    days = weekdays(MONDAY, 10)
    needs = [CountNeed("x", 4, days[0]), CountNeed("y", 4, None)]
    plan = plan_counts(needs, days, daily_capacity=10, annual_working_days=20)
    assert plan.assignments == [
        CountAssignment("y", days[0], True),
        CountAssignment("y", days[4], False),
        CountAssignment("x", days[5], False),
    ]
    assert plan.unplaced == []
    assert plan.daily_average == pytest.approx(0.3)
    assert [plan.load[day] for day in days] == [1, 0, 0, 0, 1, 1, 0, 0, 0, 0]


def test_last_count_before_the_horizon_is_converted_to_working_days():
    # 250 working days a year, 12 counts: every 20.83 working days. Counted 14 calendar days
    # before the horizon = 14 x 250 / 365 = 9.59 working days ago -> due at 11.24 -> day 12,
    # then 32.08 -> 33, 52.91 -> 53; 73.74 is past the 65-day horizon.
    days = weekdays(MONDAY, 65)
    need = CountNeed("loc", 12, days[0] - timedelta(days=14))
    plan = plan_counts([need], days, daily_capacity=5)
    assert [assignment.date for assignment in plan.assignments] == [days[12], days[33], days[53]]
    assert not any(assignment.overdue for assignment in plan.assignments)


def test_overdue_counts_are_spread_at_the_daily_average():
    # 10 locations never counted, 5 days: average 2 a day, so 2 counts a day, all overdue
    days = weekdays(MONDAY, 5)
    needs = [CountNeed(index, 1, None) for index in range(10)]
    plan = plan_counts(needs, days, daily_capacity=10)
    assert list(plan.load.values()) == [2, 2, 2, 2, 2]
    assert all(assignment.overdue for assignment in plan.assignments)


def test_counts_beyond_capacity_are_reported_not_dropped():
    days = weekdays(MONDAY, 5)
    needs = [CountNeed(index, 1, None) for index in range(10)]
    plan = plan_counts(needs, days, daily_capacity=1)
    assert len(plan.assignments) == 5
    assert len(plan.unplaced) == 5
    assert all(item.ideal_date == days[0] for item in plan.unplaced)
    assert all(item.reason == "no_capacity" for item in plan.unplaced)


def test_fixed_load_counts_toward_the_day_and_the_average():
    # 3 kept tasks on day 0 + 2 new counts over 5 days: average 1, day 0 already over it
    days = weekdays(MONDAY, 5)
    needs = [CountNeed("a", 1, None), CountNeed("b", 1, None)]
    plan = plan_counts(needs, days, daily_capacity=10, fixed_load={days[0]: 3})
    assert plan.daily_average == 1
    assert [plan.load[day] for day in days] == [3, 1, 1, 0, 0]


def test_absurd_needs_are_rejected():
    days = weekdays(MONDAY, 5)
    with pytest.raises(ValueError):
        plan_counts([CountNeed("a", -1, None)], days, 10)
    with pytest.raises(ValueError, match="at most once per working day"):
        plan_counts([CountNeed("a", 300, None)], days, 10)
    with pytest.raises(ValueError):
        plan_counts([CountNeed("a", 1, None)], days, -1)


def test_levelled_plan_stays_within_one_count_of_average_and_accounts_for_every_count():
    rng = random.Random(5)
    days = weekdays(MONDAY, 65)
    needs = [
        CountNeed(
            index,
            rng.choice([12, 4, 4, 1, 1, 1]),
            None if rng.random() < 0.1 else days[0] - timedelta(days=rng.randint(1, 400)),
        )
        for index in range(3000)
    ]
    fixed = {days[index]: rng.randint(0, 10) for index in range(0, 65, 7)}
    for capacity in (1000, 40):
        plan = plan_counts(needs, days, daily_capacity=capacity, fixed_load=fixed)
        limit = min(capacity, math.ceil(plan.daily_average))
        assert max(plan.load.values()) <= limit
        if capacity == 1000:  # room for everything: no day is left below floor(average) either
            assert min(plan.load.values()) >= int(plan.daily_average)
        occurrences = plan.daily_average * len(days) - sum(fixed.values())
        assert len(plan.assignments) + len(plan.unplaced) == pytest.approx(occurrences)
        assert sum(plan.load.values()) == sum(fixed.values()) + len(plan.assignments)
        pairs = Counter((item.key, item.date) for item in plan.assignments)
        assert max(pairs.values()) == 1
    assert plan.unplaced  # capacity 40 is below the average: the rest is reported


def test_a_count_left_at_the_end_swaps_into_the_day_that_still_has_room():
    # 20 working days a year over a 5-day horizon; a, c, d 12 a year (every 1.67 days), b 4 a
    # year, never counted: a, c, d at 0, 2, 4 (ideal 1.67 -> 2, 3.33 -> 4), b at 0: 10 counts,
    # average 2 a day. Greedy: a, b on day 0; c, d on day 1; a, c on day 2; d on day 3; a, c on
    # day 4; d's last count (ideal 4) finds room only on day 3, where d already is.
    # Instead of leaving it out, a moves from day 4 to day 3 and d takes its place on day 4.
    days = weekdays(MONDAY, 5)
    needs = [CountNeed("a", 12), CountNeed("b", 4), CountNeed("c", 12), CountNeed("d", 12)]
    plan = plan_counts(needs, days, daily_capacity=100, annual_working_days=20)
    assert plan.unplaced == []
    assert list(plan.load.values()) == [2, 2, 2, 2, 2]
    by_day = {day: sorted(a.key for a in plan.assignments if a.date == day) for day in days}
    assert list(by_day.values()) == [["a", "b"], ["c", "d"], ["a", "c"], ["a", "d"], ["c", "d"]]
    assert len(plan.assignments) == 10


def test_large_never_counted_warehouse_is_levelled_without_dropping_counts():
    # 3,000 locations never counted (A 12, B 4, C 1 a year) over 66 working days with unlimited
    # capacity: every count fits and every day is within one count of the average.
    rng = random.Random(5)
    days = weekdays(MONDAY, 66)
    needs = [CountNeed(index, rng.choices([12, 4, 1], [4, 3, 3])[0]) for index in range(3000)]
    plan = plan_counts(needs, days, daily_capacity=100_000)
    assert plan.unplaced == []
    assert all(abs(load - plan.daily_average) <= 1 for load in plan.load.values())
    pairs = Counter((a.key, a.date) for a in plan.assignments)
    assert max(pairs.values()) == 1, "never twice the same location on one day"


def test_a_constant_capacity_given_per_day_plans_the_same():
    days = weekdays(MONDAY, 10)
    needs = [CountNeed(f"n{index}", 12, None) for index in range(23)]
    constant = plan_counts(needs, days, daily_capacity=4, annual_working_days=250)
    per_day = plan_counts(needs, days, daily_capacity=dict.fromkeys(days, 4))
    assert per_day == constant


def test_a_day_with_half_the_capacity_gets_half_the_counts():
    # 5 days, capacity 4 a day but 2 on Tuesday and Wednesday (one storekeeper of two away):
    # 16 capacity in all. 16 never-counted locations: each day's target = 16 x its capacity /
    # 16 = its capacity -> 4, 2, 2, 4, 4.
    days = weekdays(MONDAY, 5)
    capacity = dict(zip(days, [4, 2, 2, 4, 4], strict=True))
    needs = [CountNeed(f"n{index}", 1, None) for index in range(16)]
    plan = plan_counts(needs, days, daily_capacity=capacity)
    assert list(plan.load.values()) == [4, 2, 2, 4, 4]
    assert not plan.unplaced
    # 8 counts: targets 2, 1, 1, 2, 2 -> exactly half on the short days too
    plan = plan_counts(needs[:8], days, daily_capacity=capacity)
    assert list(plan.load.values()) == [2, 1, 1, 2, 2]


def test_no_day_exceeds_its_own_capacity_and_overdue_counts_go_first():
    # capacity 16 over the week; 16 overdue (never counted) + x counted on day 0 of a
    # 5-day year -> due again on day 1 (not overdue): 17 counts for 16 places, x is left out
    days = weekdays(MONDAY, 5)
    capacity = dict(zip(days, [4, 2, 2, 4, 4], strict=True))
    needs = [CountNeed("x", 5, days[0])] + [CountNeed(f"n{index}", 1, None) for index in range(16)]
    plan = plan_counts(needs, days, daily_capacity=capacity, annual_working_days=5)
    assert all(plan.load[day] <= capacity[day] for day in days)
    assert list(plan.load.values()) == [4, 2, 2, 4, 4]
    assert all(assignment.overdue for assignment in plan.assignments)
    assert [item.key for item in plan.unplaced] == ["x"] * 4
    assert {item.reason for item in plan.unplaced} == {"no_capacity"}
    assert list(plan.daily_limit.values()) == [4, 2, 2, 4, 4]


def test_fixed_load_on_a_short_day_is_kept_and_nothing_is_added_there():
    # Tuesday's only storekeeper already has 2 counts kept from an earlier plan: its day is
    # full; 4 new counts over capacities 2, 2, 2 (6): targets (4 + 2) x 2 / 6 = 2 each
    days = weekdays(MONDAY, 3)
    capacity = dict(zip(days, [2, 2, 2], strict=True))
    needs = [CountNeed(f"n{index}", 1, None) for index in range(4)]
    plan = plan_counts(needs, days, daily_capacity=capacity, fixed_load={days[1]: 2})
    assert list(plan.load.values()) == [2, 2, 2]
    assert {assignment.date for assignment in plan.assignments} == {days[0], days[2]}


def test_per_day_capacities_must_cover_every_day_and_be_positive():
    days = weekdays(MONDAY, 2)
    with pytest.raises(ValueError, match="no capacity given"):
        plan_counts([CountNeed("x", 1, None)], days, daily_capacity={days[0]: 1})
    with pytest.raises(ValueError, match="cannot be negative"):
        plan_counts([CountNeed("x", 1, None)], days, daily_capacity={days[0]: 1, days[1]: -1})
