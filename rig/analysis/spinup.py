"""Spin-up from a capture that starts before switch-on: inrush and time to 90 % speed.

Speed comes from the vibration: every cycle between two upward zero crossings
of the low-passed head signal gives one instantaneous frequency. A Schmitt
trigger at a tenth of the final amplitude ignores the noise of the first,
slow turns (vibration grows with speed squared).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rig.analysis.ripple import lowpass, moving_average

MIN_CYCLES = 4


@dataclass(frozen=True)
class SpinUp:
    """When the supply came on, how fast the rotor got, and how long it took to 90 %."""

    switch_on_s: float  # from the start of the capture
    final_hz: float  # 0 when no rotation was seen
    time_to_90_s: float  # +inf: stalled, or still accelerating at the end of the capture


def inrush_peak_a(current_a: np.ndarray, sample_rate_hz: float, window_s: float = 0.04) -> float:
    """Return the largest current averaged over window_s: the level the supply's clamp holds.

    The commutation ripple rides on the clamped current (+-4 % on a quad head);
    it is the motor's, not an overshoot of the clamp, and the average removes
    it. A supply that does not clamp still shows: the unclamped inrush (V/R,
    several amperes) decays with the rotor's time constant, well over 40 ms.
    """
    return float(np.max(moving_average(current_a, round(window_s * sample_rate_hz))))


def switch_on_s(current_a: np.ndarray, sample_rate_hz: float) -> float:
    """Return when the current first rises halfway from its starting level to its final level."""
    current_a = moving_average(current_a, round(0.0002 * sample_rate_hz))
    n = current_a.size
    start = float(np.min(current_a))  # the capture is armed before switch-on
    final = float(np.median(current_a[-max(1, n // 10):]))
    rising = np.flatnonzero(current_a > start + 0.5 * (final - start))
    return float(rising[0] / sample_rate_hz) if rising.size and final > start else float("nan")


def cycle_frequencies(x: np.ndarray, sample_rate_hz: float, hysteresis: float) -> tuple[np.ndarray, np.ndarray]:
    """Return (cycle mid-times s, cycle frequencies Hz) from upward crossings with hysteresis."""
    x = np.asarray(x, dtype=float)
    beyond = np.flatnonzero(np.abs(x) > hysteresis)
    if beyond.size < 2:
        return np.empty(0), np.empty(0)
    high = x[beyond] > 0
    rise = np.flatnonzero(high[1:] & ~high[:-1])  # last low sample beyond[rise], first high beyond[rise+1]
    crossings = []
    for before, after in zip(beyond[rise], beyond[rise + 1], strict=True):
        segment = x[before:after + 1]
        k = before + int(np.flatnonzero(segment <= 0)[-1])
        crossings.append(k + x[k] / (x[k] - x[k + 1]))
    times = np.asarray(crossings) / sample_rate_hz
    if times.size < 2:
        return np.empty(0), np.empty(0)
    return 0.5 * (times[1:] + times[:-1]), 1.0 / np.diff(times)


def spin_up(vibration_g: np.ndarray, current_a: np.ndarray, sample_rate_hz: float, *,
            lowpass_hz: float = 200.0, min_vibration_g: float = 0.05, settled_percent: float = 1.5) -> SpinUp:
    """Return the spin-up of one motor from its vibration and the supply current."""
    on_s = switch_on_s(current_a, sample_rate_hz)
    x = lowpass(np.asarray(vibration_g, dtype=float) - np.mean(vibration_g), sample_rate_hz, lowpass_hz)
    tail = x[-max(1, x.size // 5):]
    amplitude = 0.5 * float(np.percentile(tail, 99) - np.percentile(tail, 1))
    if amplitude < min_vibration_g or on_s != on_s:
        return SpinUp(on_s, 0.0, float("inf"))
    mid_s, freq_hz = cycle_frequencies(x, sample_rate_hz, 0.1 * amplitude)
    duration_s = x.size / sample_rate_hz
    last = mid_s >= 0.9 * duration_s
    if freq_hz.size < MIN_CYCLES or last.sum() < 2:
        return SpinUp(on_s, 0.0, float("inf"))
    final_hz = float(np.median(freq_hz[last]))
    if not _settled(mid_s, freq_hz, duration_s, settled_percent):
        return SpinUp(on_s, final_hz, float("inf"))
    return SpinUp(on_s, final_hz, _time_to_fraction(mid_s, freq_hz, 0.9 * final_hz) - on_s)


def _settled(mid_s: np.ndarray, freq_hz: np.ndarray, duration_s: float, percent: float) -> bool:
    # Still accelerating at the end means the real 90 % point lies beyond the capture.
    late = freq_hz[mid_s >= 0.9 * duration_s]
    before = freq_hz[(mid_s >= 0.75 * duration_s) & (mid_s < 0.85 * duration_s)]
    if late.size == 0 or before.size == 0:
        return True
    return (late.mean() - before.mean()) / before.mean() * 100.0 <= percent


def _time_to_fraction(mid_s: np.ndarray, freq_hz: np.ndarray, target_hz: float) -> float:
    below = np.flatnonzero(freq_hz < target_hz)
    if below.size == 0:
        return float(mid_s[0])
    i = int(below[-1])
    if i + 1 >= freq_hz.size:
        return float("inf")
    share = (target_hz - freq_hz[i]) / (freq_hz[i + 1] - freq_hz[i])
    return float(mid_s[i] + share * (mid_s[i + 1] - mid_s[i]))
