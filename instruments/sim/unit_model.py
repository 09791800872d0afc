"""One unit on the fixture: its motors, its cord, its wear and its heat.

Each motor is the linear system of BENCH.md,
    L dI/dt = V - R(T) I - Ke w,    J dw/dt = Kt I - Kt I0 - b w,
stepped with its exact discretisation (matrix exponential of the system with
V and I0 as held inputs), so any step size is stable. The supply is solved per
step: constant voltage unless the motors would draw more than the limit, then
the terminal voltage that makes them draw exactly the limit (constant current).
"""

from __future__ import annotations

import cmath
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.linalg import expm

from instruments.sim.population import UnitTruth
from instruments.sim.products import AMBIENT_C, THERMAL_POINTS

COPPER_TEMPCO_PER_K = 0.00393
THERMAL_UPDATE_S = 0.1
CORD_RUN_BETWEEN_S = (0.4, 1.2)
CORD_DROPOUT_S = (0.05, 0.2)


@lru_cache(maxsize=4096)
def discretise(r_ohm: float, l_h: float, ke: float, b: float, j: float, seized: bool, h_s: float) -> tuple[float, ...]:
    """Return (a11, a12, a21, a22, gV1, gI01, gV2, gI02) of one exact step of length ``h_s``."""
    if seized:  # w = 0: only L dI/dt = V - R I remains
        decay = math.exp(-r_ohm * h_s / l_h)
        return (decay, 0.0, 0.0, 1.0, (1.0 - decay) / r_ohm, 0.0, 0.0, 0.0)
    system = np.array([[-r_ohm / l_h, -ke / l_h], [ke / j, -b / j]])
    inputs = np.array([[1.0 / l_h, 0.0], [0.0, -ke / j]])  # columns: V, I0
    step = _expm_2x2(system, h_s)
    held = np.linalg.solve(system, (step - np.eye(2)) @ inputs)  # A^-1 (e^Ah - 1) B
    return (step[0, 0], step[0, 1], step[1, 0], step[1, 1], held[0, 0], held[0, 1], held[1, 0], held[1, 1])


def _expm_2x2(system: np.ndarray, h_s: float) -> np.ndarray:
    """Return e^(A h) of a 2x2 matrix by its eigenvalues (scipy's expm is slow on stiff ones)."""
    half_trace = 0.5 * (system[0, 0] + system[1, 1])
    det = system[0, 0] * system[1, 1] - system[0, 1] * system[1, 0]
    root = cmath.sqrt(half_trace * half_trace - det)
    if abs(root) < 1e-9 * (abs(half_trace) + 1.0):
        return expm(system * h_s)
    l1, l2 = half_trace + root, half_trace - root
    e1, e2 = cmath.exp(l1 * h_s), cmath.exp(l2 * h_s)
    c0 = ((l1 * e2 - l2 * e1) / (l1 - l2)).real
    c1 = ((e1 - e2) / (l1 - l2)).real
    return c0 * np.eye(2) + c1 * system


@dataclass(eq=False)  # identity matters: two motors may hold equal values
class Motor:
    """One motor: constants and state (current, speed, shaft angle)."""

    r25_ohm: float
    l_h: float
    ke: float
    i0_a: float
    b: float
    j: float
    seized: bool = False
    dead: bool = False
    wear_i0_per_h: float = 0.0
    i_a: float = 0.0
    w_rad_s: float = 0.0
    phase_rad: float = 0.0

    @classmethod
    def from_params(cls, p: dict[str, float], suffix: str) -> Motor:
        return cls(
            r25_ohm=p[f"R25{suffix}"], l_h=p[f"L{suffix}"], ke=p[f"Ke{suffix}"], i0_a=p[f"I0{suffix}"],
            b=p[f"b{suffix}"], j=p[f"J{suffix}"], seized=bool(p[f"seized{suffix}"]),
            dead=bool(p.get(f"dead{suffix}", 0.0)), wear_i0_per_h=p[f"wear_i0_per_h{suffix}"],
        )

    r_ohm: float = 0.0  # winding resistance at the present housing temperature

    def coefficients(self, h_s: float, running_h: float) -> tuple[tuple[float, ...], float]:
        """Return this step's discretisation and the friction current I0 after wear."""
        coeffs = discretise(self.r_ohm, self.l_h, self.ke, self.b, self.j, self.seized, h_s)
        return coeffs, self.i0_a * (1.0 + self.wear_i0_per_h * running_h)

    def drive(self, coeffs: tuple[float, ...], i0_a: float, v: float, h_s: float) -> None:
        """Advance one step with terminal voltage ``v``."""
        a11, a12, a21, a22, gv1, gi1, gv2, gi2 = coeffs
        i_next = a11 * self.i_a + a12 * self.w_rad_s + gv1 * v + gi1 * i0_a
        w_next = a21 * self.i_a + a22 * self.w_rad_s + gv2 * v + gi2 * i0_a
        self._move(i_next, max(0.0, w_next), h_s)  # static friction: it never turns backwards

    def coast(self, i0_a: float, h_s: float) -> None:
        """Advance one step open-circuited: no current, friction slows the rotor."""
        w_next = 0.0
        if self.w_rad_s > 0.0 and not self.seized:
            offset = self.ke * i0_a / self.b
            w_next = max(0.0, (self.w_rad_s + offset) * math.exp(-self.b * h_s / self.j) - offset)
        self._move(0.0, w_next, h_s)

    def _move(self, i_next: float, w_next: float, h_s: float) -> None:
        self.phase_rad += 0.5 * h_s * (self.w_rad_s + w_next)
        self.i_a = i_next
        self.w_rad_s = w_next


