"""The second way to cut power, on the real simulated bench: the runner and the safety watch open
the interlock relay, and the next run closes it again only with the supply confirmed off.

Issue 12, seen 11: a supply that stopped answering mid-run stayed on.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from instruments.station import Station
from rig.events import StepStarted
from rig.model import RunRequest, Verdict
from rig.records import read_record
from rig.runner import run_unit
from rig.specs import load_spec
from tests.rig.test_runner_watch import HeatedThermometer
from tests.sim_station import bench_fixtures

REPO = Path(__file__).resolve().parents[2]
GPM = RunRequest(serial="GPM-515151", product="general-purpose", operator="test")

station, bench = bench_fixtures(20.0, GPM.serial)


def gpm_spec():
    return load_spec(REPO / "specs/general-purpose.yaml")


def at_step(name: str, action):
    def observer(event) -> None:
        if isinstance(event, StepStarted) and event.step == name:
            action()
    return observer


def test_a_supply_that_stops_answering_mid_run_is_cut_off_by_the_interlock(station: Station, bench,
                                                                          tmp_path: Path) -> None:
    powered = []

    def stop_the_supply() -> None:
        powered.append(bench.unit_powered)
        bench.inject_fault("supply", "no_answer")

    summary = run_unit(station, gpm_spec(), GPM, records_dir=tmp_path,
                       observers=[at_step("medium", stop_the_supply)])
    assert powered == [True]
    assert summary.verdict is Verdict.ERROR and summary.error_instrument == "supply"
    assert "the supply could not be confirmed off" in summary.error
    assert summary.error.endswith("the interlock relay is open: no power reaches the unit"), summary.error
    assert bench.supply_output_on, "the simulated supply really is still on"
    assert not bench.unit_powered, "but no power reaches the unit"
    events = [text for _, kind, text in read_record(summary.record_path).events if kind == "safe_state"]
    assert events and "the interlock relay is open" in events[-1]


def test_the_next_run_closes_the_relay_only_once_the_supply_is_confirmed_off(station: Station, bench,
                                                                           tmp_path: Path) -> None:
    station.interlock.open_relay()
    bench.inject_fault("supply", "no_answer")
    refused = run_unit(station, gpm_spec(), GPM, records_dir=tmp_path)
    assert refused.verdict is Verdict.ERROR and refused.error.startswith("interlock: supply: no reply")
    assert station.interlock.relay_is_open() and refused.measurements == []
    bench.clear_faults()
    summary = run_unit(station, gpm_spec(), GPM, records_dir=tmp_path)
    assert summary.verdict is Verdict.PASS, summary.error
    assert not station.interlock.relay_is_open()


def test_the_safety_watch_opens_the_interlock_itself(station: Station, bench, tmp_path: Path) -> None:
    heated = HeatedThermometer(station.thermometer)

    def heat() -> None:
        heated.extra_c = 60.0

    summary = run_unit(dataclasses.replace(station, thermometer=heated), gpm_spec(), GPM,
                       records_dir=tmp_path, observers=[at_step("medium", heat)])
    assert summary.verdict is Verdict.ABORTED
    assert summary.error.startswith("medium: safety: housing_temp at "), summary.error
    assert summary.error.endswith("; the interlock relay is open: no power reaches the unit")
    assert station.interlock.relay_is_open() and not bench.unit_powered


def test_the_record_lists_the_interlock_among_the_instruments(station: Station, bench, tmp_path: Path) -> None:
    summary = run_unit(station, gpm_spec(), GPM, records_dir=tmp_path)
    relay = [row for row in summary.instruments if row["role"] == "interlock"]
    assert relay and (relay[0]["make"], relay[0]["model"]) == ("Keysight Technologies", "DAQ970A")
    assert relay == [row for row in read_record(summary.record_path).summary.instruments
                     if row["role"] == "interlock"]


def test_a_welded_relay_behind_a_dead_supply_is_reported_not_hidden(station: Station, bench,
                                                                     tmp_path: Path) -> None:
    def fail_both() -> None:
        bench.inject_fault("interlock", "relay_welded")
        bench.inject_fault("supply", "no_answer")

    summary = run_unit(station, gpm_spec(), GPM, records_dir=tmp_path, observers=[at_step("medium", fail_both)])
    assert summary.verdict is Verdict.ERROR
    assert summary.error.endswith("the interlock could not be opened either: interlock: relay 301 still "
                                  "reads closed after ROUT:OPEN"), summary.error
    assert bench.unit_powered, "the simulated unit really is still powered: the record must not say otherwise"
    bench.clear_faults()
    station.supply.enable_output(False)
