"""Lot sizes: economic order quantity, period order quantity, and lot plans over a forecast.

A plan is one order quantity per period of the forecast (0 when nothing is ordered); its cost is
setups x S + h x the stock carried from each period to the next (the end-of-period convention of
Silver, Pyke & Peterson, *Inventory Management and Production Planning and Scheduling*, 3rd ed.,
Wiley 1998, chapter 6 — SPP below). No backorders, orders arrive at the start of their period.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ._numbers import ceil_clean, require_non_negative, require_positive


@dataclass(frozen=True)
class LotPlan:
    """Quantity ordered in each period, and the plan's setup, holding and total cost."""

    lots: tuple[float, ...]
    setup_cost: float
    holding_cost: float

    @property
    def total_cost(self) -> float:
        return self.setup_cost + self.holding_cost


def eoq(annual_demand: float, order_cost: float, holding_rate: float, unit_cost: float) -> float:
    """Economic order quantity (Wilson, Harris 1913): sqrt(2 D S / (h c)) (SPP ch. 5).

    No demand or no ordering cost: 0 (order what is needed, lot-for-lot). A free stock (h c = 0)
    with a cost to order has no finite EOQ: refused.
    """
    require_non_negative("annual demand", annual_demand)
    require_non_negative("ordering cost", order_cost)
    require_non_negative("holding rate", holding_rate)
    require_non_negative("unit cost", unit_cost)
    if annual_demand == 0 or order_cost == 0:
        return 0.0
    require_positive("holding cost (holding rate x unit cost)", holding_rate * unit_cost)
    return math.sqrt(2 * annual_demand * order_cost / (holding_rate * unit_cost))


def period_order_quantity(eoq_qty: float, annual_demand: float, periods_per_year: float) -> int:
    """EOQ expressed in periods of demand, rounded, at least 1 (SPP ch. 6, POQ)."""
    require_non_negative("EOQ", eoq_qty)
    require_non_negative("annual demand", annual_demand)
    require_positive("periods a year", periods_per_year)
    if annual_demand == 0:
        return 1
    return max(1, round(eoq_qty / (annual_demand / periods_per_year)))


def round_lot(quantity: float, pack_qty: float = 1.0, vendor_min: float = 0.0) -> float:
    """Raise a positive lot to the vendor minimum, then up to whole packs; 0 stays 0."""
    require_non_negative("lot quantity", quantity)
    require_positive("pack quantity", pack_qty)
    require_non_negative("vendor minimum", vendor_min)
    if quantity == 0:
        return 0.0
    return ceil_clean(max(quantity, vendor_min) / pack_qty) * pack_qty


def plan_cost(
    demand: Sequence[float], lots: Sequence[float], setup_cost: float, holding_cost: float
) -> LotPlan:
    """Cost of ordering ``lots`` against ``demand``; refuses a plan that runs short."""
    _check(demand, setup_cost, holding_cost)
    if len(lots) != len(demand):
        raise ValueError(f"{len(lots)} lots for {len(demand)} periods")
    for lot in lots:
        require_non_negative("lot", lot)
    return _evaluate(demand, lots, setup_cost, holding_cost)


def _evaluate(
    demand: Sequence[float], lots: Sequence[float], setup_cost: float, holding_cost: float
) -> LotPlan:
    stock = 0.0
    carried = 0.0
    for period, (need, lot) in enumerate(zip(demand, lots, strict=True)):
        stock += lot - need
        if stock < -1e-9:
            raise ValueError(f"the plan runs short in period {period}")
        carried += stock
    setups = sum(1 for lot in lots if lot > 0)
    return LotPlan(tuple(float(lot) for lot in lots), setups * setup_cost, carried * holding_cost)


def lot_for_lot(demand: Sequence[float], setup_cost: float, holding_cost: float) -> LotPlan:
    """Order each period exactly its demand."""
    _check(demand, setup_cost, holding_cost)
    return _evaluate(demand, list(demand), setup_cost, holding_cost)


def fixed_lot(
    demand: Sequence[float], lot_qty: float, setup_cost: float, holding_cost: float
) -> LotPlan:
    """Order whole multiples of ``lot_qty`` when the stock would not cover the period."""
    require_positive("fixed lot", lot_qty)
    _check(demand, setup_cost, holding_cost)
    lots = []
    stock = 0.0
    for need in demand:
        short = need - stock
        lot = ceil_clean(short / lot_qty) * lot_qty if short > 1e-9 else 0.0
        lots.append(lot)
        stock += lot - need
    return _evaluate(demand, lots, setup_cost, holding_cost)


