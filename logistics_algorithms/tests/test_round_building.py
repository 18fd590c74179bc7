import pytest

from logistics_algorithms.round_building import Capacity, Load, fill_round


def test_loads_are_taken_by_need_date_first_fit():
    # train of 10 containers: 4 + 5 = 9, the 3 does not fit, the later 1 still does
    loads = [
        Load("l4", "s2", 4, containers=1),
        Load("l2", "s1", 2, containers=5),
        Load("l3", "s3", 3, containers=3),
        Load("l1", "s1", 1, containers=4),
    ]
    fill = fill_round(loads, Capacity(containers=10))
    assert [load.key for load in fill.taken] == ["l1", "l2", "l4"]
    assert [(item.load.key, *item[1:]) for item in fill.overflow] == [
        ("l3", "train_full", "containers", 3, 9, 10)
    ]
    assert fill.used.containers == 10
    assert fill.fill_ratio == {"containers": 1.0}


def test_a_full_train_names_the_blocking_dimension():
    loads = [Load("a", "s", 1, containers=12), Load("b", "s", 2, containers=1)]
    fill = fill_round(loads, Capacity(containers=12))
    assert fill.overflow[0][1:] == ("train_full", "containers", 1, 12, 12)


def test_weight_limit_blocks_even_with_free_container_slots():
    loads = [
        Load("a", "s", 1, containers=1, weight=300),
        Load("b", "s", 2, containers=1, weight=250),
    ]
    fill = fill_round(loads, Capacity(containers=None, weight=500))
    assert [load.key for load in fill.taken] == ["a"]
    assert fill.overflow[0][1:] == ("train_full", "weight", 250, 300, 500)
    assert fill.fill_ratio == {"weight": 0.6}


def test_a_load_bigger_than_the_whole_train_gets_its_own_reason():
    fill = fill_round([Load("big", "s", 1, containers=14)], Capacity(containers=12))
    assert fill.taken == []
    assert fill.overflow[0][1:] == ("too_big", "containers", 14, 0, 12)


def test_same_need_date_is_ordered_by_key():
    loads = [Load("b", "s", 1, containers=1), Load("a", "s", 1, containers=1)]
    fill = fill_round(loads, Capacity(containers=1))
    assert [load.key for load in fill.taken] == ["a"]


def test_unlimited_capacity_takes_everything_and_reports_no_ratio():
    loads = [Load(index, "s", index, containers=5, volume=2.5) for index in range(4)]
    fill = fill_round(loads, Capacity())
    assert len(fill.taken) == 4
    assert fill.used == Capacity(containers=20, weight=0, volume=10)
    assert fill.fill_ratio == {}


def test_floating_point_sums_still_fit_an_exact_limit():
    loads = [Load("a", "s", 1, containers=0.1), Load("b", "s", 2, containers=0.2)]
    assert len(fill_round(loads, Capacity(containers=0.3)).taken) == 2


def test_negative_capacity_or_load_is_rejected():
    with pytest.raises(ValueError):
        Capacity(containers=-1)
    with pytest.raises(ValueError):
        Load("a", "s", 1, containers=-2)
