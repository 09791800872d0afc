"""Harmonic levels relative to the fundamental, and broadband vibration."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rig.analysis.spectrum import tone_fit, tone_phasors


def level_db(harmonics: np.ndarray, fundamental: float) -> float:
    """Return the power sum of harmonic amplitudes relative to the fundamental's, in dB."""
    combined = float(np.sqrt(np.sum(np.square(harmonics))))
    if fundamental == 0.0:
        return float("inf")
    if combined == 0.0:
        return float("-inf")
    return float(20.0 * np.log10(combined / fundamental))


def harmonic_level_db(x: np.ndarray, sample_rate_hz: float, fundamental_hz: float,
                      orders: Sequence[int]) -> float:
    """Return the combined level of the given harmonics in dB relative to 1x (-inf if none)."""
    phasors = tone_phasors(x, sample_rate_hz, [fundamental_hz * k for k in (1, *orders)])
    return level_db(np.abs(phasors[1:]), float(abs(phasors[0])))


def broadband_rms(x: np.ndarray, sample_rate_hz: float, tones_hz: Sequence[float], *,
                  exclude_hz: float = 2.0, band_hz: tuple[float, float] = (2.0, 1000.0)) -> float:
    """Return the RMS of x within band_hz, leaving out +-exclude_hz around each tone.

    The tones are first fitted and subtracted in the time domain, so none of
    their energy leaks past the exclusion through the window's side lobes;
    what remains (harmonics, bearing tones, noise) is summed by Parseval.
    """
    x = np.asarray(x, dtype=float)
    residual = x - tone_fit(x, sample_rate_hz, tones_hz) if len(tones_hz) else x - x.mean()
    spectrum = np.fft.rfft(residual)
    freqs = np.fft.rfftfreq(x.size, 1.0 / sample_rate_hz)
    keep = (freqs >= band_hz[0]) & (freqs <= band_hz[1])
    for f in tones_hz:
        keep &= np.abs(freqs - f) > exclude_hz
    # One-sided power: bins other than DC and Nyquist stand for two.
    power = 2.0 * np.sum(np.abs(spectrum[keep]) ** 2) / x.size**2
    return float(np.sqrt(power))
