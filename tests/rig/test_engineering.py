"""The engineer's core: limits table, what-if before publishing, statistics, batch review.

Real SpecStore files, a real SQLite index and a real audit log in tmp_path;
runs are RunSummary objects indexed as the runner would index them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from rig.audit import AuditLog
from rig.engineering import Engineering, may_use_engineering, parse_limit, unit_lines
from rig.index import ResultsIndex
from rig.model import Measurement, RunSummary, Verdict
from rig.paths import DataDir
from rig.spec_store import SpecStore
from rig.stats import capability_report
from rig.users import User

REPO = Path(__file__).resolve().parents[2]
ENGINEER = User("eng1", "Dana Whitfield", "engineer")
TECHNICIAN = User("t1", "Tess Tech", "technician")


@pytest.fixture
def engineering(tmp_path):
    data = DataDir(tmp_path)
    index = ResultsIndex(data.index_url)
    yield Engineering(data, SpecStore(data.spec_revisions, seed_dir=REPO / "specs"), index,
                      AuditLog(data.audit_log))
    index.close()


def add_runs(engineering: Engineering, currents: list[float], batch: str = "B1") -> None:
    """Index one GPM run per value of high.current, judged by revision 1's [0.45, 0.75] A."""
    spec = engineering.specs.current("general-purpose")
    start = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    for number, current in enumerate(currents):
        verdict = Verdict.PASS if 0.45 <= current <= 0.75 else Verdict.FAIL
        at = (start + timedelta(minutes=5 * number)).isoformat()
        engineering.index.add(RunSummary(
            run_id=f"run-{number:04d}", serial=f"GPM-{number:06d}", product="general-purpose",
            sequence="eol", operator="t1", batch=batch, station="sim-bench-1", verdict=verdict,
            started_at=at, finished_at=at, spec_id="general-purpose",
            spec_revision=spec.revision, spec_sha256=spec.sha256, record_path="",
            software_version="test",
            measurements=[Measurement("high.current", current, "A", 0.45, 0.75, verdict, "high")]))


def test_only_engineers_and_administrators_use_the_area():
    assert may_use_engineering(ENGINEER)
    assert may_use_engineering(User("admin", "Administrator", "administrator"))
    assert not may_use_engineering(TECHNICIAN)
    assert not may_use_engineering(None)


def test_a_blank_side_is_open_and_text_is_refused():
    assert parse_limit("  ", "min") is None
    assert parse_limit("0.7", "max") == 0.7
    with pytest.raises(ValueError, match="max: 'abc' is not a number"):
        parse_limit("abc", "max")


def test_the_limits_table_lists_every_measurement_of_the_current_revision(engineering):
    table = engineering.limits_table("general-purpose")
    assert table.revision == 1
    names = [row.measurement for row in table.rows]
    assert names[0] == "spin_up.inrush_peak" and "durability.amplitude_drift" in names
    high_current = next(row for row in table.rows if row.measurement == "high.current")
    assert (high_current.limits.low, high_current.limits.high) == (0.45, 0.75)


def test_a_proposal_shows_the_what_if_and_publishing_makes_a_revision(engineering):
    add_runs(engineering, [0.55, 0.60, 0.65, 0.70, 0.80])
    proposal = engineering.propose("general-purpose", "high.current", "0.45", "0.62")
    assert (proposal.what_if.passed_before, proposal.what_if.passed_after) == (4, 2)
    assert proposal.what_if.flipped_serials["pass_to_fail"] == ["GPM-000002", "GPM-000003"]
    text = "\n".join(proposal.describe())
    assert "80.0 % (4 passed)" in text and "40.0 % (2 passed)" in text
    assert "PASS -> FAIL: 2 units: GPM-000002, GPM-000003" in text

    with pytest.raises(PermissionError):
        engineering.publish(TECHNICIAN, proposal, "looks tight")
    with pytest.raises(ValueError, match="reason"):
        engineering.publish(ENGINEER, proposal, "  ")
    spec = engineering.publish(ENGINEER, proposal, "supplier change")
    assert spec.revision == 2 and spec.limits("high.current").high == 0.62
    assert engineering.limits_table("general-purpose").revision == 2
    assert engineering.diff("general-purpose", 1, 2) == ["high.current: [0.45, 0.75] A -> [0.45, 0.62] A"]
    entry = engineering.audit.entries()[-1]
    assert entry.action == "spec.set" and entry.details["reason"] == "supplier change"
    # The proposal was made on revision 1; it cannot be published again over revision 2.
    with pytest.raises(ValueError, match="revision 2 now"):
        engineering.publish(ENGINEER, proposal, "again")


def test_a_proposal_without_change_or_with_min_above_max_is_refused(engineering):
    with pytest.raises(ValueError, match="already has"):
        engineering.propose("general-purpose", "high.current", "0.45", "0.75")
    with pytest.raises(ValueError, match="above max"):
        engineering.propose("general-purpose", "high.current", "0.8", "0.7")
    with pytest.raises(ValueError, match="at least"):
        engineering.propose("general-purpose", "high.current", "", "")


def test_statistics_are_the_stats_functions_numbers(engineering):
    currents = list(np.random.default_rng(3).normal(0.6, 0.03, 40))
    add_runs(engineering, currents)
    stats = engineering.statistics("general-purpose", "high.current", by="batch")
    expected = capability_report(engineering.index, "general-purpose", "high.current")
    assert stats.capability.to_dict() == expected.to_dict()
    assert stats.control.chart.n == 40
    assert [row.group for row in stats.yields.rows] == ["B1"]
    assert stats.notes == []
    empty = engineering.statistics("general-purpose", "low.current")
    assert empty.capability is None and empty.control is None
    assert any("no values" in note for note in empty.notes)


def test_a_batch_review_lists_each_unit_with_its_status(engineering):
    add_runs(engineering, [0.6, 0.6, 0.8], batch="B7")
    assert engineering.batches() == ["B7"]
    review = engineering.review("B7", {"GPM-000001": "dropped in handling"})
    lines = {line.serial: line for line in unit_lines(review)}
    assert lines["GPM-000000"].status == "to certify"
    assert (lines["GPM-000001"].status, lines["GPM-000001"].detail) == ("excluded", "dropped in handling")
    assert lines["GPM-000002"].status == "problem" and lines["GPM-000002"].final_verdict == "FAIL"
