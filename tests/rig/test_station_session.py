"""The technician's session logic against a scripted runner and fake instruments."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from instruments.errors import ConnectionLost
from instruments.roles import Identity
from instruments.station import Station
from rig.events import RunFinished
from rig.model import Measurement, RunRequest, RunSummary, Verdict
from rig.station_session import Action, ProductRules, StationSession, load_products

SPECS = Path(__file__).resolve().parents[2] / "specs"


class FakeInstrument:
    def __init__(self, name: str) -> None:
        self.name = name
        self.resource = f"TCPIP0::127.0.0.1::{name}::SOCKET"
        self.identity: Identity | None = Identity("Acme", name.upper(), "1", "1.0")
        self.output_on = True
        self.refuse_connect = False

    def connect(self) -> Identity:
        if self.refuse_connect:
            raise ConnectionLost("connection refused", instrument=self.name)
        self.identity = Identity("Acme", self.name.upper(), "2", "1.0")
        return self.identity

    def close(self) -> None:
        self.identity = None

    def enable_output(self, on: bool) -> None:
        self.output_on = on


def make_station() -> Station:
    parts = {role: FakeInstrument(role) for role in
             ("supply", "vibration_daq", "current_daq", "thermometer", "tachometer", "fixture")}
    return Station(name="fake", signals={}, calibration_due={"supply": date(2027, 1, 31),
                                                              "thermometer": date(2027, 3, 31)},
                   **parts)


class ScriptedRunner:
    """Return the next scripted verdict; remember what it was called with."""

    def __init__(self, *verdicts: Verdict, error: str | None = None) -> None:
        self.verdicts = list(verdicts)
        self.error = error
        self.calls: list[tuple[RunRequest, threading.Event]] = []

    def __call__(self, station, spec, request, *, records_dir, observers, stop, sinks=()):
        self.calls.append((request, stop))
        verdict = self.verdicts.pop(0)
        failed = Measurement("high.current", 0.9, "A", 0.45, 0.75, Verdict.FAIL, "high")
        summary = RunSummary(
            run_id=f"r{len(self.calls)}", serial=request.serial, product=request.product,
            sequence=request.sequence, operator=request.operator, batch=request.batch,
            station=station.name, verdict=verdict, started_at="", finished_at="",
            spec_id=spec, spec_revision=1, spec_sha256="0" * 64, record_path="",
            software_version="test", measurements=[failed] if verdict is Verdict.FAIL else [],
            error=self.error if verdict is Verdict.ERROR else None)
        for sink in sinks:
            sink(summary)
        for observer in observers:
            observer(RunFinished(summary))
        return summary


GPM = ProductRules(product="general-purpose", name="General Purpose Massager",
                   serial_pattern="GPM-[0-9]{6}", sequences=("eol", "sample"),
                   retests_allowed=1, after_retests="repair", spec="gpm-spec")


def make_session(runner, **kwargs) -> StationSession:
    kwargs.setdefault("sinks", ())  # the scripted runs have no record file to summarise
    return StationSession(make_station(), [GPM], run_unit=runner, records_dir="records",
                          today=lambda: date(2026, 11, 25), **kwargs)


def request(serial: str = "GPM-000123") -> RunRequest:
    return RunRequest(serial=serial, product="general-purpose", operator="t1")


def test_a_serial_of_another_product_is_refused_with_the_expected_form():
    session = make_session(ScriptedRunner())
    check = session.check_serial("general-purpose", "QHM-000123")
    assert not check.accepted
    assert "GPM-000000" in check.message and "QHM-000123" in check.message
    assert session.check_serial("general-purpose", " gpm-000123\n").accepted


def test_a_pass_says_pack_and_reaches_observers_and_the_finished_hook():
    finished, events = [], []
    session = make_session(ScriptedRunner(Verdict.PASS), sinks=[finished.append])
    stop = threading.Event()
    outcome = session.run(request(), observers=[events.append], stop=stop)
    assert outcome.disposition.action is Action.PACK
    assert finished == [outcome.summary]
    assert isinstance(events[0], RunFinished)
    assert outcome.shift.first_pass_yield == 1.0


def test_a_failed_serial_gets_its_retests_then_goes_to_repair():
    runner = ScriptedRunner(Verdict.FAIL, Verdict.FAIL)
    session = make_session(runner)
    first = session.run(request())
    assert first.disposition.action is Action.RETEST
    second = session.run(request())
    assert second.disposition.action is Action.REPAIR
    assert "repair" in second.disposition.message
    refused = session.check_serial("general-purpose", "GPM-000123")
    assert not refused.accepted and "repair" in refused.message
    with pytest.raises(ValueError, match="repair"):
        session.run(request())
    assert second.shift.first_pass_yield == 0.0 and second.shift.units == 1


def test_an_error_is_not_a_retest_and_marks_the_instrument_until_reconnected():
    runner = ScriptedRunner(Verdict.ERROR, Verdict.PASS, error="tachometer: no pulses within 1 s")
    session = make_session(runner)
    outcome = session.run(request())
    assert outcome.disposition.action is Action.TEST_AGAIN
    assert outcome.shift.units == 0
    row = {s.role: s for s in session.instrument_status()}["tachometer"]
    assert not row.connected and "no pulses" in row.message
    assert "tachometer" in session.check_serial("general-purpose", "GPM-000123").message
    assert session.reconnect("tachometer").connected
    assert session.run(request()).shift.first_pass_yield == 1.0


def test_a_failed_reconnect_says_why():
    session = make_session(ScriptedRunner())
    session.station.fixture.refuse_connect = True
    row = session.reconnect("fixture")
    assert not row.connected and "refused" in row.message


def test_an_overdue_calibration_is_flagged_and_refuses_the_scan():
    session = make_session(ScriptedRunner())
    session.station.calibration_due["supply"] = date(2026, 1, 31)
    rows = {s.role: s for s in session.instrument_status()}
    assert rows["supply"].calibration_overdue
    assert not rows["thermometer"].calibration_overdue
    assert rows["fixture"].calibration_due is None
    assert "SUPPLY" in rows["supply"].identity
    refused = session.check_serial("general-purpose", "GPM-000123")
    assert not refused.accepted and "2026-01-31" in refused.message


def test_a_runner_that_breaks_still_leaves_the_supply_off():
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    session = make_session(broken)
    with pytest.raises(RuntimeError):
        session.run(request())
    assert session.station.supply.output_on is False


def test_the_product_specs_give_patterns_sequences_and_retest_policy():
    products = {rules.product: rules for rules in load_products(SPECS)}
    assert set(products) == {"general-purpose", "quad-head"}
    quad = products["quad-head"]
    assert quad.refusal("QHM-000001") is None and quad.refusal("GPM-000001") is not None
    assert "eol" in quad.sequences and quad.retests_allowed == 1 and quad.after_retests == "repair"
    assert quad.spec.heads == 4
