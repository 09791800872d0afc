"""Process capability of one measurement: mean, spread, Cp and Cpk with confidence intervals."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy import stats

from rig.model import Limits


@dataclass(frozen=True)
class Interval:
    """A two-sided confidence interval."""

    low: float
    high: float
    confidence: float


@dataclass(frozen=True)
class Capability:
    """How well a measurement's spread fits inside its limits.

    Cp and Cpk use the overall sample standard deviation (what some texts call
    Pp and Ppk), which is the sigma Bissell's interval is derived for. Cp needs
    both limits; with one limit Cpk is the one-sided index (Cpu or Cpl).
    """

    n: int
    mean: float
    std: float
    low: float | None
    high: float | None
    unit: str
    cp: float | None
    cpk: float | None
    cp_interval: Interval | None
    cpk_interval: Interval | None
    observed_out: int  # values outside the limits
    expected_out_ppm: float | None  # from a normal fit

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Histogram:
    """Counts of values in bins whose range covers the limits too."""

    edges: list[float]
    counts: list[int]
    low: float | None
    high: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def cp_interval(cp: float, n: int, confidence: float = 0.95) -> Interval:
    """Return the chi-square confidence interval of Cp from n values."""
    alpha = 1.0 - confidence
    dof = n - 1
    low = cp * math.sqrt(stats.chi2.ppf(alpha / 2, dof) / dof)
    high = cp * math.sqrt(stats.chi2.ppf(1 - alpha / 2, dof) / dof)
    return Interval(low, high, confidence)


def cpk_interval(cpk: float, n: int, confidence: float = 0.95) -> Interval:
    """Return Bissell's (1990) normal-approximation interval of Cpk from n values."""
    z = stats.norm.ppf(1 - (1.0 - confidence) / 2)
    half = z * math.sqrt(1.0 / (9.0 * n) + cpk * cpk / (2.0 * (n - 1)))
    return Interval(cpk - half, cpk + half, confidence)


def capability(values: Sequence[float] | np.ndarray, limits: Limits,
               confidence: float = 0.95) -> Capability:
    """Return the capability of values against limits (NaN values are left out)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = int(x.size)
    mean = float(x.mean()) if n else math.nan
    std = float(x.std(ddof=1)) if n >= 2 else math.nan
    low, high = limits.low, limits.high
    out = int(np.count_nonzero((x < low) if low is not None else np.zeros(n, bool))
              + np.count_nonzero((x > high) if high is not None else np.zeros(n, bool)))
    usable = n >= 2 and std > 0 and (low is not None or high is not None)
    cp = cpk = None
    cp_ci = cpk_ci = None
    ppm = None
    if usable:
        sides = []
        if high is not None:
            sides.append((high - mean) / (3 * std))
        if low is not None:
            sides.append((mean - low) / (3 * std))
        cpk = float(min(sides))
        cpk_ci = cpk_interval(cpk, n, confidence)
        if low is not None and high is not None:
            cp = float((high - low) / (6 * std))
            cp_ci = cp_interval(cp, n, confidence)
        below = stats.norm.cdf(low, mean, std) if low is not None else 0.0
        above = stats.norm.sf(high, mean, std) if high is not None else 0.0
        ppm = float((below + above) * 1e6)
    return Capability(n, mean, std, low, high, limits.unit, cp, cpk, cp_ci, cpk_ci, out, ppm)


def histogram(values: Sequence[float] | np.ndarray, limits: Limits,
              bins: int | str = "auto", max_bins: int = 200) -> Histogram:
    """Bin the values over a range that shows both the data and the limits."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    ends = [float(v) for v in (limits.low, limits.high) if v is not None]
    if x.size == 0 and not ends:
        return Histogram([], [], limits.low, limits.high)
    lo = min([*ends, float(x.min())] if x.size else ends)
    hi = max([*ends, float(x.max())] if x.size else ends)
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    edges = np.histogram_bin_edges(x if x.size else np.array(ends), bins=bins, range=(lo, hi))
    if edges.size - 1 > max_bins:  # 'auto' on a huge, tight data set gives thousands of bins
        edges = np.linspace(lo, hi, max_bins + 1)
    counts, edges = np.histogram(x, bins=edges)
    return Histogram([float(e) for e in edges], [int(c) for c in counts], limits.low, limits.high)
