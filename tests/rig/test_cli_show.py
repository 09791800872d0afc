"""`rig show` and `rig run`'s refusals, through the real command in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from instruments.roles import Waveform
from rig.cli import exit_codes
from rig.model import Measurement, Verdict
from rig.records import RecordHeader, RecordWriter

REPO = Path(__file__).resolve().parents[2]


def rig(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "rig.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def write_record(tmp_path: Path, finish: bool = True) -> Path:
    header = RecordHeader(
        run_id="20261125T101500Z-1a2b3c", serial="GPM-000123", product="general-purpose",
        sequence="eol", operator="ann", batch="B7", station="sim-bench-1", software_version="0.1.0",
        started_at="2026-11-25T10:15:00.000+00:00", spec_id="general-purpose", spec_revision=1,
        spec_sha256="f" * 64, spec_text="product: general-purpose\n", steps=("high",),
    )
    writer = RecordWriter.create(tmp_path, header)
    writer.add_measurement(Measurement("high.current", 0.61, "A", 0.45, 0.75, Verdict.PASS, "high"), 1.0)
    writer.add_measurement(Measurement("high.fundamental", float("nan"), "Hz", 55.0, 63.0,
                                       Verdict.FAIL, "high"), 1.1)
    wave = Waveform(("101",), ("g",), 10000.0, np.zeros((10000, 1), dtype=np.float32))
    writer.add_waveform("high.vibration", wave, 0.1)
    writer.add_step("high", "speed_point", Verdict.FAIL, "", 0.0, 1.2)
    if not finish:
        writer.close()
        return writer.partial_path
    return writer.finish(Verdict.FAIL, "2026-11-25T10:15:02.000+00:00", None)


def test_show_prints_header_measurements_and_signals(tmp_path: Path) -> None:
    result = rig("show", str(write_record(tmp_path)))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "GPM-000123  general-purpose  sequence eol  =>  FAIL" in out
    assert "high.current" in out and "[0.45, 0.75]" in out and "nan" in out
    assert "signal high.vibration" in out and "10000 samples" in out


def test_show_json_has_the_summary_and_the_signals(tmp_path: Path) -> None:
    result = rig("show", str(write_record(tmp_path)), "--json")
    data = json.loads(result.stdout)
    assert data["verdict"] == "FAIL" and data["layout_version"] == 1
    assert data["measurements"][1]["value"] != data["measurements"][1]["value"]  # NaN
    assert data["signals"] == [{"name": "high.vibration", "channels": ["101"], "units": ["g"],
                                "sample_rate_hz": 10000.0, "n_samples": 10000, "start_s": 0.1}]


def test_show_reads_an_interrupted_record(tmp_path: Path) -> None:
    result = rig("show", str(write_record(tmp_path, finish=False)), "--json")
    data = json.loads(result.stdout)
    assert data["verdict"] == "ERROR" and data["error"].startswith("interrupted")


def test_show_refuses_a_file_that_is_not_a_record(tmp_path: Path) -> None:
    junk = tmp_path / "junk.h5"
    junk.write_text("not hdf5")
    result = rig("show", str(junk))
    assert result.returncode == exit_codes.BAD_INPUT and "not a readable run record" in result.stderr


def test_run_names_the_known_products_for_an_unknown_one(tmp_path: Path) -> None:
    result = rig("run", "--station", "stations/sim.yaml", "--product", "x", "--serial", "X-1",
                 "--data-dir", str(tmp_path))
    assert result.returncode == exit_codes.BAD_INPUT
    assert "unknown product 'x'; known: general-purpose, quad-head" in result.stderr


def test_run_prints_the_spec_error_of_a_bad_spec(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text((REPO / "specs/general-purpose.yaml").read_text().replace("revision: 1",
                                                                           "revision: one"))
    result = rig("run", "--station", "stations/sim.yaml", "--product", "general-purpose",
                 "--serial", "GPM-000001", "--spec", str(bad), "--data-dir", str(tmp_path))
    assert result.returncode == exit_codes.BAD_INPUT
    assert f"{bad}:" in result.stderr and "revision" in result.stderr
