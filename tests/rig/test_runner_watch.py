"""The safety watch and the run-time axis, on the real simulated bench.

The only fake is at the edge: a thermometer that passes the bench's readings
through and, once told to, adds heat to the housing's.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from instruments.station import Station
from rig.events import SamplesAcquired, StepStarted
from rig.model import RunRequest, Verdict
from rig.records import read_record
from rig.runner import run_unit
from rig.specs import load_spec
from tests.sim_station import bench_fixtures

REPO = Path(__file__).resolve().parents[2]
GPM = RunRequest(serial="GPM-434343", product="general-purpose", operator="test")
TEMPERATURES = ("housing_temp", "handle_temp", "head_temp", "ambient_temp")


station, bench = bench_fixtures(20.0, GPM.serial)


class HeatedThermometer:
    """The bench's thermometer, with ``extra_c`` added to the housing (channel 101)."""

    def __init__(self, real) -> None:
        self.real = real
        self.extra_c = 0.0
        self.scans = 0

    def __getattr__(self, name: str):
        return getattr(self.real, name)

    def read_temperatures_c(self, channels: tuple[str, ...]) -> dict[str, float]:
        self.scans += 1
        values = self.real.read_temperatures_c(channels)
        if "101" in values:
            values["101"] += self.extra_c
        return values


def gpm_spec():
    return load_spec(REPO / "specs/general-purpose.yaml")


def samples_by_signal(events: list) -> dict[str, list[SamplesAcquired]]:
    by_signal: dict[str, list[SamplesAcquired]] = {}
    for event in events:
        if isinstance(event, SamplesAcquired):
            by_signal.setdefault(event.signal, []).append(event)
    return by_signal


def test_every_live_signal_runs_forward_on_one_run_time_axis(station: Station, bench,
                                                              tmp_path: Path) -> None:
    events: list = []
    summary = run_unit(station, gpm_spec(), GPM, records_dir=tmp_path, observers=[events.append])
    assert summary.verdict is Verdict.PASS, summary.failed_measurements or summary.error
    by_signal = samples_by_signal(events)
    assert set(by_signal) == {"motor_current", "motor_a_speed_rpm", *TEMPERATURES}
    for signal, chunks in by_signal.items():
        ends_s = [c.t0_s + (len(c.values) / c.sample_rate_hz if c.sample_rate_hz else 0.0) for c in chunks]
        starts_s = [c.t0_s for c in chunks]
        assert all(later > end for end, later in zip(ends_s[:-1], starts_s[1:], strict=True)), (signal, starts_s, ends_s)
    current = by_signal["motor_current"]
    assert len(current) == 4 and current[-1].t0_s > 3.0  # spin-up, low, medium, high
    speed = by_signal["motor_a_speed_rpm"]
    assert speed[0].sample_rate_hz > 0 and [c.sample_rate_hz for c in speed[1:]] == [0.0] * 3
    assert [round(c.values[0] / 60) for c in speed[1:]] == pytest.approx([33, 46, 59], abs=2)
    housing = by_signal["housing_temp"]
    # once before power, then once in each speed point's settle wait
    assert len(housing) >= 4 and housing[0].t0_s < current[0].t0_s
    assert all(20.0 < c.values[0] < 40.0 for c in housing)


def test_the_watch_readings_are_kept_as_trends_in_the_record(station: Station, bench,
                                                             tmp_path: Path) -> None:
    summary = run_unit(station, gpm_spec(), GPM, records_dir=tmp_path)
    trends = {t.name: t for t in read_record(summary.record_path).trends}
    assert {f"watch.{name}" for name in TEMPERATURES} | {"watch.supply_current"} <= set(trends)
    housing, current = trends["watch.housing_temp"], trends["watch.supply_current"]
    assert housing.unit == "degC" and len(housing.t_s) >= 4 and np.all(np.diff(housing.t_s) > 0)
    assert current.unit == "A" and len(current.t_s) == len(housing.t_s) - 1  # none before power
    # Read in the settle waits: the running current, or its rise just after a speed change.
    assert 0.3 < np.median(current.values) < 0.8 and current.values.max() < 3.0


def test_over_temperature_in_a_settle_wait_aborts_with_the_supply_off(station: Station, bench,
                                                                      tmp_path: Path) -> None:
    heated = HeatedThermometer(station.thermometer)
    watched = dataclasses.replace(station, thermometer=heated)

    def heat_in_medium(event) -> None:
        if isinstance(event, StepStarted) and event.step == "medium":
            heated.extra_c = 60.0

    summary = run_unit(watched, gpm_spec(), GPM, records_dir=tmp_path, observers=[heat_in_medium])
    assert summary.verdict is Verdict.ABORTED, summary.error
    assert summary.error.startswith("medium: safety: housing_temp at "), summary.error
    assert "above 70.0 degC" in summary.error
    assert not bench.supply_output_on
    assert not [m for m in summary.measurements if m.step == "medium"]  # stopped in the settle wait


def test_a_unit_already_too_hot_is_stopped_before_power_is_applied(station: Station, bench,
                                                                   tmp_path: Path) -> None:
    heated = HeatedThermometer(station.thermometer)
    heated.extra_c = 60.0
    summary = run_unit(dataclasses.replace(station, thermometer=heated), gpm_spec(), GPM,
                       records_dir=tmp_path)
    assert summary.verdict is Verdict.ABORTED
    assert summary.error.startswith("spin_up: safety: housing_temp"), summary.error
    record = read_record(summary.record_path)
    assert record.captures == [] and summary.measurements == [] and heated.scans == 1


def test_an_open_thermocouple_during_eol_ends_in_error(station: Station, bench, tmp_path: Path) -> None:
    def open_in_high(event) -> None:
        if isinstance(event, StepStarted) and event.step == "high":
            bench.inject_fault("thermometer", "open_thermocouple")

    summary = run_unit(station, gpm_spec(), GPM, records_dir=tmp_path, observers=[open_in_high])
    assert summary.verdict is Verdict.ERROR
    assert summary.error.startswith("high: thermometer") and "open" in summary.error, summary.error
    assert not bench.supply_output_on
    assert {m.step for m in summary.measurements} == {"spin_up", "low", "medium"}


def test_an_open_thermocouple_before_the_run_stops_it_unpowered(station: Station, bench,
                                                                tmp_path: Path) -> None:
    bench.inject_fault("thermometer", "open_thermocouple")
    summary = run_unit(station, gpm_spec(), GPM, records_dir=tmp_path)
    assert summary.verdict is Verdict.ERROR
    assert summary.error.startswith("spin_up: thermometer") and "open" in summary.error
    assert summary.measurements == [] and read_record(summary.record_path).captures == []
