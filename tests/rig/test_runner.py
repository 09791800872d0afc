"""The runner against fake roles and fake steps: safe state, verdicts, events, refusals."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from instruments.clock import WallClock
from instruments.errors import ConnectionLost, InstrumentTimeout
from instruments.roles import Identity
from instruments.station import Station
from rig.events import MeasurementMade, RunFinished, RunStarted, StepFinished, StepStarted
from rig.model import RunRequest, Verdict
from rig.records import read_record, summary_path_for
from rig.runner import BadRequest, CalibrationExpired, run_unit
from rig.specs import load_spec, load_spec_text
from rig.steps.context import RunAborted

# -- fakes at the edges: roles and step bodies ----------------------------------------


class FakeInstrument:
    def __init__(self, name: str) -> None:
        self.name = name
        self.resource = f"FAKE::{name}"
        self.identity = Identity("Fake", name.upper(), "0001", "1.0")
        self.calls: list[tuple] = []

    def connect(self) -> Identity:
        return self.identity

    def close(self) -> None:
        pass


class FakeSupply(FakeInstrument):
    """Remembers the output state; can be told to fail when switched off."""

    max_voltage_v = 32.0
    max_current_a = 3.2
    has_over_current_trip = True

    def __init__(self) -> None:
        super().__init__("supply")
        self.on = False
        self.off_raises: Exception | None = None
        self.current_a = 0.0  # what the readback gives while the output is on

    def set_output(self, voltage_v: float, current_limit_a: float) -> None:
        self.calls.append(("set_output", voltage_v, current_limit_a))

    def enable_output(self, on: bool) -> None:
        self.calls.append(("enable_output", on))
        if not on and self.off_raises is not None:
            raise self.off_raises
        self.on = on

    def output_enabled(self) -> bool:
        return self.on

    def measure_current(self) -> float:
        self.calls.append(("measure_current",))
        return self.current_a if self.on else 0.0


class FakeFixture(FakeInstrument):
    def __init__(self) -> None:
        super().__init__("fixture")
        self.unit: tuple[str, str] | None = None
        self.load_raises: Exception | None = None

    def load(self, product: str, serial: str) -> None:
        if self.load_raises is not None:
            raise self.load_raises
        self.unit = (product, serial)

    def loaded(self) -> tuple[str, str] | None:
        return self.unit

    def unload(self) -> None:
        self.unit = None


def fake_station(time_scale: float = 50.0, due: date = date(2099, 1, 1)) -> Station:
    return Station(
        name="fake-bench", supply=FakeSupply(), vibration_daq=FakeInstrument("vibration_daq"),
        current_daq=FakeInstrument("current_daq"), thermometer=FakeInstrument("thermometer"),
        tachometer=FakeInstrument("tachometer"), fixture=FakeFixture(), signals={},
        calibration_due={"supply": due, "thermometer": date(2099, 1, 1)},
        clock=WallClock(time_scale),
    )


@dataclass
class FakeKind:
    """A step kind whose body is a test's function."""

    run: Callable[[Any], None]
    expected_duration_s: Callable[[Mapping[str, Any]], float] = field(default=lambda params: 1.0)


def good_step(ctx) -> None:
    """Switch on, measure every limited value at the middle of its window."""
    ctx.station.supply.set_output(ctx.operating_point_v, ctx.current_limit_a)
    ctx.station.supply.enable_output(True)
    ctx.sleep(0.05)
    for name, limits in ctx.plan.limits.items():
        low = limits.low if limits.low is not None else (limits.high or 0) - 1
        high = limits.high if limits.high is not None else low + 2
        ctx.measure(name, (low + high) / 2)


def kinds(**bodies: Callable[[Any], None]) -> dict[str, FakeKind]:
    """A kinds table where every kind runs good_step unless a body is given by step kind."""
    names = ("spin_up", "speed_point", "thermal_rise", "durability")
    return {name: FakeKind(bodies.get(name, good_step)) for name in names}


