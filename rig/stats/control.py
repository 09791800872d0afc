"""Individuals and moving-range (I-MR) control charts with the Nelson run rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

# Shewhart constants for moving ranges of two points.
E2 = 2.66  # 3 / d2
D4 = 3.267
D2 = 1.128

RULES = {
    1: "one point beyond 3 sigma",
    2: "nine points in a row on one side of the centre line",
    3: "six points in a row steadily increasing or decreasing",
    4: "fourteen points in a row alternating up and down",
    5: "two of three points beyond 2 sigma on one side",
    6: "four of five points beyond 1 sigma on one side",
    7: "fifteen points in a row within 1 sigma",
    8: "eight points in a row beyond 1 sigma, either side",
}


@dataclass(frozen=True)
class RuleViolation:
    """One run rule broken; points are the indices where the pattern completes."""

    rule: int
    description: str
    points: list[int]


@dataclass(frozen=True)
class ControlChart:
    """The I-MR chart of a series: limits, moving ranges and broken run rules."""

    n: int
    center: float
    ucl: float  # centre + 2.66 MR-bar
    lcl: float
    sigma: float  # within sigma, MR-bar / 1.128
    mr_bar: float
    ucl_mr: float  # 3.267 MR-bar
    values: list[float]
    moving_ranges: list[float]  # first entry belongs to the second point
    violations: list[RuleViolation] = field(default_factory=list)
    mr_out: list[int] = field(default_factory=list)  # moving ranges above UCL_MR (point index)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def individuals_chart(values: Sequence[float] | np.ndarray,
                      rules: Sequence[int] = tuple(RULES)) -> ControlChart:
    """Return the I-MR chart of values in time order (NaN values are left out)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if x.size < 2:
        raise ValueError(f"a control chart needs at least 2 values, got {x.size}")
    mr = np.abs(np.diff(x))
    mr_bar = float(mr.mean())
    center = float(x.mean())
    sigma = mr_bar / D2
    violations = [v for v in (check_rule(r, x, center, sigma) for r in rules) if v.points]
    mr_out = [int(i) + 1 for i in np.flatnonzero(mr > D4 * mr_bar)]
    return ControlChart(
        n=int(x.size), center=center, ucl=center + E2 * mr_bar, lcl=center - E2 * mr_bar,
        sigma=sigma, mr_bar=mr_bar, ucl_mr=D4 * mr_bar, values=x.tolist(),
        moving_ranges=mr.tolist(), violations=violations, mr_out=mr_out,
    )


def check_rule(rule: int, x: np.ndarray, center: float, sigma: float) -> RuleViolation:
    """Return the points where one Nelson rule is broken."""
    z = (x - center) / sigma if sigma > 0 else np.zeros_like(x)
    if rule == 1:
        hits = np.abs(z) > 3
    elif rule == 2:
        hits = _streak(z > 0, 9) | _streak(z < 0, 9)
    elif rule == 3:
        d = np.diff(x)
        hits = _shift(_streak(d > 0, 5) | _streak(d < 0, 5), 1)
    elif rule == 4:
        s = np.sign(np.diff(x))
        alternating = (s[1:] * s[:-1]) < 0
        hits = _shift(_streak(alternating, 12), 2)
    elif rule == 5:
        hits = _m_of_k(z > 2, 2, 3) | _m_of_k(z < -2, 2, 3)
    elif rule == 6:
        hits = _m_of_k(z > 1, 4, 5) | _m_of_k(z < -1, 4, 5)
    elif rule == 7:
        hits = _streak(np.abs(z) < 1, 15)
    elif rule == 8:
        hits = _streak(np.abs(z) > 1, 8)
    else:
        raise ValueError(f"no run rule {rule}; rules are 1-8")
    return RuleViolation(rule, RULES[rule], [int(i) for i in np.flatnonzero(hits)])


def _window_sums(flags: np.ndarray, k: int) -> np.ndarray:
    """Return, for each index, how many of the (up to) k flags ending there are set."""
    c = np.concatenate(([0], np.cumsum(flags, dtype=np.int64)))
    ends = np.arange(1, flags.size + 1)
    return c[ends] - c[np.maximum(ends - k, 0)]


def _streak(flags: np.ndarray, k: int) -> np.ndarray:
    """Mark indices that end a run of at least k set flags."""
    return _window_sums(flags, k) >= k


def _m_of_k(flags: np.ndarray, m: int, k: int) -> np.ndarray:
    """Mark set flags where at least m of the last k flags are set (the flagged point counts)."""
    return flags & (_window_sums(flags, k) >= m)


def _shift(marks: np.ndarray, offset: int) -> np.ndarray:
    """Move marks made on differences back onto the points they end at."""
    return np.concatenate((np.zeros(offset, dtype=bool), marks))
