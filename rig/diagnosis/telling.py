"""The signal that tells a cause, read from the run's record for the repair ticket."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from instruments.station_config import SignalChannel
from rig.diagnosis.physics import nominal_motor, predicted_point
from rig.model import RunSummary
from rig.records.reader import Record
from rig.specs.diagnosis_section import DesignValue

SPECTRUM_CAUSES = ("bearing_wear", "loose_eccentric", "misalignment")
CURRENT_CAUSES = ("brush_wear", "intermittent_cord", "seized_rotor", "dead_motor_b")
TREND_CAUSES = {"blocked_vent": "thermal.housing_temp", "wear_out": "durability.supply_current"}
# How much of the current to show: a few rotations of commutation ripple, or the whole capture.
CURRENT_WINDOW_S = {"brush_wear": 0.08}


@dataclass(frozen=True)
class Series:
    label: str
    x: np.ndarray
    y: np.ndarray
    points: bool = False  # markers instead of a line


@dataclass(frozen=True)
class TellingPlot:
    """One plot for the ticket: its title, axes and series."""

    title: str
    x_label: str
    y_label: str
    series: tuple[Series, ...]
    marks_x: tuple[float, ...] = field(default=())  # vertical guides (harmonic orders)


def telling_plot(summary: RunSummary, record: Record, signals: Mapping[str, SignalChannel],
                 model: Mapping[str, DesignValue], limit_a: float) -> TellingPlot | None:
    """Return the plot that shows the diagnosed cause, or None when the record lacks its signal."""
    cause = summary.diagnosis.cause if summary.diagnosis else ""
    if cause in SPECTRUM_CAUSES:
        return _spectrum(record, signals)
    if cause in CURRENT_CAUSES:
        return _current(record, signals, spin_up=cause in ("seized_rotor", "dead_motor_b"),
                        window_s=CURRENT_WINDOW_S.get(cause))
    if cause in TREND_CAUSES:
        trend = next((t for t in record.trends if t.name == TREND_CAUSES[cause]), None)
        if trend is not None:
            return TellingPlot(f"{trend.name} over the step", "run time (s)", trend.unit,
                               (Series(trend.name, np.asarray(trend.t_s), np.asarray(trend.values)),))
    return _speed_against_design(summary, model, limit_a)


def _speed_against_design(summary: RunSummary, model: Mapping[str, DesignValue], limit_a: float) -> TellingPlot | None:
    obs = {o.name: o.value for o in summary.observations}
    steps = [name.removesuffix(".supply_v") for name in obs if name.endswith(".supply_v")]
    if not steps:
        return None
    volts = np.array([obs[f"{s}.supply_v"] for s in steps])
    speed = np.array([obs.get(f"{s}.motor_a_hz", math.nan) for s in steps])
    design_v = np.linspace(max(volts.min() - 1.0, 1.0), volts.max() + 0.5, 30)
    motor = nominal_motor(model)
    design_hz = np.array([predicted_point([motor], v, limit_a).motor_rad_s[0] / (2 * math.pi) for v in design_v])
    return TellingPlot("Motor A's speed against the design's, at each supply voltage", "supply (V)", "speed (Hz)",
                       (Series("design", design_v, design_hz), Series("this unit", volts, speed, points=True)))


def _capture(record: Record, role: str, spin_up: bool):
    named = [c for c in record.captures if c.name.endswith(f".{role}")]
    if spin_up:
        named = [c for c in named if c.name.startswith("spin_up.")] or named
    else:
        named = [c for c in named if not c.name.startswith("spin_up.")] or named
    return named[-1] if named else None


def _signal(signals: Mapping[str, SignalChannel], name: str) -> SignalChannel | None:
    return signals.get(name)


def _current(record: Record, signals: Mapping[str, SignalChannel], *, spin_up: bool,
             window_s: float | None) -> TellingPlot | None:
    channel = _signal(signals, "motor_current")
    capture = _capture(record, channel.instrument if channel else "current_daq", spin_up)
    if capture is None or channel is None:
        return None
    amps = capture.column(channel.channel) / (channel.volts_per_unit or 1.0)
    n = amps.size if window_s is None else min(amps.size, int(window_s * capture.sample_rate_hz))
    t_s = np.arange(n) / capture.sample_rate_hz
    step = max(1, n // 2000)  # a page shows no more than this
    return TellingPlot(f"Motor current, {capture.name.split('.')[0]} capture", "time (s)", "current (A)",
                       (Series("current", t_s[::step], amps[:n:step]),))


def _spectrum(record: Record, signals: Mapping[str, SignalChannel]) -> TellingPlot | None:
    channel = _signal(signals, "head1_accel")
    capture = _capture(record, channel.instrument if channel else "vibration_daq", spin_up=False)
    if capture is None or channel is None:
        return None
    g = capture.column(channel.channel) / (channel.volts_per_unit or 1.0)
    g = g - g.mean()
    window = np.hanning(g.size)
    amplitude = np.abs(np.fft.rfft(g * window)) * 2.0 / window.sum()
    freqs = np.fft.rfftfreq(g.size, 1.0 / capture.sample_rate_hz)
    keep = (freqs > 5.0) & (freqs <= 400.0)
    f1 = float(freqs[keep][np.argmax(amplitude[keep])])
    level_db = 20.0 * np.log10(np.maximum(amplitude[keep], 1e-6) / amplitude[keep].max())
    return TellingPlot(f"Head 1 spectrum, {capture.name.split('.')[0]} capture (dB of 1x)", "frequency (Hz)",
                       "level (dB)", (Series("spectrum", freqs[keep], level_db),),
                       marks_x=tuple(f1 * k for k in range(1, 6)))
