"""Dispatching rules: the order in which a work centre's queue is worked.

Used by the scheduler's fallback (which ranks whole orders) and by the work-centre queue. Times
are numbers in one unit (minutes from an origin, or days): only differences matter.
Sources: Baker & Trietsch, *Principles of Sequencing and Scheduling*, Wiley 2009, ch. 2-3 (EDD,
SPT); Berry & Rao, "Critical ratio scheduling: an experimental analysis", Management Science,
1975 (CR); APICS Dictionary, "critical ratio".
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

from ._numbers import require_non_negative

Rule = Literal["edd", "spt", "critical_ratio"]
RULES: tuple[Rule, ...] = ("edd", "spt", "critical_ratio")


@dataclass(frozen=True)
class QueueItem:
    """An order waiting at a work centre.

    ``processing``: duration of its operation here; ``remaining``: processing left for the
    whole order, this operation included; ``due``: its due date (None: no due date, ranked last
    by EDD and CR); ``weight``: priority, higher first among ties.
    """

    key: Hashable
    processing: float
    remaining: float
    due: float | None = None
    weight: float = 1.0


def critical_ratio(due: float, now: float, remaining: float) -> float:
    """CR = (due - now) / remaining processing time: below 1 the order is behind, negative it is
    already late (APICS). Nothing left to do: +inf (no urgency)."""
    require_non_negative("remaining processing time", remaining)
    if remaining == 0:
        return math.inf
    return (due - now) / remaining


def priority_key(item: QueueItem, rule: Rule, now: float = 0.0) -> tuple[float, float]:
    """Sort key of an item under a rule (smaller first); ties by higher weight."""
    require_non_negative("processing time", item.processing)
    no_due = item.due is None
    if rule == "edd":
        primary = math.inf if no_due else item.due
    elif rule == "spt":
        primary = item.processing
    elif rule == "critical_ratio":
        primary = math.inf if no_due else critical_ratio(item.due, now, item.remaining)
    else:
        raise ValueError(f"unknown dispatching rule {rule!r}: expected one of {RULES}")
    return (primary, -item.weight)


def order_queue(items: Sequence[QueueItem], rule: Rule, now: float = 0.0) -> list[Hashable]:
    """Keys of ``items`` in the order the rule works them; full ties keep the input order."""
    return [item.key for item in sorted(items, key=lambda item: priority_key(item, rule, now))]
