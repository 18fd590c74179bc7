"""Pareto analysis: the few causes (reasons, carriers, products) that make most of the effect.

Items are ranked by weight (a count, a cost), largest first, with each one's share and the
cumulative share; the "vital few" are the first items whose cumulative share reaches the cut
(80 % by default, Juran's 80/20 rule). Items of equal weight land on the same side of the cut:
a tie at the cut brings every item of that weight into the vital few, so the answer does not
depend on the order of equal items.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

# Shares are compared after rounding, so 0.1 + 0.7 reaching 0.7999999999999999 is 80 %.
_SHARE_DECIMALS = 12


@dataclass(frozen=True)
class ParetoItem:
    """One item's place in the Pareto ranking (shares as fractions of 1)."""

    key: Hashable
    weight: float
    rank: int
    share: float
    cumulative_share: float
    vital: bool


def pareto(items: Iterable[tuple[Hashable, float]], cut: float = 0.80) -> list[ParetoItem]:
    """Rank `(key, weight)` pairs by weight (descending, ties by key) and mark the vital few.

    Weights of one key given several times are added. Items weighing zero come last with a
    share of 0 and are never vital; all-zero or empty input has no vital item.
    """
    if not 0 < cut <= 1:
        raise ValueError(f"cut must satisfy 0 < cut <= 1, got {cut!r}")
    weights: dict[Hashable, float] = {}
    for key, weight in items:
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(f"weight of {key!r} must be a finite number >= 0, got {weight!r}")
        weights[key] = weights.get(key, 0.0) + weight
    ranked = sorted(weights.items(), key=lambda item: (-item[1], _sort_key(item[0])))
    total = math.fsum(weight for _key, weight in ranked)
    result = []
    running = 0.0
    cut_weight = None  # the weight of the item that reached the cut
    for rank, (key, weight) in enumerate(ranked, start=1):
        before = round(running / total, _SHARE_DECIMALS) if total else 1.0
        running += weight
        vital = weight > 0 and (before < cut or weight == cut_weight)
        if vital and cut_weight is None and round(running / total, _SHARE_DECIMALS) >= cut:
            cut_weight = weight
        result.append(
            ParetoItem(
                key=key,
                weight=weight,
                rank=rank,
                share=weight / total if total else 0.0,
                cumulative_share=round(running / total, _SHARE_DECIMALS) if total else 0.0,
                vital=vital,
            )
        )
    return result


def _sort_key(key: Hashable) -> tuple[str, str]:
    """Keys of mixed types (ids, codes, None) sort without comparing across types."""
    return (type(key).__name__, str(key))
