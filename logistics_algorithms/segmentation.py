"""Segmentation of items for the policy advisor: ABC by value x XYZ by variability, the demand
pattern of Syntetos & Boylan, and the replenishment technique recommended per segment.

ABC comes from ``abc_classification.classify`` (not repeated here). Codes out, never sentences.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ._numbers import require_non_negative

XyzClass = Literal["X", "Y", "Z"]
Pattern = Literal["smooth", "erratic", "intermittent", "lumpy", "no_demand"]
Technique = Literal["kanban", "double_bin", "reorder_point", "periodic_review", "to_order"]

# Syntetos, Boylan & Croston, "On the categorization of demand patterns", Journal of the
# Operational Research Society 56 (2005) 495-503: cut-offs ADI = 1.32 and CV^2 = 0.49.
ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49


@dataclass(frozen=True)
class DemandProfile:
    """Per-period demand summary: CV over all periods (XYZ), and the Syntetos-Boylan pair:
    ADI = periods / periods with demand, CV^2 of the non-zero demand sizes; the population
    standard deviation of all periods too, so that a caller needs no second pass."""

    periods: int
    demand_periods: int
    mean: float
    cv: float
    adi: float
    cv2_sizes: float
    std: float = 0.0


def _mean_pstdev(values: Sequence[float]) -> tuple[float, float]:
    """Mean and population standard deviation with correctly rounded sums (math.fsum):
    as statistics.fmean / pstdev to the last digits, without pstdev's exact fractions, which
    cost tens of times more on the advisor's tens of thousands of series."""
    mean = math.fsum(values) / len(values)
    return mean, math.sqrt(math.fsum((value - mean) ** 2 for value in values) / len(values))


@dataclass(frozen=True)
class Segment:
    abc_class: str
    xyz_class: XyzClass
    pattern: Pattern


def demand_profile(quantities: Sequence[float]) -> DemandProfile:
    """Population statistics of a demand series (zeros included, one value per period)."""
    if not quantities:
        raise ValueError("no demand history: give at least one period")
    for quantity in quantities:
        require_non_negative("demand", quantity)
    mean, std = _mean_pstdev(quantities)
    cv = std / mean if mean > 0 else 0.0
    sizes = [quantity for quantity in quantities if quantity > 0]
    if sizes:
        size_mean, size_std = _mean_pstdev(sizes)
        cv2_sizes = (size_std / size_mean) ** 2
        adi = len(quantities) / len(sizes)
    else:
        cv2_sizes, adi = 0.0, math.inf
    return DemandProfile(len(quantities), len(sizes), mean, cv, adi, cv2_sizes, std)


def xyz_class(cv: float, cutoffs: tuple[float, float] = (0.5, 1.0)) -> XyzClass:
    """X below the first cut-off of the coefficient of variation, Y below the second, Z beyond
    (the usual XYZ analysis cut-offs of materials management; configurable)."""
    low, high = cutoffs
    if not 0 < low <= high:
        raise ValueError(f"XYZ cut-offs must satisfy 0 < X <= Y, got {cutoffs}")
    require_non_negative("coefficient of variation", cv)
    return "X" if cv < low else "Y" if cv < high else "Z"


def demand_pattern(profile: DemandProfile) -> Pattern:
    """Syntetos-Boylan quadrants: ADI < 1.32 and CV^2 < 0.49 smooth, ADI < 1.32 erratic,
    CV^2 < 0.49 intermittent, else lumpy (Syntetos, Boylan & Croston 2005)."""
    if profile.demand_periods == 0:
        return "no_demand"
    frequent = profile.adi < ADI_CUTOFF
    steady = profile.cv2_sizes < CV2_CUTOFF
    if frequent:
        return "smooth" if steady else "erratic"
    return "intermittent" if steady else "lumpy"


def segment(
    abc_class: str, quantities: Sequence[float], xyz_cutoffs: tuple[float, float] = (0.5, 1.0)
) -> Segment:
    """The ABC class (from ``abc_classification``) with the XYZ class and pattern of a series."""
    profile = demand_profile(quantities)
    return Segment(abc_class, xyz_class(profile.cv, xyz_cutoffs), demand_pattern(profile))


def recommend_technique(
    item: Segment, line_side: bool, small_parts: bool = False, shared_vendor: bool = False
) -> Technique:
    """Technique code for a segment, overridable by the planner.

    - lumpy or no demand: make / buy to order (no stock worth keeping; Syntetos-Boylan);
    - steady (X or Y, smooth or intermittent with steady sizes) at a line-side location: a pull
      loop, double-bin for small parts, else kanban (Toyota; APICS "two-bin system");
    - many small, cheap (C) items bought from one vendor: periodic review, so they share one
      order per period (SPP ch. 7 and 11, coordinated replenishment);
    - otherwise a reorder point (a stored item with enough regularity, or erratic demand that
      a statistical safety stock covers).
    """
    if item.pattern in ("lumpy", "no_demand"):
        return "to_order"
    steady = item.xyz_class in ("X", "Y") and item.pattern in ("smooth", "intermittent")
    if line_side and steady:
        return "double_bin" if small_parts else "kanban"
    if shared_vendor and (small_parts or item.abc_class == "C"):
        return "periodic_review"
    return "reorder_point"
