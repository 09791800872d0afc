"""Diagnose one run: the most probable cause of its FAIL, or a watch note on a PASS.

Every hypothesis (each cause on each motor, and a good unit) scores the run's
features by its log likelihood; the causes' probabilities are the normalised
likelihoods summed over motors. docs/decisions/0021-diagnosis-method.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rig.diagnosis.evidence import evidence_for, watch_evidence
from rig.diagnosis.features import MOTORS, SPIN_UP, RunFigures, run_figures
from rig.diagnosis.model import NO_CAUSE, Diagnosis
from rig.diagnosis.physics import MotorParams, seconds_per_inertia
from rig.diagnosis.signatures import NEEDS_FEATURE, Hypothesis, expected, hypotheses, log_likelihood
from rig.model import Measurement, Verdict
from rig.specs.diagnosis_section import DesignValue

WATCH_LOG_ODDS = 6.0  # a PASS this much likelier to carry a defect than not gets a watch note
WATCH_SIGMA = 4.0  # a fitted parameter this far out in the production spread gets one too
LOOKS_GOOD = ("The motor model and the signals look like a good unit's: the FAIL may come from the "
              "fixture or the seating. Retest before any repair.")
J_RELATIVE_SIGMA = 0.1
FIT_NAMES = {"R": "R_ohm", "Ke": "Ke_Vs_rad", "I0": "I0_A"}


@dataclass(frozen=True)
class Assessment:
    """A run's fitted motor model (every PASS and FAIL) and its diagnosis (a FAIL, or a watch note)."""

    diagnosis: Diagnosis | None
    fitted: Mapping[str, float] = field(default_factory=dict)


def assess(verdict: Verdict, observations: Mapping[str, float], measurements: Sequence[Measurement],
           model: Mapping[str, DesignValue], *, motors: int, current_limit_a: float,
           housing_c: float | None = None) -> Assessment:
    """Fit the motor model of a finished run and diagnose it; nothing for ERROR and ABORTED."""
    if verdict not in (Verdict.PASS, Verdict.FAIL):
        return Assessment(None)  # the rig could not measure, or was stopped: it must not guess
    run = run_figures(observations, measurements, model, motors, housing_c=housing_c)
    scores = {h: log_likelihood(run.features, expected(h, run, model, current_limit_a))
              for h in hypotheses(motors) if _measurable(h, run)}
    fitted = _fitted(run, current_limit_a)
    if verdict is Verdict.PASS:
        return Assessment(_watch(run, scores, model, fitted), fitted)
    return Assessment(_verdict_of_fail(run, scores, model, fitted), fitted)


def _measurable(h: Hypothesis, run) -> bool:
    """Return False for a cause whose telling figure this run did not measure (no durability step)."""
    needed = NEEDS_FEATURE.get(h.cause)
    return needed is None or needed in run.features


def diagnose(verdict: Verdict, observations: Mapping[str, float], measurements: Sequence[Measurement],
             model: Mapping[str, DesignValue], *, motors: int, current_limit_a: float,
             housing_c: float | None = None) -> Diagnosis | None:
    """Return the diagnosis of a finished run; None for ERROR, ABORTED and an unremarkable PASS."""
    return assess(verdict, observations, measurements, model, motors=motors,
                  current_limit_a=current_limit_a, housing_c=housing_c).diagnosis


def _cause_probabilities(scores: Mapping[Hypothesis, float]) -> dict[str, float]:
    """Return each cause's probability (``none`` included), every cause equally likely beforehand.

    A cause's likelihood is the mean over its motors and variants, so a cause
    with more ways to happen gains no weight from that alone.
    """
    best = max(scores.values())
    sums: dict[str, list[float]] = {}
    for h, s in scores.items():
        sums.setdefault(h.cause, []).append(math.exp(s - best))
    weights = {cause: sum(values) / len(values) for cause, values in sums.items()}
    total = sum(weights.values())
    return {cause: w / total for cause, w in sorted(weights.items(), key=lambda kv: -kv[1])}


