"""Qt offscreen set-up and the fakes the GUI tests build against.

The fakes sit at the edges only: a scripted runner (emitting a real stream of
``rig.events`` on the worker thread, honouring the stop event) and fake
instruments. The widgets, the worker thread and the session are real.
"""

from __future__ import annotations

import os
import threading
from datetime import date

import numpy as np
import pytest

if not os.environ.get("QT_QPA_PLATFORM"):  # an empty value aborts Qt: test for it, not for absence
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from instruments.roles import Identity  # noqa: E402
from instruments.station import Station  # noqa: E402
from rig.events import (  # noqa: E402
    MeasurementMade,
    RunFinished,
    RunStarted,
    SamplesAcquired,
    StepFinished,
    StepStarted,
    WaveformCaptured,
)
from rig.model import Measurement, RunRequest, RunSummary, Verdict  # noqa: E402
from rig.station_session import ProductRules, StationSession  # noqa: E402
from rig.users import UserStore  # noqa: E402

ROLES = ("supply", "vibration_daq", "current_daq", "thermometer", "tachometer", "fixture")


class FakeInstrument:
    def __init__(self, name: str) -> None:
        self.name = name
        self.resource = f"TCPIP0::127.0.0.1::{name}::SOCKET"
        self.identity: Identity | None = Identity("Acme", name.upper(), "1", "1.0")
        self.output_on = False

    def connect(self) -> Identity:
        self.identity = Identity("Acme", self.name.upper(), "1", "1.0")
        return self.identity

    def close(self) -> None:
        self.identity = None

    def enable_output(self, on: bool) -> None:
        self.output_on = on


def fake_station() -> Station:
    return Station(name="fake-bench", signals={}, calibration_due={"supply": date(2027, 9, 30)},
                   **{role: FakeInstrument(role) for role in ROLES})


class ScriptedRunner:
    """Emit a plausible run's events with short pauses; end as scripted or on stop."""

    steps = ("spin_up", "high")

    def __init__(self, step_pause_s: float = 0.05) -> None:
        self.script: list[tuple[Verdict, str | None]] = []
        self.step_pause_s = step_pause_s
        self.threads: list[str] = []

    def then(self, verdict: Verdict, error: str | None = None) -> ScriptedRunner:
        self.script.append((verdict, error))
        return self

    def __call__(self, station, spec, request: RunRequest, *, records_dir, observers, stop, sinks=()):
        self.threads.append("gui" if threading.current_thread() is threading.main_thread() else "worker")
        verdict, error = self.script.pop(0) if self.script else (Verdict.PASS, None)
        emit = self._emitter(observers)
        emit(RunStarted(request, "run-1", "", self.steps, expected_duration_s=1.0))
        station.supply.enable_output(True)
        measurements = []
        try:
            for index, step in enumerate(self.steps):
                emit(StepStarted(step, index, 0.5))
                self._stream(emit, index)
                if stop.wait(self.step_pause_s) or (verdict is Verdict.ABORTED and index == 1):
                    verdict, error = Verdict.ABORTED, "operator abort"
                    emit(StepFinished(step, Verdict.ABORTED, error))
                    break
                if verdict is Verdict.ERROR and index == 1:
                    emit(StepFinished(step, Verdict.ERROR, error or ""))
                    break
                m = self._measure(step, verdict)
                measurements.append(m)
                emit(MeasurementMade(m))
                emit(StepFinished(step, m.verdict))
        finally:
            station.supply.enable_output(False)
        summary = self._summary(station, spec, request, verdict, error, measurements)
        emit(RunFinished(summary))
        return summary

    @staticmethod
    def _emitter(observers):
        def emit(event):
            for observer in observers:
                observer(event)
        return emit

    @staticmethod
    def _stream(emit, index: int) -> None:
        t = np.arange(1000) / 10_000
        emit(SamplesAcquired("motor_current", "A", index * 0.1, 10_000.0, 0.6 + 0.02 * np.sin(t * 300)))
        emit(SamplesAcquired("motor_a_speed_rpm", "rpm", index * 0.1, 10.0, np.array([3540.0])))
        emit(SamplesAcquired("housing_temp", "degC", index * 0.1, 1.0, np.array([24.0 + index])))
        freqs = np.linspace(0, 500, 501)
        emit(WaveformCaptured(1, 10_000.0, 2.2 * np.sin(2 * np.pi * 59 * t), freqs,
                              np.exp(-((freqs - 59) ** 2)), (55.0, 63.0), (1.6, 3.0)))

    @staticmethod
    def _measure(step: str, verdict: Verdict) -> Measurement:
        if step == "high" and verdict is Verdict.FAIL:
            return Measurement("high.current", 0.91, "A", 0.45, 0.75, Verdict.FAIL, step)
        return Measurement(f"{step}.current", 0.6, "A", 0.45, 0.75, Verdict.PASS, step)

    @staticmethod
    def _summary(station, spec, request, verdict, error, measurements) -> RunSummary:
        return RunSummary(
            run_id="run-1", serial=request.serial, product=request.product,
            sequence=request.sequence, operator=request.operator, batch=request.batch,
            station=station.name, verdict=verdict, started_at="", finished_at="",
            spec_id=str(spec), spec_revision=1, spec_sha256="0" * 64, record_path="",
            software_version="test", measurements=measurements, error=error)


GPM = ProductRules(product="general-purpose", name="General Purpose Massager",
                   serial_pattern="GPM-[0-9]{6}", sequences=("eol", "sample"),
                   retests_allowed=1, after_retests="repair", spec="general-purpose r1")


@pytest.fixture
def accounts(tmp_path) -> UserStore:
    """A real user store: the administrator, and technician t1 who chose the PIN 1234."""
    store = UserStore(tmp_path / "users.json")
    store.admin_pin = store.ensure_administrator()
    admin = store.authenticate("admin", store.admin_pin)
    first_pin = store.add_user(by=admin, user_id="t1", name="Tess Tech", role="technician")
    store.set_pin(store.authenticate("t1", first_pin), "1234")
    return store


@pytest.fixture
def scripted_runner() -> ScriptedRunner:
    return ScriptedRunner()


@pytest.fixture
def fake_session(scripted_runner, tmp_path) -> StationSession:
    return StationSession(fake_station(), [GPM], run_unit=scripted_runner, records_dir=tmp_path)


@pytest.fixture
def fake_window(qtbot, fake_session, accounts):
    from gui.main_window import MainWindow

    window = MainWindow(fake_session, accounts)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    yield window
    window.worker.shut_down()


def wait_until_idle(qtbot, window, timeout_ms: int = 10_000) -> None:
    qtbot.waitUntil(lambda: not window.running, timeout=timeout_ms)


