import math
import random
import statistics

import pytest

from logistics_algorithms import abc_classification
from logistics_algorithms import segmentation as seg


def test_profile_by_hand():
    # 8 periods, 4 with demand: ADI 2. Sizes 2, 4, 4, 6: mean 4, variance (4 + 0 + 0 + 4) / 4
    # = 2 -> CV^2 = 2 / 16 = 0.125. All periods: mean 2, variance (4 x 4 + (0+4+4+16)) / 8 = 5
    # -> CV = sqrt(5) / 2
    profile = seg.demand_profile([0, 2, 0, 4, 0, 4, 0, 6])
    assert (profile.periods, profile.demand_periods, profile.adi) == (8, 4, 2)
    assert profile.cv2_sizes == pytest.approx(0.125)
    assert profile.cv == pytest.approx(math.sqrt(5) / 2)
    assert (profile.mean, profile.std) == (2, pytest.approx(math.sqrt(5)))


def test_profile_mean_and_deviation_match_the_statistics_module():
    """The one-pass figures agree with statistics.fmean / pstdev (exact fractions) to the
    last digits on random series, gaps and decimals included."""
    rng = random.Random(16)
    for _ in range(200):
        series = [
            0.0 if rng.random() < 0.4 else round(rng.uniform(0, 500), 3)
            for _ in range(rng.randint(1, 70))
        ]
        profile = seg.demand_profile(series)
        assert profile.mean == pytest.approx(statistics.fmean(series), rel=1e-12, abs=1e-12)
        assert profile.std == pytest.approx(statistics.pstdev(series), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(
    "series, pattern",
    [
        ([10, 11, 9, 10, 12, 10], "smooth"),  # every period, steady sizes
        ([1, 30, 2, 25, 1, 40], "erratic"),  # every period, sizes vary
        ([0, 10, 0, 0, 11, 0, 9, 0], "intermittent"),  # ADI 8/3 = 2.67, steady sizes
        ([0, 1, 0, 0, 40, 0, 2, 0], "lumpy"),
        ([0, 0, 0], "no_demand"),
    ],
)
def test_syntetos_boylan_quadrants(series, pattern):
    assert seg.demand_pattern(seg.demand_profile(series)) == pattern


def test_cut_offs_are_exclusive_upper_bounds():
    # ADI exactly 1.32 is not frequent; CV exactly 0.5 is Y
    profile = seg.DemandProfile(132, 100, 1, 0.2, 1.32, 0.1)
    assert seg.demand_pattern(profile) == "intermittent"
    assert seg.xyz_class(0.5) == "Y"
    assert seg.xyz_class(0.4999) == "X"
    assert seg.xyz_class(1.0) == "Z"


def test_xyz_cut_offs_are_configurable_and_checked():
    assert seg.xyz_class(0.5, (0.6, 1.2)) == "X"
    with pytest.raises(ValueError):
        seg.xyz_class(0.5, (1.0, 0.5))


def test_one_demand_in_the_window_is_lumpy_or_intermittent_not_smooth():
    # one demand in 10 periods: ADI 10, one size so CV^2 0: intermittent; CV = 3 -> Z
    item = seg.segment("B", [0] * 9 + [7])
    assert item == seg.Segment("B", "Z", "intermittent")


def test_segment_reuses_the_abc_class_of_the_abc_module():
    classes = {item.key: item.abc_class for item in abc_classification.classify({"a": 90, "b": 10})}
    item = seg.segment(classes["a"], [5, 5, 5, 5])
    assert item == seg.Segment("A", "X", "smooth")


@pytest.mark.parametrize(
    "item, flags, technique",
    [
        (seg.Segment("A", "X", "smooth"), {"line_side": True}, "kanban"),
        (seg.Segment("C", "X", "smooth"), {"line_side": True, "small_parts": True}, "double_bin"),
        (seg.Segment("A", "X", "smooth"), {"line_side": False}, "reorder_point"),
        (seg.Segment("B", "Y", "erratic"), {"line_side": True}, "reorder_point"),
        (
            seg.Segment("C", "Y", "smooth"),
            {"line_side": False, "shared_vendor": True},
            "periodic_review",
        ),
        (
            seg.Segment("A", "X", "smooth"),
            {"line_side": False, "shared_vendor": True},
            "reorder_point",
        ),
        (seg.Segment("A", "Z", "lumpy"), {"line_side": True}, "to_order"),
        (seg.Segment("C", "Z", "no_demand"), {"line_side": False}, "to_order"),
    ],
)
def test_recommended_technique_per_segment(item, flags, technique):
    assert seg.recommend_technique(item, **flags) == technique


def test_every_segment_gets_a_known_technique():
    rng = random.Random(5)
    known = {"kanban", "double_bin", "reorder_point", "periodic_review", "to_order"}
    for _ in range(200):
        series = [rng.choice([0, 0, 1, 5, 50]) for _ in range(rng.randint(1, 30))]
        item = seg.segment(rng.choice("ABC"), series)
        flags = {name: rng.random() < 0.5 for name in ("line_side", "small_parts", "shared_vendor")}
        assert seg.recommend_technique(item, **flags) in known
