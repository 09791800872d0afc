"""The runner's side of a step: ``RunContext`` implements ``rig.steps.context.StepContext``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from instruments.roles import Waveform
from instruments.station import Station
from rig.events import Event, MeasurementMade, SamplesAcquired
from rig.model import Limits, Measurement, Observation, RunRequest, Verdict
from rig.records import RecordWriter
from rig.safety import SafetyMonitor
from rig.specs import Spec
from rig.specs.diagnosis_section import DiagnosisSpec
from rig.steps.context import RunAborted

OPERATOR_ABORT = "aborted by the operator"
WATCH_INTERVAL_S = 2.0  # instrument seconds between the safety watch's readings during waits
# A watch reading (a four-channel thermocouple scan, about 0.1 s, and a current
# readback) is taken only inside a wait at least this long, so it adds no takt.
WATCH_MIN_WAIT_S = 0.2
WATCH_CURRENT = "supply_current"


@dataclass(frozen=True)
class StepPlan:
    """One step of a sequence, with everything the spec says about it."""

    step_id: str
    kind: str
    operating_point_v: float
    params: Mapping[str, Any]
    limits: Mapping[str, Limits]
    dwell_s: float  # instrument time the spec asks this step to spend (settle, capture, dwell)


@dataclass(frozen=True)
class ProductShape:
    """What the spec says about the unit's build, for steps that care."""

    heads: int
    motors: int
    head_coupling: float
    current_limit_a: float


class BadRequest(ValueError):
    """The request does not fit the spec: wrong product, serial or sequence."""


@dataclass(frozen=True)
class RunPlan:
    """A request resolved against a spec: the steps to run and the limits that hold."""

    spec_id: str
    spec_revision: int
    spec_sha256: str
    spec_text: str
    steps: tuple[StepPlan, ...]
    stop_on_fail: bool
    shape: ProductShape
    max_temperature_c: float
    over_current_for_s: float
    diagnosis: DiagnosisSpec | None = None  # the spec's motor design and retest policy by cause

    def expected_duration_s(self, time_scale: float) -> float:
        """Return the wall-clock estimate of the whole sequence."""
        return sum(step.dwell_s for step in self.steps) / time_scale


def plan_run(spec: Spec, request: RunRequest, kinds: Mapping[str, Any]) -> RunPlan:
    """Resolve a request against a loaded spec; raise BadRequest when they do not fit."""
    if request.product != spec.product:
        raise BadRequest(f"product {request.product!r} does not match the spec, which is for "
                         f"{spec.product!r}")
    if not spec.serial_matches(request.serial):
        raise BadRequest(f"serial {request.serial!r} does not match {spec.serial_pattern} "
                         f"for {spec.product}")
    try:
        sequence = spec.sequence(request.sequence)
    except KeyError as exc:
        raise BadRequest(exc.args[0]) from None
    steps = []
    for step in sequence.steps:
        if step.kind not in kinds:
            raise BadRequest(f"step {step.id!r} is of kind {step.kind!r}, which this rig does not "
                             f"know (known: {', '.join(sorted(kinds))})")
        steps.append(StepPlan(step.id, step.kind, step.operating_point_v, step.params,
                              step.limits, kinds[step.kind].expected_duration_s(step.params)))
    return RunPlan(
        spec_id=spec.product, spec_revision=spec.revision, spec_sha256=spec.sha256,
        spec_text=spec.text, steps=tuple(steps), stop_on_fail=sequence.stop_on_fail,
        shape=ProductShape(spec.heads, spec.motors, spec.head_coupling, spec.supply_current_limit_a),
        max_temperature_c=spec.safety.max_temperature_c,
        over_current_for_s=spec.safety.over_current_for_s,
        diagnosis=getattr(spec, "diagnosis", None),
    )


class RunClock:
    """Run time in instrument seconds: wall time since the start, times the station's time scale."""

    def __init__(self, time_scale: float) -> None:
        self.time_scale = time_scale
        self._started = time.monotonic()

    def now_s(self) -> float:
        return (time.monotonic() - self._started) * self.time_scale


class SafetyWatch:
    """Read the thermocouples and the supply current between measurements, for the whole run.

    Every reading goes through the safety interlock, is shown live (one point
    per thermocouple) and kept, to be stored as the run's watch trends.
    """

    def __init__(self, station: Station, safety: SafetyMonitor, clock: RunClock,
                 notify: Callable[[Event], None], interval_s: float = WATCH_INTERVAL_S) -> None:
        self.station, self.safety, self.clock, self.notify = station, safety, clock, notify
        self.interval_s = interval_s
        self.channels = {name: signal.channel for name, signal in station.signals.items()
                         if signal.unit == "degC"}
        self.last_read_s: float | None = None
        self._t_s: dict[str, list[float]] = {}
        self._values: dict[str, list[float]] = {}

    def due(self, now_s: float) -> bool:
        """Return True when no reading was taken yet or the last one is an interval old."""
        return self.last_read_s is None or now_s - self.last_read_s >= self.interval_s

    def read(self, *, with_current: bool = True) -> None:
        """Take one reading now and judge it; raise RunAborted(safety=True) over a limit."""
        temperatures_c = {}
        if self.channels:
            by_channel = self.station.thermometer.read_temperatures_c(tuple(self.channels.values()))
            temperatures_c = {name: by_channel[channel] for name, channel in self.channels.items()}
        current_a = self.station.supply.measure_current() if with_current else None
        now_s = self.clock.now_s()
        self.last_read_s = now_s
        for name, value_c in temperatures_c.items():
            self._keep(name, now_s, value_c)
            self.notify(SamplesAcquired(signal=name, unit="degC", t0_s=now_s, sample_rate_hz=0.0,
                                        values=np.array([value_c])))
        if current_a is not None:
            self._keep(WATCH_CURRENT, now_s, current_a)
        self.safety.check(now_s, temperatures_c=temperatures_c, current_a=current_a)

    def first_reading(self, signal: str) -> float | None:
        """Return the first value the watch read of a signal (None when it read none)."""
        values = self._values.get(signal)
        return values[0] if values else None

    def _keep(self, name: str, t_s: float, value: float) -> None:
        self._t_s.setdefault(name, []).append(t_s)
        self._values.setdefault(name, []).append(value)

    def save(self, record: RecordWriter) -> None:
        """Store every watched signal in the record as a trend named ``watch.<signal>``."""
        for name, times_s in self._t_s.items():
            unit = "A" if name == WATCH_CURRENT else "degC"
            record.add_trend(f"watch.{name}", np.array(times_s), np.array(self._values[name]), unit)


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
            if duration_s > 0 and self.stop.wait(duration_s / self.clock.time_scale):
                raise RunAborted(OPERATOR_ABORT)
            self.check_stop()
            return
        end_s = self.clock.now_s() + duration_s
        while True:
            self.check_stop()
            now_s = self.clock.now_s()
            left_s = end_s - now_s
            if left_s >= WATCH_MIN_WAIT_S and (not self._watched or self.watch.due(now_s)):
                self.watch_now()
                continue
            if left_s <= 0:
                return
            wait_s = left_s
            if self.watch.last_read_s is not None:  # wake when the next reading falls due
                until_due_s = self.watch.last_read_s + self.watch.interval_s - now_s
                if 0 < until_due_s <= left_s - WATCH_MIN_WAIT_S:
                    wait_s = until_due_s
            if self.stop.wait(wait_s / self.clock.time_scale):
                raise RunAborted(OPERATOR_ABORT)

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
        self.safety.check(self.clock.now_s(), temperatures_c=temperatures_c, current_a=current_a)
