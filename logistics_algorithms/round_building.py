"""Filling one milk-run round (tugger train) with pending loads, most urgent first.

Loads are taken first-fit in need-date order: a load that does not fit waits for the next round
and says why, so nothing is silently left behind.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, fields
from typing import Any, NamedTuple

from ._numbers import require_non_negative

# Tolerance on capacity checks, so 0.1 + 0.2 kg still fits a 0.3 kg limit.
_TOLERANCE = 1e-9
DIMENSIONS = ("containers", "weight", "volume")


@dataclass(frozen=True)
class Capacity:
    """Limits of one round per dimension; None means unlimited."""

    containers: float | None = None
    weight: float | None = None
    volume: float | None = None

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not None:
                require_non_negative(f"{field.name} capacity", value)


@dataclass(frozen=True)
class Load:
    """One pending transfer to carry to a stop, needed by ``need_date`` (any sortable value)."""

    key: Hashable
    stop_key: Hashable
    need_date: Any
    containers: float
    weight: float = 0.0
    volume: float = 0.0

    def __post_init__(self) -> None:
        for dimension in DIMENSIONS:
            require_non_negative(f"{dimension} of load {self.key!r}", getattr(self, dimension))


class Overflow(NamedTuple):
    """A load left for a later round: ``reason`` is ``too_big`` (bigger than the whole train) or
    ``train_full``; ``dimension`` blocks it, ``used`` of ``limit`` taken, ``need`` its size."""

    load: Load
    reason: str
    dimension: str
    need: float
    used: float
    limit: float


@dataclass(frozen=True)
class RoundFill:
    """Loads taken on the round, loads left for later, usage and fill ratio per limited dimension.

    ``fill_ratio`` holds used / capacity for each dimension with a capacity above zero.
    """

    taken: list[Load]
    overflow: list[Overflow]
    used: Capacity
    fill_ratio: dict[str, float]


def fill_round(loads: Sequence[Load], capacity: Capacity) -> RoundFill:
    """Take loads by need date (then key), first fit: a later, smaller load may still fit."""
    used = dict.fromkeys(DIMENSIONS, 0.0)
    taken = []
    overflow = []
    for load in sorted(loads, key=lambda item: (item.need_date, item.key)):
        refusal = _refusal(load, capacity, used)
        if refusal:
            overflow.append(refusal)
            continue
        taken.append(load)
        for dimension in DIMENSIONS:
            used[dimension] += getattr(load, dimension)

    fill_ratio = {
        dimension: used[dimension] / limit
        for dimension in DIMENSIONS
        if (limit := getattr(capacity, dimension))
    }
    return RoundFill(taken, overflow, Capacity(**used), fill_ratio)


def _refusal(load: Load, capacity: Capacity, used: dict[str, float]) -> Overflow | None:
    """Why ``load`` cannot join the round (None when it fits), naming the blocking dimension."""
    limits = [
        (dim, getattr(capacity, dim)) for dim in DIMENSIONS if getattr(capacity, dim) is not None
    ]
    for dimension, limit in limits:
        need = getattr(load, dimension)
        if need > limit + _TOLERANCE:
            return Overflow(load, "too_big", dimension, need, 0.0, limit)
    for dimension, limit in limits:
        need = getattr(load, dimension)
        if used[dimension] + need > limit + _TOLERANCE:
            return Overflow(load, "train_full", dimension, need, used[dimension], limit)
    return None
