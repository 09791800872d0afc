"""The runner's side of a step: ``RunContext`` implements ``rig.steps.context.StepContext``."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from instruments.roles import Waveform
from instruments.station import Station
from rig.events import Event, MeasurementMade
from rig.model import Measurement, Observation, Verdict
from rig.records import RecordWriter
from rig.run_clock import RunClock
from rig.run_plan import ProductShape, StepPlan
from rig.safety import SafetyMonitor
from rig.safety_watch import WATCH_MIN_WAIT_S, SafetyWatch, check_cutting_power
from rig.steps.context import RunAborted

OPERATOR_ABORT = "aborted by the operator"


@dataclass
class RunContext:
    """Give one step its station, settings and limits; record and report what it measures."""

    station: Station
    plan: StepPlan
    shape: ProductShape
    record: RecordWriter
    notify: Callable[[Event], None]
    stop: threading.Event
    clock: RunClock
    safety: SafetyMonitor
    measurements: list[Measurement] = field(default_factory=list)
    watch: SafetyWatch | None = None  # the run's safety watch, read during long enough waits
    observations: list[Observation] = field(default_factory=list)  # the run's unjudged values
    _watched: bool = field(default=False, init=False)  # whether this step has had a watch reading

    # -- the StepContext attributes -------------------------------------------------------

    @property
    def step_id(self) -> str:
        return self.plan.step_id

    @property
    def operating_point_v(self) -> float:
        return self.plan.operating_point_v

    @property
    def params(self) -> Mapping[str, Any]:
        return self.plan.params

    @property
    def current_limit_a(self) -> float:
        return self.shape.current_limit_a

    @property
    def heads(self) -> int:
        return self.shape.heads

    @property
    def motors(self) -> int:
        return self.shape.motors

    @property
    def head_coupling(self) -> float:
        return self.shape.head_coupling

    def run_time_s(self) -> float:
        """Return instrument seconds since the run started."""
        return self.clock.now_s()

    # -- measuring and recording ----------------------------------------------------------

    def wants(self, measurement: str) -> bool:
        """Return True when the spec gives limits for this measurement of this step."""
        return measurement in self.plan.limits

    def measure(self, measurement: str, value: float) -> Measurement:
        """Judge a value against the spec's limits, record it and report it."""
        limits = self.plan.limits.get(measurement)
        if limits is None:
            raise KeyError(f"the spec gives step {self.step_id!r} no limits for {measurement!r}")
        value = float(value)
        result = Measurement(
            name=f"{self.step_id}.{measurement}", value=value, unit=limits.unit,
            low=limits.low, high=limits.high, verdict=limits.judge(value), step=self.step_id,
        )
        self.measurements.append(result)
        self.record.add_measurement(result, self.clock.now_s())
        self.notify(MeasurementMade(result))
        return result

    def observe(self, name: str, value: float, unit: str) -> None:
        """Record a value the step saw but does not judge (for the diagnosis)."""
        observation = Observation(self._qualified(name), float(value), unit, self.step_id)
        self.observations.append(observation)
        self.record.add_observation(observation, self.clock.now_s())

    @property
    def failed(self) -> bool:
        return any(m.verdict is Verdict.FAIL for m in self.measurements)

    def _qualified(self, name: str) -> str:
        return name if name.startswith(f"{self.step_id}.") else f"{self.step_id}.{name}"

    def save_waveform(self, name: str, waveform: Waveform) -> None:
        """Store a raw capture in the run's record (all its channels, full rate)."""
        start_s = self.clock.now_s() - waveform.duration_s
        self.record.add_waveform(self._qualified(name), waveform, start_s=max(start_s, 0.0))

    def save_trend(self, name: str, t_s: np.ndarray, values: np.ndarray, unit: str) -> None:
        """Store a slow signal (temperatures, speed, current over minutes) in the record."""
        self.record.add_trend(self._qualified(name), t_s, values, unit)

    def emit(self, event: Event) -> None:
        """Report a live-only event (samples, a spectrum) to the observers."""
        self.notify(event)

    def log(self, message: str) -> None:
        """Add a line to the run's event log."""
        self.record.add_event(self.clock.now_s(), "log", f"{self.step_id}: {message}")

    # -- waiting, stopping, safety --------------------------------------------------------

    def sleep(self, duration_s: float) -> None:
        """Wait seconds of instrument time (scaled by the station's time scale), abortable.

        A long enough wait also takes the safety watch's readings when they are
        due (at least once per step), and sleeps only what is left after them.
        """
        if duration_s <= 0 or self.watch is None:
            if duration_s > 0 and self.clock.wait(self.stop, duration_s):
                raise RunAborted(OPERATOR_ABORT)
            self.check_stop()
            return
        end_s = self.clock.now_s() + duration_s
        while True:
            self.check_stop()
            now_s = self.clock.now_s()
            left_s = end_s - now_s
            if left_s >= WATCH_MIN_WAIT_S and (not self._watched or self.watch.due(now_s)):
                lead_s = left_s - WATCH_MIN_WAIT_S
                if not self._watched and 0 < lead_s <= self._until_watch_due_s(now_s):
                    # The step's first reading comes last in its wait, where a speed change
                    # has settled, as long as that keeps the watch on its interval.
                    if self.clock.wait(self.stop, lead_s):
                        raise RunAborted(OPERATOR_ABORT)
                self.watch_now()
                continue
            if left_s <= 0:
                return
            wait_s = left_s
            if self.watch.last_read_s is not None:  # wake when the next reading falls due
                until_due_s = self.watch.last_read_s + self.watch.interval_s - now_s
                if 0 < until_due_s <= left_s - WATCH_MIN_WAIT_S:
                    wait_s = until_due_s
            if self.clock.wait(self.stop, wait_s):
                raise RunAborted(OPERATOR_ABORT)

    def _until_watch_due_s(self, now_s: float) -> float:
        last_s = self.watch.last_read_s
        return 0.0 if last_s is None else max(0.0, last_s + self.watch.interval_s - now_s)

    def watch_now(self, *, with_current: bool = True) -> None:
        """Take a safety watch reading now (no-op without a watch); raise RunAborted over a limit."""
        if self.watch is not None:
            self._watched = True
            self.watch.read(with_current=with_current)

    def check_stop(self) -> None:
        """Raise RunAborted when the operator has asked the run to stop."""
        if self.stop.is_set():
            raise RunAborted(OPERATOR_ABORT)

    def check_safety(self, *, temperatures_c: Mapping[str, float] | None = None,
                     current_a: float | None = None) -> None:
        """Raise RunAborted(safety=True) when a reading crosses the spec's safety limits."""
        check_cutting_power(self.station, self.safety, self.clock.now_s(), temperatures_c, current_a)