def by_step(default: Callable[[Any], None] = good_step, **bodies: Callable[[Any], None]):
    """A step body that dispatches on the step id."""
    def body(ctx) -> None:
        bodies.get(ctx.step_id, default)(ctx)
    return body


def kinds_by_step(**bodies: Callable[[Any], None]) -> dict[str, FakeKind]:
    dispatch = by_step(**bodies)
    return {name: FakeKind(dispatch) for name in ("spin_up", "speed_point", "thermal_rise", "durability")}


def gpm_spec(stop_on_fail: bool = True):
    if stop_on_fail:
        return load_spec("specs/general-purpose.yaml")
    with open("specs/general-purpose.yaml", encoding="utf-8") as f:
        text = f.read().replace("stop_on_fail: true", "stop_on_fail: false")
    return load_spec_text(text, "general-purpose (test copy)")


def tachometer_silent(ctx) -> None:
    good_step(ctx)
    raise InstrumentTimeout("no answer within 2.0 s", instrument="tachometer")


# -- the tests ----------------------------------------------------------------------

REQUEST = RunRequest(serial="GPM-000123", product="general-purpose", operator="ann", batch="B1")


def run(tmp_path: Path, step_kinds, *, station=None, spec=None, **kwargs):
    station = station or fake_station()
    summary = run_unit(station, spec or gpm_spec(), REQUEST, records_dir=tmp_path,
                       step_kinds=step_kinds, **kwargs)
    return station, summary


def fail_low_current(ctx) -> None:
    good_step(ctx)
    ctx.measure("current", 5.0)


def operator_abort(ctx) -> None:
    ctx.station.supply.enable_output(True)
    threading.Timer(0.05, ctx.stop.set).start()
    ctx.sleep(3600)


def too_hot(ctx) -> None:
    ctx.station.supply.enable_output(True)
    ctx.check_safety(temperatures_c={"housing_temp": 71.5, "handle_temp": 30.0})


def stuck_at_limit(ctx) -> None:
    ctx.station.supply.enable_output(True)
    ctx.station.supply.current_a = ctx.current_limit_a  # what the safety watch reads back too
    for _ in range(100):
        ctx.check_safety(current_a=ctx.current_limit_a)
        ctx.sleep(0.25)


def surprise(ctx) -> None:
    ctx.station.supply.enable_output(True)
    raise ZeroDivisionError("division by zero in the analysis")


def ctrl_c(ctx) -> None:
    ctx.station.supply.enable_output(True)
    raise KeyboardInterrupt


def generator_exit(ctx) -> None:
    ctx.station.supply.enable_output(True)
    raise GeneratorExit


@pytest.mark.parametrize(("body", "verdict", "message"), [
    (good_step, Verdict.PASS, None),
    (fail_low_current, Verdict.FAIL, None),
    (tachometer_silent, Verdict.ERROR, "high: tachometer: no answer within 2.0 s"),
    (operator_abort, Verdict.ABORTED, "high: aborted by the operator"),
    (too_hot, Verdict.ABORTED, "high: safety: housing_temp at 71.5 degC is above 70.0 degC"),
    (stuck_at_limit, Verdict.ABORTED, "high: safety: current 3.000 A held at the 3.00 A limit"),
    (surprise, Verdict.ERROR, "high: ZeroDivisionError: division by zero in the analysis"),
])
def test_every_way_out_leaves_the_supply_off(tmp_path: Path, body, verdict, message) -> None:
    station, summary = run(tmp_path, kinds_by_step(high=body))
    assert summary.verdict is verdict
    assert (summary.error is None) if message is None else summary.error.startswith(message)
    assert station.supply.on is False
    assert station.supply.calls[-1] == ("enable_output", False)
    record = read_record(summary.record_path)
    assert record.summary.verdict is verdict and record.summary.error == summary.error
    assert record.events[-2][1:] == ("safe_state", "supply output off")


