"""What-if: replay a proposed limit against stored results before anyone changes the spec.

Each judged run (PASS or FAIL) is judged again: the chosen measurement against
the proposed limit, every other measurement by the verdict it got under the
limits of its time. ERROR and ABORTED runs say nothing about the unit and are
left out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from rig.index import ReplayRow, ResultsIndex
from rig.index.store import TimeBound
from rig.model import Limits, Verdict

ATTEMPTS = ("all", "first", "latest")


@dataclass(frozen=True)
class Flip:
    """A run whose verdict the proposed limit would change."""

    run_id: str
    serial: str
    value: float
    # True when the run stopped at this failure, so later steps never ran and
    # a PASS after the change is only as good as those untested steps.
    incomplete: bool = False


@dataclass(frozen=True)
class WhatIf:
    """Yield before and after a proposed limit, and the runs that flip."""

    product: str
    measurement: str
    current: Limits | None
    proposed: Limits
    runs: int  # judged runs replayed
    measured: int  # of those, runs that took this measurement
    passed_before: int
    passed_after: int
    pass_to_fail: list[Flip] = field(default_factory=list)
    fail_to_pass: list[Flip] = field(default_factory=list)

    @property
    def yield_before(self) -> float | None:
        return self.passed_before / self.runs if self.runs else None

    @property
    def yield_after(self) -> float | None:
        return self.passed_after / self.runs if self.runs else None

    @property
    def flipped_serials(self) -> dict[str, list[str]]:
        """Return the serials that flip, each way, in run order without repeats."""
        return {"pass_to_fail": list(dict.fromkeys(f.serial for f in self.pass_to_fail)),
                "fail_to_pass": list(dict.fromkeys(f.serial for f in self.fail_to_pass))}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(yield_before=self.yield_before, yield_after=self.yield_after,
                    flipped_serials=self.flipped_serials)
        return data


def replay(rows: list[ReplayRow], proposed: Limits) -> tuple[int, int, list[Flip], list[Flip]]:
    """Judge rows again under the proposed limit; return (passed before, after, flips)."""
    full_count: dict[str, int] = {}
    for row in rows:
        full_count[row.sequence] = max(full_count.get(row.sequence, 0), row.measurement_count)
    passed_before = passed_after = 0
    to_fail: list[Flip] = []
    to_pass: list[Flip] = []
    for row in rows:
        before = row.verdict
        after = rejudge(row, proposed)
        passed_before += before is Verdict.PASS
        passed_after += after is Verdict.PASS
        if before is Verdict.PASS and after is Verdict.FAIL:
            to_fail.append(Flip(row.run_id, row.serial, row.value))
        elif before is Verdict.FAIL and after is Verdict.PASS:
            cut_short = row.measurement_count < full_count[row.sequence]
            to_pass.append(Flip(row.run_id, row.serial, row.value, cut_short))
    return passed_before, passed_after, to_fail, to_pass


def rejudge(row: ReplayRow, proposed: Limits) -> Verdict:
    """Return a run's verdict with the proposed limit replacing the one it was judged by."""
    if row.other_failures > 0:
        return Verdict.FAIL
    if row.value is None:  # never took this measurement: nothing to change
        return row.verdict
    return proposed.judge(row.value)


def what_if(index: ResultsIndex, product: str, measurement: str, proposed: Limits, *,
            spec_revision: int | None = None, batch: str | None = None,
            since: TimeBound = None, until: TimeBound = None,
            attempts: str = "all") -> WhatIf:
    """Replay a proposed limit of one measurement against the stored runs of a product.

    ``attempts`` picks the runs: every judged run ("all"), or only the first
    or the latest judged attempt of each serial.
    """
    rows = index.replay_rows(product, measurement, spec_revision=spec_revision, batch=batch,
                             since=since, until=until)
    rows = select_attempts(rows, attempts)
    passed_before, passed_after, to_fail, to_pass = replay(rows, proposed)
    return WhatIf(
        product=product, measurement=measurement,
        current=index.measurement_limits(product, measurement, spec_revision),
        proposed=proposed, runs=len(rows), measured=sum(r.value is not None for r in rows),
        passed_before=passed_before, passed_after=passed_after,
        pass_to_fail=to_fail, fail_to_pass=to_pass,
    )


def select_attempts(rows: list[ReplayRow], attempts: str) -> list[ReplayRow]:
    """Keep every row, or the first or latest row of each serial (rows oldest first)."""
    if attempts not in ATTEMPTS:
        raise ValueError(f"attempts must be one of {', '.join(ATTEMPTS)}, not {attempts!r}")
    if attempts == "all":
        return rows
    chosen: dict[str, ReplayRow] = {}
    for row in rows:
        if attempts == "latest" or row.serial not in chosen:
            chosen[row.serial] = row
    keep = {id(row) for row in chosen.values()}
    return [row for row in rows if id(row) in keep]
