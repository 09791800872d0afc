"""A loaded, validated product spec: plain frozen data with lookups by name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rig.model import Limits
from rig.specs.diagnosis_section import DiagnosisSpec
from rig.specs.errors import UnknownName
from rig.specs.prompts import Prompt
from rig.specs.serial_pattern import serial_matches


@dataclass(frozen=True)
class StepSpec:
    """One step of the spec: its kind, operating point, params (defaults filled in) and limits."""

    id: str
    kind: str
    operating_point: str
    operating_point_v: float
    params: Mapping[str, Any]
    limits: Mapping[str, Limits]  # measurement name (without the step id) -> limits, file order


@dataclass(frozen=True)
class SequenceSpec:
    """A named order of steps, e.g. ``eol`` or ``sample``."""

    name: str
    steps: tuple[StepSpec, ...]
    stop_on_fail: bool

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps)


@dataclass(frozen=True)
class Safety:
    """Limits that abort a run at any time."""

    max_temperature_c: float
    over_current_for_s: float


@dataclass(frozen=True)
class Retest:
    """How many retests a failed unit gets, and where it goes after them."""

    allowed: int
    then: str


@dataclass(frozen=True)
class Spec:
    """A product's spec as loaded from one file revision."""

    product: str
    name: str
    model: str
    maker: str
    revision: int
    serial_pattern: str
    motors: int
    heads: int
    head_coupling: float
    supply_current_limit_a: float
    operating_points: Mapping[str, float]
    safety: Safety
    retest: Retest
    sequences: Mapping[str, SequenceSpec]
    steps: Mapping[str, StepSpec]
    text: str = field(repr=False)
    sha256: str
    source: str
    format: int = 1
    key_measurements: tuple[str, ...] = ()  # what a certificate prints per unit, first charted
    prompts: tuple[Prompt, ...] = ()  # operator instructions before a run (rig.specs.prompts)
    diagnosis: DiagnosisSpec | None = None  # the motor's design and the retest policy by cause

    def serial_matches(self, serial: str) -> bool:
        """Return True when the whole serial matches the product's pattern."""
        return serial_matches(self.serial_pattern, serial)

    def sequence(self, name: str) -> SequenceSpec:
        """Return a sequence by name; raise UnknownName (a KeyError) naming the choices."""
        try:
            return self.sequences[name]
        except KeyError:
            known = ", ".join(self.sequences)
            raise UnknownName(f"{self.product} spec r{self.revision} has no sequence {name!r} "
                              f"(it has: {known})") from None

    def limits(self, full_name: str) -> Limits:
        """Return the limits of ``<step id>.<measurement>``; raise UnknownName for others."""
        step_id, _, measurement = full_name.partition(".")
        step = self.steps.get(step_id)
        if step is None or measurement not in step.limits:
            raise UnknownName(f"{self.product} spec r{self.revision} has no measurement "
                              f"{full_name!r} (names look like 'high.fundamental')")
        return step.limits[measurement]

    def measurement_names(self) -> list[str]:
        """Return every ``<step id>.<measurement>`` in file order."""
        return [f"{step.id}.{name}" for step in self.steps.values() for name in step.limits]
