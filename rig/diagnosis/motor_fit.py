"""Fit the steady-state motor model to the operating points of one run.

At steady state (BENCH.md), per motor, V = I.R + Ke.w and I = I0 + b.w/Kt
with Kt = Ke. Each operating point gives the supply volts V, the current I
and each motor's speed w. Two or more points give R and Ke (least squares of
V on I and w, no intercept) and I0 and b (I on w, with intercept).

The quad head's two motors share one supply and one current probe. With the
motors a matched pair (R and Ke within 0.5 %), V = (R/2).I + Ke.w_mean and
I = 2.I0 + (b/Ke).(w_A + w_B): the fit gives the pair's mean R, Ke, I0 and b.
A single motor's R, I0 or b cannot be told from its partner's with one
current probe; their speeds can (docs/decisions/0020-diagnosis-motor-model.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

COPPER_TEMPCO_PER_K = 0.00393  # R(T) = R25.(1 + 0.00393.(T - 25))
REFERENCE_C = 25.0
# Measurement noise of one operating point's averages (1-second captures):
SUPPLY_NOISE_V = 0.005
CURRENT_NOISE_A = 0.001
SPEED_NOISE_RAD_S = 2 * math.pi * 0.02


@dataclass(frozen=True)
class OperatingPoint:
    """What one steady capture showed: supply volts, total current, each turning motor's speed."""

    step: str
    supply_v: float
    current_a: float
    motor_rad_s: tuple[float, ...]


@dataclass(frozen=True)
class MotorFit:
    """Fitted parameters (per motor; the pair's mean on the quad head) and their 1-sigma errors."""

    r_ohm: float
    ke_v_s_rad: float
    i0_a: float
    b_nm_s_rad: float
    sigma: Mapping[str, float]  # relative 1-sigma error of each: "R", "Ke", "I0", "b"
    points: int

    def as_fitted(self) -> dict[str, float]:
        """Return the values under the names a diagnosis reports, with their absolute sigmas."""
        values = {"R_ohm": self.r_ohm, "Ke_Vs_rad": self.ke_v_s_rad, "I0_A": self.i0_a,
                  "b_Nms_rad": self.b_nm_s_rad}
        keys = {"R_ohm": "R", "Ke_Vs_rad": "Ke", "I0_A": "I0", "b_Nms_rad": "b"}
        result = {}
        for name, value in values.items():
            result[name] = value
            result[f"{name}_sigma"] = abs(value) * self.sigma[keys[name]]
        return result


def operating_points(observations: Mapping[str, float], motors: int) -> list[OperatingPoint]:
    """Return every steady capture the observations hold (steps with ``supply_v``), in order."""
    points = []
    for name, volts in observations.items():
        if not name.endswith(".supply_v"):
            continue
        step = name.removesuffix(".supply_v")
        speeds = tuple(2 * math.pi * observations.get(f"{step}.motor_{m}_hz", 0.0) for m in "ab"[:motors])
        current = observations.get(f"{step}.current_a", float("nan"))
        if math.isfinite(current) and all(math.isfinite(w) for w in speeds):
            points.append(OperatingPoint(step, volts, current, speeds))
    return points


def fit_motor(points: Sequence[OperatingPoint], *, turning: Sequence[bool] = (True,),
              housing_c: float | None = None) -> MotorFit | None:
    """Fit R (referred to 25 degC), Ke, I0, b per motor; None with fewer than two distinct points.

    ``turning`` says which motors drive (a dead motor draws nothing and is
    left out); all driving motors are taken as one matched set.
    """
    live = [k for k, on in enumerate(turning) if on]
    usable = [p for p in points if p.current_a > 0 and all(p.motor_rad_s[k] > 0 for k in live)]
    if len({round(p.supply_v, 2) for p in usable}) < 2 or not live:
        return None
    try:
        return _fit(usable, live, housing_c)
    except np.linalg.LinAlgError:
        return None


def _fit(usable: Sequence[OperatingPoint], live: Sequence[int], housing_c: float | None) -> MotorFit:
    n = len(live)
    volts = np.array([p.supply_v for p in usable])
    amps = np.array([p.current_a for p in usable])
    w_sum = np.array([sum(p.motor_rad_s[k] for k in live) for p in usable])
    # V = (R/n).I + Ke.w_mean
    design = np.column_stack([amps, w_sum / n])
    (r_share, ke), r_cov = _least_squares(design, volts, _voltage_noise(r_share_guess=1.6 / n, ke_guess=0.03))
    # I = n.I0 + (b/Ke).w_sum
    design = np.column_stack([np.full_like(w_sum, float(n)), w_sum])
    (i0, slope), i_cov = _least_squares(design, amps, CURRENT_NOISE_A)
    r_ohm = r_share * n
    if housing_c is not None and math.isfinite(housing_c):
        r_ohm /= 1.0 + COPPER_TEMPCO_PER_K * (housing_c - REFERENCE_C)
    b = slope * ke
    sigma = {
        "R": math.sqrt(r_cov[0, 0]) / abs(r_share) if r_share else math.inf,
        "Ke": math.sqrt(r_cov[1, 1]) / abs(ke) if ke else math.inf,
        "I0": math.sqrt(i_cov[0, 0]) / abs(i0) if i0 else math.inf,
        "b": math.hypot(math.sqrt(i_cov[1, 1]) / abs(slope) if slope else math.inf,
                        math.sqrt(r_cov[1, 1]) / abs(ke) if ke else math.inf),
    }
    return MotorFit(r_ohm, ke, i0, b, sigma, len(usable))


def _voltage_noise(r_share_guess: float, ke_guess: float) -> float:
    return math.sqrt(SUPPLY_NOISE_V**2 + (r_share_guess * CURRENT_NOISE_A) ** 2
                     + (ke_guess * SPEED_NOISE_RAD_S) ** 2)


def _least_squares(design: np.ndarray, target: np.ndarray, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Solve design.x = target (two unknowns); return x and its covariance (residuals, floored by the noise).

    The 2x2 normal equations are solved in closed form: a LAPACK call costs
    more than the whole fit at this size.
    """
    a, b = design[:, 0], design[:, 1]
    aa, ab, bb = float(a @ a), float(a @ b), float(b @ b)
    det = aa * bb - ab * ab
    if det <= 1e-12 * aa * bb:
        raise np.linalg.LinAlgError("the operating points do not separate the two parameters")
    inverse = np.array([[bb, -ab], [-ab, aa]]) / det
    coeffs = inverse @ np.array([float(a @ target), float(b @ target)])
    dof = design.shape[0] - 2
    variance = noise**2
    if dof > 0:
        residual = target - design @ coeffs
        variance = max(variance, float(residual @ residual) / dof)
    return coeffs, variance * inverse
