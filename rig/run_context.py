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
from rig.events import Event, MeasurementMade
from rig.model import Limits, Measurement, RunRequest, Verdict
from rig.records import RecordWriter
from rig.safety import SafetyMonitor
from rig.specs import Spec
from rig.steps.context import RunAborted

OPERATOR_ABORT = "aborted by the operator"


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
    )


class RunClock:
    """Run time in instrument seconds: wall time since the start, times the station's time scale."""

    def __init__(self, time_scale: float) -> None:
        self.time_scale = time_scale
        self._started = time.monotonic()

    def now_s(self) -> float:
        return (time.monotonic() - self._started) * self.time_scale


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
        """Wait seconds of instrument time (scaled by the station's time scale), abortable."""
        if duration_s > 0 and self.stop.wait(duration_s / self.clock.time_scale):
            raise RunAborted(OPERATOR_ABORT)
        self.check_stop()

    def check_stop(self) -> None:
        """Raise RunAborted when the operator has asked the run to stop."""
        if self.stop.is_set():
            raise RunAborted(OPERATOR_ABORT)

    def check_safety(self, *, temperatures_c: Mapping[str, float] | None = None,
                     current_a: float | None = None) -> None:
        """Raise RunAborted(safety=True) when a reading crosses the spec's safety limits."""
        self.safety.check(self.clock.now_s(), temperatures_c=temperatures_c, current_a=current_a)
