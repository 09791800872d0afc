"""Per-motor signature figures the diagnosis reads: harmonics, a bearing tone, current spikes.

The limits judge the worst head; a diagnosis wants each motor's own figures
(from its decoupled heads) to say which motor carries a defect.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from rig.analysis.harmonics import level_db
from rig.analysis.spectrum import tone_phasors

BEARING_BAND = (3.2, 3.95)  # where a rolling bearing's tone sits, in orders of the rotation (not 4x)
SPIKE_SHARE = 0.25  # an excursion above the running level this share of the mean current is a spike
SPIKE_LEVEL_S = 0.02  # the running level: the current averaged over this long
SPIKE_MERGE_S = 0.005  # excursions closer than this are one spike


def harmonic_levels_db(x: np.ndarray, sample_rate_hz: float, f1_hz: float) -> tuple[float, float, float]:
    """Return (1x peak amplitude, 2x in dB of 1x, 3x..5x combined in dB of 1x) of one signal."""
    levels = np.abs(tone_phasors(np.asarray(x, dtype=float), sample_rate_hz, [f1_hz * k for k in range(1, 6)]))
    return float(levels[0]), level_db(levels[1:2], levels[0]), level_db(levels[2:], levels[0])


def bearing_tone_db(x: np.ndarray, sample_rate_hz: float, f1_hz: float, fundamental: float) -> float:
    """Return the strongest tone between 3.2x and 3.95x the rotation, in dB of the 1x amplitude.

    A windowed spectrum's peak (Hann, coherent gain corrected) reads a tone's
    peak amplitude; a good bearing leaves only the noise floor there.
    """
    x = np.asarray(x, dtype=float)
    if fundamental <= 0.0 or f1_hz <= 0.0:
        return float("-inf")
    window = _hanning(x.size)
    spectrum = np.abs(np.fft.rfft((x - x.mean()) * window)) * 2.0 / window.sum()
    freqs = np.fft.rfftfreq(x.size, 1.0 / sample_rate_hz)
    band = (freqs >= BEARING_BAND[0] * f1_hz) & (freqs <= BEARING_BAND[1] * f1_hz)
    if not band.any():
        return float("-inf")
    return float(20.0 * np.log10(max(float(spectrum[band].max()), 1e-12) / fundamental))


def spikes_per_s(current_a: np.ndarray, sample_rate_hz: float) -> float:
    """Return how often the current jumps well above its running level, per second."""
    current_a = np.asarray(current_a, dtype=float)
    mean_a = float(np.mean(current_a))
    if mean_a <= 0.0 or current_a.size < 16:
        return 0.0
    window = max(1, round(SPIKE_LEVEL_S * sample_rate_hz))
    if current_a.size <= 2 * window:
        return 0.0
    # The running average is only whole a half window in from each end: judge the middle.
    excess = (current_a - _running_mean(current_a, window))[window // 2 + 1: -(window // 2 + 1)]
    above = np.flatnonzero(excess > SPIKE_SHARE * mean_a)
    if above.size == 0:
        return 0.0
    gaps = np.diff(above) > SPIKE_MERGE_S * sample_rate_hz
    return float((1 + int(np.sum(gaps))) / (excess.size / sample_rate_hz))


@lru_cache(maxsize=8)
def _hanning(n: int) -> np.ndarray:
    window = np.hanning(n)
    window.flags.writeable = False
    return window


def _running_mean(x: np.ndarray, n: int) -> np.ndarray:
    """Return the centred mean over n samples, same length (the ends average fewer): O(len) by cumsum."""
    padded = np.concatenate(([0.0], np.cumsum(x)))
    half = n // 2
    upper = np.minimum(np.arange(x.size) + n - half, x.size)
    lower = np.maximum(np.arange(x.size) - half, 0)
    return (padded[upper] - padded[lower]) / (upper - lower)


def motor_heads(n_heads: int, motors: int) -> Sequence[Sequence[int]]:
    """Return the 0-based heads each motor drives."""
    per = n_heads // motors
    return [range(m * per, (m + 1) * per) for m in range(motors)]