def period_order_plan(
    demand: Sequence[float], periods: int, setup_cost: float, holding_cost: float
) -> LotPlan:
    """Each order covers the demand of the next ``periods`` periods from its first need."""
    if periods < 1:
        raise ValueError(f"an order must cover at least one period, got {periods}")
    _check(demand, setup_cost, holding_cost)
    lots = _cover(demand, _poq_starts(demand, periods))
    return _evaluate(demand, lots, setup_cost, holding_cost)


def _poq_starts(demand: Sequence[float], periods: int) -> list[int]:
    starts = []
    period = 0
    while period < len(demand):
        if demand[period] > 0:
            starts.append(period)
            period += periods
        else:
            period += 1
    return starts


def _cover(demand: Sequence[float], starts: Sequence[int]) -> list[float]:
    """Lots ordered at ``starts``, each covering the demand up to the next start."""
    lots = [0.0] * len(demand)
    bounds = [*starts, len(demand)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        lots[start] = float(sum(demand[start:end]))
    return lots


def wagner_whitin(demand: Sequence[float], setup_cost: float, holding_cost: float) -> LotPlan:
    """Optimal plan by Wagner & Whitin's dynamic programme (Management Science 5(1), 1958).

    f(t) = min over j <= t of f(j - 1) + S + h sum_{k=j..t} (k - j) d_k, orders only in periods
    with demand (zero-inventory property). The holding term comes from prefix sums in O(1), and
    two results of the paper prune j, so the O(n^2) worst case is rarely reached: the planning
    horizon theorem (the last order for horizon t is no earlier than for t - 1), and j is too
    early once carrying d_t alone from j costs more than a setup, h (t - j) d_t > S.
    """
    _check(demand, setup_cost, holding_cost)
    n = len(demand)
    qty = [0.0] * (n + 1)  # prefix sums of d_k and k d_k, 1-based periods
    moment = [0.0] * (n + 1)
    for k, need in enumerate(demand, start=1):
        qty[k] = qty[k - 1] + need
        moment[k] = moment[k - 1] + k * need
    candidates = [k for k in range(1, n + 1) if demand[k - 1] > 0]
    best = [0.0] * (n + 1)
    last = [0] * (n + 1)  # last order period for the horizon t (0: nothing to order yet)
    floor = 0  # index in candidates of the last order for the previous horizon
    top = -1  # index of the latest candidate <= t
    for t in range(1, n + 1):
        if top + 1 < len(candidates) and candidates[top + 1] == t:
            top += 1
        if top < 0:
            continue  # nothing needed up to t
        need_t = demand[t - 1]
        choice, cost, chosen = 0, math.inf, floor
        for index in range(top, floor - 1, -1):
            j = candidates[index]
            if need_t > 0 and holding_cost * (t - j) * need_t > setup_cost:
                break
            held = (moment[t] - moment[j - 1]) - j * (qty[t] - qty[j - 1])
            candidate = best[j - 1] + setup_cost + holding_cost * held
            if candidate < cost - 1e-9:
                choice, cost, chosen = j, candidate, index
        best[t], last[t] = cost, choice
        floor = chosen
    starts = []
    t = n
    while t > 0 and qty[t] > 0:
        starts.append(last[t] - 1)
        t = last[t] - 1
    return _evaluate(demand, _cover(demand, starts[::-1]), setup_cost, holding_cost)


def silver_meal(demand: Sequence[float], setup_cost: float, holding_cost: float) -> LotPlan:
    """Silver–Meal heuristic (Silver & Meal 1973; SPP ch. 6): extend the current order period by
    period while the cost per period covered, (S + h sum (k - j) d_k) / T, keeps falling."""
    _check(demand, setup_cost, holding_cost)
    starts = []
    n = len(demand)
    start = 0
    while start < n:
        if demand[start] == 0:
            start += 1
            continue
        starts.append(start)
        held = 0.0
        per_period = setup_cost
        end = start + 1
        while end < n:
            candidate = (setup_cost + (held + (end - start) * demand[end]) * holding_cost) / (
                end - start + 1
            )
            if candidate > per_period:
                break
            held += (end - start) * demand[end]
            per_period = candidate
            end += 1
        start = end
    return _evaluate(demand, _cover(demand, starts), setup_cost, holding_cost)


def _check(demand: Sequence[float], setup_cost: float, holding_cost: float) -> None:
    # min and sum instead of a check per period: this runs for every item of a warehouse
    if demand and (min(demand) < 0 or not math.isfinite(sum(demand))):
        raise ValueError("demand must be finite numbers >= 0")
    require_non_negative("setup cost", setup_cost)
    require_non_negative("holding cost", holding_cost)
