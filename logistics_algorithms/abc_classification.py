"""ABC (Pareto) classification of products by consumption value.

The few products that make most of the value get the most attention (counts, reviews); the
cut is on cumulative share of value, default A 80 %, B 15 %, C 5 % (Pareto / APICS).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

# Cumulative shares are compared after rounding, so 0.1 + 0.7 reaching 0.7999999999999999 still
# counts as the 80 % cutoff.
_SHARE_DECIMALS = 12


@dataclass(frozen=True)
class AbcItem:
    """One product's place in the ranking."""

    key: Hashable
    value: float
    share: float
    cumulative_share: float
    abc_class: str


def classify(
    values: Mapping[Hashable, float], cutoffs: tuple[float, float] = (0.80, 0.95)
) -> list[AbcItem]:
    """Rank by value (descending, ties by key) and cut at cumulative shares.

    An item is A when the cumulative share of the items ranked before it is below cutoff A, so
    the top item is A whenever there is any value; B when that share is below cutoff B; else C.
    Items worth zero or less are C and do not count in the total; all-zero input gives all C.
    """
    cutoff_a, cutoff_b = cutoffs
    if not 0 < cutoff_a <= cutoff_b <= 1:
        raise ValueError(f"cutoffs must satisfy 0 < A <= B <= 1, got {cutoffs}")
    for key, value in values.items():
        if not math.isfinite(value):
            raise ValueError(f"value of {key!r} is not a finite number: {value!r}")

    ranked = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    # Summed in ranking order, like the running total below, so the last share is exactly 1.
    total = 0.0
    for _key, value in ranked:
        if value > 0:
            total += value

    items = []
    running = 0.0
    for key, value in ranked:
        if value > 0:
            before = round(running / total, _SHARE_DECIMALS)
            abc_class = "A" if before < cutoff_a else "B" if before < cutoff_b else "C"
            running += value
            share = value / total
        else:
            abc_class = "C"
            share = 0.0
        cumulative = running / total if total else 0.0
        items.append(AbcItem(key, value, share, cumulative, abc_class))
    return items
