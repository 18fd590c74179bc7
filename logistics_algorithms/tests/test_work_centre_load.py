import pytest

from logistics_algorithms import work_centre_load as wcl

DAY = 1440


def test_capacity_from_calendar_capacity_and_efficiency():
    # day 0: 8:00-12:00 and 13:00-17:00 = 480 min; day 1: 8:00-12:00 = 240; day 2: leave.
    # 2 machines (capacity 2) at 90 % efficiency: 480 x 2 x 0.9 = 864; 240 x 1.8 = 432
    calendar = [(480, 720), (780, 1020), (DAY + 480, DAY + 720)]
    assert wcl.daily_capacity(calendar, 3, capacity=2, efficiency=0.9) == pytest.approx(
        [864, 432, 0]
    )


def test_capacity_of_a_night_shift_is_split_at_midnight():
    # 22:00 day 0 to 06:00 day 1: 120 + 360 minutes
    assert wcl.daily_capacity([(1320, DAY + 360)], 2) == [120, 360]


def test_overlapping_calendar_intervals_are_refused():
    with pytest.raises(ValueError, match="overlapping"):
        wcl.daily_capacity([(0, 100), (50, 200)], 1)


def test_load_spreads_an_operation_over_the_days_it_spans():
    # 120 min planned 16:00-10:00 (18 h of which 8 h on day 0): 120 x 8/18 and 120 x 10/18;
    # a 60 min one on day 1; one outside the horizon is left out
    operations = [(960, DAY + 600, 120), (DAY + 60, DAY + 120, 60), (5 * DAY, 5 * DAY + 30, 30)]
    assert wcl.daily_load(operations, 2) == pytest.approx([120 * 8 / 18, 120 * 10 / 18 + 60])


def test_zero_length_operation_counts_on_its_day():
    assert wcl.daily_load([(DAY + 5, DAY + 5, 15)], 2) == [0, 15]


def test_load_vs_capacity_flags_overloaded_days():
    rows = wcl.load_vs_capacity([300, 500, 10], [480, 480, 0])
    assert rows[0] == wcl.DayLoad(0, 300, 480, 300 / 480, False)
    assert rows[1].overloaded and rows[1].utilisation == pytest.approx(500 / 480)
    assert rows[2] == wcl.DayLoad(2, 10, 0, None, True)


def test_load_and_capacity_must_cover_the_same_days():
    with pytest.raises(ValueError):
        wcl.load_vs_capacity([1, 2], [3])
