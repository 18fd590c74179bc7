"""Splitting orders to a minimum lot: quantities, scaled durations, and when it pays."""

import pytest

from logistics_algorithms import shop_scheduling as shop
from logistics_algorithms import shop_solver
from logistics_algorithms import shop_splitting as split


def _solve(jobs):
    return shop_solver.solve(jobs, time_limit=5)


def test_pieces_are_at_least_the_minimum_and_sum_to_the_order():
    # 10 units, minimum 3: at most 3 pieces (4 would leave 2.5); 3 + 3 + 4 = 10
    lot = split.Lot(10, 3)
    assert split.max_pieces(lot) == 3
    assert split.piece_quantities(lot, 3) == (3, 3, 4)
    assert split.piece_quantities(lot, 2) == (5, 5)
    with pytest.raises(ValueError):
        split.piece_quantities(lot, 4)
    # 1 kg to the gram... in hundredths: 100 units, minimum 30: 33 + 33 + 34 hundredths
    fine = split.Lot(1.0, 0.3, rounding=0.01)
    assert split.piece_quantities(fine, 3) == (0.33, 0.33, 0.34)
    # under two minimum lots: cannot be split; at most MAX_PIECES pieces
    assert split.max_pieces(split.Lot(5, 3)) == 1
    assert split.max_pieces(split.Lot(100, 1)) == split.MAX_PIECES
    with pytest.raises(ValueError):
        split.max_pieces(split.Lot(10, 0))


def test_a_piece_takes_its_setup_once_and_its_share_of_the_run():
    # 10 units; on M 110 min = 10 setup + 100 run; on N 130 = 30 setup + 100 run.
    # Halves: M 10 + 50 = 60, N 30 + 50 = 80; thirds (3, 3, 4): M 10 + 30 / 10 + 40.
    job = shop.Job("J", (shop.Operation("op", (("M", 110), ("N", 130))),), due=500, weight=2)
    lot = split.Lot(10, 3, setups={"op": {"M": 10, "N": 30}})
    halves = split.split_job(job, lot, 2)
    assert [piece.key for piece in halves] == [split.PieceKey("J", 0), split.PieceKey("J", 1)]
    assert halves[0].operations[0].modes == (("M", 60), ("N", 80))
    assert halves[0].operations[0].key == split.PieceKey("op", 0)
    assert (halves[1].due, halves[1].weight) == (500, 2)
    thirds = split.split_job(job, lot, 3)
    assert [piece.operations[0].modes[0] for piece in thirds] == [("M", 40), ("M", 40), ("M", 50)]


def test_a_started_job_is_never_split():
    job = shop.Job("J", (shop.Operation("op", (("M", 60),), fixed=("M", 0)),))
    with pytest.raises(ValueError):
        split.split_job(job, split.Lot(10, 1), 2)
    # and plan_with_splits leaves it whole even when late
    result = split.plan_with_splits([job], {"J": split.Lot(10, 1)}, _solve)
    assert result.pieces == {}


def test_splitting_on_an_alternative_centre_turns_the_late_order_on_time():
    # 4 units, 100 min on A or on B (no setup), due at 60: whole it ends at 100, 40 late.
    # Two pieces of 2 (the minimum) run 50 min each, one on A and one on B: both end at 50.
    job = shop.Job("J", (shop.Operation("op", (("A", 100), ("B", 100))),), due=60)
    lots = {"J": split.Lot(4, 2)}
    unsplit = _solve([job])
    assert unsplit.weighted_tardiness == 40
    result = split.plan_with_splits([job], lots, _solve)
    assert result.pieces == {"J": (2, 2)}
    assert result.weighted_tardiness == 0
    pieces = split.split_job(job, lots["J"], 2)
    assert shop.check_schedule(pieces, None, result.schedule.operations) == []
    assert {item.machine for item in result.schedule.operations} == {"A", "B"}


def test_lot_streaming_overlaps_the_operations_of_the_pieces():
    # 2 units through A then B, 100 min each: whole it ends at 200 (due 160: 40 late).
    # Pieces of 1: A 0-50, 50-100; B 50-100, 100-150: the order ends at 150, on time.
    job = shop.Job(
        "J", (shop.Operation("a", (("A", 100),)), shop.Operation("b", (("B", 100),))), due=160
    )
    result = split.plan_with_splits([job], {"J": split.Lot(2, 1)}, _solve)
    assert result.pieces == {"J": (1, 1)}
    assert result.weighted_tardiness == 0
    assert max(item.end for item in result.schedule.operations) == 150


def test_without_lots_or_when_splitting_costs_more_nothing_is_split():
    job = shop.Job("J", (shop.Operation("op", (("A", 100),)),), due=50)
    plain = split.plan_with_splits([job], {}, _solve)
    assert plain.pieces == {}
    assert [item.operation for item in plain.schedule.operations] == ["op"]
    # one machine, setup 40: two pieces take 40 + 30 each = 140 > 100: the whole order is kept
    costly = split.plan_with_splits([job], {"J": split.Lot(2, 1, setups={"op": {"A": 40}})}, _solve)
    assert costly.pieces == {}
    assert costly.weighted_tardiness == 50
