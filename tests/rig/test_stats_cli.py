"""`rig stats ... --json`, `rig spec whatif` and `rig index` give the numbers of the API."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rig.cli import main
from rig.index import ResultsIndex
from rig.model import Limits, Measurement, RunSummary, Verdict
from rig.paths import DataDir
from rig.records import RecordHeader, RecordWriter
from rig.stats import capability_report, control_report
from rig.whatif import what_if
from tests.rig.accounts import station_user

SPECS = str(Path(__file__).resolve().parents[2] / "specs")
CURRENT = Limits(0.45, 0.75, "A")


def _summary(n: int, current_a: float) -> RunSummary:
    m = Measurement("high.current", current_a, "A", CURRENT.low, CURRENT.high,
                    CURRENT.judge(current_a), "high")
    return RunSummary(
        run_id=f"r{n:03d}", serial=f"GPM-{n:06d}", product="general-purpose", sequence="eol",
        operator="ann", batch=f"B{n % 2}", station="st1", verdict=m.verdict,
        started_at=f"2026-01-{1 + n // 40:02d}T08:{n % 60:02d}:00+00:00", finished_at="",
        spec_id="general-purpose", spec_revision=1, spec_sha256="", record_path="",
        software_version="0.1.0", measurements=[m])


@pytest.fixture()
def data(tmp_path):
    data_dir = DataDir(tmp_path / "data")
    data_dir.root.mkdir()
    values = np.random.default_rng(11).normal(0.62, 0.05, 120)
    index = ResultsIndex(data_dir.index_url)
    index.add_many((_summary(n, float(v)), None) for n, v in enumerate(values))
    index.close()
    return data_dir


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_capability_and_control_json_match_the_api(data, capsys):
    common = ["--product", "general-purpose", "--measurement", "high.current",
              "--data-dir", str(data.root), "--json"]
    index = ResultsIndex(data.index_url)
    expected_cap = capability_report(index, "general-purpose", "high.current").to_dict()
    expected_ctl = control_report(index, "general-purpose", "high.current").to_dict()
    index.close()
    assert _json(capsys, ["stats", "capability", *common]) == expected_cap
    assert _json(capsys, ["stats", "control", *common]) == expected_ctl
    assert expected_cap["capability"]["n"] == 120


def test_yield_and_pareto_json(data, capsys):
    argv = ["--product", "general-purpose", "--data-dir", str(data.root), "--json"]
    yields = _json(capsys, ["stats", "yield", "--by", "batch", *argv])
    index = ResultsIndex(data.index_url)
    passed = sum(s.verdict is Verdict.PASS for s in index.runs())
    index.close()
    assert yields["total"]["units"] == 120 and yields["total"]["first_pass"] == passed
    assert [row["group"] for row in yields["rows"]] == ["B0", "B1"]
    pareto = _json(capsys, ["stats", "pareto", *argv])
    assert pareto["rows"] == ([] if passed == 120 else
                              [{"measurement": "high.current", "failures": 120 - passed,
                                "percent": 100.0, "cumulative_percent": 100.0}])


def test_whatif_command_matches_the_api(data, capsys):
    result = _json(capsys, ["spec", "whatif", "general-purpose", "high.current", "--max", "0.7",
                            "--data-dir", str(data.root), "--specs-dir", SPECS, "--json"])
    index = ResultsIndex(data.index_url)
    expected = what_if(index, "general-purpose", "high.current", Limits(0.45, 0.7, "A"))
    index.close()
    assert result == json.loads(json.dumps(expected.to_dict()))
    assert result["passed_after"] < result["passed_before"]


def test_index_rebuild_and_query_commands(tmp_path, capsys):
    data = str(tmp_path / "data")
    summary = _summary(1, 0.8)
    header = RecordHeader(
        run_id=summary.run_id, serial=summary.serial, product=summary.product, sequence="eol",
        operator="ann", batch="B1", station="st1", software_version="0.1.0",
        started_at=summary.started_at, spec_id="general-purpose", spec_revision=1,
        spec_sha256="", spec_text="")
    writer = RecordWriter.create(DataDir(Path(data)).records, header)
    writer.add_measurement(summary.measurements[0], 0.0)
    writer.finish(Verdict.FAIL, summary.started_at, None)
    station_user(Path(data), "eve", "engineer", "551903")
    # Never indexed, so never hashed: indexed, but named as a finding and left without a hash.
    assert main(["index", "rebuild", "--data-dir", data, "--user", "eve", "--pin", "551903"]) == 1
    out = capsys.readouterr().out
    assert "indexed 1 run" in out and "unhashed" in out
    found = _json(capsys, ["index", "query", "--serial", summary.serial, "--json",
                           "--data-dir", data])
    assert [(r["run_id"], r["verdict"]) for r in found] == [("r001", "FAIL")]
