"""Per-head vibration levels and motor frequencies, decoupling the quad head's motors.

On the quad head, motor A drives heads 1..H/2 and motor B the others; every
head also feels ``coupling`` of the other motor, so head h and its partner
h + H/2 read x_h = a + c.b and x_p = b + c.a. Solving that pair sample by
sample gives each head's own motor signal, free of the beat between the two
motors' slightly different speeds:

    a = (x_h - c.x_p) / (1 - c^2),   b = (x_p - c.x_h) / (1 - c^2)

A head's level is then the beat-averaged amplitude sqrt(|A|^2 + |c.B|^2): the
RMS over a beat period of what the head feels at 1x, the same wherever the
capture falls in the beat.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rig.analysis.harmonics import broadband_rms, level_db
from rig.analysis.spectrum import peak_frequency_hz, tone_phasors

SEARCH_HZ = (10.0, 250.0)  # where a running unit's fundamental can be
MIN_VIBRATION_G = 0.05  # below this 1x level a motor is taken as not turning


def decouple_heads(heads_g: np.ndarray, motors: int, coupling: float) -> np.ndarray:
    """Return each head's own-motor signal; columns are heads 1..H (unchanged for one motor)."""
    heads_g = np.asarray(heads_g, dtype=float)
    if motors == 1 or coupling == 0.0:
        return heads_g.copy()
    n_heads = heads_g.shape[1]
    if n_heads % 2:
        raise ValueError(f"a two-motor product needs an even number of heads, not {n_heads}")
    half = n_heads // 2
    partner = np.roll(np.arange(n_heads), half)  # head h pairs with h + H/2 (and back)
    return (heads_g - coupling * heads_g[:, partner]) / (1.0 - coupling**2)


def motor_of_head(head_index: int, n_heads: int, motors: int) -> int:
    """Return the 0-based motor driving a 0-based head."""
    return 0 if motors == 1 else head_index // (n_heads // motors)


@dataclass(frozen=True)
class VibrationResult:
    """What one capture of the heads says."""

    motor_hz: tuple[float, ...]  # per motor, refined 1x frequency
    own_g: tuple[float, ...]  # per head, 1x peak amplitude of its own motor
    head_g: tuple[float, ...]  # per head, beat-averaged 1x peak amplitude it feels
    second_harmonic_db: float  # worst head, 2x relative to 1x of its own motor
    higher_harmonics_db: float  # worst head, 3x..5x combined relative to 1x
    broadband_g: float  # worst head, RMS to 1 kHz with each motor's 1x +-2 Hz left out
    head_second_db: tuple[float, ...] = ()  # per head, 2x relative to 1x of its own motor
    head_higher_db: tuple[float, ...] = ()  # per head, 3x..5x combined relative to 1x

    @property
    def turning(self) -> bool:
        """Return True when every motor shows a 1x vibration clearly above noise."""
        per_motor = {}
        for head, level in enumerate(self.own_g):
            motor = motor_of_head(head, len(self.own_g), len(self.motor_hz))
            per_motor[motor] = max(per_motor.get(motor, 0.0), level)
        return all(level >= MIN_VIBRATION_G for level in per_motor.values())

    @property
    def fundamental_hz(self) -> float:
        """Return the unit's fundamental: the mean of its motors' 1x frequencies."""
        return float(np.mean(self.motor_hz))

    @property
    def motor_split_hz(self) -> float:
        return float(max(self.motor_hz) - min(self.motor_hz))

    @property
    def balance_percent(self) -> float:
        """Return the largest deviation of a head's level from the heads' mean, in %."""
        levels = np.asarray(self.head_g)
        mean = levels.mean()
        return float(np.max(np.abs(levels - mean)) / mean * 100.0) if mean > 0 else float("inf")


def analyse_heads(heads_g: np.ndarray, sample_rate_hz: float, motors: int, coupling: float) -> VibrationResult:
    """Analyse a capture of every head (columns, in g) of a product with this many motors."""
    heads_g = np.asarray(heads_g, dtype=float)
    heads_g = heads_g - heads_g.mean(axis=0)
    n_heads = heads_g.shape[1]
    own = decouple_heads(heads_g, motors, coupling)
    motor_hz = []
    for motor in range(motors):
        members = [h for h in range(n_heads) if motor_of_head(h, n_heads, motors) == motor]
        motor_hz.append(peak_frequency_hz(own[:, members].sum(axis=1), sample_rate_hz, *SEARCH_HZ))
    own_g, second, higher, broadband = [], [], [], []
    for head in range(n_heads):
        f1 = motor_hz[motor_of_head(head, n_heads, motors)]
        # One joint fit of 1x..5x gives the level and both harmonic figures.
        levels = np.abs(tone_phasors(own[:, head], sample_rate_hz, [f1 * k for k in range(1, 6)]))
        own_g.append(float(levels[0]))
        second.append(level_db(levels[1:2], levels[0]))
        higher.append(level_db(levels[2:], levels[0]))
        broadband.append(broadband_rms(heads_g[:, head], sample_rate_hz, sorted(set(motor_hz))))
    head_g = _beat_averaged(own_g, n_heads, motors, coupling)
    return VibrationResult(tuple(motor_hz), tuple(own_g), head_g, max(second), max(higher), max(broadband),
                           tuple(second), tuple(higher))


def _beat_averaged(own_g: list[float], n_heads: int, motors: int, coupling: float) -> tuple[float, ...]:
    if motors == 1:
        return tuple(own_g)
    half = n_heads // 2
    return tuple(float(np.hypot(own_g[h], coupling * own_g[(h + half) % n_heads])) for h in range(n_heads))
