"""Each defect's signature: what its features should read, from BENCH.md's physics.

A hypothesis is a cause on a motor (the quad head has two). Its expected
fitted parameters, speeds and currents come from the steady-state model with
the defect's changes applied (``rig.diagnosis.physics``), fitted the way the
run is fitted; its signal figures (harmonics, tones, ripple, dropouts, heat,
drift) are the good unit's centre moved as the defect table says.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from rig.diagnosis.features import MOTORS, SPIN_UP, RunFigures
from rig.diagnosis.motor_fit import fit_motor
from rig.diagnosis.physics import log_ratio, nominal_motor, predicted_point, with_defect
from rig.specs.diagnosis_section import DesignValue

# A good unit's centre and spread of each signal figure ({m}: the motor).
GOOD: Mapping[str, tuple[float, float]] = MappingProxyType({
    "mr_{m}": (0.0, 0.06),  # ln of the 1x level against m.r.w^2/M
    "h2_{m}": (-30.0, 3.0),  # dB of 1x
    "h35_{m}": (-35.2, 3.0),
    "tone_{m}": (-60.0, 4.0),  # bearing band, dB of 1x (floored)
    "ripple_{m}": (math.log(8.0), 0.3),  # ln of peak-to-peak ripple in %
    "spikes": (0.0, 0.5),  # per second
    "dropouts": (0.0, 0.25),  # count over the run
    "rth": (0.0, 0.07),  # ln of the housing's thermal resistance against the design (spread 6 %)
    "current_drift": (2.0, 4.0),  # % first to last durability cycle
    "turning_{m}": (1.0, 0.1),
    "split": (0.0, 0.01),  # ln of motor A's speed over motor B's
    "final_current": (0.0, 0.06),  # ln of amps at the end of the spin-up; centre from the prediction
})
FIT_FEATURES = {"R": "R_ohm", "Ke": "Ke_Vs_rad", "I0": "I0_A", "b": "b_Nms_rad"}
LOOSE_FACTORS = (0.6, 1.4)  # a loose eccentric's m.r, either way
UNIT_CAUSES = ("blocked_vent", "intermittent_cord", "wear_out")
# Causes only a sampled step can show: without its figure a run cannot tell them from spread.
NEEDS_FEATURE = {"wear_out": "current_drift", "blocked_vent": "rth"}
MOTOR_CAUSES = ("weak_magnet", "bearing_wear", "shorted_turns", "brush_wear", "loose_eccentric",
                "misalignment", "seized_rotor")
WIDE = (0.0, 1.0)  # a figure a hypothesis cannot predict


@dataclass(frozen=True)
class Hypothesis:
    """A cause (``none`` for a good unit) on a motor (index, None for the whole unit)."""

    cause: str
    motor: int | None = None
    variant: float = 1.0  # the loose eccentric's m.r factor


def hypotheses(motors: int) -> list[Hypothesis]:
    """Return every hypothesis a product of this many motors allows."""
    result = [Hypothesis("none")]
    for cause in MOTOR_CAUSES:
        for motor in range(motors):
            variants = LOOSE_FACTORS if cause == "loose_eccentric" else (1.0,)
            result += [Hypothesis(cause, motor, v) for v in variants]
    if motors > 1:
        # Misalignment of the whole motor plate shows on both motors.
        result += [Hypothesis("dead_motor_b", 1), Hypothesis("misalignment")]
    result += [Hypothesis(cause) for cause in UNIT_CAUSES]
    return result


def expected(h: Hypothesis, run: RunFigures, model: Mapping[str, DesignValue],
             limit_a: float) -> dict[str, tuple[float, float]]:
    """Return what each of the run's features should read under the hypothesis: (centre, sigma)."""
    result = {name: _good(name) for name in run.features}
    result.update(_predicted_motion(h, run, model, limit_a))
    m = MOTORS[h.motor] if h.motor is not None else None
    if h.cause == "bearing_wear":
        result[f"tone_{m}"] = (-15.0, 4.0)
    elif h.cause == "brush_wear":
        result[f"ripple_{m}"] = (GOOD["ripple_{m}"][0] + math.log(4.0), 0.35)
        result["spikes"] = (3.0, 2.0)
    elif h.cause == "loose_eccentric":
        result[f"mr_{m}"] = (math.log(h.variant), 0.07)
        result[f"h35_{m}"] = (GOOD["h35_{m}"][0] + 20.0, 3.0)
    elif h.cause == "misalignment":
        for motor in [m] if m else MOTORS[:run.motors]:
            result[f"h2_{motor}"] = (GOOD["h2_{m}"][0] + 20.0, 3.0)
    elif h.cause == "intermittent_cord":
        result["dropouts"] = (3.0, 3.0)
        result["spikes"] = (2.0, 3.0)  # each reconnection is an inrush
        centre = result.get("final_current", (0.0, 0.0))[0]
        result["final_current"] = (centre, 1.0)  # the cord may be out when the spin-up ends
    elif h.cause == "blocked_vent":
        result["rth"] = (math.log(1.6), 0.12)
    elif h.cause == "wear_out":
        result["current_drift"] = (30.0, 15.0)
        for motor in MOTORS[:run.motors]:
            result[f"ripple_{motor}"] = (GOOD["ripple_{m}"][0] + 0.5, 0.6)
    return {k: v for k, v in result.items() if k in run.features}


