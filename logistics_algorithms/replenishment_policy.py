"""Reorder point, periodic review and their expected figures, plus a back-test over real demand.

Pure functions over plain numbers (days, quantities, money), so the policy advisor can size every
product and location in one batch. Demand d is per day, lead time L and review period T in days,
the same unit as the demand history. Bad input raises ``PolicyInputError`` whose ``code`` the
model maps to a translated message.

Sources: Silver, Pyke & Peterson, *Inventory Management and Production Planning and Scheduling*,
3rd ed., Wiley 1998 (SPP below), chapter 7 (the (s, Q), (s, S) and (R, S) systems, safety stock
with a variable lead time, the unit normal loss function); APICS Dictionary.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from .kanban_sizing import BacktestResult
from .kanban_sizing import backtest as kanban_backtest

_NORMAL = statistics.NormalDist()
# Quantities below this are treated as zero when deciding whether a day's demand was served.
_QTY_TOLERANCE = 1e-9


class PolicyInputError(ValueError):
    """Input the advisor cannot size from; ``code`` names the problem, ``value`` the culprit."""

    def __init__(self, code: str, name: str, value: object):
        super().__init__(f"{code}: {name}={value!r}")
        self.code = code
        self.name = name
        self.value = value


def _check_non_negative(name: str, value: float) -> None:
    if not math.isfinite(value) or value < 0:
        raise PolicyInputError("negative_or_not_finite", name, value)


def z_for_service_level(service_level: float) -> float:
    """Safety factor z = inverse normal of the cycle service level: 0.95 -> 1.645.

    Refuses levels <= 0 or >= 1 (code ``service_level_out_of_range``): 100 % would need an
    infinite stock. Below 50 % z is negative, and so is the safety stock (SPP ch. 7).
    """
    if not (isinstance(service_level, int | float) and 0 < service_level < 1):
        raise PolicyInputError("service_level_out_of_range", "service_level", service_level)
    return _NORMAL.inv_cdf(service_level)


def lead_time_demand_std(
    demand_std: float, lead_time_days: float, daily_demand: float = 0.0, lead_time_std: float = 0.0
) -> float:
    """Standard deviation of demand over the lead time, sigma_DL = sqrt(L sd^2 + d^2 sL^2).

    Demand independent from day to day and independent of the lead time (SPP ch. 7, variable
    lead time); with a constant lead time (sL = 0) it is sd * sqrt(L).
    """
    for name, value in (
        ("demand_std", demand_std),
        ("lead_time_days", lead_time_days),
        ("daily_demand", daily_demand),
        ("lead_time_std", lead_time_std),
    ):
        _check_non_negative(name, value)
    return math.sqrt(lead_time_days * demand_std**2 + daily_demand**2 * lead_time_std**2)


def safety_stock(
    z: float,
    demand_std: float,
    lead_time_days: float,
    daily_demand: float = 0.0,
    lead_time_std: float = 0.0,
) -> float:
    """SS = z * sqrt(L * sd^2 + d^2 * sL^2), i.e. z * sd * sqrt(L) when the lead time is fixed
    (SPP ch. 7; APICS)."""
    if not math.isfinite(z):
        raise PolicyInputError("negative_or_not_finite", "z", z)
    return z * lead_time_demand_std(demand_std, lead_time_days, daily_demand, lead_time_std)


@dataclass(frozen=True)
class ReorderPoint:
    """Odoo reorder rule levels: order when stock falls to ``min_qty``, up to ``max_qty``."""

    min_qty: float
    max_qty: float


def reorder_point(
    daily_demand: float, lead_time_days: float, safety_stock: float, lot_size: float
) -> ReorderPoint:
    """min = d * L + SS (never below 0), max = min + lot size: the (s, S) form of the
    order-point, order-quantity system (SPP ch. 7; APICS "reorder point")."""
    _check_non_negative("daily_demand", daily_demand)
    _check_non_negative("lead_time_days", lead_time_days)
    _check_non_negative("lot_size", lot_size)
    if not math.isfinite(safety_stock):
        raise PolicyInputError("negative_or_not_finite", "safety_stock", safety_stock)
    minimum = max(0.0, daily_demand * lead_time_days + safety_stock)
    return ReorderPoint(min_qty=minimum, max_qty=minimum + lot_size)


def order_up_to_level(
    daily_demand: float, review_days: float, lead_time_days: float, z: float, demand_std: float
) -> float:
    """Periodic review (R, S): every T days order up to S = d (T + L) + z sd sqrt(T + L)
    (SPP ch. 7, the exposure period of an (R, S) system is R + L). Never below 0."""
    _check_non_negative("review_days", review_days)
    exposure = review_days + lead_time_days
    stock = safety_stock(z, demand_std, exposure)
    return max(0.0, daily_demand * exposure + stock)


@dataclass(frozen=True)
class PolicyFigures:
    """What a policy is expected to cost and deliver, for the proposal next to the current one.

    ``cycle_service_level`` is the probability of no stockout in a replenishment cycle;
    ``fill_rate`` the expected share of demand served from stock (SPP ch. 7, P1 and P2).
    """

    average_stock: float
    holding_cost: float
    orders_per_year: float
    cycle_service_level: float
    fill_rate: float


def expected_figures(
    daily_demand: float,
    order_qty: float,
    safety_stock: float,
    lead_time_demand_std: float,
    unit_cost: float,
    holding_rate: float,
    working_days: float = 250.0,
) -> PolicyFigures:
    """Average stock Q/2 + SS, holding cost = average stock x c x r, orders a year = D / Q, and
    the expected service: P1 = Phi(k), P2 = 1 - sigma_DL G(k) / Q with k = SS / sigma_DL and
    G(k) = phi(k) - k (1 - Phi(k)) the unit normal loss (SPP ch. 7 and its normal tables).

    For a periodic review pass ``order_qty`` = d x T (the average order) and sigma over T + L.
    A deterministic demand (sigma_DL = 0) is fully served when SS >= 0. No demand: no orders,
    service 1.
    """
    for name, value in (
        ("daily_demand", daily_demand),
        ("order_qty", order_qty),
        ("lead_time_demand_std", lead_time_demand_std),
        ("unit_cost", unit_cost),
        ("holding_rate", holding_rate),
        ("working_days", working_days),
    ):
        _check_non_negative(name, value)
    average_stock = max(0.0, order_qty / 2 + safety_stock)
    annual_demand = daily_demand * working_days
    if annual_demand == 0:
        orders, csl, fill = 0.0, 1.0, 1.0
    else:
        if order_qty == 0:
            raise PolicyInputError("zero_order_quantity", "order_qty", order_qty)
        orders = annual_demand / order_qty
        if lead_time_demand_std == 0:
            csl = fill = 1.0 if safety_stock >= 0 else 0.0
        else:
            k = safety_stock / lead_time_demand_std
            csl = _NORMAL.cdf(k)
            loss = _NORMAL.pdf(k) - k * (1 - csl)
            fill = max(0.0, 1 - lead_time_demand_std * loss / order_qty)
    return PolicyFigures(
        average_stock=average_stock,
        holding_cost=average_stock * unit_cost * holding_rate,
        orders_per_year=orders,
        cycle_service_level=csl,
        fill_rate=fill,
    )


@dataclass(frozen=True)
class MinMaxPolicy:
    """(s, S): continuous review; when the stock position falls to ``min_qty`` or below, order
    up to ``max_qty`` (Odoo's reorder rule)."""

    min_qty: float
    max_qty: float


@dataclass(frozen=True)
class PeriodicPolicy:
    """(R, S): every ``review_days`` days (first review on day ``first_review``) order up to
    ``order_up_to``."""

    review_days: int
    order_up_to: float
    first_review: int = 0


@dataclass(frozen=True)
class KanbanPolicy:
    """A kanban loop (double-bin: ``cards=2``), replayed by ``kanban_sizing.backtest``."""

    container_qty: float
    cards: int


Policy = MinMaxPolicy | PeriodicPolicy | KanbanPolicy


def backtest(
    daily_demand: Sequence[float],
    policy: Policy,
    lead_time_days: int,
    initial_stock: float | None = None,
) -> BacktestResult:
    """Replay a demand history through a policy: stockout days and average end-of-day stock.

    Same conventions as ``kanban_sizing.backtest`` so current and proposed compare alike: the
    stock starts at ``initial_stock`` (default: the policy's maximum, full), receipts due on a
    day arrive at its start, demand not served is lost, an order placed at the end of day t
    arrives at the start of day t + L (end of the same day when L = 0). The stock position
    (on hand + on order) triggers the orders.
    """
    if not daily_demand:
        raise PolicyInputError("no_demand_history", "daily_demand", daily_demand)
    if lead_time_days < 0 or int(lead_time_days) != lead_time_days:
        raise PolicyInputError("lead_time_not_whole_days", "lead_time_days", lead_time_days)
    for quantity in daily_demand:
        _check_non_negative("daily_demand", quantity)
    if isinstance(policy, KanbanPolicy):
        return kanban_backtest(daily_demand, policy.container_qty, policy.cards, lead_time_days)
    if isinstance(policy, MinMaxPolicy):
        _check_non_negative("min_qty", policy.min_qty)
        if not policy.max_qty >= policy.min_qty:
            raise PolicyInputError("max_below_min", "max_qty", policy.max_qty)
        top = policy.max_qty
    elif isinstance(policy, PeriodicPolicy):
        if policy.review_days < 1:
            raise PolicyInputError("review_period_not_positive", "review_days", policy.review_days)
        _check_non_negative("order_up_to", policy.order_up_to)
        top = policy.order_up_to
    else:
        raise PolicyInputError("unknown_policy", "policy", policy)
    stock = top if initial_stock is None else initial_stock
    _check_non_negative("initial_stock", stock)
    return _replay(daily_demand, policy, int(lead_time_days), stock)


def _order_due(policy: Policy, day: int, position: float) -> float:
    """Quantity to order at the end of ``day`` given the stock position (0: no order)."""
    if isinstance(policy, MinMaxPolicy):
        due = position <= policy.min_qty + _QTY_TOLERANCE
        return policy.max_qty - position if due else 0.0
    if day >= policy.first_review and (day - policy.first_review) % policy.review_days == 0:
        return max(0.0, policy.order_up_to - position)
    return 0.0


def _replay(
    daily_demand: Sequence[float], policy: Policy, lead_time: int, stock: float
) -> BacktestResult:
    days = len(daily_demand)
    arrivals = [0.0] * days
    on_order = 0.0
    stockout_days = 0
    end_of_day_total = 0.0
    for day, demand in enumerate(daily_demand):
        stock += arrivals[day]
        on_order -= arrivals[day]
        served = min(demand, stock)
        if demand - served > _QTY_TOLERANCE:
            stockout_days += 1
        stock -= served
        quantity = _order_due(policy, day, stock + on_order)
        if quantity > _QTY_TOLERANCE:
            if lead_time == 0:
                stock += quantity
            elif day + lead_time < days:
                arrivals[day + lead_time] += quantity
                on_order += quantity
            else:
                on_order += quantity  # arrives after the window: still on order
        end_of_day_total += stock
    return BacktestResult(
        stockout_days=stockout_days, average_stock=end_of_day_total / days, days=days
    )
