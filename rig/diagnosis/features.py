"""Turn a run's observations and measurements into the figures the signatures compare.

Every feature is a number on a scale where a good unit has a known centre and
spread: log ratios against the design for fitted parameters and levels, dB
for harmonics and tones, counts for spikes and dropouts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rig.diagnosis.motor_fit import MotorFit, OperatingPoint, fit_motor, operating_points
from rig.diagnosis.physics import head_level_g, log_ratio
from rig.model import Measurement
from rig.specs.diagnosis_section import DesignValue

MOTORS = "ab"
TONE_FLOOR_DB = -60.0  # a bearing tone weaker than this is noise
SPIN_UP = "spin_up"


@dataclass(frozen=True)
class RunFigures:
    """What the diagnosis knows about one run, ready for the signatures."""

    motors: int
    points: tuple[OperatingPoint, ...]  # the steady captures, in run order
    turning: tuple[bool, ...]  # per motor, from the spin-up (True when not seen)
    fit: MotorFit | None
    features: Mapping[str, float]
    observations: Mapping[str, float]
    measurements: Mapping[str, float]  # judged values by full name


def run_figures(observations: Mapping[str, float], measurements: Sequence[Measurement],
                model: Mapping[str, DesignValue], motors: int, *, housing_c: float | None = None) -> RunFigures:
    """Compute the features of one run."""
    measured = {m.name: m.value for m in measurements}
    turning = tuple(observations.get(f"{SPIN_UP}.turning_{m}", 1.0) > 0.5 for m in MOTORS[:motors])
    points = tuple(operating_points(observations, motors))
    fit = fit_motor(points, turning=turning, housing_c=housing_c) if any(turning) else None
    features: dict[str, float] = {}
    for m, on in zip(MOTORS, turning, strict=False):
        features[f"turning_{m}"] = 1.0 if on else 0.0
    if fit is not None:
        for key, value in (("R", fit.r_ohm), ("Ke", fit.ke_v_s_rad), ("I0", fit.i0_a), ("b", fit.b_nm_s_rad)):
            name = {"R": "R_ohm", "Ke": "Ke_Vs_rad", "I0": "I0_A", "b": "b_Nms_rad"}[key]
            features[key] = log_ratio(value, model[name].nominal)
    final_a = observations.get(f"{SPIN_UP}.final_current_a")
    if final_a is not None and final_a > 0:
        features["final_current"] = math.log(final_a)  # ln of amps, against each hypothesis's prediction
    top = max(points, key=lambda p: p.supply_v) if points else None
    if top is not None and motors > 1 and all(turning) and min(top.motor_rad_s) > 0:
        features["split"] = math.log(top.motor_rad_s[0] / top.motor_rad_s[1])
    for index, m in enumerate(MOTORS[:motors]):
        _motor_features(features, observations, points, model, index, m)
    _current_features(features, observations, points, motors)
    _sample_features(features, observations, measured, model)
    return RunFigures(motors, points, turning, fit, features, observations, measured)


def _motor_features(features: dict[str, float], obs: Mapping[str, float], points: Sequence[OperatingPoint],
                    model: Mapping[str, DesignValue], index: int, m: str) -> None:
    """Add one motor's eccentric, harmonic and bearing figures from its fastest steady point."""
    turning = [p for p in points if p.motor_rad_s[index] > 0 and f"{p.step}.level_{m}_g" in obs]
    if not turning:
        return
    point = max(turning, key=lambda p: p.motor_rad_s[index])
    step, speed = point.step, point.motor_rad_s[index]
    expected_g = head_level_g(model["mr_kgm"].nominal, model["M_kg"].nominal, speed)
    features[f"mr_{m}"] = log_ratio(obs[f"{step}.level_{m}_g"], expected_g)
    features[f"h2_{m}"] = max(obs[f"{p.step}.h2_{m}_db"] for p in turning)
    features[f"h35_{m}"] = max(obs[f"{p.step}.h35_{m}_db"] for p in turning)
    features[f"tone_{m}"] = max(TONE_FLOOR_DB, max(obs[f"{p.step}.tone_{m}_db"] for p in turning))


def _current_features(features: dict[str, float], obs: Mapping[str, float],
                      points: Sequence[OperatingPoint], motors: int) -> None:
    """Add the current's ripple (per motor on the quad head), spikes and dropouts."""
    steps = [p.step for p in points]
    if steps:
        for m in MOTORS[:motors]:
            values = [obs[f"{s}.ripple_{m}_pct"] for s in steps if f"{s}.ripple_{m}_pct" in obs]
            if values:
                features[f"ripple_{m}"] = math.log(max(max(values), 1e-3))
        features["spikes"] = max(obs.get(f"{s}.spikes_per_s", 0.0) for s in steps)
    dropouts = [v for k, v in obs.items() if k.endswith((".dropouts", ".switch_on_dropouts"))]
    if dropouts:
        features["dropouts"] = sum(dropouts)


def _sample_features(features: dict[str, float], obs: Mapping[str, float], measured: Mapping[str, float],
                     model: Mapping[str, DesignValue]) -> None:
    """Add the sample sequence's figures: the housing's thermal resistance, the current's drift."""
    rise = measured.get("thermal.housing_rise")
    power_w, dwell_s = obs.get("thermal.power_w"), obs.get("thermal.dwell_s")
    if rise is not None and power_w and dwell_s:
        tau_s = model["tau_housing_s"].nominal
        expected_k = power_w * model["Rth_housing_K_W"].nominal * (1.0 - math.exp(-dwell_s / tau_s))
        features["rth"] = log_ratio(max(rise, 1e-3), expected_k)
    drift = measured.get("durability.current_drift")
    if drift is not None:
        features["current_drift"] = drift
