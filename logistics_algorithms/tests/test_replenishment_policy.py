import math
import random

import pytest

from logistics_algorithms import kanban_sizing
from logistics_algorithms import replenishment_policy as rp


def test_z_matches_the_normal_table():
    assert rp.z_for_service_level(0.95) == pytest.approx(1.6449, abs=1e-4)
    assert rp.z_for_service_level(0.99) == pytest.approx(2.3263, abs=1e-4)
    assert rp.z_for_service_level(0.5) == pytest.approx(0.0, abs=1e-12)
    # below 50 % the factor is negative (a planned shortfall), not refused
    assert rp.z_for_service_level(0.2) == pytest.approx(-0.8416, abs=1e-4)


@pytest.mark.parametrize("level", [0, 1, 1.2, -0.1, float("nan"), "0.9"])
def test_service_level_at_or_beyond_the_bounds_is_refused_with_a_code(level):
    with pytest.raises(rp.PolicyInputError) as error:
        rp.z_for_service_level(level)
    assert error.value.code == "service_level_out_of_range"
    assert error.value.name == "service_level"


def test_safety_stock_with_a_fixed_lead_time():
    # 1.645 x 4 x sqrt(9) = 19.74
    assert rp.safety_stock(1.645, 4, 9) == pytest.approx(19.74)


def test_safety_stock_with_a_variable_lead_time():
    # z 2, sd 3/day, L 4 days, d 10/day, sL 0.5 day: sqrt(4 x 9 + 100 x 0.25) = sqrt(61)
    assert rp.safety_stock(2, 3, 4, 10, 0.5) == pytest.approx(2 * math.sqrt(61))
    # sL = 0 falls back on z sd sqrt(L)
    assert rp.safety_stock(2, 3, 4, 10, 0) == pytest.approx(12)


def test_zero_lead_time_needs_no_safety_stock():
    assert rp.safety_stock(2.33, 5, 0) == 0


def test_negative_spread_is_refused():
    with pytest.raises(rp.PolicyInputError) as error:
        rp.safety_stock(1.645, -1, 4)
    assert error.value.code == "negative_or_not_finite"


def test_reorder_point_min_and_max():
    # min = 20 x 5 + 30 = 130; max = 130 + 200 = 330
    assert rp.reorder_point(20, 5, 30, 200) == rp.ReorderPoint(130, 330)


def test_reorder_point_never_negative_when_safety_stock_is():
    # 2 x 1 - 5 = -3 -> 0
    assert rp.reorder_point(2, 1, -5, 10) == rp.ReorderPoint(0, 10)


def test_order_up_to_level():
    # d 10, T 5, L 4, z 2, sd 3: 10 x 9 + 2 x 3 x sqrt(9) = 90 + 18 = 108
    assert rp.order_up_to_level(10, 5, 4, 2, 3) == pytest.approx(108)


def test_expected_figures_by_hand():
    # Q 100, SS 20 -> average stock 70; x 5 EUR x 25 % = 87.5 a year; 10 a day x 250 / 100 = 25
    # orders; k = 20 / 10 = 2: P1 = Phi(2) = 0.97725; G(2) = 0.008491 -> P2 = 1 - 10 x 0.008491 /
    # 100 = 0.99915 (SPP's table of G(k))
    figures = rp.expected_figures(10, 100, 20, 10, 5, 0.25)
    assert figures.average_stock == 70
    assert figures.holding_cost == pytest.approx(87.5)
    assert figures.orders_per_year == 25
    assert figures.cycle_service_level == pytest.approx(0.97725, abs=1e-5)
    assert figures.fill_rate == pytest.approx(0.99915, abs=1e-5)


def test_expected_figures_without_demand_or_cost():
    figures = rp.expected_figures(0, 0, 0, 0, 0, 0)
    assert figures == rp.PolicyFigures(0, 0, 0, 1, 1)


def test_deterministic_demand_is_fully_served():
    figures = rp.expected_figures(10, 50, 0, 0, 2, 0.2)
    assert (figures.cycle_service_level, figures.fill_rate) == (1, 1)
    assert figures.holding_cost == pytest.approx(25 * 2 * 0.2)


