"""Synthesis of the sensor signals from the model's history.

The model keeps current, speed and shaft angle per motor; the waveforms the
DAQs sample are built from those at any instant: vibration at each head from
the eccentric's centripetal force and its harmonics, the probe current with
commutation ripple and brush spikes. Noise comes from the caller's generator.
"""

from __future__ import annotations

import numpy as np

from instruments.sim.history import I_SUPPLY, MOTOR_COLUMNS, T
from instruments.sim.products import STANDARD_GRAVITY_M_S2
from instruments.sim.unit_model import UnitModel

HEADS = 4
COMMUTATION_ORDER = 6  # ripple at 6 x rotation (3-pole motor)
SPIKE_DECAY_S = 3e-4
SPIKE_SHARE = 0.4  # a brush spike's height, share of the motor current
SPIKE_MIN_SPEED_RAD_S = 10.0
CURRENT_NOISE_A = 0.002


def _suffix(motor: int) -> str:
    return "" if motor == 0 else "_b"


def motor_vibration_g(unit: UnitModel, states: np.ndarray, motor: int) -> np.ndarray:
    """Return the acceleration one motor's eccentric puts on its own heads, in g."""
    p, s = unit.truth.params, _suffix(motor)
    _, speed, angle = MOTOR_COLUMNS[motor]
    w = states[:, speed]
    phi = states[:, angle]
    peak_g = p[f"mr{s}"] * w * w / p["M"] / STANDARD_GRAVITY_M_S2
    wave = np.sin(phi)
    for n in (2, 3, 4, 5):
        wave += p[f"h{n}{s}"] * np.sin(n * phi + p[f"phase_h{n}{s}"])
    if p[f"bearing_tone{s}"] > 0.0:
        wave += p[f"bearing_tone{s}"] * np.sin(p[f"bearing_ratio{s}"] * phi + p[f"phase_bearing{s}"])
    return peak_g * wave


def head_accelerations_g(unit: UnitModel | None, states: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return acceleration at heads 1..4, shape (n, 4); heads the product lacks read 0."""
    out = np.zeros((len(states), HEADS))
    if unit is None:
        return out
    p = unit.truth.params
    own = [motor_vibration_g(unit, states, m) for m in range(len(unit.motors))]
    heads = 1 if len(own) == 1 else HEADS
    for head in range(1, heads + 1):
        mine = 0 if head <= 2 else 1
        signal = own[mine] if len(own) == 1 else own[mine] + p["coupling"] * own[1 - mine]
        noise = rng.normal(0.0, p["broadband_g"], len(states))
        out[:, head - 1] = p[f"head_gain_{head}"] * signal + noise
    return out


def motor_current_a(unit: UnitModel | None, states: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return the supply current a probe sees: model current, ripple, spikes and noise."""
    current = states[:, I_SUPPLY].copy()
    if unit is not None:
        p = unit.truth.params
        for m in range(len(unit.motors)):
            s = _suffix(m)
            i_col, speed, angle = MOTOR_COLUMNS[m]
            ripple_pp = p[f"ripple_pp{s}"] * (1.0 + p[f"wear_ripple_per_h{s}"] * unit.running_h)
            motor_i = states[:, i_col]
            current += 0.5 * ripple_pp * motor_i * np.sin(COMMUTATION_ORDER * states[:, angle] + p[f"phase_ripple{s}"])
            if p[f"spike_rate_hz{s}"] > 0.0:
                current += _brush_spikes(states[:, T], motor_i, states[:, speed], p[f"spike_rate_hz{s}"], rng)
    return current + rng.normal(0.0, CURRENT_NOISE_A, len(states))


def _brush_spikes(t_s: np.ndarray, motor_i: np.ndarray, w: np.ndarray, rate_hz: float,
                  rng: np.random.Generator) -> np.ndarray:
    """Return random decaying current spikes (a Poisson process in simulated time)."""
    out = np.zeros(len(t_s))
    if len(t_s) < 2:
        return out
    count = rng.poisson(rate_hz * (t_s[-1] - t_s[0]))
    for start_s in rng.uniform(t_s[0], t_s[-1], count):
        first = int(np.searchsorted(t_s, start_s))
        if first >= len(t_s) or w[first] < SPIKE_MIN_SPEED_RAD_S:
            continue
        last = int(np.searchsorted(t_s, start_s + 8 * SPIKE_DECAY_S))
        tail = t_s[first:last] - start_s
        out[first:last] += SPIKE_SHARE * motor_i[first] * np.exp(-tail / SPIKE_DECAY_S)
    return out
