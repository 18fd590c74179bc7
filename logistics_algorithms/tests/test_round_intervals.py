import pytest

from logistics_algorithms.round_intervals import (
    WEEK_MINUTES,
    intervals_meet,
    weekly_intervals,
)


def test_rounds_at_8_and_14_on_the_same_day_do_not_meet():
    # Monday 08:00-08:45 against Monday 14:00-14:45: 480-525 and 840-885 minutes
    morning = weekly_intervals([0], [8.0], 45)
    afternoon = weekly_intervals([0], [14.0], 45)
    assert morning == [(480, 525)]
    assert afternoon == [(840, 885)]
    assert intervals_meet(morning, afternoon) is None


def test_rounds_out_at_the_same_time_meet_at_the_later_start():
    # Monday 08:00-08:45 and Monday 08:30-09:00: both out from 08:30 = minute 510
    assert intervals_meet(weekly_intervals([0], [8.0], 45), weekly_intervals([0], [8.5], 30)) == 510


def test_a_round_back_when_the_other_leaves_does_not_meet_it():
    assert (
        intervals_meet(weekly_intervals([0], [8.0], 60), weekly_intervals([0], [9.0], 60)) is None
    )


def test_same_hour_on_other_weekdays_does_not_meet():
    assert (
        intervals_meet(weekly_intervals([0, 1], [10.0], 30), weekly_intervals([5], [10.0], 30))
        is None
    )


def test_same_local_hour_in_zones_one_hour_apart_is_compared_in_utc():
    # 08:00 local at UTC+1 is 07:00 UTC; 08:00 at UTC+0 is 08:00 UTC. Rounds of 45 min do not
    # meet (07:00-07:45 and 08:00-08:45); rounds of 90 min do, from 08:00 UTC = minute 480.
    paris = weekly_intervals([0], [8.0], 45, utc_offset_minutes=60)
    london = weekly_intervals([0], [8.0], 45, utc_offset_minutes=0)
    assert paris == [(420, 465)]
    assert intervals_meet(paris, london) is None
    assert (
        intervals_meet(
            weekly_intervals([0], [8.0], 90, utc_offset_minutes=60),
            weekly_intervals([0], [8.0], 90),
        )
        == 480
    )


def test_a_local_monday_morning_east_of_utc_is_sunday_evening_in_utc():
    # Monday 00:30 at UTC+2 is Sunday 22:30 UTC: minute 6 * 1440 + 22.5 * 60 = 9990
    assert weekly_intervals([0], [0.5], 30, utc_offset_minutes=120) == [(9990, 10020)]


def test_a_round_over_the_end_of_the_week_is_split_and_meets_a_monday_round():
    # Sunday 23:30 for 60 minutes: 10050-10080 and 0-30; a Monday 00:15 round meets it at 15
    sunday = weekly_intervals([6], [23.5], 60)
    assert sunday == [(0, 30), (10050, WEEK_MINUTES)]
    assert intervals_meet(sunday, weekly_intervals([0], [0.25], 10)) == 15


def test_a_round_without_length_still_occupies_its_departure_minute():
    assert weekly_intervals([2], [6.0], 0) == [(2 * 1440 + 360, 2 * 1440 + 361)]


def test_cycle_rounds_longer_than_the_cycle_overlap_among_themselves_and_still_meet():
    # every 30 min from 06:00, 50 min each; the other circuit's round at 06:40-06:45 meets the
    # first round (06:00-06:50) at minute 400
    cycle = weekly_intervals([0], [6.0, 6.5, 7.0], 50)
    assert intervals_meet(cycle, weekly_intervals([0], [6 + 40 / 60], 5)) == pytest.approx(400)


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        weekly_intervals([7], [8.0], 10)
    with pytest.raises(ValueError):
        weekly_intervals([0], [8.0], -1)
