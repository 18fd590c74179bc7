import random

import pytest

from logistics_algorithms import abc_classification


def test_classes_follow_the_cumulative_share_before_each_item():
    # total 100; share before: a 0 A, b 0.5 A, c 0.8 B (not < 0.8), d 0.9 B, e 0.96 C
    items = abc_classification.classify({"c": 10, "a": 50, "e": 4, "b": 30, "d": 6})
    assert [(item.key, item.abc_class) for item in items] == [
        ("a", "A"),
        ("b", "A"),
        ("c", "B"),
        ("d", "B"),
        ("e", "C"),
    ]
    assert [item.cumulative_share for item in items] == pytest.approx([0.5, 0.8, 0.9, 0.96, 1.0])
    assert items[1].share == pytest.approx(0.3)


def test_top_item_is_a_even_when_it_alone_passes_the_cutoff():
    # x is 95 % on its own: still A; y starts at 0.95, not below 0.95 -> C
    items = abc_classification.classify({"x": 95, "y": 5})
    assert [item.abc_class for item in items] == ["A", "C"]


def test_equal_values_are_ranked_by_key():
    items = abc_classification.classify({"b": 10, "a": 10, "c": 10})
    assert [item.key for item in items] == ["a", "b", "c"]


def test_items_without_value_are_c():
    items = abc_classification.classify({"a": 10, "b": 0, "c": -5})
    assert [(item.key, item.abc_class, item.share) for item in items] == [
        ("a", "A", 1.0),
        ("b", "C", 0.0),
        ("c", "C", 0.0),
    ]


def test_all_zero_values_give_all_c_without_dividing_by_zero():
    items = abc_classification.classify({"a": 0, "b": 0})
    assert {item.abc_class for item in items} == {"C"}
    assert all(item.cumulative_share == 0 for item in items)


def test_floating_point_sums_do_not_move_an_item_across_a_cutoff():
    # ten items of 0.1: shares before are 0, 0.1, ..., 0.9; the ninth starts exactly at 0.8 -> B
    items = abc_classification.classify(dict.fromkeys(range(10), 0.1))
    assert [item.abc_class for item in items] == ["A"] * 8 + ["B"] * 2


@pytest.mark.parametrize("cutoffs", [(0.95, 0.8), (0, 0.5), (0.8, 1.2)])
def test_inconsistent_cutoffs_are_rejected(cutoffs):
    with pytest.raises(ValueError, match="cutoffs"):
        abc_classification.classify({"a": 1}, cutoffs)


def test_classes_never_improve_down_the_ranking_and_shares_add_up():
    rng = random.Random(11)
    values = {index: rng.paretovariate(1.2) for index in range(500)}
    items = abc_classification.classify(values)
    classes = [item.abc_class for item in items]
    assert classes == sorted(classes)
    assert sum(item.share for item in items) == pytest.approx(1.0)
    assert items[-1].cumulative_share == 1.0
    assert [item.value for item in items] == sorted(values.values(), reverse=True)
