"""Unjudged values a running capture shows, kept for the diagnosis (``ctx.observe``).

The limits judge what the spec asks; the diagnosis fits a motor model and
reads signatures, for which it needs the supply voltage and current at each
point, each motor's speed and its own harmonic, bearing and ripple figures.
"""

from __future__ import annotations

import numpy as np

from rig.analysis.heads import VibrationResult, decouple_heads
from rig.analysis.ripple import count_dropouts, motor_ripple_percent
from rig.analysis.signature import bearing_tone_db, harmonic_levels_db, motor_heads, spikes_per_s
from rig.steps.context import StepContext

MOTOR_NAMES = "ab"


def _head_figures(vibration: VibrationResult, own: np.ndarray, head: int, sample_rate_hz: float,
                  f1_hz: float) -> tuple[float, float, float]:
    """Return a head's (1x g, 2x dB, 3x..5x dB): the analysis's own when it kept them per head."""
    if len(vibration.head_second_db) == own.shape[1]:
        return vibration.own_g[head], vibration.head_second_db[head], vibration.head_higher_db[head]
    return harmonic_levels_db(own[:, head], sample_rate_hz, f1_hz)


def observe_running(ctx: StepContext, heads_g: np.ndarray, current_a: np.ndarray, sample_rate_hz: float,
                    vibration: VibrationResult, supply_v: float, prefix: str = "") -> None:
    """Observe one steady capture: volts, amps, each motor's speed, harmonics, bearing tone, ripple."""
    ctx.observe(f"{prefix}supply_v", supply_v, "V")
    ctx.observe(f"{prefix}current_a", float(np.mean(current_a)), "A")
    ctx.observe(f"{prefix}spikes_per_s", spikes_per_s(current_a, sample_rate_hz), "1/s")
    ctx.observe(f"{prefix}dropouts", float(count_dropouts(current_a, sample_rate_hz)), "count")
    own = decouple_heads(np.asarray(heads_g, dtype=float) - np.mean(heads_g, axis=0), ctx.motors,
                         ctx.head_coupling)
    per_motor_ripple = motor_ripple_percent(current_a, sample_rate_hz, vibration.motor_hz)
    for motor, heads in enumerate(motor_heads(own.shape[1], ctx.motors)):
        name, f1_hz = MOTOR_NAMES[motor], vibration.motor_hz[motor]
        figures = [_head_figures(vibration, own, h, sample_rate_hz, f1_hz) for h in heads]
        level_g = float(np.mean([f[0] for f in figures]))
        ctx.observe(f"{prefix}motor_{name}_hz", f1_hz, "Hz")
        ctx.observe(f"{prefix}level_{name}_g", level_g, "g")
        ctx.observe(f"{prefix}h2_{name}_db", max(f[1] for f in figures), "dB")
        ctx.observe(f"{prefix}h35_{name}_db", max(f[2] for f in figures), "dB")
        # One spectrum per motor, of its heads' own signals together: the tone and 1x add alike.
        together = own[:, list(heads)].sum(axis=1)
        tone = bearing_tone_db(together, sample_rate_hz, f1_hz, sum(f[0] for f in figures))
        ctx.observe(f"{prefix}tone_{name}_db", tone, "dB")
        ctx.observe(f"{prefix}ripple_{name}_pct", per_motor_ripple[motor], "%")
