import itertools
import math
import random

import pytest

from logistics_algorithms import lot_sizing as ls

# Silver, Pyke & Peterson, Inventory Management and Production Planning and Scheduling, 3rd ed.
# (Wiley 1998), ch. 6 worked example: monthly requirements of a part, setup A = 54 $, unit value
# v = 20 $, carrying rate r = 0.02 $/$/month, so h = v r = 0.4 $ per unit per month. Optimal
# (Wagner-Whitin) cost 501.20 $, checked below by enumerating all 2^11 order patterns too.
SPP_DEMAND = [10, 62, 12, 130, 154, 129, 88, 52, 124, 160, 238, 41]
SPP_SETUP = 54
SPP_HOLDING = 0.4


def _exhaustive_optimum(demand, setup, holding):
    """Cheapest plan over every set of order periods (the first period with demand must order)."""
    first = next(i for i, need in enumerate(demand) if need > 0)
    best = math.inf
    for pattern in itertools.product([False, True], repeat=len(demand) - first - 1):
        starts = [first, *[first + 1 + i for i, order in enumerate(pattern) if order]]
        best = min(best, ls.plan_cost(demand, ls._cover(demand, starts), setup, holding).total_cost)
    return best


def test_eoq_by_hand():
    # sqrt(2 x 1000 x 50 / (0.25 x 16)) = sqrt(25000) = 158.11
    assert ls.eoq(1000, 50, 0.25, 16) == pytest.approx(158.1139, abs=1e-4)


def test_eoq_without_demand_or_ordering_cost_is_zero():
    assert ls.eoq(0, 50, 0.25, 16) == 0
    assert ls.eoq(1000, 0, 0.25, 16) == 0


def test_eoq_refuses_a_free_stock_or_a_negative_cost():
    with pytest.raises(ValueError):
        ls.eoq(1000, 50, 0, 16)
    with pytest.raises(ValueError):
        ls.eoq(1000, -5, 0.25, 16)


def test_period_order_quantity():
    # EOQ 158 for 1000 a year over 52 weeks (19.2 a week): 8.2 weeks -> 8
    assert ls.period_order_quantity(158.11, 1000, 52) == 8
    assert ls.period_order_quantity(5, 1000, 12) == 1  # never below one period
    assert ls.period_order_quantity(0, 0, 12) == 1


def test_round_lot_to_vendor_minimum_then_pack():
    assert ls.round_lot(37, pack_qty=12) == 48
    assert ls.round_lot(37, pack_qty=12, vendor_min=100) == 108
    assert ls.round_lot(0, pack_qty=12, vendor_min=100) == 0
    assert ls.round_lot(36.000000001, pack_qty=12) == 36  # floating-point dust


def test_wagner_whitin_on_the_spp_example():
    plan = ls.wagner_whitin(SPP_DEMAND, SPP_SETUP, SPP_HOLDING)
    assert plan.total_cost == pytest.approx(501.20)
    assert plan.total_cost == pytest.approx(_exhaustive_optimum(SPP_DEMAND, SPP_SETUP, SPP_HOLDING))
    # orders in months 1, 4, 5, 7, 9, 10, 11
    assert plan.lots == (84, 0, 0, 130, 283, 0, 140, 0, 124, 160, 279, 0)
    assert plan.setup_cost == 7 * 54


def test_silver_meal_on_the_spp_example():
    plan = ls.silver_meal(SPP_DEMAND, SPP_SETUP, SPP_HOLDING)
    # the heuristic's first lot: C(1) = 54, C(2) = (54 + 0.4 x 62) / 2 = 39.4,
    # C(3) = (54 + 24.8 + 0.4 x 2 x 12) / 3 = 29.47, C(4) = (78.8 + 9.6 + 0.4 x 3 x 130) / 4 = 61.1
    # -> stop: the first lot covers months 1-3 = 84
    assert plan.lots[0] == 84
    assert plan.total_cost >= 501.20 - 1e-9


def test_silver_meal_can_miss_the_optimum():
    # S 50, h 1, demand 10, 0, 20. Silver-Meal from period 1: C(1) = 50, C(2) = 50 / 2 = 25,
    # C(3) = (50 + 2 x 20) / 3 = 30 > 25: stop, so two orders, cost 100. One order of 30 in
    # period 1 costs 50 + 20 x 2 = 90, the optimum.
    demand = [10, 0, 20]
    assert ls.silver_meal(demand, 50, 1).total_cost == 100
    plan = ls.wagner_whitin(demand, 50, 1)
    assert plan.lots == (30, 0, 0) and plan.total_cost == 90


