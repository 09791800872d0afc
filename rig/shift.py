"""The shift's tally: how many units went through, and the first-pass yield.

First-pass yield counts each serial once, by its first *judged* attempt (PASS
or FAIL). An ERROR or an ABORTED run says nothing about the unit (the rig
could not measure, or someone stopped it), so it neither counts as the
serial's first attempt nor uses it up. A serial already judged before this
shift (a retest after a restart, a unit back from an earlier shift) is no
first pass of this shift: it is counted apart, as carried over, and stays out
of the yield.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from rig.model import Verdict

_JUDGED = (Verdict.PASS, Verdict.FAIL)


@dataclass(frozen=True)
class ShiftFigures:
    """A snapshot of the shift for the screen and the headless demo."""

    runs: int
    units: int  # distinct serials with a judged attempt
    first_pass: int  # of those, how many passed on their first judged attempt
    verdicts: dict[Verdict, int]
    carried_over: int = 0  # distinct serials judged before this shift, out of the yield

    @property
    def first_pass_yield(self) -> float | None:
        """Return first-pass yield as a fraction, None before the first judged unit."""
        return self.first_pass / self.units if self.units else None

    def describe(self) -> str:
        """Return one line for an operator: yield, units, and run counts by verdict."""
        fpy = self.first_pass_yield
        fpy_text = "—" if fpy is None else f"{100.0 * fpy:.0f} %"
        counts = ", ".join(f"{self.verdicts.get(v, 0)} {v.value}" for v in Verdict)
        carried = f", {self.carried_over} retested from before" if self.carried_over else ""
        return (f"First-pass yield {fpy_text} ({self.first_pass}/{self.units} units{carried}); "
                f"runs: {counts}")


@dataclass
class ShiftTally:
    """Count runs of one shift; first attempts are kept per serial."""

    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    _first_verdict: dict[str, Verdict] = field(default_factory=dict)
    _carried_over: set[str] = field(default_factory=set)
    _verdicts: dict[Verdict, int] = field(default_factory=dict)
    _runs: int = 0

    def record(self, serial: str, verdict: Verdict, *, judged_before: bool = False) -> None:
        """Count one finished run of a serial.

        ``judged_before``: the serial had a judged attempt before this shift
        began; its first judged run here is then no first pass.
        """
        self._runs += 1
        self._verdicts[verdict] = self._verdicts.get(verdict, 0) + 1
        if verdict not in (Verdict.PASS, Verdict.FAIL) or not self.is_first_attempt(serial):
            return
        if judged_before:
            self._carried_over.add(serial)
        else:
            self._first_verdict[serial] = verdict

    def is_first_attempt(self, serial: str) -> bool:
        """Return True while the serial has no judged attempt this shift."""
        return serial not in self._first_verdict and serial not in self._carried_over

    def figures(self) -> ShiftFigures:
        """Return the shift's figures as they stand."""
        first = self._first_verdict.values()
        return ShiftFigures(
            runs=self._runs,
            units=len(self._first_verdict),
            first_pass=sum(1 for v in first if v is Verdict.PASS),
            verdicts=dict(self._verdicts),
            carried_over=len(self._carried_over),
        )


class DayRuns(Protocol):
    """What the tally reads of the results index (``rig.index.ResultsIndex`` fits)."""

    def run_heads(self, *, station: str | None = None, since: str | None = None) -> Sequence: ...

    def runs(self, *, serial: str | None = None, until: str | None = None) -> Sequence: ...


def tally_from_index(index: DayRuns, station: str, day_start: datetime) -> ShiftTally:
    """Return a tally that already holds the station's runs since ``day_start`` (from the index).

    So the day's first-pass yield survives a restart of the app. A serial
    judged before ``day_start`` counts as carried over, as it would have in
    a session that never stopped.
    """
    since = day_start.astimezone(UTC).isoformat(timespec="seconds")
    tally = ShiftTally(started_at=since)
    judged_before: dict[str, bool] = {}
    for head in index.run_heads(station=station, since=since):
        if head.serial not in judged_before:
            earlier = index.runs(serial=head.serial, until=since)
            judged_before[head.serial] = any(run.verdict in _JUDGED for run in earlier)
        tally.record(head.serial, head.verdict, judged_before=judged_before[head.serial])
    return tally


def start_of_day(now: datetime | None = None) -> datetime:
    """Return local midnight of today (or of ``now``), as an aware time."""
    local = (now or datetime.now(UTC)).astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)
