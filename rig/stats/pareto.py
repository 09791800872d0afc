"""A Pareto of failing measurements: which limits scrap the most units."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class ParetoRow:
    """One failing measurement, its count and its share of all failures."""

    measurement: str
    failures: int
    percent: float
    cumulative_percent: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def pareto(failure_counts: Iterable[tuple[str, int]]) -> list[ParetoRow]:
    """Return the failures sorted most first, with shares and the cumulative share."""
    ordered = sorted(failure_counts, key=lambda item: (-item[1], item[0]))
    total = sum(count for _, count in ordered)
    rows, running = [], 0
    for name, count in ordered:
        running += count
        rows.append(ParetoRow(name, count, 100.0 * count / total, 100.0 * running / total))
    return rows