def _motor_of(cause: str, scores: Mapping[Hypothesis, float], motors: int) -> str | None:
    if motors == 1:
        return None
    candidates = [h for h in scores if h.cause == cause]
    best = max(candidates, key=lambda h: scores[h])
    return MOTORS[best.motor].upper() if best.motor is not None else None


def _verdict_of_fail(run: RunFigures, scores: Mapping[Hypothesis, float], model: Mapping[str, DesignValue],
                     fitted: dict[str, float]) -> Diagnosis:
    probabilities = _cause_probabilities(scores)
    ranked = [c for c in probabilities if c != NO_CAUSE]
    cause = ranked[0]
    motor = _motor_of(cause, scores, run.motors)
    evidence = evidence_for(cause, motor, run, model)
    if probabilities[NO_CAUSE] > probabilities[cause]:
        evidence = (LOOKS_GOOD, *evidence)
    return Diagnosis(cause=cause, motor=motor, confidence=min(1.0, probabilities[cause]),
                     runner_up=ranked[1] if len(ranked) > 1 else None, evidence=evidence, fitted=fitted)


def _watch(run: RunFigures, scores: Mapping[Hypothesis, float], model: Mapping[str, DesignValue],
           fitted: dict[str, float]) -> Diagnosis | None:
    """Return a watch note on a PASS that looks like a defect or sits far out in the spread."""
    good = max(s for h, s in scores.items() if h.cause == NO_CAUSE)
    defect = max((h for h in scores if h.cause != NO_CAUSE), key=lambda h: scores[h])
    far = {key: z for key, z in _spread_z(run, model).items() if abs(z) >= WATCH_SIGMA}
    if scores[defect] - good >= WATCH_LOG_ODDS:
        probabilities = _cause_probabilities(scores)
        ranked = [c for c in probabilities if c != NO_CAUSE]
        motor = _motor_of(defect.cause, scores, run.motors)
        return Diagnosis(cause=defect.cause, motor=motor, confidence=probabilities[defect.cause],
                         runner_up=ranked[1] if len(ranked) > 1 else None,
                         evidence=evidence_for(defect.cause, motor, run, model), fitted=fitted, watch=True)
    if far:
        return Diagnosis(cause=NO_CAUSE, motor=None, confidence=0.0, runner_up=None,
                         evidence=watch_evidence(far, run, model), fitted=fitted, watch=True)
    return None


def _spread_z(run: RunFigures, model: Mapping[str, DesignValue]) -> dict[str, float]:
    """Return how many production sigmas each fitted parameter sits from the design."""
    return {key: run.features[key] / model[name].spread for key, name in FIT_NAMES.items()
            if key in run.features and math.isfinite(run.features[key])}


def _fitted(run: RunFigures, limit_a: float) -> dict[str, float]:
    """Return the fitted motor model, with J from the spin-up time when the run measured it."""
    if run.fit is None:
        return {}
    fitted = run.fit.as_fitted()
    t90_s = run.measurements.get(f"{SPIN_UP}.spin_up_time", math.nan)
    set_v = run.observations.get(f"{SPIN_UP}.set_v", math.nan)
    if math.isfinite(t90_s) and t90_s > 0 and math.isfinite(set_v):
        fit = run.fit
        motor = MotorParams(fit.r_ohm, fit.ke_v_s_rad, fit.i0_a, fit.b_nm_s_rad)
        per_inertia_s = seconds_per_inertia([motor] * sum(run.turning), set_v, limit_a)
        if math.isfinite(per_inertia_s) and per_inertia_s > 0:
            fitted["J_kgm2"] = t90_s / per_inertia_s
            # The spin-up time is read from whole cycles of the head signal: about a cycle's worth.
            fitted["J_kgm2_sigma"] = fitted["J_kgm2"] * J_RELATIVE_SIGMA
    return fitted
