"""The results index: add and query, idempotence, and rebuilding from real HDF5 records."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
from sqlalchemy import select, text

from rig.index import ResultsIndex
from rig.index.schema import SCHEMA_VERSION
from rig.index.schema import runs as runs_table
from rig.model import Measurement, RunSummary, Verdict
from rig.records import RecordHeader, RecordWriter, read_summary


def measurement(name: str, value: float, low: float | None, high: float | None,
                unit: str = "A") -> Measurement:
    inside = (low is None or value >= low) and (high is None or value <= high)
    return Measurement(name, value, unit, low, high, Verdict.PASS if inside else Verdict.FAIL,
                       name.split(".")[0])


def run(run_id: str, serial: str, started_at: str, current_a: float, *, batch: str = "B1",
        station: str = "st1", product: str = "general-purpose", revision: int = 1,
        verdict: Verdict | None = None) -> RunSummary:
    measured = [measurement("high.current", current_a, 0.45, 0.75),
                measurement("high.ripple", 12.0, None, 25.0, "%")]
    judged = Verdict.FAIL if any(m.verdict is Verdict.FAIL for m in measured) else Verdict.PASS
    return RunSummary(
        run_id=run_id, serial=serial, product=product, sequence="eol", operator="ann",
        batch=batch, station=station, verdict=verdict or judged, started_at=started_at,
        finished_at=started_at, spec_id=product, spec_revision=revision,
        spec_sha256="ab" * 32, record_path=f"/records/{serial}_{run_id}.h5",
        software_version="0.1.0", measurements=measured,
        error="rig fault" if verdict is Verdict.ERROR else None,
        instruments=[{"role": "supply", "model": "DP832"}],
    )


@pytest.fixture()
def index(tmp_path):
    index = ResultsIndex(f"sqlite:///{tmp_path / 'index.sqlite'}")
    yield index
    index.close()


def test_a_run_round_trips_and_adding_again_replaces_it(index):
    first = run("r1", "GPM-000001", "2026-01-01T08:00:00+00:00", 0.60)
    index.add(first, record_sha256="cd" * 32)
    index.add(first, record_sha256="ef" * 32)
    assert index.runs() == [first]
    assert index.count() == 1
    assert index.record_sha256("r1") == "ef" * 32
    assert index.run("r1") == first
    assert index.run("nope") is None


def test_queries_filter_by_every_key(index):
    index.add_many([
        (run("r1", "GPM-1", "2026-01-01T08:00:00+00:00", 0.60, batch="B1"), None),
        (run("r2", "GPM-2", "2026-01-02T08:00:00+00:00", 0.80, batch="B1", station="st2"), None),
        (run("r3", "GPM-2", "2026-01-03T08:00:00+00:00", 0.70, batch="B2", revision=2), None),
        (run("r4", "QHM-1", "2026-01-03T09:00:00+00:00", 0.70, batch="Q1",
             product="quad-head"), None),
    ])
    ids = lambda found: [s.run_id for s in found]  # noqa: E731
    assert ids(index.runs(product="general-purpose")) == ["r1", "r2", "r3"]
    assert ids(index.runs(batch="B1")) == ["r1", "r2"]
    assert ids(index.runs(serial="GPM-2")) == ["r2", "r3"]
    assert ids(index.runs(station="st2")) == ["r2"]
    assert ids(index.runs(since="2026-01-02", until="2026-01-03T08:30:00")) == ["r2", "r3"]
    assert ids(index.runs(measurement="high.current")) == ["r1", "r2", "r3", "r4"]
    assert ids(index.runs(measurement="low.current")) == []
    assert ids(index.final_runs(batch=None, product="general-purpose")) == ["r1", "r3"]
    values = index.measurement_values("general-purpose", "high.current")
    assert [(v[0], v[2], v[3]) for v in values] == [
        ("r1", 0.60, Verdict.PASS), ("r2", 0.80, Verdict.FAIL), ("r3", 0.70, Verdict.PASS)]
    assert len(index.measurement_values("general-purpose", "high.current", spec_revision=2)) == 1
    assert index.failure_counts(product="general-purpose") == [("high.current", 1)]
    limits = index.measurement_limits("general-purpose", "high.current")
    assert (limits.low, limits.high, limits.unit) == (0.45, 0.75, "A")


def test_nan_values_survive_the_round_trip(index):
    broken = run("r1", "GPM-1", "2026-01-01T08:00:00+00:00", math.nan)
    index.add(broken)
    stored = index.runs()[0].measurements[0]
    assert math.isnan(stored.value) and stored.verdict is Verdict.FAIL


def _write_record(records_dir: Path, summary: RunSummary) -> Path:
    header = RecordHeader(
        run_id=summary.run_id, serial=summary.serial, product=summary.product,
        sequence=summary.sequence, operator=summary.operator, batch=summary.batch,
        station=summary.station, software_version=summary.software_version,
        started_at=summary.started_at, spec_id=summary.spec_id,
        spec_revision=summary.spec_revision, spec_sha256=summary.spec_sha256,
        spec_text="product: general-purpose\n", instruments=[],
        steps=("high",),
    )
    writer = RecordWriter.create(records_dir, header)
    for position, m in enumerate(summary.measurements):
        writer.add_measurement(m, t_s=float(position))
    return writer.finish(summary.verdict, summary.finished_at, summary.error)


def test_the_index_is_the_same_before_and_after_a_rebuild_from_records(index, tmp_path):
    records_dir = tmp_path / "records"
    plan = [
        run("r1", "GPM-1", "2026-01-01T08:00:00+00:00", 0.60),
        run("r2", "GPM-2", "2026-01-02T08:00:00+00:00", 0.80, station="st2"),
        run("r3", "GPM-2", "2026-01-02T09:00:00+00:00", 0.70, batch="B2"),
        run("r4", "GPM-3", "2026-01-03T09:00:00+00:00", 0.50, verdict=Verdict.ERROR),
    ]
    for summary in plan:  # as the runner does: write the record, then index its summary
        path = _write_record(records_dir, summary)
        from rig.index.rebuild import file_sha256

        index.add(read_summary(path), record_sha256=file_sha256(path))
    before = index.runs()
    with index.engine.connect() as conn:
        rows_before = conn.execute(select(runs_table).order_by(runs_table.c.run_id)).all()

    assert index.rebuild(records_dir) == 4

    assert index.runs() == before
    with index.engine.connect() as conn:
        rows_after = conn.execute(select(runs_table).order_by(runs_table.c.run_id)).all()
    assert [row[1:] for row in rows_after] == [row[1:] for row in rows_before]
    assert [s.verdict for s in before] == [Verdict.PASS, Verdict.FAIL, Verdict.PASS, Verdict.ERROR]
    assert before[1].measurements[0].value == 0.80


def test_a_rebuild_forgets_runs_whose_records_are_gone(index, tmp_path):
    index.add(run("ghost", "GPM-9", "2026-01-01T08:00:00+00:00", 0.6))
    assert index.rebuild(tmp_path / "empty") == 0
    assert index.runs() == []


def test_a_shared_rebuild_replaces_only_the_stations_whose_records_it_reads(index, tmp_path):
    records_dir = tmp_path / "records"
    from rig.index.rebuild import file_sha256

    ours = _write_record(records_dir, run("a1", "GPM-1", "2026-01-01T08:00:00+00:00", 0.60))
    index.add(read_summary(ours), record_sha256=file_sha256(ours))
    index.add(run("stale", "GPM-7", "2026-01-01T07:00:00+00:00", 0.60))  # st1, record gone
    index.add(run("b1", "GPM-2", "2026-01-01T09:00:00+00:00", 0.62, station="line2-st9"))

    assert index.rebuild(records_dir, keep_other_stations=True) == 1

    assert sorted((r.run_id, r.station) for r in index.runs()) == [("a1", "st1"), ("b1", "line2-st9")]


def test_an_error_run_keeps_the_instrument_that_could_not_answer(index):
    failed = dataclasses.replace(run("e1", "GPM-5", "2026-01-04T08:00:00+00:00", 0.6,
                                     verdict=Verdict.ERROR), error_instrument="tachometer")
    index.add(failed)
    assert index.runs()[0].error_instrument == "tachometer"


def test_an_index_made_before_error_instrument_is_brought_up_to_date(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    ResultsIndex(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as db:  # the schema as version 1 left it
        db.execute("ALTER TABLE runs DROP COLUMN error_instrument")
        db.execute("UPDATE index_meta SET value = '1' WHERE key = 'schema_version'")

    reopened = ResultsIndex(f"sqlite:///{path}")
    try:
        reopened.add(dataclasses.replace(run("e2", "GPM-6", "2026-01-04T09:00:00+00:00", 0.6,
                                             verdict=Verdict.ERROR), error_instrument="supply"))
        assert reopened.runs()[0].error_instrument == "supply"
        with reopened.engine.connect() as conn:
            version = conn.execute(text("SELECT value FROM index_meta WHERE key = 'schema_version'"))
            assert version.scalar_one() == str(SCHEMA_VERSION)
    finally:
        reopened.close()