def test_expected_figures_refuse_an_order_of_nothing_for_a_demand():
    with pytest.raises(rp.PolicyInputError) as error:
        rp.expected_figures(5, 0, 0, 1, 1, 0.2)
    assert error.value.code == "zero_order_quantity"


def test_min_max_backtest_by_hand():
    # min 4, max 10, L 2, start with 10. Day 0: 3 -> 7 (position 7 > 4). Day 1: 3 -> 4,
    # position 4 <= 4: order 6, due day 3. Day 2: 5 -> 4 served, 1 short (stockout), 0 left.
    # Day 3: +6, 2 -> 4; position 4: order 6 due day 5. Day 4: 4 -> 0; position 6 > 4.
    # Day 5: +6, 1 -> 5. End of day stocks 7, 4, 0, 4, 0, 5 -> 20 / 6.
    result = rp.backtest([3, 3, 5, 2, 4, 1], rp.MinMaxPolicy(4, 10), 2)
    assert result == kanban_sizing.BacktestResult(stockout_days=1, average_stock=20 / 6, days=6)


def test_periodic_backtest_by_hand():
    # review every 3 days from day 0, up to 12, L 1, start 12. Day 0: 4 -> 8, order 4 (due 1).
    # Day 1: +4 = 12, 4 -> 8. Day 2: 4 -> 4. Day 3: 4 -> 0, order 12 (due 4). Day 4: +12, 4 -> 8.
    # End stocks 8, 8, 4, 0, 8 -> 28 / 5, no stockout (day 3 was served exactly).
    result = rp.backtest([4, 4, 4, 4, 4], rp.PeriodicPolicy(3, 12), 1)
    assert result == kanban_sizing.BacktestResult(stockout_days=0, average_stock=28 / 5, days=5)


def test_kanban_backtest_is_the_kanban_sizing_replay():
    demand = [5, 0, 7, 3, 9, 2, 4]
    expected = kanban_sizing.backtest(demand, 6, 3, 2)
    assert rp.backtest(demand, rp.KanbanPolicy(6, 3), 2) == expected


def test_backtest_without_demand_keeps_the_stock():
    result = rp.backtest([0, 0, 0], rp.MinMaxPolicy(5, 20), 4)
    assert (result.stockout_days, result.average_stock) == (0, 20)


def test_backtest_with_one_demand_in_the_window():
    # 25 on day 1 with 20 on hand: a stockout; position 0 <= 5 -> order 20, arrives day 3
    result = rp.backtest([0, 25, 0, 0], rp.MinMaxPolicy(5, 20), 2)
    assert result.stockout_days == 1
    assert result.average_stock == pytest.approx((20 + 0 + 0 + 20) / 4)


def test_zero_lead_time_replenishes_the_same_day():
    # every day's order arrives at the end of the day: stock is back to the max each evening
    result = rp.backtest([7, 3, 9], rp.MinMaxPolicy(10, 10), 0)
    assert (result.stockout_days, result.average_stock) == (0, 10)


@pytest.mark.parametrize(
    "args, code",
    [
        (([], rp.MinMaxPolicy(1, 2), 1), "no_demand_history"),
        (([1], rp.MinMaxPolicy(1, 2), 1.5), "lead_time_not_whole_days"),
        (([1], rp.MinMaxPolicy(3, 2), 1), "max_below_min"),
        (([1], rp.PeriodicPolicy(0, 5), 1), "review_period_not_positive"),
        (([-1], rp.MinMaxPolicy(1, 2), 1), "negative_or_not_finite"),
    ],
)
def test_backtest_refuses_bad_input_with_a_code(args, code):
    with pytest.raises(rp.PolicyInputError) as error:
        rp.backtest(*args)
    assert error.value.code == code


def test_a_higher_reorder_point_has_no_more_stockout_days_on_random_series():
    rng = random.Random(16)
    for _ in range(50):
        demand = [rng.choice([0, 0, 1, 3, 8]) for _ in range(60)]
        lead = rng.randint(0, 5)
        low = rp.backtest(demand, rp.MinMaxPolicy(5, 15), lead)
        high = rp.backtest(demand, rp.MinMaxPolicy(15, 25), lead)
        assert high.stockout_days <= low.stockout_days
        assert high.average_stock >= low.average_stock
