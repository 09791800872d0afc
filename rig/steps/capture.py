"""Arm the DAQs for the signals a step needs, fetch them and calibrate to engineering units."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from instruments.roles import Daq, Waveform
from instruments.station import SignalChannel
from rig.steps.context import StepContext

# Bipolar input ranges: heads reach a few g at 100 mV/g; the inrush reaches
# the supply's 3.2 A clamp at 1 V/A. The next range down would clip those.
RANGE_V = {"g": 1.25, "A": 5.0}
FETCH_MARGIN_S = 2.0  # wall seconds allowed beyond the capture itself


def head_signal(head: int) -> str:
    """Return the station signal name of a 1-based head's accelerometer."""
    return f"head{head}_accel"


@dataclass(frozen=True)
class Capture:
    """Calibrated signals of one simultaneous capture, by signal name."""

    sample_rate_hz: float
    signals: dict[str, np.ndarray]
    waveforms: dict[str, Waveform]  # raw volts, by DAQ role, for the record
    t0_s: float = 0.0  # run time of the first sample: when the capture was armed

    def heads(self, n_heads: int) -> np.ndarray:
        """Return the head accelerations as columns (n_samples, n_heads), in g."""
        return np.column_stack([self.signals[head_signal(h)] for h in range(1, n_heads + 1)])


class Acquisition:
    """One single-shot capture over every DAQ that carries one of the named signals."""

    def __init__(self, ctx: StepContext, signals: list[str], sample_rate_hz: float, capture_s: float) -> None:
        self.ctx = ctx
        self.sample_rate_hz = float(sample_rate_hz)
        self.n_points = max(16, round(capture_s * sample_rate_hz))
        self.capture_s = capture_s
        self.armed_at_s = 0.0
        self.by_role: dict[str, list[SignalChannel]] = {}
        for name in signals:
            channel = ctx.station.signals[name]
            self.by_role.setdefault(channel.instrument, []).append(channel)

    def _daq(self, role: str) -> Daq:
        return getattr(self.ctx.station, role)

    def arm(self) -> None:
        """Configure every DAQ involved and start its single shot (returns at once)."""
        for role, channels in self.by_role.items():
            range_v = max(RANGE_V.get(c.unit, 10.0) for c in channels)
            self._daq(role).configure(tuple(c.channel for c in channels), range_v, self.sample_rate_hz)
        self.armed_at_s = self.ctx.run_time_s()
        for role in self.by_role:
            self._daq(role).start_single(self.n_points)

    def fetch(self) -> Capture:
        """Wait for every DAQ's capture and return the calibrated signals."""
        timeout_s = self.capture_s / self.ctx.station.time_scale + FETCH_MARGIN_S
        signals, waveforms = {}, {}
        for role, channels in self.by_role.items():
            waveform = self._daq(role).fetch_single(timeout_s)
            waveforms[role] = waveform
            for channel in channels:
                signals[channel.signal] = waveform.column(channel.channel) / (channel.volts_per_unit or 1.0)
        return Capture(self.sample_rate_hz, signals, waveforms, self.armed_at_s)

    def acquire(self) -> Capture:
        """Arm and fetch at once, for captures that need nothing done in between."""
        self.arm()
        return self.fetch()


def save_capture(ctx: StepContext, capture: Capture, prefix: str = "") -> None:
    """Store the raw waveforms of a capture in the record, one per DAQ role."""
    for role, waveform in capture.waveforms.items():
        ctx.save_waveform(f"{prefix}{role}", waveform)


def apply_operating_point(ctx: StepContext) -> None:
    """Set the step's voltage and the spec's current limit; switch the output on if it is off."""
    supply = ctx.station.supply
    supply.set_output(ctx.operating_point_v, ctx.current_limit_a)
    if not supply.output_enabled():
        supply.enable_output(True)
