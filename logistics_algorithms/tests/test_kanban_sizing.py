import random

import pytest

from logistics_algorithms import kanban_sizing


def test_card_count_rounds_up_to_whole_cards():
    # 100 a day x 2 days / 30 a container = 6.67 -> 7 cards
    assert kanban_sizing.kanban_card_count(100, 2, 30) == 7


def test_card_count_covers_review_and_safety_days():
    # 12 a day x (3 + 1 + 0.5) days / 10 a container = 5.4 -> 6 cards
    assert kanban_sizing.kanban_card_count(12, 3, 10, review_days=1, safety_days=0.5) == 6


def test_card_count_ignores_floating_point_dust():
    # (0.1 + 0.2) x 10 / 3 is 1.0000000000000002 in floating point: still 1 card, not 2
    assert kanban_sizing.kanban_card_count(0.1 + 0.2, 10, 3) == 1


def test_card_count_never_goes_below_the_minimum():
    assert kanban_sizing.kanban_card_count(0, 5, 10) == 1
    assert kanban_sizing.kanban_card_count(1, 1, 10, min_cards=2) == 2


@pytest.mark.parametrize(
    "kwargs",
    [
        {"daily_demand": 10, "lead_time_days": 2, "container_qty": 0},
        {"daily_demand": -1, "lead_time_days": 2, "container_qty": 10},
        {"daily_demand": 10, "lead_time_days": -2, "container_qty": 10},
        {"daily_demand": 10, "lead_time_days": 2, "container_qty": 10, "min_cards": 0},
    ],
)
def test_card_count_rejects_absurd_input(kwargs):
    with pytest.raises(ValueError):
        kanban_sizing.kanban_card_count(**kwargs)


def test_demand_statistics_uses_population_standard_deviation():
    # mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32, / 8 = 4 -> sigma 2
    stats = kanban_sizing.demand_statistics([2, 4, 4, 4, 5, 5, 7, 9])
    assert stats == kanban_sizing.DemandStats(mean=5.0, std=2.0, days=8)


def test_demand_statistics_refuses_an_empty_or_negative_history():
    with pytest.raises(ValueError, match="no demand history"):
        kanban_sizing.demand_statistics([])
    with pytest.raises(ValueError):
        kanban_sizing.demand_statistics([3, -1])


def test_z_matches_the_textbook_safety_factors():
    assert kanban_sizing.z_for_service_level(0.90) == pytest.approx(1.2816, abs=1e-4)
    assert kanban_sizing.z_for_service_level(0.95) == pytest.approx(1.6449, abs=1e-4)
    assert kanban_sizing.z_for_service_level(0.99) == pytest.approx(2.3263, abs=1e-4)


@pytest.mark.parametrize("level", [0.5, 1.0, 1.2, 0.3])
def test_service_level_outside_half_to_one_is_rejected(level):
    with pytest.raises(ValueError, match="service level"):
        kanban_sizing.z_for_service_level(level)


def test_safety_stock_grows_with_square_root_of_lead_time():
    # 2 x 3 x sqrt(4) = 12
    assert kanban_sizing.safety_stock(2, 3, 4) == 12


def test_double_bin_quantity_rounds_up_to_the_pack():
    # 10 x 3 + 4 = 34 -> 34 / 6 = 5.67 -> 6 packs of 6 = 36
    assert kanban_sizing.double_bin_quantity(10, 3, 4, 6) == 36


def test_double_bin_holds_at_least_one_pack():
    assert kanban_sizing.double_bin_quantity(0, 3, 0, 25) == 25


