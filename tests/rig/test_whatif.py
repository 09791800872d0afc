"""What-if: yield before and after a proposed limit, and the runs that flip, by hand."""

from __future__ import annotations

import pytest

from rig.index import ResultsIndex
from rig.model import Limits, Measurement, RunSummary, Verdict
from rig.whatif import what_if

CURRENT = Limits(0.45, 0.75, "A")
RIPPLE = Limits(None, 25.0, "%")


def _measure(name: str, value: float, limits: Limits) -> Measurement:
    return Measurement(name, value, limits.unit, limits.low, limits.high, limits.judge(value),
                       name.split(".")[0])


def _run(n: int, serial: str, current_a: float, ripple_pct: float | None,
         verdict: Verdict | None = None) -> RunSummary:
    measured = [_measure("high.current", current_a, CURRENT)]
    if ripple_pct is not None:  # None: the run stopped at the current failure
        measured.append(_measure("high.ripple", ripple_pct, RIPPLE))
    judged = Verdict.FAIL if any(m.verdict is Verdict.FAIL for m in measured) else Verdict.PASS
    return RunSummary(
        run_id=f"r{n}", serial=serial, product="general-purpose", sequence="eol",
        operator="ann", batch="B1", station="st1", verdict=verdict or judged,
        started_at=f"2026-01-01T08:{n:02d}:00+00:00", finished_at="", spec_id="gpm",
        spec_revision=1, spec_sha256="", record_path="", software_version="0.1.0",
        measurements=measured)


@pytest.fixture()
def index(tmp_path):
    index = ResultsIndex(f"sqlite:///{tmp_path / 'index.sqlite'}")
    index.add_many((summary, None) for summary in [
        _run(1, "A", 0.60, 10),  # PASS
        _run(2, "B", 0.72, 10),  # PASS
        _run(3, "C", 0.78, 10),  # FAIL: current
        _run(4, "D", 0.80, 30),  # FAIL: current and ripple
        _run(5, "E", 0.50, 30),  # FAIL: ripple
        _run(6, "F", 0.74, 10),  # PASS
        _run(7, "G", 0.60, 10, verdict=Verdict.ERROR),  # not judged: left out
        _run(8, "H", 0.77, None),  # FAIL: current, stopped there
        _run(9, "B", 0.71, 12),  # B's retest: PASS
    ])
    yield index
    index.close()


def test_a_tighter_limit_fails_good_units(index):
    result = what_if(index, "general-purpose", "high.current", Limits(0.45, 0.70, "A"))
    assert (result.runs, result.measured) == (8, 8)
    assert (result.passed_before, result.passed_after) == (4, 1)
    assert result.yield_before == pytest.approx(4 / 8)
    assert result.yield_after == pytest.approx(1 / 8)
    assert [f.run_id for f in result.pass_to_fail] == ["r2", "r6", "r9"]
    assert result.flipped_serials == {"pass_to_fail": ["B", "F"], "fail_to_pass": []}
    assert result.current == CURRENT


def test_a_wider_limit_passes_units_but_not_those_failing_elsewhere(index):
    result = what_if(index, "general-purpose", "high.current", Limits(0.45, 0.79, "A"))
    assert (result.passed_before, result.passed_after) == (4, 6)
    assert [(f.run_id, f.value, f.incomplete) for f in result.fail_to_pass] == [
        ("r3", 0.78, False), ("r8", 0.77, True)]  # r8 never took its ripple
    assert result.pass_to_fail == []


def test_attempts_choose_first_or_latest_run_per_serial(index):
    proposed = Limits(0.45, 0.715, "A")
    first = what_if(index, "general-purpose", "high.current", proposed, attempts="first")
    latest = what_if(index, "general-purpose", "high.current", proposed, attempts="latest")
    assert first.runs == latest.runs == 7
    assert [f.run_id for f in first.pass_to_fail] == ["r2", "r6"]
    assert [f.run_id for f in latest.pass_to_fail] == ["r6"]  # B's retest read 0.71


def test_a_limit_on_a_measurement_some_runs_never_took(index):
    result = what_if(index, "general-purpose", "high.ripple", Limits(None, 40.0, "%"))
    assert result.measured == 7
    assert [f.run_id for f in result.fail_to_pass] == ["r5"]  # r4 still fails on current
    assert result.to_dict()["yield_after"] == pytest.approx(5 / 8)