def _good(feature: str) -> tuple[float, float]:
    if feature in FIT_FEATURES:
        return WIDE
    key = feature[:-1] + "{m}" if feature[-2:] in ("_a", "_b") else feature
    return GOOD.get(key, WIDE)


def _predicted_motion(h: Hypothesis, run: RunFigures, model: Mapping[str, DesignValue],
                      limit_a: float) -> dict[str, tuple[float, float]]:
    """Predict the fitted parameters, speeds and currents of a unit carrying the hypothesis."""
    motors = [nominal_motor(model)] * run.motors
    if h.motor is not None:
        motors[h.motor] = with_defect(motors[h.motor], h.cause)
    spin_v = run.observations.get(f"{SPIN_UP}.set_v", max((p.supply_v for p in run.points), default=12.0))
    at_spin = predicted_point(motors, spin_v, limit_a)
    turning = tuple(w > 0 for w in at_spin.motor_rad_s)
    result = {f"turning_{m}": (1.0 if on else 0.0, 0.1) for m, on in zip(MOTORS, turning, strict=False)}
    if at_spin.current_a > 0:
        result["final_current"] = (math.log(at_spin.current_a), GOOD["final_current"][1])
    predicted = [predicted_point(motors, p.supply_v, limit_a, p.step) for p in run.points]
    if len(predicted) >= 2 and min(p.motor_rad_s[0] for p in predicted) > 0 and run.motors > 1 \
            and min(p.motor_rad_s[1] for p in predicted) > 0:
        top = max(predicted, key=lambda p: p.supply_v)
        result["split"] = (math.log(top.motor_rad_s[0] / top.motor_rad_s[1]), GOOD["split"][1])
    fit = fit_motor(predicted, turning=turning) if any(turning) else None
    if fit is None or run.fit is None:
        return result
    values = {"R": fit.r_ohm, "Ke": fit.ke_v_s_rad, "I0": fit.i0_a, "b": fit.b_nm_s_rad}
    share = 1.0 / math.sqrt(sum(turning))  # a pair's mean spreads less than one motor
    for key, name in FIT_FEATURES.items():
        spread = model[name].spread * (1.0 if key in ("R", "Ke") else share)
        sigma = math.hypot(spread, min(run.fit.sigma[key], 1.0))
        result[key] = (log_ratio(values[key], model[name].nominal), sigma)
    return result


def log_likelihood(features: Mapping[str, float], expect: Mapping[str, tuple[float, float]],
                   cap_sigma: float = 6.0) -> float:
    """Return the hypothesis's log likelihood: Gaussian per feature, capped so no single figure rules."""
    total = 0.0
    for name, value in features.items():
        centre, sigma = expect.get(name, WIDE)
        if not math.isfinite(value):
            z = cap_sigma if math.isfinite(centre) else 0.0
        else:
            z = min(abs(value - centre) / sigma, cap_sigma)
        total -= 0.5 * z * z + math.log(sigma)
    return total


def names(hs: Sequence[Hypothesis]) -> list[str]:
    return [h.cause for h in hs]
