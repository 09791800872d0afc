"""A Pareto of diagnosed causes: which defects scrap the most units (and which to fix first)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from rig.stats.pareto import pareto


@dataclass(frozen=True)
class CauseRow:
    """One diagnosed cause, its FAIL count and its share of all diagnosed FAILs."""

    cause: str
    failures: int
    percent: float
    cumulative_percent: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def cause_pareto(cause_counts: Iterable[tuple[str, int]]) -> list[CauseRow]:
    """Return the causes sorted most first, with shares and the cumulative share."""
    return [CauseRow(r.measurement, r.failures, r.percent, r.cumulative_percent) for r in pareto(cause_counts)]