class CordSchedule:
    """When an intermittent cord drops the supply to the motor, in running seconds."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self.connected = True
        self.remaining_s = float(rng.uniform(*CORD_RUN_BETWEEN_S))

    def run(self, h_s: float) -> bool:
        """Count ``h_s`` of running; return True when the cord changed state."""
        self.remaining_s -= h_s
        if self.remaining_s > 1e-12:
            return False
        self.connected = not self.connected
        span = CORD_RUN_BETWEEN_S if self.connected else CORD_DROPOUT_S
        self.remaining_s = float(self._rng.uniform(*span))
        return True


class UnitModel:
    """The physics of one unit: motors on the supply, wear, cord and temperatures."""

    def __init__(self, truth: UnitTruth, rng: np.random.Generator) -> None:
        self.truth = truth
        p = truth.params
        self.motors = [Motor.from_params(p, "")]
        if "R25_b" in p:
            self.motors.append(Motor.from_params(p, "_b"))
        self.temps_c = {point: AMBIENT_C for point in THERMAL_POINTS}
        self.running_s = 0.0
        self._cord = CordSchedule(rng) if p["cord_dropouts"] else None
        self._heat_j = 0.0
        self._heat_s = 0.0
        self._update_resistance()

    @property
    def running_h(self) -> float:
        return self.running_s / 3600.0

    @property
    def cord_connected(self) -> bool:
        return self._cord is None or self._cord.connected

    def until_cord_change_s(self) -> float:
        """Return running seconds until the cord changes state (inf for a good cord)."""
        return math.inf if self._cord is None else self._cord.remaining_s

    def step(self, h_s: float, v_set_v: float, limit_a: float, output_on: bool) -> tuple[float, float, bool]:
        """Advance ``h_s``; return (terminal volts, supply amps, whether the cord toggled)."""
        live = [m for m in self.motors if not m.dead] if output_on and self.cord_connected else []
        steps = [m.coefficients(h_s, self.running_h) for m in self.motors]
        v_out = v_set_v if output_on else 0.0
        if live:
            v_out = self._terminal_voltage(live, steps, v_set_v, limit_a)
        for motor, (coeffs, i0_a) in zip(self.motors, steps, strict=True):
            if motor in live:
                motor.drive(coeffs, i0_a, v_out, h_s)
            else:
                motor.coast(i0_a, h_s)
        i_total = sum(m.i_a for m in live)
        toggled = False
        if output_on and v_set_v > 0.0:
            self.running_s += h_s
            toggled = self._cord.run(h_s) if self._cord is not None else False
        self._heat(v_out * i_total, h_s)
        return v_out, i_total, toggled

    def _terminal_voltage(self, live: list[Motor], steps: list, v_set_v: float, limit_a: float) -> float:
        """Return the supply's terminal voltage: the set voltage, or less in constant current."""
        free_a = 0.0
        per_volt_a = 0.0
        for motor, (coeffs, i0_a) in zip(self.motors, steps, strict=True):
            if motor in live:
                a11, a12, _, _, gv1, gi1, _, _ = coeffs
                free_a += a11 * motor.i_a + a12 * motor.w_rad_s + gi1 * i0_a
                per_volt_a += gv1
        if free_a + per_volt_a * v_set_v <= limit_a:
            return v_set_v
        return min(v_set_v, max(0.0, (limit_a - free_a) / per_volt_a))

    def _heat(self, power_w: float, h_s: float) -> None:
        self._heat_j += power_w * h_s
        self._heat_s += h_s
        if self._heat_s >= THERMAL_UPDATE_S:
            self.settle_heat()

    def settle_heat(self) -> None:
        """Apply the heat accumulated since the last thermal update."""
        if self._heat_s <= 0.0:
            return
        power_w = self._heat_j / self._heat_s
        p = self.truth.params
        for point in THERMAL_POINTS:
            target_c = AMBIENT_C + power_w * p[f"Rth_{point}"]
            share = 1.0 - math.exp(-self._heat_s / p[f"tau_{point}"])
            self.temps_c[point] += (target_c - self.temps_c[point]) * share
        self._heat_j = 0.0
        self._heat_s = 0.0
        self._update_resistance()

    def idle(self, span_s: float) -> None:
        """Let the unit cool for ``span_s`` off the fixture."""
        self.settle_heat()
        self._heat(0.0, span_s)
        self.settle_heat()
        for motor in self.motors:
            motor.i_a = 0.0
            motor.w_rad_s = 0.0

    def _update_resistance(self) -> None:
        """Set R(T) at the housing temperature, quantised so discretisations are reused."""
        scale = round(1.0 + COPPER_TEMPCO_PER_K * (self.temps_c["housing"] - 25.0), 4)
        for motor in self.motors:
            motor.r_ohm = round(motor.r25_ohm * scale, 5)
