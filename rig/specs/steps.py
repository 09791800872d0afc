"""Validate the ``steps`` section: kinds, operating points, params and limits."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from instruments.yaml_nodes import Document, Path
from rig.model import Limits
from rig.specs.bounds import param_problems
from rig.specs.fields import as_mapping, as_number, as_text, child
from rig.specs.model import StepSpec
from rig.steps.kinds import StepKind
from rig.steps.params import with_defaults

STEP_FIELDS = ("kind", "operating_point", "params", "limits")
LIMIT_FIELDS = ("min", "max", "unit")
STEP_ID = re.compile(r"[a-z][a-z0-9_]*")
HEAD_MEASUREMENT = re.compile(r"head(\d+)_\w+")


def read_steps(doc: Document, top: dict[str, Any], operating_points: dict[str, float], heads: int,
               motors: int, kinds: Mapping[str, StepKind]) -> dict[str, StepSpec]:
    """Return every step of the spec by id, in file order."""
    path = ("steps",)
    steps = as_mapping(doc, child(doc, top, (), "steps"), path)
    if not steps:
        raise doc.error(path, "must define at least one step")
    result = {}
    for step_id, body in steps.items():
        where = (*path, step_id)
        if not STEP_ID.fullmatch(step_id):
            raise doc.error(where, "step ids are lower-case letters, digits and _ (no dots)")
        result[step_id] = _read_step(doc, step_id, body, where, operating_points, heads, motors, kinds)
    return result


def _read_step(doc: Document, step_id: str, body: Any, where: Path, operating_points: dict[str, float],
               heads: int, motors: int, kinds: Mapping[str, StepKind]) -> StepSpec:
    body = as_mapping(doc, body, where, STEP_FIELDS)
    kind_name = as_text(doc, child(doc, body, where, "kind"), (*where, "kind"))
    if kind_name not in kinds:
        raise doc.error((*where, "kind"), f"unknown step kind {kind_name!r} (known: {', '.join(sorted(kinds))})")
    kind = kinds[kind_name]
    point = as_text(doc, child(doc, body, where, "operating_point"), (*where, "operating_point"))
    if point not in operating_points:
        raise doc.error((*where, "operating_point"),
                        f"unknown operating point {point!r} (known: {', '.join(operating_points)})")
    params = _read_params(doc, child(doc, body, where, "params", {}), (*where, "params"), kind, heads)
    limits = _read_limits(doc, child(doc, body, where, "limits"), (*where, "limits"), kind, heads, motors)
    return StepSpec(id=step_id, kind=kind_name, operating_point=point, operating_point_v=operating_points[point],
                    params=MappingProxyType(params), limits=MappingProxyType(limits))


def _read_params(doc: Document, value: Any, path: Path, kind: StepKind, heads: int) -> dict[str, Any]:
    given = as_mapping(doc, value, path)
    for name, param_value in given.items():
        if name not in kind.params:
            raise doc.error((*path, name), f"unknown parameter for {kind.name} "
                                           f"(it takes: {', '.join(kind.params)})")
        problem = kind.params[name].check(param_value)
        if problem:
            raise doc.error((*path, name), problem)
    params = with_defaults(kind.params, given)
    for name, problem in param_problems(params, heads):
        raise doc.error((*path, name), problem)  # a default out of bound points at the params
    return params


def _read_limits(doc: Document, value: Any, path: Path, kind: StepKind, heads: int,
                 motors: int) -> dict[str, Limits]:
    limits = as_mapping(doc, value, path)
    if not limits:
        raise doc.error(path, "must give limits for at least one measurement")
    offered = kind.measurements(heads, motors)
    result = {}
    for name, body in limits.items():
        where = (*path, name)
        head = HEAD_MEASUREMENT.fullmatch(name)
        if head and name not in offered and int(head.group(1)) > heads:
            raise doc.error(where, f"the product has no head {head.group(1)} "
                                   f"(it has {heads} head{'s' * (heads > 1)})")
        if name not in offered:
            raise doc.error(where, f"{kind.name} does not measure {name!r} on this product "
                                   f"(it measures: {', '.join(offered)})")
        result[name] = _read_limit(doc, body, where, offered[name])
    return result


def _read_limit(doc: Document, value: Any, where: Path, unit: str) -> Limits:
    body = as_mapping(doc, value, where, LIMIT_FIELDS)
    given_unit = child(doc, body, where, "unit")
    if given_unit != unit:
        raise doc.error((*where, "unit"), f"{where[-1]} is measured in {unit!r}, not {given_unit!r}")
    low = as_number(doc, body["min"], (*where, "min")) if "min" in body else None
    high = as_number(doc, body["max"], (*where, "max")) if "max" in body else None
    if low is None and high is None:
        raise doc.error(where, "give min, max or both")
    if low is not None and high is not None and low > high:
        raise doc.error(where, f"min {low:g} is above max {high:g}")
    return Limits(low=low, high=high, unit=unit)