def test_kanban_proposal_shows_the_formula_with_its_numbers():
    # mean of 8, 12, 10, 10 = 10; 10 x (2 + 1 + 0) / 10 = 3 cards, 2 more than today
    proposal = kanban_sizing.propose([8, 12, 10, 10], 2, 10, 1, "kanban", review_days=1)
    assert proposal.recommended_cards == 3
    assert proposal.difference == 2
    assert proposal.recommended_qty == proposal.current_qty == 10
    assert proposal.stats.mean == 10
    assert proposal.formula_values == {
        "mean": 10,
        "lead_time_days": 2,
        "review_days": 1,
        "safety_days": 0,
        "container_qty": 10,
        "raw": 3,
        "cards": 3,
        "minimum_applied": 0.0,
        "days": 4,
    }


def test_double_bin_proposal_sizes_the_bin_and_keeps_two_cards():
    # mean 5, sigma 2, LT 4, 95 %: SS = 1.6449 x 2 x sqrt(4) = 6.58
    # bin = ceil((5 x 4 + 6.58) / 5) x 5 = ceil(5.32) x 5 = 30, today 20 -> +10
    proposal = kanban_sizing.propose([2, 4, 4, 4, 5, 5, 7, 9], 4, 20, 2, "double_bin", pack_qty=5)
    assert proposal.recommended_cards == 2
    assert proposal.safety_stock == pytest.approx(6.5794, abs=1e-3)
    assert proposal.recommended_qty == 30
    assert proposal.difference == 10
    values = proposal.formula_values
    assert values["z"] == pytest.approx(1.6449, abs=1e-4)
    assert values["std"] == 2
    assert values["exposure_days"] == values["cover_days"] == 4
    assert values["safety_stock"] == pytest.approx(6.5794, abs=1e-3)
    assert (values["service_level"], values["mean"], values["pack_qty"]) == (0.95, 5, 5)
    assert (values["qty"], values["days"]) == (30, 8)


def test_proposal_rejects_an_unknown_loop_type():
    with pytest.raises(ValueError, match="unknown loop type"):
        kanban_sizing.propose([1, 2], 1, 10, 1, "reorder_point")


def test_backtest_counts_days_the_line_could_not_be_served():
    # 1 card of 10, 4 a day, LT 1. End stocks: 6, 2, 0 (short 2: stockout, card back),
    # 10 arrives day 3 -> 6, 2, 0 (stockout). Average 16 / 6.
    result = kanban_sizing.backtest([4] * 6, container_qty=10, card_count=1, lead_time_days=1)
    assert result.stockout_days == 2
    assert result.average_stock == pytest.approx(16 / 6)
    assert result.stockout_rate == pytest.approx(2 / 6)


def test_backtest_with_enough_cards_has_no_stockout():
    # 2 cards of 10, 4 a day, LT 1. End stocks: 16, 12, 8 (1st empty), +10 -> 14,
    # 10 (2nd empty), +10 -> 16. Average 76 / 6.
    result = kanban_sizing.backtest([4] * 6, container_qty=10, card_count=2, lead_time_days=1)
    assert result.stockout_days == 0
    assert result.average_stock == pytest.approx(76 / 6)


def test_backtest_same_day_lead_time_refills_at_end_of_day():
    result = kanban_sizing.backtest([10, 10, 10], container_qty=10, card_count=1, lead_time_days=0)
    assert result.stockout_days == 0
    assert result.average_stock == 10


def test_backtest_rejects_fractional_lead_time_and_empty_history():
    with pytest.raises(ValueError):
        kanban_sizing.backtest([1, 2], 10, 2, 1.5)
    with pytest.raises(ValueError):
        kanban_sizing.backtest([], 10, 2, 1)


def test_more_cards_never_mean_more_stockouts_and_stock_stays_capped():
    rng = random.Random(3)
    demand = [rng.choice([0, 3, 5, 8, 12, 20]) for _ in range(120)]
    previous = None
    for cards in range(1, 8):
        result = kanban_sizing.backtest(
            demand, container_qty=10, card_count=cards, lead_time_days=2
        )
        assert result.average_stock <= cards * 10
        if previous is not None:
            assert result.stockout_days <= previous
        previous = result.stockout_days
