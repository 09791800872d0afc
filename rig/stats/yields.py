"""First-pass and final yield of units, grouped by day, batch or station.

A unit counts once, under the group of its first judged attempt. Runs that
ended in ERROR or ABORTED say nothing about the unit (the rig could not
measure, or someone stopped it), so they are counted but never judged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from rig.index import RunHead
from rig.model import Verdict

GROUPINGS: dict[str, Callable[[RunHead], str]] = {
    "day": lambda run: run.started_at[:10],
    "batch": lambda run: run.batch,
    "station": lambda run: run.station,
}


@dataclass(frozen=True)
class YieldRow:
    """Yield of one group of units."""

    group: str
    units: int  # units with at least one judged attempt
    first_pass: int  # units whose first judged attempt passed
    final_pass: int  # units whose latest judged attempt passed
    unjudged_runs: int  # ERROR or ABORTED runs in the group

    @property
    def first_pass_yield(self) -> float | None:
        return self.first_pass / self.units if self.units else None

    @property
    def final_yield(self) -> float | None:
        return self.final_pass / self.units if self.units else None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "first_pass_yield": self.first_pass_yield,
                "final_yield": self.final_yield}


def first_pass_yield(runs: Iterable[RunHead], by: str = "day") -> list[YieldRow]:
    """Return the yield per group, groups sorted by name; runs must be oldest first."""
    if by not in GROUPINGS:
        raise ValueError(f"group yield by one of {', '.join(GROUPINGS)}, not {by!r}")
    key_of = GROUPINGS[by]
    first: dict[str, RunHead] = {}
    latest: dict[str, RunHead] = {}
    unjudged: dict[str, int] = {}
    for run in runs:
        if run.verdict not in (Verdict.PASS, Verdict.FAIL):
            unjudged[key_of(run)] = unjudged.get(key_of(run), 0) + 1
            continue
        first.setdefault(run.serial, run)
        latest[run.serial] = run
    tally: dict[str, list[int]] = {}
    for serial, run in first.items():
        counts = tally.setdefault(key_of(run), [0, 0, 0])
        counts[0] += 1
        counts[1] += run.verdict is Verdict.PASS
        counts[2] += latest[serial].verdict is Verdict.PASS
    groups = sorted(set(tally) | set(unjudged))
    return [YieldRow(g, *tally.get(g, [0, 0, 0]), unjudged.get(g, 0)) for g in groups]


def total_yield(rows: Iterable[YieldRow]) -> YieldRow:
    """Return the yield over all groups together."""
    rows = list(rows)
    return YieldRow("all", sum(r.units for r in rows), sum(r.first_pass for r in rows),
                    sum(r.final_pass for r in rows), sum(r.unjudged_runs for r in rows))
