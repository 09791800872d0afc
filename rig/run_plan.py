"""A request resolved against a spec: the steps to run, their limits and the product's shape."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rig.model import Limits, RunRequest
from rig.specs import Spec
from rig.specs.diagnosis_section import DiagnosisSpec


@dataclass(frozen=True)
class StepPlan:
    """One step of a sequence, with everything the spec says about it."""

    step_id: str
    kind: str
    operating_point_v: float
    params: Mapping[str, Any]
    limits: Mapping[str, Limits]
    dwell_s: float  # instrument time the spec asks this step to spend (settle, capture, dwell)


@dataclass(frozen=True)
class ProductShape:
    """What the spec says about the unit's build, for steps that care."""

    heads: int
    motors: int
    head_coupling: float
    current_limit_a: float


class BadRequest(ValueError):
    """The request does not fit the spec: wrong product, serial or sequence."""


@dataclass(frozen=True)
class RunPlan:
    """A request resolved against a spec: the steps to run and the limits that hold."""

    spec_id: str
    spec_revision: int
    spec_sha256: str
    spec_text: str
    steps: tuple[StepPlan, ...]
    stop_on_fail: bool
    shape: ProductShape
    max_temperature_c: float
    over_current_for_s: float
    diagnosis: DiagnosisSpec | None = None  # the spec's motor design and retest policy by cause

    def expected_duration_s(self, time_scale: float) -> float:
        """Return the wall-clock estimate of the whole sequence."""
        return sum(step.dwell_s for step in self.steps) / time_scale


def plan_run(spec: Spec, request: RunRequest, kinds: Mapping[str, Any]) -> RunPlan:
    """Resolve a request against a loaded spec; raise BadRequest when they do not fit."""
    if request.product != spec.product:
        raise BadRequest(f"product {request.product!r} does not match the spec, which is for "
                         f"{spec.product!r}")
    if not spec.serial_matches(request.serial):
        raise BadRequest(f"serial {request.serial!r} does not match {spec.serial_pattern} "
                         f"for {spec.product}")
    try:
        sequence = spec.sequence(request.sequence)
    except KeyError as exc:
        raise BadRequest(exc.args[0]) from None
    steps = []
    for step in sequence.steps:
        if step.kind not in kinds:
            raise BadRequest(f"step {step.id!r} is of kind {step.kind!r}, which this rig does not "
                             f"know (known: {', '.join(sorted(kinds))})")
        steps.append(StepPlan(step.id, step.kind, step.operating_point_v, step.params,
                              step.limits, kinds[step.kind].expected_duration_s(step.params)))
    return RunPlan(
        spec_id=spec.product, spec_revision=spec.revision, spec_sha256=spec.sha256,
        spec_text=spec.text, steps=tuple(steps), stop_on_fail=sequence.stop_on_fail,
        shape=ProductShape(spec.heads, spec.motors, spec.head_coupling, spec.supply_current_limit_a),
        max_temperature_c=spec.safety.max_temperature_c,
        over_current_for_s=spec.safety.over_current_for_s,
        diagnosis=spec.diagnosis,
    )
