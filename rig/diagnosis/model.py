"""What a diagnosis says: the probable cause of a FAIL, or a watch note on a PASS."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

# BENCH.md's defect table, in snake_case: the only causes a diagnosis names.
CAUSES = (
    "weak_magnet",
    "bearing_wear",
    "shorted_turns",
    "brush_wear",
    "loose_eccentric",
    "misalignment",
    "blocked_vent",
    "dead_motor_b",
    "seized_rotor",
    "intermittent_cord",
    "wear_out",
)
NO_CAUSE = "none"  # a watch note on a PASS that resembles no defect


@dataclass(frozen=True)
class Diagnosis:
    """The probable cause of a run's result, which motor, how sure, and why."""

    cause: str  # one of CAUSES, or NO_CAUSE on a watch note
    motor: str | None  # "A" or "B" on the quad head when one motor carries it
    confidence: float  # 0..1, the cause's share among the causes that fit
    runner_up: str | None
    evidence: tuple[str, ...]  # sentences a repair technician can act on
    fitted: Mapping[str, float] = field(default_factory=dict)  # R_ohm, R_ohm_sigma, Ke_Vs_rad, ...
    watch: bool = False  # a PASS whose parameters sit far out in the production spread

    def __post_init__(self) -> None:
        if self.cause != NO_CAUSE and self.cause not in CAUSES:
            raise ValueError(f"unknown cause {self.cause!r}; expected one of {CAUSES}")
        if self.motor not in (None, "A", "B"):
            raise ValueError(f"motor must be 'A', 'B' or None, got {self.motor!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be within 0..1, got {self.confidence!r}")
        object.__setattr__(self, "evidence", tuple(self.evidence))
        object.__setattr__(self, "fitted", MappingProxyType(dict(self.fitted)))

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON data (a non-finite fitted value becomes None)."""
        return {
            "cause": self.cause, "motor": self.motor, "confidence": round(self.confidence, 4),
            "runner_up": self.runner_up, "evidence": list(self.evidence),
            "fitted": {k: (v if math.isfinite(v) else None) for k, v in self.fitted.items()},
            "watch": self.watch,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Diagnosis:
        """Build from ``to_dict`` output."""
        fitted = {k: (float("nan") if v is None else float(v)) for k, v in data.get("fitted", {}).items()}
        return cls(cause=data["cause"], motor=data.get("motor"), confidence=float(data["confidence"]),
                   runner_up=data.get("runner_up"), evidence=tuple(data.get("evidence", ())),
                   fitted=fitted, watch=bool(data.get("watch", False)))


def cause_words(cause: str) -> str:
    """Return a cause as words: ``weak_magnet`` -> ``weak magnet``."""
    return "no known defect" if cause == NO_CAUSE else cause.replace("_", " ")


class Described(NamedTuple):
    """What a banner line says of a diagnosis, before it is put in words (a front end's language)."""

    cause: str  # one of CAUSES, or NO_CAUSE
    motor: str | None  # the motor named, None when the cause names it already or none was placed
    percent: int  # the confidence shown: never 100, a diagnosis is never certain
    watch: bool  # a watch note on a PASS, not a FAIL's cause


def described(diagnosis: Diagnosis) -> Described:
    """Return what the banner line of ``diagnosis`` says."""
    motor = diagnosis.motor if diagnosis.motor and diagnosis.cause != "dead_motor_b" else None
    # 99.6 % reads as 99 %, not 100 %.
    return Described(diagnosis.cause, motor, min(99, round(100 * diagnosis.confidence)), diagnosis.watch)


def describe(diagnosis: Diagnosis) -> str:
    """Return the one line a banner shows, e.g. ``weak magnet, motor B (92 %)``."""
    line = described(diagnosis)
    text = f"{cause_words(line.cause)}{f', motor {line.motor}' if line.motor else ''} ({line.percent} %)"
    return f"watch: {text}" if line.watch else text
