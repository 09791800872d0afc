"""Cost of the diagnosis per unit: the observations each capture adds, and the fit and scoring at the end.

Target (issue 10): under 20 ms per unit, so the takt does not move. A unit
of the EOL sequence has four steady captures (the spin-up's tail and three
speed points) and one diagnosis.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from rig.analysis import synthetic as syn
from rig.analysis.heads import analyse_heads
from rig.diagnosis import assess
from rig.diagnosis.physics import nominal_motor, with_defect
from rig.diagnosis.synthetic import synthetic_observations
from rig.model import Verdict
from rig.specs import load_spec
from rig.steps.observations import observe_running

FS = 10000.0
ROOT = Path(__file__).resolve().parents[1]
CAPTURES_PER_UNIT = 4


class _Observer:
    """The one part of a step context that ``observe_running`` uses, plus the product's shape."""

    def __init__(self, motors: int, coupling: float) -> None:
        self.motors, self.head_coupling = motors, coupling
        self.values: dict[str, float] = {}

    def observe(self, name: str, value: float, unit: str) -> None:
        self.values[name] = value


def _median_ms(fn, repeats: int = 15) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return float(np.median(times) * 1000)


def _observe_cost_ms(rng: np.random.Generator, motors: int) -> float:
    if motors == 1:
        heads = syn.vibration_g(rng, 59.0, 2.3, FS, 1.0)[:, None]
        current = syn.motor_current_a(rng, 0.59, 8.0, 59.0, FS, 1.0)
        ctx = _Observer(1, 0.0)
    else:
        heads = syn.quad_heads_g(rng, 59.0, 59.3, [1.3] * 4, 0.3, FS, 1.0)
        current = syn.motor_current_a(rng, 1.18, 8.0, 59.0, FS, 1.0)
        ctx = _Observer(2, 0.3)
    vibration = analyse_heads(heads, FS, motors, ctx.head_coupling)
    return _median_ms(lambda: observe_running(ctx, heads, current, FS, vibration, 12.0), 9)


def _assess_cost_ms(product: str, cause: str) -> float:
    spec = load_spec(ROOT / "specs" / f"{product}.yaml")
    model = spec.diagnosis.model
    nominal = nominal_motor(model)
    motors = [with_defect(nominal, cause)] + [nominal] * (spec.motors - 1)
    obs = synthetic_observations(motors, model, spec.supply_current_limit_a)
    return _median_ms(lambda: assess(Verdict.FAIL, obs, [], model, motors=spec.motors,
                                     current_limit_a=spec.supply_current_limit_a, housing_c=24.0))


def run() -> list[tuple[str, str]]:
    rng = np.random.default_rng(2026)
    rows = []
    for product, motors in (("general-purpose", 1), ("quad-head", 2)):
        observe_ms = _observe_cost_ms(rng, motors)
        assess_ms = _assess_cost_ms(product, "weak_magnet")
        total_ms = CAPTURES_PER_UNIT * observe_ms + assess_ms
        rows += [
            (f"{product}: observations of one 1 s capture (median)", f"{observe_ms:.2f} ms"),
            (f"{product}: fit and score every hypothesis (median)", f"{assess_ms:.2f} ms"),
            (f"{product}: diagnosis per unit, {CAPTURES_PER_UNIT} captures + 1 diagnosis (target < 20 ms)",
             f"{total_ms:.1f} ms"),
        ]
    return rows
