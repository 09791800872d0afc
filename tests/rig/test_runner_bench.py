"""The runner against the real simulated bench: faults end in ERROR, aborts in ABORTED, supply off."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest

from instruments.station import Station
from rig.events import StepStarted
from rig.model import RunRequest, Verdict
from rig.records import read_record
from rig.runner import run_unit
from rig.specs import load_spec
from tests.sim_station import bench_fixtures

REPO = Path(__file__).resolve().parents[2]
GPM = RunRequest(serial="GPM-424242", product="general-purpose", operator="test")


station, bench = bench_fixtures(20.0, GPM.serial)


def inject_at(bench, step: str, role: str, fault: str):
    def observer(event) -> None:
        if isinstance(event, StepStarted) and event.step == step:
            bench.inject_fault(role, fault)
    return observer


def test_a_good_unit_passes_on_the_bench(station: Station, bench, tmp_path: Path) -> None:
    summary = run_unit(station, load_spec(REPO / "specs/general-purpose.yaml"), GPM,
                       records_dir=tmp_path)
    assert summary.verdict is Verdict.PASS, summary.failed_measurements or summary.error
    assert not bench.supply_output_on
    record = read_record(summary.record_path)
    assert {c.name for c in record.captures} >= {"spin_up.vibration_daq", "high.current_daq"}
    assert record.summary.instruments[0]["model"] == "DP832"


@pytest.mark.parametrize(("role", "fault", "says"), [
    ("vibration_daq", "daq_overrun", "vibration_daq"),
    ("current_daq", "daq_overrun", "current_daq"),
    ("current_daq", "no_answer", "current_daq"),
    ("vibration_daq", "garbled_reply", "vibration_daq"),
    ("tachometer", "no_pulses", "tachometer"),
    ("tachometer", "drop_connection", "tachometer"),
    ("supply", "error_queue", "supply"),
])
def test_an_instrument_fault_ends_in_error_with_the_supply_off(
        station: Station, bench, tmp_path: Path, role: str, fault: str, says: str) -> None:
    summary = run_unit(station, load_spec(REPO / "specs/general-purpose.yaml"), GPM,
                       records_dir=tmp_path, observers=[inject_at(bench, "medium", role, fault)])
    assert summary.verdict is Verdict.ERROR, (summary.failed_measurements, summary.error)
    assert summary.error.startswith(f"medium: {says}"), summary.error
    assert not bench.supply_output_on
    record = read_record(summary.record_path)
    assert record.summary.verdict is Verdict.ERROR
    assert {m.step for m in record.summary.measurements} >= {"spin_up", "low"}
    assert [s.verdict for s in record.steps][-1] is Verdict.ERROR


def test_an_open_thermocouple_ends_a_sample_run_in_error(station: Station, bench,
                                                          tmp_path: Path) -> None:
    spec = load_spec(REPO / "specs/general-purpose.yaml")
    request = dataclasses.replace(GPM, sequence="sample")
    summary = run_unit(station, spec, request, records_dir=tmp_path,
                       observers=[inject_at(bench, "thermal", "thermometer", "open_thermocouple")])
    assert summary.verdict is Verdict.ERROR
    assert summary.error.startswith("thermal: thermometer") and "open" in summary.error
    assert not bench.supply_output_on


def test_a_supply_that_stops_answering_cannot_be_confirmed_off(station: Station, bench,
                                                                tmp_path: Path) -> None:
    summary = run_unit(station, load_spec(REPO / "specs/general-purpose.yaml"), GPM,
                       records_dir=tmp_path, observers=[inject_at(bench, "low", "supply", "no_answer")])
    assert summary.verdict is Verdict.ERROR
    assert summary.error.startswith("low: supply")
    assert "the supply could not be confirmed off" in summary.error
    bench.clear_faults()
    station.supply.enable_output(False)  # what the station does once the supply answers again
    assert not bench.supply_output_on


def test_an_operator_abort_ends_aborted_with_the_supply_off(station: Station, bench,
                                                            tmp_path: Path) -> None:
    stop = threading.Event()

    def abort_in_medium(event) -> None:
        if isinstance(event, StepStarted) and event.step == "medium":
            threading.Timer(0.02, stop.set).start()

    summary = run_unit(station, load_spec(REPO / "specs/general-purpose.yaml"), GPM,
                       records_dir=tmp_path, observers=[abort_in_medium], stop=stop)
    assert summary.verdict is Verdict.ABORTED and "operator" in summary.error
    assert not bench.supply_output_on
    assert read_record(summary.record_path).summary.verdict is Verdict.ABORTED


def test_a_defect_fails_not_errors(station: Station, bench, tmp_path: Path) -> None:
    bench.force_defect(GPM.serial, "misalignment")
    summary = run_unit(station, load_spec(REPO / "specs/general-purpose.yaml"), GPM,
                       records_dir=tmp_path)
    assert summary.verdict is Verdict.FAIL, summary.error
    # the 2x line also lies in the broadband band (only 1x +- 2 Hz is excluded)
    assert "high.second_harmonic" in {m.name for m in summary.failed_measurements}
