"""Events the runner reports to its observers, on whatever thread runs it.

Observers are plain callables taking one event. The GUI wraps them in an
adapter that re-emits each event as a queued Qt signal; the CLI prints them;
tests collect them in a list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from rig.model import Measurement, RunRequest, RunSummary, Verdict


@dataclass(frozen=True)
class RunStarted:
    request: RunRequest
    run_id: str
    record_path: str
    steps: tuple[str, ...]  # step ids of the sequence, in order
    expected_duration_s: float  # wall-clock estimate for progress and time left


@dataclass(frozen=True)
class StepStarted:
    step: str
    index: int  # 0-based position in RunStarted.steps
    expected_duration_s: float


@dataclass(frozen=True)
class SamplesAcquired:
    """A chunk of a live signal (current, speed, temperatures) for plotting."""

    signal: str  # e.g. "motor_current", "motor_a_speed_rpm", "housing_temp"
    unit: str
    t0_s: float  # run time of the first sample, simulated seconds
    sample_rate_hz: float
    values: np.ndarray


@dataclass(frozen=True)
class WaveformCaptured:
    """The latest accelerometer waveform and its spectrum for one head."""

    head: int  # 1-based
    sample_rate_hz: float
    waveform_g: np.ndarray
    frequencies_hz: np.ndarray
    spectrum_g: np.ndarray  # peak amplitude per bin
    band_hz: tuple[float, float] | None  # fundamental limit band to draw
    level_band_g: tuple[float, float] | None  # 1x acceleration limits to draw


@dataclass(frozen=True)
class MeasurementMade:
    measurement: Measurement


@dataclass(frozen=True)
class StepFinished:
    step: str
    verdict: Verdict
    message: str = ""  # for ERROR/ABORTED: what happened


@dataclass(frozen=True)
class RecordSinkFailed:
    """A finished record could not be handed to one of its sinks (the record itself is kept)."""

    sink: str  # e.g. "results index"
    message: str


@dataclass(frozen=True)
class RunFinished:
    summary: RunSummary


Event = (RunStarted | StepStarted | SamplesAcquired | WaveformCaptured | MeasurementMade
         | StepFinished | RecordSinkFailed | RunFinished)
Observer = Callable[[Event], None]
