"""Motor current: ripple and supply dropouts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.signal import butter, sosfiltfilt

from rig.analysis.spectrum import tone_phasors

COMMUTATION_ORDER = 6  # a 3-pole motor's ripple sits at 6x its rotation frequency


def lowpass(x: np.ndarray, sample_rate_hz: float, cutoff_hz: float, order: int = 4) -> np.ndarray:
    """Return x through a zero-phase Butterworth low-pass (unchanged if cutoff >= Nyquist)."""
    x = np.asarray(x, dtype=float)
    if cutoff_hz >= 0.5 * sample_rate_hz:
        return x
    sos = butter(order, cutoff_hz, fs=sample_rate_hz, output="sos")
    return sosfiltfilt(sos, x)


def moving_average(x: np.ndarray, n_samples: int) -> np.ndarray:
    """Return the centred moving average of x over n_samples (same length)."""
    n_samples = max(1, int(n_samples))
    return np.convolve(np.asarray(x, dtype=float), np.ones(n_samples) / n_samples, mode="same")


def bandpass(x: np.ndarray, sample_rate_hz: float, low_hz: float, high_hz: float, order: int = 4) -> np.ndarray:
    """Return x through a zero-phase Butterworth band-pass (a low-pass if high_hz >= Nyquist)."""
    x = np.asarray(x, dtype=float)
    if high_hz >= 0.5 * sample_rate_hz:
        sos = butter(order, low_hz, btype="highpass", fs=sample_rate_hz, output="sos")
    else:
        sos = butter(order, (low_hz, high_hz), btype="bandpass", fs=sample_rate_hz, output="sos")
    return sosfiltfilt(sos, x)


def ripple_percent(current_a: np.ndarray, sample_rate_hz: float, *, band_hz: tuple[float, float] = (20.0, 2000.0),
                   tail_percent: float = 0.5) -> float:
    """Return the current's peak-to-peak ripple in % of its mean.

    The ripple band (commutation at 6x rotation and what rides on it) is cut
    out first, so a speed change still settling does not read as ripple. Peak
    to peak is taken between the tail_percent and 100 - tail_percent
    percentiles: sample noise and a rare spike do not set it, spikes frequent
    enough to matter (brush wear) do.
    """
    mean_a = float(np.mean(current_a))
    if mean_a <= 0.0:
        return float("inf")
    ripple = bandpass(current_a, sample_rate_hz, *band_hz)
    low, high = np.percentile(ripple, [tail_percent, 100.0 - tail_percent])
    return float((high - low) / mean_a * 100.0)


def motor_ripple_percent(current_a: np.ndarray, sample_rate_hz: float, motor_hz: Sequence[float],
                         order: int = COMMUTATION_ORDER) -> tuple[float, ...]:
    """Return each motor's commutation ripple, peak to peak, in % of its share of the mean current.

    Motors in parallel on one supply add their ripples, each at ``order`` x its
    own rotation frequency. The motors' frequencies, known precisely from the
    vibration, let one joint least-squares fit of those tones separate them
    even when they lie within a hertz of each other, so one worn motor shows
    its own ripple instead of one diluted by its healthy partner's current.
    Tones closer than a quarter of the capture's resolution cannot be told
    apart: then each motor reads their joint ripple over the whole current.
    """
    current_a = np.asarray(current_a, dtype=float)
    mean_a = float(np.mean(current_a))
    if mean_a <= 0.0 or not motor_hz:
        return tuple(float("inf") for _ in motor_hz)
    tones_hz = [order * f for f in motor_hz]
    if len(tones_hz) > 1 and np.min(np.diff(np.sort(tones_hz))) < 0.25 * sample_rate_hz / current_a.size:
        joint = tone_phasors(current_a - mean_a, sample_rate_hz, [float(np.mean(tones_hz))])[0]
        return tuple(float(2.0 * abs(joint) / mean_a * 100.0) for _ in tones_hz)
    share_a = mean_a / len(tones_hz)
    phasors = tone_phasors(current_a - mean_a, sample_rate_hz, tones_hz)
    return tuple(float(2.0 * abs(p) / share_a * 100.0) for p in phasors)


def count_dropouts(current_a: np.ndarray, sample_rate_hz: float, *, fraction: float = 0.2,
                   min_duration_s: float = 0.010, smooth_s: float = 0.001) -> int:
    """Count intervals where the current stays below fraction x its running level for > min_duration_s.

    The running level is the median, so long dropouts do not lower their own threshold.
    """
    smooth = moving_average(current_a, round(smooth_s * sample_rate_hz))
    level = float(np.median(current_a))
    below = np.concatenate(([False], smooth < fraction * level, [False]))
    edges = np.flatnonzero(np.diff(below.astype(np.int8)))
    starts, ends = edges[0::2], edges[1::2]
    return int(np.sum((ends - starts) / sample_rate_hz > min_duration_s))
