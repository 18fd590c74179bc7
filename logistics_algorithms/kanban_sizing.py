"""Kanban and double-bin sizing: how many cards, how big a bin, and would it have held.

Pure functions over plain numbers, so the models can size every loop in one batch and show the
planner the formula with the numbers that produced the proposal.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ._numbers import ceil_clean, floor_clean, require_non_negative, require_positive

LoopType = Literal["kanban", "double_bin"]

# Quantities below this are treated as zero when deciding whether a day's demand was served.
_QTY_TOLERANCE = 1e-9


@dataclass(frozen=True)
class DemandStats:
    """Average and spread of daily demand over the history used for sizing."""

    mean: float
    std: float
    days: int


@dataclass(frozen=True)
class SizingProposal:
    """What the loop should be, next to what it is, and how we got there (shown on screen).

    For a kanban loop the card count is sized and the container quantity is kept; for a
    double-bin loop the bin quantity is sized and the loop keeps its two cards.
    """

    loop_type: LoopType
    recommended_cards: int
    current_cards: int
    recommended_qty: float
    current_qty: float
    difference: float
    stats: DemandStats
    safety_stock: float
    # The numbers of the formula that produced the proposal (see _propose_kanban and
    # _propose_double_bin for the keys); the model writes the formula in the user's language.
    formula_values: dict[str, float]


@dataclass(frozen=True)
class BacktestResult:
    """Outcome of replaying a demand history through a loop of a given size."""

    stockout_days: int
    average_stock: float
    days: int

    @property
    def stockout_rate(self) -> float:
        """Share of days with demand not fully served (SKU-days form of the stockout rate)."""
        return self.stockout_days / self.days


def demand_statistics(daily_quantities: Sequence[float]) -> DemandStats:
    """Mean and population standard deviation (divides by n, like STDEV.P) of daily demand.

    The history is the whole period the planner chose, not a sample of it, hence population.
    Days without consumption must be passed as 0, or the mean is overstated.
    """
    if not daily_quantities:
        raise ValueError("no demand history: give at least one day of consumption")
    for quantity in daily_quantities:
        require_non_negative("daily demand", quantity)
    return DemandStats(
        mean=statistics.fmean(daily_quantities),
        std=statistics.pstdev(daily_quantities),
        days=len(daily_quantities),
    )


def z_for_service_level(service_level: float) -> float:
    """Safety factor z of the normal law: 0.90 -> 1.28, 0.95 -> 1.645, 0.99 -> 2.33.

    Only levels above 50 %: a loop's safety stock is stock held back, never a negative one
    (replenishment_policy.z_for_service_level, for the order-point policies, also takes the
    levels below 50 % that make the safety stock negative)."""
    if not 0.5 < service_level < 1:
        raise ValueError(
            f"service level must be between 0.5 and 1 (exclusive), got {service_level}"
        )
    return statistics.NormalDist().inv_cdf(service_level)


def safety_stock(z: float, demand_std: float, lead_time_days: float) -> float:
    """Statistical safety stock covering demand variability over the lead time.

    SS = z * sigma_d * sqrt(LT) (APICS; Silver, Pyke & Peterson), demand assumed independent
    from day to day and lead time constant.
    """
    require_non_negative("z", z)
    require_non_negative("demand standard deviation", demand_std)
    require_non_negative("lead time (days)", lead_time_days)
    return z * demand_std * math.sqrt(lead_time_days)


def kanban_card_count(
    daily_demand: float,
    lead_time_days: float,
    container_qty: float,
    review_days: float = 0.0,
    safety_days: float = 0.0,
    min_cards: int = 1,
) -> int:
    """Cards needed so the loop covers demand while a container is away.

    N = max(min_cards, ceil(D * (LT + R + S) / Q)) (Toyota; SAP PP-KANBAN, safety as time).
    """
    require_non_negative("daily demand", daily_demand)
    require_non_negative("lead time (days)", lead_time_days)
    require_positive("container quantity", container_qty)
    require_non_negative("review interval (days)", review_days)
    require_non_negative("safety time (days)", safety_days)
    if min_cards < 1:
        raise ValueError(f"a kanban loop needs at least one card, got min_cards={min_cards}")
    cover_days = lead_time_days + review_days + safety_days
    return max(min_cards, ceil_clean(daily_demand * cover_days / container_qty))


def double_bin_quantity(
    daily_demand: float, lead_time_days: float, safety_stock: float, pack_qty: float
) -> float:
    """Quantity of each bin: the full bin must last while the empty one is refilled.

    Q = ceil((D * LT + SS) / pack) * pack, at least one pack. The two-bin system is the
    order-point, order-quantity (s, Q) system made physical: the reserve bin holds the order
    point s = expected demand over the lead time + safety stock (Silver, Pyke & Peterson,
    Inventory Management and Production Planning and Scheduling, 3rd ed., Wiley 1998, the
    (s, Q) system and its two-bin form; APICS Dictionary, "two-bin inventory system").
    """
    require_non_negative("daily demand", daily_demand)
    require_non_negative("lead time (days)", lead_time_days)
    require_non_negative("safety stock", safety_stock)
    require_positive("pack quantity", pack_qty)
    packs = max(1, ceil_clean((daily_demand * lead_time_days + safety_stock) / pack_qty))
    return float(packs * pack_qty)


def propose(
    daily_quantities: Sequence[float],
    lead_time_days: float,
    container_qty: float,
    current_cards: int,
    loop_type: LoopType,
    review_days: float = 0.0,
    safety_days: float = 0.0,
    service_level: float = 0.95,
    pack_qty: float | None = None,
) -> SizingProposal:
    """Size a loop from its demand history.

    Kanban: card count from the mean demand; the service level is not used (safety is the
    safety time S). Double-bin: the bin must cover LT + R + S days of mean demand plus the
    statistical safety stock over LT + R (the exposure period of an empty bin), rounded up to
    ``pack_qty`` (whole units when not given); ``container_qty`` is the current bin quantity.
    """
    if current_cards < 0:
        raise ValueError(f"current card count cannot be negative, got {current_cards}")
    require_positive("container quantity", container_qty)
    stats = demand_statistics(daily_quantities)
    if loop_type == "kanban":
        return _propose_kanban(
            stats, lead_time_days, container_qty, current_cards, review_days, safety_days
        )
    if loop_type == "double_bin":
        return _propose_double_bin(
            stats,
            lead_time_days,
            container_qty,
            current_cards,
            review_days,
            safety_days,
            service_level,
            1.0 if pack_qty is None else pack_qty,
        )
    raise ValueError(f"unknown loop type {loop_type!r}: expected 'kanban' or 'double_bin'")


def _propose_kanban(
    stats: DemandStats,
    lead_time_days: float,
    container_qty: float,
    current_cards: int,
    review_days: float,
    safety_days: float,
) -> SizingProposal:
    cards = kanban_card_count(stats.mean, lead_time_days, container_qty, review_days, safety_days)
    raw = stats.mean * (lead_time_days + review_days + safety_days) / container_qty
    formula_values = {
        "mean": stats.mean,
        "lead_time_days": lead_time_days,
        "review_days": review_days,
        "safety_days": safety_days,
        "container_qty": container_qty,
        "raw": raw,
        "cards": cards,
        "minimum_applied": float(ceil_clean(raw) < cards),
        "days": stats.days,
    }
    return SizingProposal(
        loop_type="kanban",
        recommended_cards=cards,
        current_cards=current_cards,
        recommended_qty=float(container_qty),
        current_qty=float(container_qty),
        difference=cards - current_cards,
        stats=stats,
        safety_stock=0.0,
        formula_values=formula_values,
    )


def _propose_double_bin(
    stats: DemandStats,
    lead_time_days: float,
    container_qty: float,
    current_cards: int,
    review_days: float,
    safety_days: float,
    service_level: float,
    pack_qty: float,
) -> SizingProposal:
    require_non_negative("review interval (days)", review_days)
    require_non_negative("safety time (days)", safety_days)
    z = z_for_service_level(service_level)
    exposure_days = lead_time_days + review_days
    stock = safety_stock(z, stats.std, exposure_days)
    cover_days = exposure_days + safety_days
    qty = double_bin_quantity(stats.mean, cover_days, stock, pack_qty)
    formula_values = {
        "z": z,
        "std": stats.std,
        "exposure_days": exposure_days,
        "safety_stock": stock,
        "service_level": service_level,
        "mean": stats.mean,
        "cover_days": cover_days,
        "pack_qty": pack_qty,
        "qty": qty,
        "days": stats.days,
    }
    return SizingProposal(
        loop_type="double_bin",
        recommended_cards=2,
        current_cards=current_cards,
        recommended_qty=qty,
        current_qty=float(container_qty),
        difference=qty - container_qty,
        stats=stats,
        safety_stock=stock,
        formula_values=formula_values,
    )


def backtest(
    daily_demand: Sequence[float], container_qty: float, card_count: int, lead_time_days: int
) -> BacktestResult:
    """Replay a demand history through a kanban loop to see whether it would have held.

    Conventions: on day 0 all ``card_count`` containers are full at the line. Each day,
    containers due that day arrive first (start of day), then the day's demand is served from
    stock; demand that cannot be served is lost (the line waits; it is not carried over) and the
    day counts as a stockout day. Every time cumulative consumption empties a container its card
    goes back, and a full container arrives at the start of day d + LT, or at the end of the same
    day when LT = 0 (usable from the next day). Average stock is measured at the end of each day.
    A double-bin loop is ``card_count=2`` with the bin quantity as ``container_qty``.
    """
    if not daily_demand:
        raise ValueError("no demand history to replay")
    require_positive("container quantity", container_qty)
    if card_count < 1:
        raise ValueError(f"a loop needs at least one card, got {card_count}")
    if lead_time_days < 0 or int(lead_time_days) != lead_time_days:
        raise ValueError(f"lead time must be a whole number of days >= 0, got {lead_time_days}")
    for quantity in daily_demand:
        require_non_negative("daily demand", quantity)

    days = len(daily_demand)
    arrivals = [0] * days  # containers arriving at the start of each day
    stock = card_count * container_qty
    consumed = 0.0
    emptied = 0
    stockout_days = 0
    end_of_day_total = 0.0
    for day, demand in enumerate(daily_demand):
        stock += arrivals[day] * container_qty
        served = min(demand, stock)
        if demand - served > _QTY_TOLERANCE:
            stockout_days += 1
        stock -= served
        consumed += served
        newly_emptied = floor_clean(consumed / container_qty) - emptied
        emptied += newly_emptied
        if lead_time_days == 0:
            stock += newly_emptied * container_qty
        elif day + lead_time_days < days:
            arrivals[day + lead_time_days] += newly_emptied
        end_of_day_total += stock
    return BacktestResult(
        stockout_days=stockout_days, average_stock=end_of_day_total / days, days=days
    )
