"""Drift between a first and a last reading."""

from __future__ import annotations


def drift_percent(first: float, last: float) -> float:
    """Return |last - first| / |first| in percent (inf when first is zero)."""
    if first == 0.0:
        return 0.0 if last == 0.0 else float("inf")
    return abs(last - first) / abs(first) * 100.0
