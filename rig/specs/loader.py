"""Load a spec file and validate all of it before anything can run from it."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from instruments.yaml_nodes import Document, read_document
from rig.hashing import sha256_text
from rig.specs.bounds import spec_bound
from rig.specs.diagnosis_section import read_diagnosis
from rig.specs.errors import SpecError
from rig.specs.fields import as_bool, as_int, as_list, as_mapping, as_number, as_text, child
from rig.specs.model import Retest, Safety, SequenceSpec, Spec, StepSpec
from rig.specs.prompts import read_prompts
from rig.specs.serial_pattern import BadSerialPattern, compile_serial_pattern
from rig.specs.shape import read_key_measurements, read_product, read_shape
from rig.specs.steps import read_steps
from rig.steps.kinds import STEP_KINDS, StepKind

SUPPORTED_FORMAT = 1

TOP_LEVEL = ("format", "product", "name", "model", "maker", "revision", "serial_pattern", "motors",
             "heads", "head_coupling", "supply", "operating_points", "safety", "retest", "sequences",
             "steps", "certificate", "prompts", "diagnosis")
RETEST_DESTINATIONS = ("repair", "scrap")
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


def load_spec(path: str | os.PathLike[str], kinds: Mapping[str, StepKind] = STEP_KINDS) -> Spec:
    """Read and validate a spec file; raise SpecError naming file, line and field."""
    source = os.fspath(path)
    with open(source, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SpecError(source, line, "spec", "the file is not UTF-8 text") from None
    return load_spec_text(text, source, kinds)


def load_spec_text(text: str, source: str, kinds: Mapping[str, StepKind] = STEP_KINDS) -> Spec:
    """Validate spec text (e.g. a stored revision); ``source`` names it in errors."""
    doc = read_document(text, source, SpecError, root="spec")
    top = as_mapping(doc, doc.value, ())
    fmt = as_int(doc, child(doc, top, (), "format"), ("format",))
    if fmt != SUPPORTED_FORMAT:  # before field checks: a newer format may have new fields
        raise doc.error(("format",), f"unsupported format {fmt} (this rig reads format {SUPPORTED_FORMAT})")
    as_mapping(doc, top, (), TOP_LEVEL)
    header = _read_header(doc, top)
    supply = as_mapping(doc, child(doc, top, (), "supply"), ("supply",), ("current_limit_a",))
    current_limit_a = _bounded(doc, ("supply", "current_limit_a"),
                               as_number(doc, child(doc, supply, ("supply",), "current_limit_a"),
                                         ("supply", "current_limit_a"), positive=True))
    operating_points = _read_operating_points(doc, top)
    steps = read_steps(doc, top, operating_points, header["heads"], header["motors"], kinds)
    sequences = _read_sequences(doc, top, steps)
    return Spec(
        **header,
        supply_current_limit_a=current_limit_a,
        operating_points=MappingProxyType(operating_points),
        safety=_read_safety(doc, top),
        retest=_read_retest(doc, top),
        sequences=MappingProxyType(sequences),
        steps=MappingProxyType(steps),
        key_measurements=read_key_measurements(doc, top, steps),
        text=text,
        sha256=sha256_text(text),
        source=source,
        format=fmt,
        prompts=read_prompts(doc, top),
        diagnosis=read_diagnosis(doc, top),
    )


def _read_header(doc: Document, top: dict[str, Any]) -> dict[str, Any]:
    header: dict[str, Any] = {"product": read_product(doc, top)}
    for key in ("name", "model", "maker"):
        header[key] = as_text(doc, child(doc, top, (), key), (key,))
    header["revision"] = _read_revision(doc, top)
    header["serial_pattern"] = _read_serial_pattern(doc, top)
    header.update(read_shape(doc, top))
    return header


def _read_revision(doc: Document, top: dict[str, Any]) -> int:
    value = child(doc, top, (), "revision")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise doc.error(("revision",), f"must be a positive integer, got {value!r}")
    return int(_bounded(doc, ("revision",), value))


def _bounded(doc: Document, path: tuple[str, ...], value: float, field: str | None = None) -> float:
    """Return a value inside its bound in rig.specs.bounds; raise SpecError naming the field otherwise."""
    problem = spec_bound(field or ".".join(path)).problem(value)
    if problem:
        raise doc.error(path, problem)
    return value


def _read_serial_pattern(doc: Document, top: dict[str, Any]) -> str:
    pattern = as_text(doc, child(doc, top, (), "serial_pattern"), ("serial_pattern",))
    try:
        compile_serial_pattern(pattern)
    except BadSerialPattern as exc:
        raise doc.error(("serial_pattern",), f"not a valid regular expression (RE2 syntax: no "
                                             f"back-references or look-arounds): {exc}") from None
    return pattern


def _read_operating_points(doc: Document, top: dict[str, Any]) -> dict[str, float]:
    path = ("operating_points",)
    points = as_mapping(doc, child(doc, top, (), "operating_points"), path)
    if not points:
        raise doc.error(path, "must name at least one operating point")
    return {name: _bounded(doc, (*path, name), as_number(doc, volts, (*path, name), positive=True),
                           "operating_points") for name, volts in points.items()}


def _read_safety(doc: Document, top: dict[str, Any]) -> Safety:
    path = ("safety",)
    safety = as_mapping(doc, child(doc, top, (), "safety"), path, ("max_temperature_c", "over_current_for_s"))
    max_c, over_s = (*path, "max_temperature_c"), (*path, "over_current_for_s")
    return Safety(
        max_temperature_c=_bounded(doc, max_c, as_number(doc, child(doc, safety, path, max_c[-1]), max_c)),
        over_current_for_s=_bounded(doc, over_s, as_number(doc, child(doc, safety, path, over_s[-1]), over_s,
                                                           positive=True)),
    )


def _read_retest(doc: Document, top: dict[str, Any]) -> Retest:
    path = ("retest",)
    retest = as_mapping(doc, child(doc, top, (), "retest"), path, ("allowed", "then"))
    allowed = int(_bounded(doc, (*path, "allowed"),
                           as_int(doc, child(doc, retest, path, "allowed"), (*path, "allowed"), minimum=0)))
    then = as_text(doc, child(doc, retest, path, "then"), (*path, "then"))
    if then not in RETEST_DESTINATIONS:
        raise doc.error((*path, "then"), f"must be one of {', '.join(RETEST_DESTINATIONS)}, got {then!r}")
    return Retest(allowed=allowed, then=then)


def _read_sequences(doc: Document, top: dict[str, Any], steps: dict[str, StepSpec]) -> dict[str, SequenceSpec]:
    path = ("sequences",)
    sequences = as_mapping(doc, child(doc, top, (), "sequences"), path)
    if not sequences:
        raise doc.error(path, "must define at least one sequence")
    result = {}
    for name, body in sequences.items():
        where = (*path, name)
        if not NAME_PATTERN.fullmatch(name):
            raise doc.error(where, "sequence names are lower-case letters, digits and _")
        body = as_mapping(doc, body, where, ("steps", "stop_on_fail"))
        ids = as_list(doc, child(doc, body, where, "steps"), (*where, "steps"))
        if not ids:
            raise doc.error((*where, "steps"), "must name at least one step")
        chosen = []
        for index, step_id in enumerate(ids):
            at = (*where, "steps", index)
            if not isinstance(step_id, str) or step_id not in steps:
                raise doc.error(at, f"unknown step {step_id!r} (steps: {', '.join(steps)})")
            if step_id in ids[:index]:
                raise doc.error(at, f"step {step_id!r} appears twice")
            chosen.append(steps[step_id])
        stop = as_bool(doc, child(doc, body, where, "stop_on_fail", True), (*where, "stop_on_fail"))
        result[name] = SequenceSpec(name=name, steps=tuple(chosen), stop_on_fail=stop)
    return result