@pytest.mark.parametrize("body", [ctrl_c, generator_exit])
def test_interrupts_pass_through_after_the_supply_is_off(tmp_path: Path, body) -> None:
    station = fake_station()
    with pytest.raises((KeyboardInterrupt, GeneratorExit)):
        run(tmp_path, kinds_by_step(medium=body), station=station)
    assert station.supply.on is False
    record = read_record(next(tmp_path.rglob("*.h5")))
    assert record.summary.verdict is Verdict.ABORTED
    assert "interrupted" in record.summary.error
    assert [s.step for s in record.steps] == ["spin_up", "low", "medium"]


def test_a_supply_that_will_not_switch_off_makes_the_run_error(tmp_path: Path) -> None:
    station = fake_station()
    station.supply.off_raises = ConnectionLost("connection reset", instrument="supply")
    _, summary = run(tmp_path, kinds(), station=station)
    assert summary.verdict is Verdict.ERROR
    assert summary.error == "the supply could not be confirmed off: supply: connection reset"
    assert summary.error_instrument == "supply"


@pytest.mark.parametrize(("body", "instrument"), [
    (tachometer_silent, "tachometer"), (surprise, None), (too_hot, None), (good_step, None),
])
def test_the_summary_names_the_instrument_behind_an_error(tmp_path: Path, body, instrument) -> None:
    _, summary = run(tmp_path, kinds_by_step(high=body))
    assert summary.error_instrument == instrument
    assert read_record(summary.record_path).summary.error_instrument == instrument
    data = json.loads(summary_path_for(summary.record_path).read_text())
    assert data["error_instrument"] == instrument


def test_a_fail_stops_the_sequence_when_the_spec_says_so(tmp_path: Path) -> None:
    _, summary = run(tmp_path, kinds_by_step(low=fail_low_current))
    assert summary.verdict is Verdict.FAIL
    assert {m.step for m in summary.measurements} == {"spin_up", "low"}
    assert [m.name for m in summary.failed_measurements] == ["low.current"]


def test_error_wins_over_an_earlier_fail(tmp_path: Path) -> None:
    _, summary = run(tmp_path, kinds_by_step(low=fail_low_current, high=tachometer_silent),
                     spec=gpm_spec(stop_on_fail=False))
    assert summary.verdict is Verdict.ERROR
    assert summary.error.startswith("high: tachometer")
    assert {m.step for m in summary.measurements} == {"spin_up", "low", "medium", "high"}


def test_a_fixture_that_cannot_load_is_an_error_with_nothing_switched_on(tmp_path: Path) -> None:
    station = fake_station()
    station.fixture.load_raises = ConnectionLost("refused", instrument="fixture")
    _, summary = run(tmp_path, kinds(), station=station)
    assert summary.verdict is Verdict.ERROR and summary.error == "load: fixture: refused"
    assert summary.error_instrument == "fixture"
    assert ("enable_output", True) not in station.supply.calls


def test_observers_see_events_in_order_and_a_broken_one_does_no_harm(tmp_path: Path) -> None:
    seen = []

    def broken(event) -> None:
        raise RuntimeError("always broken")

    def broken_mid_run(event) -> None:
        if isinstance(event, StepStarted):
            raise RuntimeError("screen gone")

    _, summary = run(tmp_path, kinds(), observers=[broken_mid_run, broken, seen.append])
    assert summary.verdict is Verdict.PASS
    kinds_seen = [type(e).__name__ for e in seen]
    assert kinds_seen[0] == "RunStarted" and kinds_seen[-1] == "RunFinished"
    assert seen[0].steps == ("spin_up", "low", "medium", "high")
    steps = [e for e in seen if isinstance(e, StepStarted | StepFinished)]
    assert [(type(e).__name__, e.step) for e in steps] == [
        (kind, step) for step in ("spin_up", "low", "medium", "high")
        for kind in ("StepStarted", "StepFinished")]
    made = [e.measurement.name for e in seen if isinstance(e, MeasurementMade)]
    assert made == [m.name for m in summary.measurements]
    # each measurement arrives between its step's start and finish
    for event in seen:
        if isinstance(event, MeasurementMade):
            started = max(i for i, e in enumerate(seen) if isinstance(e, StepStarted)
                          and e.step == event.measurement.step)
            finished = next(i for i, e in enumerate(seen) if isinstance(e, StepFinished)
                            and e.step == event.measurement.step)
            assert started < seen.index(event) < finished
    assert isinstance(seen[-1], RunFinished) and seen[-1].summary == summary
    assert isinstance(seen[0], RunStarted) and seen[0].record_path == summary.record_path
    log = read_record(summary.record_path).events
    assert any("screen gone" in text for _, kind, text in log if kind == "observer")


