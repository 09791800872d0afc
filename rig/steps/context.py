"""What a step may use while it runs: the runner hands every step one of these."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np

from instruments.roles import Waveform
from instruments.station import Station
from rig.events import Event
from rig.model import Measurement


class RunAborted(Exception):
    """Raised inside a step when the run must stop: operator abort or safety interlock."""

    def __init__(self, reason: str, *, safety: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.safety = safety


class StepContext(Protocol):
    """The runner's side of a step.

    ``sleep`` and ``check_stop`` raise RunAborted when the operator aborts;
    ``check_safety`` raises it (safety=True) when a temperature or the current
    crosses the spec's safety limits.
    """

    station: Station
    step_id: str
    operating_point_v: float  # supply volts of this step's operating point
    current_limit_a: float  # the spec's supply current limit
    params: Mapping[str, Any]  # the step's params from the spec file
    heads: int
    motors: int
    head_coupling: float

    def run_time_s(self) -> float:
        """Return instrument seconds since the run started (the time axis of every live trend)."""

    def wants(self, measurement: str) -> bool:
        """Return True when the spec gives limits for this measurement of this step."""

    def measure(self, measurement: str, value: float) -> Measurement:
        """Judge a value against the spec's limits, record it and report it."""

    def observe(self, name: str, value: float, unit: str) -> None:
        """Record a value the step saw but does not judge (for the diagnosis), as ``<step>.<name>``."""

    def save_waveform(self, name: str, waveform: Waveform) -> None:
        """Store a raw capture in the run's record (all its channels, full rate)."""

    def save_trend(self, name: str, t_s: np.ndarray, values: np.ndarray, unit: str) -> None:
        """Store a slow signal (temperatures, speed, current over minutes) in the record."""

    def emit(self, event: Event) -> None:
        """Report a live-only event (samples, a spectrum) to the observers."""

    def sleep(self, duration_s: float) -> None:
        """Wait seconds of instrument time (scaled by the station's time scale), abortable.

        The run's safety watch may read temperatures and current inside the
        wait (and abort the run); the wait still ends when it was due to.
        """

    def check_stop(self) -> None: ...

    def check_safety(self, *, temperatures_c: Mapping[str, float] | None = None,
                     current_a: float | None = None) -> None: ...

    def log(self, message: str) -> None: ...
