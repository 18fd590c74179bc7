import math

import pytest

from logistics_algorithms.pareto import pareto


def test_ranks_by_weight_with_shares_and_the_80_percent_cut():
    # 50 + 30 + 10 + 6 + 4 = 100: cumulative 50, 80, 90, 96, 100 %; the cut is reached by
    # the second item, so the vital few are the first two.
    result = pareto([("c", 10), ("a", 50), ("e", 4), ("b", 30), ("d", 6)])
    assert [item.key for item in result] == ["a", "b", "c", "d", "e"]
    assert [item.rank for item in result] == [1, 2, 3, 4, 5]
    assert [item.share for item in result] == [0.5, 0.3, 0.1, 0.06, 0.04]
    assert [item.cumulative_share for item in result] == [0.5, 0.8, 0.9, 0.96, 1.0]
    assert [item.vital for item in result] == [True, True, False, False, False]


def test_the_item_that_crosses_the_cut_is_vital():
    # 40 + 30 = 70 % < 80 %, the third (20, cumulative 90 %) crosses the cut: vital.
    result = pareto([("a", 40), ("b", 30), ("c", 20), ("d", 10)])
    assert [item.vital for item in result] == [True, True, True, False]


def test_items_tied_with_the_one_at_the_cut_are_vital_too():
    # 60 then three of 10: the second item reaches 70 %, the third 80 % (the cut) and the
    # fourth weighs the same, so it is vital as well; order of equal items is by key.
    result = pareto([("z", 10), ("x", 10), ("a", 60), ("y", 10), ("w", 10)])
    assert [item.key for item in result] == ["a", "w", "x", "y", "z"]
    assert [item.vital for item in result] == [True, True, True, True, True]
    result = pareto([("a", 70), ("b", 10), ("c", 10), ("d", 5), ("e", 5)])
    assert [item.vital for item in result] == [True, True, True, False, False]


def test_same_key_twice_adds_up_and_zero_weights_are_never_vital():
    result = pareto([("a", 2), ("b", 0), ("a", 3)])
    assert [(item.key, item.weight, item.vital) for item in result] == [
        ("a", 5, True),
        ("b", 0, False),
    ]
    assert result[-1].share == 0 and result[-1].cumulative_share == 1.0


def test_empty_and_all_zero_input_have_no_vital_item():
    assert pareto([]) == []
    assert [item.vital for item in pareto([("a", 0), ("b", 0)])] == [False, False]


def test_a_cut_of_100_percent_keeps_every_weighing_item():
    result = pareto([("a", 1), ("b", 1), ("c", 0)], cut=1.0)
    assert [item.vital for item in result] == [True, True, False]


def test_mixed_key_types_sort_without_error():
    result = pareto([(1, 5), ("r1", 5), (None, 5)])
    assert len(result) == 3 and all(item.vital for item in result)


@pytest.mark.parametrize("weight", [-1, math.nan, math.inf])
def test_bad_weights_are_refused(weight):
    with pytest.raises(ValueError):
        pareto([("a", weight)])


@pytest.mark.parametrize("cut", [0, -0.1, 1.5])
def test_bad_cut_is_refused(cut):
    with pytest.raises(ValueError):
        pareto([("a", 1)], cut=cut)


def test_property_cumulative_share_grows_to_one_and_vital_items_come_first():
    import random

    rng = random.Random(7)
    for _ in range(200):
        items = [(i, rng.choice([0, 1, 2, 3, 5, 8, 13])) for i in range(rng.randint(1, 12))]
        result = pareto(items, cut=rng.choice([0.5, 0.8, 0.95]))
        shares = [item.cumulative_share for item in result]
        assert shares == sorted(shares)
        if sum(w for _k, w in items):
            assert shares[-1] == 1.0
            flags = [item.vital for item in result]
            assert flags == sorted(flags, reverse=True)
