"""Accuracy and cost of the signal analysis and the spec loader, on synthetic signals."""

from __future__ import annotations

import math
import threading
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from rig.analysis import synthetic as syn
from rig.analysis.heads import analyse_heads
from rig.analysis.spectrum import least_squares, peak_frequency_hz, tone_design
from rig.analysis.spinup import spin_up
from rig.specs import load_spec

FS = 10000.0
ROOT = Path(__file__).resolve().parents[1]


def _median_ms(fn, repeats: int = 15) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return float(np.median(times) * 1000)


def _frequency_errors(rng: np.random.Generator, noise_g: float, n: int = 200) -> np.ndarray:
    errors = []
    for _ in range(n):
        f_hz = rng.uniform(28.0, 65.0)
        x = syn.vibration_g(rng, f_hz, rng.uniform(0.5, 3.0), FS, 1.0, noise_g=noise_g)
        errors.append(peak_frequency_hz(x, FS, 10.0, 250.0) - f_hz)
    return np.abs(errors)


def _quad_level_errors(rng: np.random.Generator, n: int = 40) -> np.ndarray:
    errors = []
    for _ in range(n):
        fa = rng.uniform(55, 63)
        own = rng.uniform(0.9, 1.6, 4)
        heads = syn.quad_heads_g(rng, fa, fa + rng.uniform(-0.8, 0.8), own, 0.3, FS, 2.0)
        result = analyse_heads(heads, FS, 2, 0.3)
        expected = [math.hypot(own[h], 0.3 * own[(h + 2) % 4]) for h in range(4)]
        errors.append(np.max(np.abs(np.subtract(result.head_g, expected)) / expected))
    return np.asarray(errors)


def _spin_up_errors(rng: np.random.Generator, n: int = 30) -> np.ndarray:
    errors = []
    for _ in range(n):
        tau_s = rng.uniform(0.03, 0.17)
        vib, cur = syn.spin_up_capture(rng, sample_rate_hz=20000, duration_s=1.0, on_s=rng.uniform(0.002, 0.03),
                                       final_hz=rng.uniform(55, 63), tau_s=tau_s, final_g=2.3,
                                       running_a=0.6, limit_a=3.0)
        errors.append(abs(spin_up(vib, cur, 20000).time_to_90_s - tau_s * math.log(10)))
    return np.asarray(errors)


def _longest_lock_ms(fn, repeats: int = 5) -> float:
    """Return the longest a second thread waited for the interpreter while fn ran (its 1 ms sleeps' overrun).

    The window's thread is such a second thread: while a run's analysis holds
    the interpreter lock, the window cannot paint.
    """
    worst_s = 0.0
    for _ in range(repeats):
        done, gaps = threading.Event(), []
        ticker = threading.Thread(target=_tick, args=(done, gaps))
        ticker.start()
        time.sleep(0.01)
        fn()
        done.set()
        ticker.join()
        worst_s = max(worst_s, max(gaps))
    return worst_s * 1000


def _tick(done: threading.Event, gaps: list[float]) -> None:
    last = time.perf_counter()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last - 0.001)
        last = now


def run() -> list[tuple[str, str]]:
    rng = np.random.default_rng(2026)
    clean = _frequency_errors(rng, 0.005)
    noisy = _frequency_errors(rng, 0.05)
    quad = _quad_level_errors(rng)
    spin = _spin_up_errors(rng)
    gpm = syn.vibration_g(rng, 59.0, 2.3, FS, 1.0)[:, None]
    qhm = syn.quad_heads_g(rng, 59.0, 59.3, [1.3] * 4, 0.3, FS, 2.0)
    return [
        ("fundamental error, 1 s, 0.005 g noise (max / rms, 200 tones)",
         f"{clean.max() * 1000:.3f} / {np.sqrt(np.mean(clean**2)) * 1000:.3f} mHz"),
        ("fundamental error, 1 s, 0.05 g noise (max / rms, 200 tones)",
         f"{noisy.max() * 1000:.3f} / {np.sqrt(np.mean(noisy**2)) * 1000:.3f} mHz"),
        ("quad head level error over random beats (max, 40 units)", f"{quad.max() * 100:.3f} %"),
        ("spin-up t90 error, tau 30-170 ms, 1 s capture (max, 30 units)", f"{spin.max() * 1000:.2f} ms"),
        ("analyse heads, GPM 1 s at 10 kHz (median)", f"{_median_ms(lambda: analyse_heads(gpm, FS, 1, 0.0)):.1f} ms"),
        ("analyse heads, QHM 4 x 2 s at 10 kHz (median)",
         f"{_median_ms(lambda: analyse_heads(qhm, FS, 2, 0.3), 5):.1f} ms"),
        _lock_row(rng),
        ("load and validate specs/quad-head.yaml (median)",
         f"{_median_ms(lambda: load_spec(ROOT / 'specs' / 'quad-head.yaml')):.1f} ms"),
    ]


def _lock_row(rng: np.random.Generator) -> tuple[str, str]:
    design = tone_design(100_000, 50_000.0, [57.3 * k for k in range(1, 7)])
    x = design @ rng.normal(size=design.shape[1]) + rng.normal(size=design.shape[0])
    with threadpool_limits(limits=1, user_api="blas"):  # as at a station (rig.app.one_blas_thread)
        ours = _longest_lock_ms(lambda: least_squares(design, x))
        peer = _longest_lock_ms(lambda: np.linalg.lstsq(design, x, rcond=None))
    return ("tone fit 100k x 13: longest wait of another thread (ours vs numpy.linalg.lstsq)",
            f"{ours:.1f} ms vs {peer:.1f} ms")
