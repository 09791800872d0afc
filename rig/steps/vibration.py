"""Shared by the running steps: capture heads and current together, analyse, report."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rig.analysis.heads import VibrationResult, analyse_heads
from rig.analysis.ripple import count_dropouts, ripple_percent
from rig.analysis.spectrum import amplitude_spectrum
from rig.events import SamplesAcquired, WaveformCaptured
from rig.model import Measurement
from rig.steps.capture import Acquisition, Capture, head_signal
from rig.steps.context import StepContext

CURRENT = "motor_current"
SPEED = "motor_a_speed_rpm"  # the live speed trend: the spin-up's cycle by cycle, then each tachometer reading
SPECTRUM_MAX_HZ = 1000.0  # what the live plot shows; the record keeps the raw capture


@dataclass(frozen=True)
class RunningCapture:
    """One capture of a running unit and what it says."""

    capture: Capture
    vibration: VibrationResult
    current_a: np.ndarray

    @property
    def mean_current_a(self) -> float:
        return float(np.mean(self.current_a))

    def ripple_percent(self) -> float:
        return ripple_percent(self.current_a, self.capture.sample_rate_hz)

    def dropouts(self) -> int:
        return count_dropouts(self.current_a, self.capture.sample_rate_hz)

    @property
    def mean_head_g(self) -> float:
        return float(np.mean(self.vibration.head_g))


def running_acquisition(ctx: StepContext, sample_rate_hz: float, capture_s: float) -> Acquisition:
    """Return an acquisition of every head and the motor current."""
    signals = [head_signal(h) for h in range(1, ctx.heads + 1)] + [CURRENT]
    return Acquisition(ctx, signals, sample_rate_hz, capture_s)


def analyse_running(ctx: StepContext, capture: Capture) -> RunningCapture:
    """Analyse a capture of a running unit and show its current live."""
    current_a = capture.signals[CURRENT]
    show_current(ctx, capture)
    vibration = analyse_heads(capture.heads(ctx.heads), capture.sample_rate_hz, ctx.motors, ctx.head_coupling)
    return RunningCapture(capture, vibration, current_a)


def show_current(ctx: StepContext, capture: Capture) -> None:
    """Show a capture's motor current live, at its place on the run's time axis."""
    ctx.emit(SamplesAcquired(signal=CURRENT, unit="A", t0_s=capture.t0_s, sample_rate_hz=capture.sample_rate_hz,
                             values=capture.signals[CURRENT]))


def show_heads(ctx: StepContext, running: RunningCapture, measured: dict[str, Measurement]) -> None:
    """Report each head's waveform and spectrum with the limit bands that applied."""
    band = _band(measured.get("fundamental"))
    for head in range(1, ctx.heads + 1):
        waveform_g = running.capture.signals[head_signal(head)]
        freqs, spectrum = amplitude_spectrum(waveform_g, running.capture.sample_rate_hz, SPECTRUM_MAX_HZ)
        ctx.emit(WaveformCaptured(head=head, sample_rate_hz=running.capture.sample_rate_hz,
                                  waveform_g=waveform_g, frequencies_hz=freqs, spectrum_g=spectrum,
                                  band_hz=band, level_band_g=_band(measured.get(f"head{head}_accel"))))


def _band(measurement: Measurement | None) -> tuple[float, float] | None:
    if measurement is None or (measurement.low is None and measurement.high is None):
        return None
    low = measurement.low if measurement.low is not None else 0.0
    high = measurement.high if measurement.high is not None else max(measurement.value, low) * 1.5
    return (low, high)


def measure_wanted(ctx: StepContext, values: dict[str, float]) -> dict[str, Measurement]:
    """Measure every value the spec asks for; return the judged measurements by name."""
    return {name: ctx.measure(name, value) for name, value in values.items() if ctx.wants(name)}
