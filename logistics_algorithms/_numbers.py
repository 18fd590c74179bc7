"""Number helpers shared by the algorithms: input checks (absurd data fails loudly instead of
planning nonsense), rounding without floating-point dust, and short display."""

from __future__ import annotations

import math


def require_non_negative(name: str, value: float) -> None:
    """Reject negative, infinite or NaN numbers (a quantity, a duration, a capacity)."""
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")


def require_positive(name: str, value: float) -> None:
    """Reject zero as well: used for divisors such as a container quantity."""
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")


def ceil_clean(value: float, decimals: int = 9) -> int:
    """Round up, ignoring floating-point dust: 10.000000001 is 10, not 11."""
    return math.ceil(round(value, decimals))


def floor_clean(value: float, decimals: int = 9) -> int:
    """Round down, ignoring floating-point dust: 2.9999999999 is 3, not 2."""
    return math.floor(round(value, decimals))
