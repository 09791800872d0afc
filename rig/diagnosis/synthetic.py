"""Synthetic runs with known answers, for the diagnosis tests and benchmarks.

The observations a unit of given motor constants would give at the EOL
sequence's points, from the steady-state model, with a good unit's signal
figures unless told otherwise. Written independently of the simulated bench.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from rig.diagnosis.physics import MotorParams, head_level_g, predicted_point
from rig.specs.diagnosis_section import DesignValue

EOL_POINTS = {"spin_up": 12.0, "low": 7.0, "medium": 9.5, "high": 12.0}


def synthetic_observations(motors: Sequence[MotorParams], model: Mapping[str, DesignValue], limit_a: float,
                           **signals: float) -> dict[str, float]:
    """Return the observations of an EOL run; ``signals`` set e.g. ``h2_a_db`` at every point."""
    obs: dict[str, float] = {"spin_up.set_v": 12.0}
    start = predicted_point(motors, 12.0, limit_a)
    obs["spin_up.final_current_a"] = start.current_a
    for m, w in zip("ab", start.motor_rad_s, strict=False):
        obs[f"spin_up.turning_{m}"] = 1.0 if w > 0 else 0.0
    if min(start.motor_rad_s) <= 0:
        return obs  # the spin-up stops the sequence
    for step, volts in EOL_POINTS.items():
        point = predicted_point(motors, volts, limit_a)
        obs.update({f"{step}.supply_v": point.supply_v, f"{step}.current_a": point.current_a,
                    f"{step}.dropouts": 0.0, f"{step}.spikes_per_s": 0.0})
        for m, w in zip("ab", point.motor_rad_s, strict=False):
            level = head_level_g(model["mr_kgm"].nominal, model["M_kg"].nominal, w)
            obs.update({f"{step}.motor_{m}_hz": w / (2 * math.pi), f"{step}.level_{m}_g": level,
                        f"{step}.h2_{m}_db": -30.0, f"{step}.h35_{m}_db": -35.2, f"{step}.tone_{m}_db": -65.0,
                        f"{step}.ripple_{m}_pct": 8.0})
        for name, value in signals.items():
            obs[f"{step}.{name}"] = value
    return obs
