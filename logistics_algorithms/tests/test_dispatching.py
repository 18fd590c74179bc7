import math

import pytest

from logistics_algorithms import dispatching as dp

QUEUE = [
    # key, processing here, remaining, due
    dp.QueueItem("a", processing=4, remaining=10, due=20),
    dp.QueueItem("b", processing=1, remaining=2, due=6),
    dp.QueueItem("c", processing=6, remaining=12, due=14),
    dp.QueueItem("d", processing=2, remaining=3, due=None),
]


def test_earliest_due_date_puts_orders_without_due_date_last():
    assert dp.order_queue(QUEUE, "edd") == ["b", "c", "a", "d"]


def test_shortest_processing_time():
    assert dp.order_queue(QUEUE, "spt") == ["b", "d", "a", "c"]


def test_critical_ratio_by_hand():
    # now 4: a (20 - 4) / 10 = 1.6; b (6 - 4) / 2 = 1; c (14 - 4) / 12 = 0.83; d no due date
    assert dp.critical_ratio(14, 4, 12) == pytest.approx(10 / 12)
    assert dp.order_queue(QUEUE, "critical_ratio", now=4) == ["c", "b", "a", "d"]


def test_a_late_order_has_a_negative_ratio_and_comes_first():
    items = [dp.QueueItem("on time", 1, 5, due=30), dp.QueueItem("late", 1, 5, due=5)]
    assert dp.critical_ratio(5, 10, 5) == -1
    assert dp.order_queue(items, "critical_ratio", now=10) == ["late", "on time"]


def test_nothing_left_to_do_is_not_urgent():
    assert dp.critical_ratio(10, 0, 0) == math.inf


def test_ties_go_to_the_higher_weight_then_keep_the_input_order():
    items = [
        dp.QueueItem("x", 3, 3, due=10, weight=1),
        dp.QueueItem("y", 3, 3, due=10, weight=5),
        dp.QueueItem("z", 3, 3, due=10, weight=1),
    ]
    assert dp.order_queue(items, "edd") == ["y", "x", "z"]


def test_unknown_rule_or_negative_time_is_refused():
    with pytest.raises(ValueError, match="unknown dispatching rule"):
        dp.order_queue(QUEUE, "fifo")
    with pytest.raises(ValueError):
        dp.order_queue([dp.QueueItem("a", -1, 1, 3)], "spt")
