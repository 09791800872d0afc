"""The steady state BENCH.md's motor model predicts: what a unit of given parameters would show.

The diagnosis predicts, for each candidate defect, the operating points the
unit would give at the run's own supply voltages, and fits those exactly as
it fits the measured ones: a signature comes from the physics, not from
thresholds tuned by hand.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from rig.diagnosis.motor_fit import OperatingPoint
from rig.specs.diagnosis_section import DesignValue


@dataclass(frozen=True)
class MotorParams:
    """One motor's constants, and whether it is seized or open (dead)."""

    r_ohm: float
    ke: float
    i0_a: float
    b: float
    seized: bool = False
    dead: bool = False

    def current_a(self, volts: float) -> float:
        """Return the steady current at terminal ``volts``."""
        if self.dead or volts <= 0.0:
            return 0.0
        if self.seized or volts <= self.r_ohm * self.i0_a:  # not turning: the winding is a resistor
            return volts / self.r_ohm
        return self.i0_a + self.b * self.speed_rad_s(volts) / self.ke

    def speed_rad_s(self, volts: float) -> float:
        """Return the steady speed at terminal ``volts`` (0 when seized, dead or held by friction)."""
        if self.dead or self.seized or volts <= self.r_ohm * self.i0_a:
            return 0.0
        return (volts - self.r_ohm * self.i0_a) / (self.ke + self.r_ohm * self.b / self.ke)


# BENCH.md's defects as changes of one motor's constants (the others change signatures only).
MOTOR_CHANGES: Mapping[str, Mapping[str, float]] = {
    "weak_magnet": {"ke": 0.85},
    "bearing_wear": {"i0_a": 1.8, "b": 1.5},
    "shorted_turns": {"r_ohm": 0.75, "ke": 0.90, "i0_a": 1.5},
    "brush_wear": {"r_ohm": 1.4},
}


def nominal_motor(model: Mapping[str, DesignValue]) -> MotorParams:
    """Return a motor built to the spec's nominal design."""
    return MotorParams(model["R_ohm"].nominal, model["Ke_Vs_rad"].nominal, model["I0_A"].nominal,
                       model["b_Nms_rad"].nominal)


def with_defect(motor: MotorParams, cause: str) -> MotorParams:
    """Return a motor changed by a cause (unchanged when the cause does not touch its constants)."""
    if cause == "seized_rotor":
        return replace(motor, seized=True)
    if cause == "dead_motor_b":
        return replace(motor, dead=True)
    changes = MOTOR_CHANGES.get(cause, {})
    return replace(motor, **{k: getattr(motor, k) * f for k, f in changes.items()})


def terminal_volts(motors: Sequence[MotorParams], set_v: float, limit_a: float) -> float:
    """Return the supply's terminal volts: the set voltage, or less once the limit clamps."""
    if sum(m.current_a(set_v) for m in motors) <= limit_a:
        return set_v
    low, high = 0.0, set_v
    for _ in range(32):  # the total current rises with the voltage: bisect to a few nanovolts
        mid = 0.5 * (low + high)
        low, high = (mid, high) if sum(m.current_a(mid) for m in motors) < limit_a else (low, mid)
    return low


def predicted_point(motors: Sequence[MotorParams], set_v: float, limit_a: float, step: str = "") -> OperatingPoint:
    """Return the operating point the motors settle at on a supply set to ``set_v``."""
    volts = terminal_volts(motors, set_v, limit_a)
    return OperatingPoint(step, volts, sum(m.current_a(volts) for m in motors),
                          tuple(m.speed_rad_s(volts) for m in motors))


def seconds_per_inertia(motors: Sequence[MotorParams], set_v: float, limit_a: float, fraction: float = 0.9,
                        steps: int = 400) -> float:
    """Return the time from rest to ``fraction`` of the final speed per kg.m^2 of rotor inertia.

    Matched motors on one supply share its current, clamped at the limit:
    J dw/dt = Ke (I - I0) - b w with I = min(limit / n, (V - Ke w) / R). The
    time scales with J exactly, so t = J * integral of dw / torque(w).
    """
    motor, n = motors[0], len(motors)
    final = motor.speed_rad_s(set_v)
    if final <= 0:
        return math.inf
    w = np.linspace(0.0, fraction * final, steps + 1)
    current = np.minimum(limit_a / n, (set_v - motor.ke * w) / motor.r_ohm)
    torque = motor.ke * (current - motor.i0_a) - motor.b * w
    if np.any(torque <= 0):
        return math.inf
    inverse = 1.0 / torque
    return float(np.sum(0.5 * (inverse[1:] + inverse[:-1]) * np.diff(w)))


def head_level_g(mr_kg_m: float, mass_kg: float, speed_rad_s: float) -> float:
    """Return the 1x peak acceleration at the head, in g: m.r.w^2 / M."""
    return mr_kg_m * speed_rad_s**2 / mass_kg / 9.80665


def log_ratio(value: float, reference: float) -> float:
    """Return ln(value / reference), -inf or nan where that has no meaning."""
    if value > 0 and reference > 0:
        return math.log(value / reference)
    return -math.inf if value <= 0 < reference else math.nan