def test_lot_for_lot_and_fixed_lot_by_hand():
    demand = [30, 0, 50, 20]
    l4l = ls.lot_for_lot(demand, 10, 1)
    assert (l4l.setup_cost, l4l.holding_cost) == (30, 0)
    # lots of 40: 40 (10 left), 0 (10), 40 (0), 40 (20) -> 3 setups, held 10 + 10 + 0 + 20 = 40
    fixed = ls.fixed_lot(demand, 40, 10, 1)
    assert fixed.lots == (40, 0, 40, 40)
    assert (fixed.setup_cost, fixed.holding_cost) == (30, 40)


def test_period_order_plan_by_hand():
    # two periods a lot from each first need: 30 covers 1-2, 70 covers 3-4; held 0 + 0 + 20
    plan = ls.period_order_plan([30, 0, 50, 20], 2, 10, 1)
    assert plan.lots == (30, 0, 70, 0)
    assert plan.holding_cost == 20


@pytest.mark.parametrize(
    "method", [ls.wagner_whitin, ls.silver_meal, ls.lot_for_lot, ls.period_order_plan]
)
def test_no_demand_means_no_order(method):
    args = (2,) if method is ls.period_order_plan else ()
    plan = method([0, 0, 0], *args, 10, 1) if args else method([0, 0, 0], 10, 1)
    assert plan.lots == (0, 0, 0) and plan.total_cost == 0


def test_one_demand_in_the_horizon_is_ordered_in_its_period():
    assert ls.wagner_whitin([0, 0, 25, 0], 10, 1).lots == (0, 0, 25, 0)
    assert ls.silver_meal([0, 0, 25, 0], 10, 1).lots == (0, 0, 25, 0)


def test_zero_setup_cost_orders_lot_for_lot_and_zero_holding_orders_once():
    demand = [5, 8, 0, 3]
    assert ls.wagner_whitin(demand, 0, 1).total_cost == 0
    assert ls.wagner_whitin(demand, 0, 1).holding_cost == 0
    plan = ls.wagner_whitin(demand, 10, 0)
    assert plan.setup_cost == 10 and plan.lots[0] == 16


def test_plan_cost_refuses_a_plan_that_runs_short():
    with pytest.raises(ValueError, match="short"):
        ls.plan_cost([10, 10], [10, 5], 1, 1)


def test_wagner_whitin_matches_exhaustive_search_on_random_series():
    rng = random.Random(1958)
    for _ in range(60):
        demand = [rng.choice([0, 0, 5, 20, 60, 150]) for _ in range(rng.randint(1, 9))]
        setup, holding = rng.choice([0, 10, 80, 300]), rng.choice([0.1, 0.5, 2])
        if not any(demand):
            continue
        optimum = _exhaustive_optimum(demand, setup, holding)
        assert ls.wagner_whitin(demand, setup, holding).total_cost == pytest.approx(optimum)


def _plain_wagner_whitin_cost(demand, setup, holding):
    """The textbook O(n^2) recursion without any pruning, for comparison."""
    best = [0.0] * (len(demand) + 1)
    for t in range(1, len(demand) + 1):
        if not any(demand[:t]):
            continue
        best[t] = min(
            best[j - 1] + setup + holding * sum((k - j) * demand[k - 1] for k in range(j, t + 1))
            for j in range(1, t + 1)
        )
    return best[-1]


def test_pruned_wagner_whitin_matches_the_plain_recursion_over_a_year_of_weeks():
    rng = random.Random(52)
    for _ in range(40):
        demand = [rng.choice([0, 0, 4, 15, 40, 90]) for _ in range(52)]
        setup, holding = rng.uniform(5, 600), rng.uniform(0.01, 2)
        plan = ls.wagner_whitin(demand, setup, holding)
        assert plan.total_cost == pytest.approx(_plain_wagner_whitin_cost(demand, setup, holding))


def test_wagner_whitin_beats_silver_meal_beats_lot_for_lot_on_random_series():
    rng = random.Random(1973)
    for _ in range(300):
        demand = [rng.choice([0, 3, 10, 40, 120]) for _ in range(rng.randint(1, 26))]
        setup, holding = rng.uniform(1, 400), rng.uniform(0.01, 3)
        ww = ls.wagner_whitin(demand, setup, holding).total_cost
        sm = ls.silver_meal(demand, setup, holding).total_cost
        l4l = ls.lot_for_lot(demand, setup, holding).total_cost
        assert ww <= sm + 1e-6
        assert sm <= l4l + 1e-6
