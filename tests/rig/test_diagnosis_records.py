"""The diagnosis in every view of the record: HDF5 group, JSON summary, results index, `rig stats`."""

from __future__ import annotations

import dataclasses
import json
import sqlite3

import pytest
from sqlalchemy import text

from rig.cli import main
from rig.diagnosis import Diagnosis
from rig.index import ResultsIndex
from rig.model import Observation, RunSummary, Verdict
from rig.paths import DataDir
from rig.records import RecordHeader, RecordWriter, read_summary
from tests.rig.test_index import run

WEAK = Diagnosis("weak_magnet", None, 0.97, "shorted_turns",
                 ("Fitted motor constant Ke 0.0255 V.s/rad, -15 % from the design.", "Replace the motor."),
                 {"R_ohm": 1.61, "R_ohm_sigma": 0.02, "Ke_Vs_rad": 0.0255, "Ke_Vs_rad_sigma": 1e-4, "I0_A": 0.26})


def diagnosed(run_id: str, serial: str, started_at: str, ke: float, cause: str | None) -> RunSummary:
    summary = run(run_id, serial, started_at, 0.8 if cause else 0.6)
    diagnosis = dataclasses.replace(WEAK, cause=cause) if cause else None
    fitted = {"R_ohm": 1.6, "Ke_Vs_rad": ke, "I0_A": 0.25}
    return dataclasses.replace(summary, diagnosis=diagnosis, fitted=fitted,
                               observations=[Observation("high.tone_a_db", float("-inf"), "dB", "high")])


def _write_record(records_dir, summary: RunSummary):
    """Write a record as the runner does: rows as they come, then the diagnosis, then the outcome."""
    header = RecordHeader(
        run_id=summary.run_id, serial=summary.serial, product=summary.product, sequence=summary.sequence,
        operator=summary.operator, batch=summary.batch, station=summary.station,
        software_version=summary.software_version, started_at=summary.started_at, spec_id=summary.spec_id,
        spec_revision=summary.spec_revision, spec_sha256=summary.spec_sha256,
        spec_text="product: general-purpose\n", instruments=[], steps=("high",))
    writer = RecordWriter.create(records_dir, header)
    for position, m in enumerate(summary.measurements):
        writer.add_measurement(m, t_s=float(position))
    for o in summary.observations:
        writer.add_observation(o, t_s=1.0)
    writer.add_diagnosis(summary.diagnosis, summary.fitted)
    return writer.finish(summary.verdict, summary.finished_at, summary.error)


def test_the_record_keeps_the_diagnosis_fit_and_observations(tmp_path) -> None:
    summary = dataclasses.replace(run("r1", "GPM-1", "2026-01-01T08:00:00+00:00", 0.8),
                                  diagnosis=WEAK, fitted=dict(WEAK.fitted),
                                  observations=[Observation("low.supply_v", 7.0, "V", "low")])
    path = _write_record(tmp_path, summary)
    back = read_summary(path)
    assert back.diagnosis == WEAK and back.fitted == WEAK.fitted
    assert back.observations == summary.observations
    assert RunSummary.from_dict(json.loads(back.to_json())) == back


def test_a_pass_keeps_its_fit_but_no_diagnosis_and_the_json_says_null(tmp_path) -> None:
    summary = diagnosed("r2", "GPM-2", "2026-01-01T09:00:00+00:00", 0.0301, None)
    back = read_summary(_write_record(tmp_path, summary))
    assert back.diagnosis is None and back.fitted["Ke_Vs_rad"] == 0.0301
    data = json.loads(back.to_json())
    assert data["diagnosis"] is None and data["observations"][0]["value"] == "-Infinity"


def test_the_index_holds_cause_and_fit_of_every_run(tmp_path) -> None:
    index = ResultsIndex(f"sqlite:///{tmp_path / 'index.sqlite'}")
    try:
        index.add(diagnosed("a", "GPM-1", "2026-01-01T08:00:00+00:00", 0.0300, None))
        index.add(diagnosed("b", "GPM-2", "2026-01-01T09:00:00+00:00", 0.0255, "weak_magnet"))
        index.add(diagnosed("c", "GPM-3", "2026-01-01T10:00:00+00:00", 0.0297, "bearing_wear"))
        index.add(diagnosed("d", "GPM-4", "2026-01-01T11:00:00+00:00", 0.0254, "weak_magnet"))
        assert index.cause_counts() == [("weak_magnet", 2), ("bearing_wear", 1)]
        kes = index.measurement_values("general-purpose", "fit.Ke_Vs_rad")
        assert [row[2] for row in kes] == [0.0300, 0.0255, 0.0297, 0.0254]
        assert [row[3] for row in kes] == [Verdict.PASS, Verdict.FAIL, Verdict.FAIL, Verdict.FAIL]
    finally:
        index.close()


def test_an_index_made_before_the_diagnosis_gains_its_columns_on_open(tmp_path) -> None:
    path = tmp_path / "old.sqlite"
    ResultsIndex(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as db:  # the schema as version 2 left it
        for column in ("cause", "cause_motor", "fit_r_ohm", "fit_ke_vs_rad", "fit_i0_a"):
            db.execute(f"ALTER TABLE runs DROP COLUMN {column}")
        db.execute("UPDATE index_meta SET value = '2' WHERE key = 'schema_version'")
    reopened = ResultsIndex(f"sqlite:///{path}")
    try:
        reopened.add(diagnosed("e", "GPM-5", "2026-01-01T08:00:00+00:00", 0.0255, "weak_magnet"))
        assert reopened.cause_counts() == [("weak_magnet", 1)]
        with reopened.engine.connect() as conn:
            assert conn.execute(text("SELECT value FROM index_meta WHERE key = 'schema_version'")).scalar_one() == "3"
    finally:
        reopened.close()


@pytest.fixture()
def data(tmp_path) -> DataDir:
    data_dir = DataDir(tmp_path / "data")
    data_dir.root.mkdir()
    index = ResultsIndex(data_dir.index_url)
    causes = ["weak_magnet"] * 3 + ["brush_wear"] + [None] * 4
    for n, cause in enumerate(causes):
        index.add(diagnosed(f"r{n}", f"GPM-{n}", f"2026-01-01T08:{n:02d}:00+00:00", 0.030 - 1e-4 * n, cause))
    index.close()
    return data_dir


def test_rig_stats_gives_the_pareto_by_cause_and_a_chart_of_the_fitted_ke(data, capsys) -> None:
    argv = ["--product", "general-purpose", "--data-dir", str(data.root)]
    assert main(["stats", "pareto", "--by", "cause", *argv, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [(r["cause"], r["failures"]) for r in rows] == [("weak_magnet", 3), ("brush_wear", 1)]
    assert rows[-1]["cumulative_percent"] == 100.0
    assert main(["stats", "pareto", "--by", "cause", *argv]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("weak_magnet")
    assert main(["stats", "control", "--measurement", "fit.Ke_Vs_rad", *argv, "--json"]) == 0
    chart = json.loads(capsys.readouterr().out)
    assert chart["chart"]["n"] == 8
