"""`rig run` end to end in a subprocess, each with its own simulated bench."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from instruments.sim.population import Population
from rig.cli import exit_codes
from rig.model import Verdict
from rig.records import read_record, summary_path_for

REPO = Path(__file__).resolve().parents[2]
SEED, DEFECT_SHARE = 2026, 0.12  # as in stations/sim.yaml


def station_file(tmp_path: Path, time_scale: float) -> Path:
    text = (REPO / "stations/sim.yaml").read_text(encoding="utf-8")
    assert f"seed: {SEED}" in text and f"defect_share: {DEFECT_SHARE}" in text
    path = tmp_path / f"sim-x{time_scale:g}.yaml"
    path.write_text(text.replace("time_scale: 1.0", f"time_scale: {time_scale}"), encoding="utf-8")
    return path



def station_file_naming_index(tmp_path: Path, time_scale: float, index_url: str) -> Path:
    """Return a station file like ``station_file`` whose runs go to the results index at index_url."""
    path = station_file(tmp_path, time_scale)
    text = path.read_text(encoding="utf-8")
    assert 'visa_library: "@py"' in text
    path.write_text(text.replace('visa_library: "@py"',
                                 f'visa_library: "@py"\nresults_index: {index_url}'), encoding="utf-8")
    return path

def serial_with(product: str, defect: str | None) -> str:
    """Return the first serial the simulator makes good (None) or with the given defect."""
    prefix = {"general-purpose": "GPM", "quad-head": "QHM"}[product]
    population = Population(SEED, DEFECT_SHARE)
    for number in range(1, 100_000):
        serial = f"{prefix}-{number:06d}"
        defects = population.truth(prefix, serial).defects
        if defects == (() if defect is None else (defect,)):
            return serial
    raise AssertionError(f"no {product} serial with {defect}")


def rig_args(station: Path, product: str, serial: str, data: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "rig.cli", "run", "--station", str(station), "--product", product,
            "--serial", serial, "--data-dir", str(data), *extra]


def rig_run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, cwd=REPO, timeout=240,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.mark.parametrize("product", ["general-purpose", "quad-head"])
def test_a_good_unit_passes_end_to_end(tmp_path: Path, product: str) -> None:
    serial = serial_with(product, None)
    result = rig_run(*rig_args(station_file(tmp_path, 10), product, serial, tmp_path / "data",
                               "--json", "--operator", "ann", "--batch", "B1"))
    assert result.returncode == exit_codes.PASS, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert (data["serial"], data["product"], data["verdict"]) == (serial, product, "PASS")
    assert data["spec_id"] == product and data["spec_revision"] == 1 and len(data["spec_sha256"]) == 64
    names = {m["name"] for m in data["measurements"]}
    assert {"spin_up.spin_up_time", "high.fundamental", "high.head1_accel"} <= names
    assert all({"name", "value", "unit", "low", "high", "verdict"} <= set(m) for m in data["measurements"])
    record = Path(data["record_path"])
    assert record.is_file() and record.parent.parent == (tmp_path / "data" / "records")
    assert json.loads(summary_path_for(record).read_text()) == data
    assert read_record(record).summary.verdict is Verdict.PASS
    assert (tmp_path / "data" / "index.sqlite").is_file()


def test_a_defective_unit_fails_with_exit_1(tmp_path: Path) -> None:
    serial = serial_with("general-purpose", "misalignment")
    result = rig_run(*rig_args(station_file(tmp_path, 10), "general-purpose", serial,
                               tmp_path / "data"))
    assert result.returncode == exit_codes.FAIL, result.stdout + result.stderr
    assert f"{serial}  general-purpose  sequence eol  =>  FAIL" in result.stdout
    assert "high.second_harmonic" in result.stdout


def test_a_bad_serial_is_bad_input(tmp_path: Path) -> None:
    result = rig_run(*rig_args(REPO / "stations/sim.yaml", "general-purpose", "XYZ", tmp_path))
    assert result.returncode == exit_codes.BAD_INPUT
    assert "'XYZ' is not a General Purpose Massager serial (expected the form GPM-000000)" in result.stderr


def test_a_bad_station_file_is_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text((REPO / "stations/sim.yaml").read_text().replace("timeout_s: 2.0", "timeout_s: x", 1))
    result = rig_run(*rig_args(bad, "general-purpose", "GPM-000001", tmp_path))
    assert result.returncode == exit_codes.BAD_INPUT
    assert str(bad) in result.stderr and "timeout_s" in result.stderr


def wait_for_partial(data: Path, proc: subprocess.Popen, timeout_s: float = 60.0) -> Path:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = list(data.rglob("*.h5.partial"))
        if found and len(read_record(found[0]).summary.measurements) >= 2:
            return found[0]
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("no partial record with measurements appeared")


def test_ctrl_c_stops_the_run_cooperatively(tmp_path: Path) -> None:
    data = tmp_path / "data"
    serial = serial_with("general-purpose", None)
    proc = subprocess.Popen(rig_args(station_file(tmp_path, 1), "general-purpose", serial, data,
                                     "--json"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        wait_for_partial(data, proc)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == exit_codes.ABORTED, out + err
    summary = json.loads(out)
    assert summary["verdict"] == "ABORTED" and "operator" in summary["error"]
    events = read_record(summary["record_path"]).events
    assert ("safe_state", "supply output off") in [(kind, text) for _, kind, text in events]
