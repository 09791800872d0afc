"""Synthetic signals with known answers, for the analysis tests and benchmarks.

They follow BENCH.md's picture of a unit (1x with small harmonics, broadband
noise, commutation ripple at 6x) but are written independently of the
simulated bench, so the analysis is checked against numbers set by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def times_s(sample_rate_hz: float, duration_s: float) -> np.ndarray:
    return np.arange(round(sample_rate_hz * duration_s)) / sample_rate_hz


def vibration_g(rng: np.random.Generator, f_hz: float, amplitude_g: float, sample_rate_hz: float,
                duration_s: float, *, second_db: float = -30.0, higher_db: float = -40.0,
                noise_g: float = 0.005, phase: float | None = None) -> np.ndarray:
    """Return one motor's head vibration: 1x, a 2x, 3x..5x each at higher_db, white noise (RMS)."""
    t = times_s(sample_rate_hz, duration_s)
    phase = rng.uniform(0, 2 * np.pi) if phase is None else phase
    x = amplitude_g * np.sin(2 * np.pi * f_hz * t + phase)
    for order, level_db in ((2, second_db), (3, higher_db), (4, higher_db), (5, higher_db)):
        x += amplitude_g * 10 ** (level_db / 20) * np.sin(2 * np.pi * order * f_hz * t + rng.uniform(0, 2 * np.pi))
    return x + rng.normal(0.0, noise_g, t.size)


def quad_heads_g(rng: np.random.Generator, fa_hz: float, fb_hz: float, own_g: Sequence[float],
                 coupling: float, sample_rate_hz: float, duration_s: float, **kwargs) -> np.ndarray:
    """Return four head columns: heads 1-2 on motor A, 3-4 on B, each feeling coupling x the other."""
    a = vibration_g(rng, fa_hz, 1.0, sample_rate_hz, duration_s, noise_g=0.0, **kwargs)
    b = vibration_g(rng, fb_hz, 1.0, sample_rate_hz, duration_s, noise_g=0.0, **kwargs)
    own = [own_g[0] * a, own_g[1] * a, own_g[2] * b, own_g[3] * b]
    heads = [own[h] + coupling * own[(h + 2) % 4] for h in range(4)]
    noise_g = 0.005
    return np.column_stack(heads) + rng.normal(0.0, noise_g, (heads[0].size, 4))


def motor_current_a(rng: np.random.Generator, mean_a: float, ripple_pp_percent: float, rotation_hz: float,
                    sample_rate_hz: float, duration_s: float, *, noise_a: float = 0.002,
                    dropouts: Sequence[tuple[float, float]] = (), spikes_per_s: float = 0.0,
                    spike_a: float = 0.0) -> np.ndarray:
    """Return a running current with commutation ripple at 6x, optional dropouts (start s, length s)
    and short spikes (0.2 ms each)."""
    t = times_s(sample_rate_hz, duration_s)
    ripple = 0.5 * ripple_pp_percent / 100 * mean_a
    i = mean_a + ripple * np.sin(2 * np.pi * 6 * rotation_hz * t + rng.uniform(0, 2 * np.pi))
    for start_s, length_s in dropouts:
        i[(t >= start_s) & (t < start_s + length_s)] = 0.0
    for start_s in rng.uniform(0, duration_s, int(spikes_per_s * duration_s)):
        i[(t >= start_s) & (t < start_s + 0.0002)] += spike_a
    return i + rng.normal(0.0, noise_a, t.size)


def spin_up_capture(rng: np.random.Generator, *, sample_rate_hz: float, duration_s: float, on_s: float,
                    final_hz: float, tau_s: float, final_g: float, running_a: float, limit_a: float,
                    stall_a: float = 7.5) -> tuple[np.ndarray, np.ndarray]:
    """Return (vibration g, current A) of a rotor switched on at on_s with speed
    f(t) = final_hz (1 - exp(-(t - on_s) / tau_s)): 90 % speed at tau_s ln 10 after on_s."""
    t = times_s(sample_rate_hz, duration_s)
    since = np.clip(t - on_s, 0.0, None)
    running = t >= on_s
    f = final_hz * (1 - np.exp(-since / tau_s)) * running
    phase = 2 * np.pi * np.cumsum(f) / sample_rate_hz + rng.uniform(0, 2 * np.pi)
    vibration = final_g * (f / final_hz) ** 2 * np.sin(phase) + rng.normal(0, 0.005, t.size)
    current = np.where(running, np.minimum(limit_a, running_a + stall_a * np.exp(-since / tau_s)), 0.0)
    return vibration, current + rng.normal(0.0, 0.002, t.size)