def test_the_summary_json_sits_beside_the_record(tmp_path: Path) -> None:
    _, summary = run(tmp_path, kinds())
    data = json.loads(summary_path_for(summary.record_path).read_text())
    assert data["verdict"] == "PASS" and data["serial"] == "GPM-000123"
    assert data["spec_id"] == "general-purpose" and len(data["spec_sha256"]) == 64
    assert data["record_path"] == summary.record_path and summary.record_path.endswith(".h5")
    assert {i["role"] for i in data["instruments"]} >= {"supply", "tachometer"}
    assert data["measurements"][0]["name"] == "spin_up.inrush_peak"


def test_a_bad_serial_is_refused_before_anything_happens(tmp_path: Path) -> None:
    station = fake_station()
    with pytest.raises(BadRequest, match=r"^serial 'XYZ' does not match GPM-\[0-9\]\{6\} for "
                                         r"general-purpose$"):
        run_unit(station, gpm_spec(), RunRequest("XYZ", "general-purpose"), records_dir=tmp_path,
                 step_kinds=kinds())
    with pytest.raises(BadRequest, match="no sequence 'soak'"):
        run_unit(station, gpm_spec(), RunRequest("GPM-000001", "general-purpose", "soak"),
                 records_dir=tmp_path, step_kinds=kinds())
    with pytest.raises(BadRequest, match="product 'quad-head'"):
        run_unit(station, gpm_spec(), RunRequest("QHM-000001", "quad-head"),
                 records_dir=tmp_path, step_kinds=kinds())
    assert station.supply.calls == [] and not list(tmp_path.rglob("*"))


def test_an_instrument_past_calibration_refuses_the_run(tmp_path: Path) -> None:
    station = fake_station(due=date(2020, 3, 31))
    with pytest.raises(CalibrationExpired, match="supply: calibration was due on 2020-03-31"):
        run_unit(station, gpm_spec(), REQUEST, records_dir=tmp_path, step_kinds=kinds())
    assert station.supply.calls == [] and not list(tmp_path.rglob("*"))
    # due today is still fine
    run_unit(fake_station(due=date(2030, 1, 1)), gpm_spec(), REQUEST, records_dir=tmp_path,
             step_kinds=kinds(), today=date(2030, 1, 1))


def test_a_stop_before_a_step_aborts_without_running_it(tmp_path: Path) -> None:
    stop = threading.Event()

    def stop_after(ctx) -> None:
        good_step(ctx)
        stop.set()

    _, summary = run(tmp_path, kinds_by_step(low=stop_after), stop=stop)
    assert summary.verdict is Verdict.ABORTED
    assert {m.step for m in summary.measurements} == {"spin_up", "low"}


def test_a_run_on_another_thread_stops_cooperatively(tmp_path: Path) -> None:
    stop = threading.Event()
    result = {}

    def long_step(ctx) -> None:
        ctx.station.supply.enable_output(True)
        ctx.sleep(3600)

    thread = threading.Thread(target=lambda: result.update(
        summary=run(tmp_path, kinds_by_step(spin_up=long_step), stop=stop)[1]))
    thread.start()
    stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive() and result["summary"].verdict is Verdict.ABORTED


def test_run_aborted_names_safety(tmp_path: Path) -> None:
    def interlock(ctx) -> None:
        raise RunAborted("lid opened", safety=True)

    _, summary = run(tmp_path, kinds_by_step(spin_up=interlock))
    assert summary.verdict is Verdict.ABORTED and summary.error == "spin_up: lid opened"
