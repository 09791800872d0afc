"""Spectra, refined peak frequencies and least-squares tone phasors."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import minimize_scalar


def amplitude_spectrum(x: np.ndarray, sample_rate_hz: float,
                       max_hz: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Return (frequencies, peak amplitude per bin) of a Hann-windowed signal, mean removed."""
    x = np.asarray(x, dtype=float)
    window = np.hanning(x.size)
    spectrum = np.abs(np.fft.rfft((x - x.mean()) * window)) * 2.0 / window.sum()
    freqs = np.fft.rfftfreq(x.size, 1.0 / sample_rate_hz)
    if max_hz is not None:
        keep = freqs <= max_hz
        freqs, spectrum = freqs[keep], spectrum[keep]
    return freqs, spectrum


def _windowed_dtft_magnitude(x: np.ndarray, window: np.ndarray, t_s: np.ndarray, f_hz: float) -> float:
    return float(np.abs(np.dot(x * window, np.exp(-2j * np.pi * f_hz * t_s))))


def peak_frequency_hz(x: np.ndarray, sample_rate_hz: float, low_hz: float, high_hz: float) -> float:
    """Return the frequency of the strongest tone between low_hz and high_hz.

    The Hann spectrum's largest bin gives the neighbourhood; the windowed DTFT
    magnitude is then maximised within one bin either side, which removes the
    bin quantisation (errors of a few mHz on clean 1 s captures).
    """
    x = np.asarray(x, dtype=float) - np.mean(x)
    freqs, spectrum = amplitude_spectrum(x, sample_rate_hz)
    band = np.flatnonzero((freqs >= low_hz) & (freqs <= high_hz))
    if band.size == 0:
        raise ValueError(f"no spectrum bins between {low_hz} and {high_hz} Hz")
    coarse_hz = freqs[band[np.argmax(spectrum[band])]]
    bin_hz = sample_rate_hz / x.size
    window = np.hanning(x.size)
    t_s = np.arange(x.size) / sample_rate_hz
    result = minimize_scalar(lambda f: -_windowed_dtft_magnitude(x, window, t_s, f),
                             bounds=(coarse_hz - bin_hz, coarse_hz + bin_hz), method="bounded",
                             options={"xatol": 1e-5})
    return float(result.x)


def tone_phasors(x: np.ndarray, sample_rate_hz: float, freqs_hz: Sequence[float]) -> np.ndarray:
    """Fit x = c + sum Re(p_k exp(i 2 pi f_k t)) by least squares; return the complex p_k.

    |p_k| is the peak amplitude of each tone. Unlike a windowed FFT bin this is
    unbiased for any capture length, and close tones are fitted jointly.
    """
    x = np.asarray(x, dtype=float)
    coeffs = least_squares(tone_design(x.size, sample_rate_hz, freqs_hz), x)
    return coeffs[1::2] - 1j * coeffs[2::2]


def tone_design(size: int, sample_rate_hz: float, freqs_hz: Sequence[float]) -> np.ndarray:
    """Return the columns of a tone fit: an offset, then cos and sin of each tone, over ``size`` samples."""
    t_s = np.arange(size) / sample_rate_hz
    columns = [np.ones_like(t_s)]
    for f in freqs_hz:
        phase = 2 * np.pi * f * t_s
        columns += [np.cos(phase), np.sin(phase)]
    return np.column_stack(columns)


def least_squares(design: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Return the c minimising |design @ c - x|, for a long design of a few columns.

    Solved by the normal equations with one step of iterative refinement, which
    brings the result to ``numpy.linalg.lstsq``'s for the conditioning of
    tone fits. The work on the long matrix is matrix products, during which
    other threads run; ``lstsq`` holds the interpreter lock through its whole
    factorisation (10-60 ms for one capture), and the window waits that long
    for it (docs/decisions/0038-start-and-stalls.md).
    """
    gram = design.T @ design
    norms = np.sqrt(np.diag(gram))
    scale = np.divide(1.0, norms, out=np.ones_like(norms), where=norms > 0)
    scaled_gram = gram * np.outer(scale, scale)

    def solve(rhs: np.ndarray) -> np.ndarray:
        return np.linalg.lstsq(scaled_gram, (design.T @ rhs) * scale, rcond=None)[0] * scale

    coeffs = solve(x)
    return coeffs + solve(x - design @ coeffs)


def tone_fit(x: np.ndarray, sample_rate_hz: float, freqs_hz: Sequence[float]) -> np.ndarray:
    """Return the least-squares fitted tones (and offset) as a signal, to subtract from x."""
    x = np.asarray(x, dtype=float)
    t_s = np.arange(x.size) / sample_rate_hz
    phasors = tone_phasors(x, sample_rate_hz, freqs_hz)
    fitted = np.zeros_like(t_s)
    for p, f in zip(phasors, freqs_hz, strict=True):
        fitted += np.real(p * np.exp(2j * np.pi * f * t_s))
    return fitted + (x - fitted).mean()
