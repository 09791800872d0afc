"""The spec's ``diagnosis`` section: the motor's design with its spread, and the retest policy.

    diagnosis:
      model:                   # nominal design and production spread (1 sigma, share of nominal)
        R_ohm: {nominal: 1.6, spread: 0.03}
        ...
      repair: [weak_magnet, ...]      # causes reseating cannot cure: straight to repair
      retest: [intermittent_cord]     # causes the fixture can fake: retest as usual
      repair_confidence: 0.8          # below this a diagnosed FAIL is retested first

The section is product knowledge, versioned with the limits; a spec without
it gets no diagnosis (its FAILs are retested as before).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from instruments.yaml_nodes import Document
from rig.specs.fields import as_list, as_mapping, as_number, child

# The design values the diagnosis compares a unit against; all are required.
MODEL_PARAMETERS = (
    "R_ohm", "Ke_Vs_rad", "I0_A", "b_Nms_rad", "J_kgm2", "mr_kgm", "M_kg",
    "Rth_housing_K_W", "tau_housing_s",
)
CAUSES = (
    "weak_magnet", "bearing_wear", "shorted_turns", "brush_wear", "loose_eccentric",
    "misalignment", "blocked_vent", "dead_motor_b", "seized_rotor", "intermittent_cord", "wear_out",
)


@dataclass(frozen=True)
class DesignValue:
    """A design parameter: its nominal value and the 1-sigma spread of good units (share)."""

    nominal: float
    spread: float


@dataclass(frozen=True)
class DiagnosisSpec:
    """The unit's design for the motor model, and which causes go straight to repair."""

    model: Mapping[str, DesignValue]
    repair: frozenset[str]  # reseating cannot cure these: no retest
    retest: frozenset[str]  # the fixture can fake these (a poor contact): retest as usual
    repair_confidence: float = 0.8  # a less certain diagnosis is retested first

    def goes_to_repair(self, cause: str, confidence: float) -> bool:
        """Return True when a FAIL with this cause, this sure, must skip the retest."""
        return cause in self.repair and confidence >= self.repair_confidence


def read_diagnosis(doc: Document, top: dict[str, Any]) -> DiagnosisSpec | None:
    """Read the optional ``diagnosis`` section; raise SpecError naming the field."""
    if "diagnosis" not in top:
        return None
    path = ("diagnosis",)
    section = as_mapping(doc, top["diagnosis"], path, ("model", "repair", "retest", "repair_confidence"))
    model_path = (*path, "model")
    body = as_mapping(doc, child(doc, section, path, "model"), model_path, MODEL_PARAMETERS)
    model = {}
    for name in MODEL_PARAMETERS:
        where = (*model_path, name)
        value = as_mapping(doc, child(doc, body, model_path, name), where, ("nominal", "spread"))
        model[name] = DesignValue(
            nominal=as_number(doc, child(doc, value, where, "nominal"), (*where, "nominal"), positive=True),
            spread=as_number(doc, child(doc, value, where, "spread"), (*where, "spread"), positive=True),
        )
    policy = {key: _causes(doc, section, path, key) for key in ("repair", "retest")}
    both = policy["repair"] & policy["retest"]
    if both:
        raise doc.error((*path, "retest"), f"{', '.join(sorted(both))} cannot be both repaired and retested")
    where = (*path, "repair_confidence")
    confidence = as_number(doc, child(doc, section, path, "repair_confidence", 0.8), where, positive=True)
    if confidence > 1.0:
        raise doc.error(where, f"must be within 0..1, got {confidence}")
    return DiagnosisSpec(MappingProxyType(model), policy["repair"], policy["retest"], confidence)


def _causes(doc: Document, section: dict[str, Any], path: tuple, key: str) -> frozenset[str]:
    names = as_list(doc, child(doc, section, path, key, []), (*path, key))
    for index, name in enumerate(names):
        if name not in CAUSES:
            raise doc.error((*path, key, index), f"unknown cause {name!r} (known: {', '.join(CAUSES)})")
    return frozenset(names)
