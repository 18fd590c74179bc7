"""Splitting manufacturing orders to a minimum lot, for the shop levelling (issue 15).

An order is never split unless asked: a ``Lot`` says how much it makes, its minimum lot and the
setup part of each operation's duration on each machine. A split order becomes several jobs of
at least the minimum lot each, the quantities summing to the order's (equal parts in the unit of
rounding, the remainder in the last, as Odoo's own split); each piece's durations are scaled:
the setup once per piece, the run in proportion to its quantity (rounded up to the minute).
Pieces keep the order's release, due date and weight; they may run in parallel on alternative
machines or overlap from one operation to the next (lot streaming). ``plan_with_splits`` splits
only the orders late in a first plan, and keeps the split plan only when it is better, judged
per order (an order ends with its last piece).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

from . import shop_scheduling as shop

# Pieces an order is split into at most: lot streaming gains most with the first split and
# every piece adds its setups.
MAX_PIECES = 4


@dataclass(frozen=True)
class Lot:
    """``setups``: {operation key: {machine: setup minutes}} (setup and clean-up, once per
    piece); a missing entry means no setup. ``rounding``: the unit's rounding (0.01 kg...)."""

    quantity: float
    minimum: float
    setups: Mapping[Hashable, Mapping[Hashable, int]] = dataclasses.field(default_factory=dict)
    rounding: float = 1.0


@dataclass(frozen=True)
class PieceKey:
    """Key of a piece of a split job or operation: the original key and the piece's rank."""

    origin: Hashable
    index: int


@dataclass(frozen=True)
class SplitPlan:
    """``schedule``: the plan (pieces keyed by ``PieceKey``); ``pieces``: {job key: piece
    quantities} of the split jobs; ``weighted_tardiness`` per order (not per piece)."""

    schedule: shop.Schedule
    pieces: Mapping[Hashable, tuple[float, ...]]
    weighted_tardiness: int


def max_pieces(lot: Lot) -> int:
    """Most pieces of at least the minimum lot (1: cannot be split), bounded by MAX_PIECES."""
    units, minimum = _units(lot)
    return max(1, min(MAX_PIECES, units // minimum))


def piece_quantities(lot: Lot, pieces: int) -> tuple[float, ...]:
    """Quantities of ``pieces`` pieces: equal parts, the remainder in the last; ValueError when
    one would be under the minimum lot."""
    units, minimum = _units(lot)
    if pieces < 1 or units // pieces < minimum:
        raise ValueError(f"{pieces} pieces of {lot.quantity} leave one under {lot.minimum}")
    base = units // pieces
    counts = [base] * (pieces - 1) + [units - base * (pieces - 1)]
    return tuple(round(count * lot.rounding, 10) for count in counts)


def _units(lot: Lot) -> tuple[int, int]:
    if lot.rounding <= 0 or lot.minimum <= 0 or lot.quantity <= 0:
        raise ValueError("quantity, minimum lot and rounding must be positive")
    units = round(lot.quantity / lot.rounding)
    return units, max(1, math.ceil(lot.minimum / lot.rounding - 1e-9))


def split_job(job: shop.Job, lot: Lot, pieces: int) -> list[shop.Job]:
    """The job as ``pieces`` jobs keyed ``PieceKey(job.key, rank)``, their operations
    ``PieceKey(operation.key, rank)``. A started job is never split (ValueError)."""
    if any(operation.fixed for operation in job.operations):
        raise ValueError(f"job {job.key!r} has started: it is never split")
    quantities = piece_quantities(lot, pieces)
    result = []
    for rank, quantity in enumerate(quantities):
        share = quantity / lot.quantity
        operations = tuple(
            shop.Operation(
                PieceKey(operation.key, rank),
                tuple(
                    (
                        machine,
                        _scaled(duration, lot.setups.get(operation.key, {}).get(machine, 0), share),
                    )
                    for machine, duration in operation.modes
                ),
            )
            for operation in job.operations
        )
        result.append(dataclasses.replace(job, key=PieceKey(job.key, rank), operations=operations))
    return result


def _scaled(duration: int, setup: int, share: float) -> int:
    """Setup once, the run in proportion (rounded up)."""
    setup = min(setup, duration)
    return setup + math.ceil((duration - setup) * share - 1e-9)


def order_tardiness(jobs: Sequence[shop.Job], planned: Sequence[shop.PlannedOperation]) -> int:
    """Weighted tardiness per order of a plan whose jobs may be pieces: an order ends with its
    last piece and counts once."""
    completion: dict[Hashable, int] = {}
    for item in planned:
        key = item.job.origin if isinstance(item.job, PieceKey) else item.job
        completion[key] = max(completion.get(key, item.end), item.end)
    return sum(
        job.weight * max(0, completion[job.key] - job.due)
        for job in jobs
        if job.due is not None and job.operations
    )


def plan_with_splits(
    jobs: Sequence[shop.Job],
    lots: Mapping[Hashable, Lot],
    solve: Callable[[Sequence[shop.Job]], shop.Schedule],
) -> SplitPlan:
    """Plan, then split the orders late in that plan that have a ``Lot`` allowing two pieces
    or more (as many as it allows), plan again and keep the better plan per order. Without
    lots, or when nothing late can be split, the first plan, unsplit."""
    first = solve(jobs)
    first_plan = SplitPlan(first, {}, order_tardiness(jobs, first.operations))
    end_of = {item.operation: item.end for item in first.operations}
    pieces = {}
    for job in jobs:
        lot = lots.get(job.key)
        if lot is None or job.due is None or not job.operations:
            continue
        if any(operation.fixed for operation in job.operations):
            continue
        if end_of[job.operations[-1].key] > job.due and max_pieces(lot) > 1:
            pieces[job.key] = piece_quantities(lot, max_pieces(lot))
    if not pieces:
        return first_plan
    split_jobs = []
    for job in jobs:
        if job.key in pieces:
            split_jobs += split_job(job, lots[job.key], len(pieces[job.key]))
        else:
            split_jobs.append(job)
    second = solve(split_jobs)
    tardiness = order_tardiness(jobs, second.operations)
    if tardiness >= first_plan.weighted_tardiness:
        return first_plan
    return SplitPlan(second, pieces, tardiness)
