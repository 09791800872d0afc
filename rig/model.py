"""Plain data shared by the runner, the records, the index and every front end."""

from __future__ import annotations

import json
import math
from dataclasses import MISSING, dataclass, field, fields, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rig.diagnosis.model import Diagnosis


class Verdict(StrEnum):
    """How a measurement, a step or a run ended. A closed set: FAIL is never ERROR."""

    PASS = "PASS"  # within limits
    FAIL = "FAIL"  # the unit is out of spec
    ERROR = "ERROR"  # the rig could not measure
    ABORTED = "ABORTED"  # an operator or a safety interlock stopped it


@dataclass(frozen=True)
class Limits:
    """Inclusive bounds of a measurement; either side may be open."""

    low: float | None
    high: float | None
    unit: str

    def judge(self, value: float) -> Verdict:
        """Return PASS when value lies within the limits, FAIL otherwise (NaN fails)."""
        if value != value:  # NaN
            return Verdict.FAIL
        if self.low is not None and value < self.low:
            return Verdict.FAIL
        if self.high is not None and value > self.high:
            return Verdict.FAIL
        return Verdict.PASS


@dataclass(frozen=True)
class Measurement:
    """One judged number. ``name`` is ``<step id>.<measurement>``, unique in a spec."""

    name: str
    value: float
    unit: str
    low: float | None
    high: float | None
    verdict: Verdict
    step: str

    def to_dict(self) -> dict[str, Any]:
        # Built by hand: asdict's deep copy is most of the cost of a run's JSON summary.
        return {"name": self.name, "value": self.value, "unit": self.unit, "low": self.low,
                "high": self.high, "verdict": self.verdict.value, "step": self.step}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Measurement:
        """Build from ``to_dict`` or strict-JSON output (non-finite values as strings)."""
        return cls(**{**data, "value": float(data["value"]), "verdict": Verdict(data["verdict"])})


@dataclass(frozen=True)
class Observation:
    """One value a step saw but did not judge (for the diagnosis): ``<step id>.<name>``."""

    name: str
    value: float
    unit: str
    step: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "unit": self.unit, "step": self.step}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Observation:
        """Build from ``to_dict`` or strict-JSON output (non-finite values as strings)."""
        return cls(**{**data, "value": float(data["value"])})


@dataclass(frozen=True)
class RunRequest:
    """What the operator asked for: which unit, which sequence, by whom."""

    serial: str
    product: str
    sequence: str = "eol"
    operator: str = ""
    batch: str = ""


@dataclass(frozen=True)
class RunHeader:
    """What is known of a run before its first step: one type, which the HDF5 header,
    the JSON summary, the results index and the readers all derive their fields from."""

    run_id: str
    serial: str
    product: str
    sequence: str
    operator: str
    batch: str
    station: str
    software_version: str
    started_at: str  # ISO 8601, UTC
    spec_id: str
    spec_revision: int
    spec_sha256: str
    time_scale: float = 1.0  # of the simulated bench (1 on hardware)

    def header_fields(self) -> dict[str, Any]:
        """Return the header's fields by name."""
        return {name: getattr(self, name) for name in HEADER_FIELDS}


HEADER_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(RunHeader))
_HEADER_TYPES = {"str": str, "int": int, "float": float}
HEADER_TYPES: dict[str, type] = {f.name: _HEADER_TYPES[str(f.type)] for f in fields(RunHeader)}
_HEADER_DEFAULTS = {f.name: f.default for f in fields(RunHeader) if f.default is not MISSING}


def header_from(values: Any) -> dict[str, Any]:
    """Return the header fields of a mapping (record attributes, a table row) in their types.

    A field with a default that an older record or index lacks (missing or None) takes it.
    """
    header = {}
    for name, kind in HEADER_TYPES.items():
        value = values[name] if name not in _HEADER_DEFAULTS else _get(values, name)
        header[name] = _HEADER_DEFAULTS[name] if value is None else kind(value)
    return header


def _get(values: Any, name: str) -> Any:
    try:
        return values[name]
    except KeyError:
        return None


@dataclass(frozen=True, kw_only=True)
class RunSummary(RunHeader):
    """The short form of one run's record: its header and outcome, as JSON and the index hold them."""

    verdict: Verdict
    finished_at: str
    record_path: str
    measurements: list[Measurement] = field(default_factory=list)
    error: str | None = None  # what the rig could not do (ERROR) or why it stopped (ABORTED)
    instruments: list[dict[str, str]] = field(default_factory=list)
    # The role of the instrument behind an ERROR (``InstrumentError.instrument``), when one was.
    error_instrument: str | None = None
    retries: int = 0  # transient instrument faults met and retried once (events "retry")
    observations: list[Observation] = field(default_factory=list)  # unjudged values, for the diagnosis
    # The probable cause of a FAIL, or a watch note on a PASS; None otherwise (and on ERROR, ABORTED).
    diagnosis: Diagnosis | None = None
    # The motor model fitted to every PASS and FAIL (R_ohm, Ke_Vs_rad, I0_A, b_Nms_rad and their sigmas).
    fitted: dict[str, float] = field(default_factory=dict)

    @property
    def failed_measurements(self) -> list[Measurement]:
        return [m for m in self.measurements if m.verdict is Verdict.FAIL]

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["verdict"] = self.verdict.value
        data["measurements"] = [m.to_dict() for m in self.measurements]
        data["instruments"] = [dict(i) for i in self.instruments]
        data["observations"] = [o.to_dict() for o in self.observations]
        data["diagnosis"] = self.diagnosis.to_dict() if self.diagnosis is not None else None
        data["fitted"] = {k: (v if math.isfinite(v) else None) for k, v in self.fitted.items()}
        return data

    def to_json(self) -> str:
        """Return strict JSON: a non-finite value is written as "NaN", "Infinity" or "-Infinity"."""
        data = self.to_dict()
        for m in data["measurements"] + data["observations"]:
            if not math.isfinite(m["value"]):
                m["value"] = json.dumps(m["value"])
        return json.dumps(data, indent=2, allow_nan=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunSummary:
        """Build from ``to_dict``; a field this version does not know is an error, not dropped."""
        diagnosis = data.get("diagnosis")
        if diagnosis is not None:
            from rig.diagnosis.model import Diagnosis  # rig.diagnosis builds on this module

            diagnosis = Diagnosis.from_dict(diagnosis)
        return cls(
            **{
                **data,
                "verdict": Verdict(data["verdict"]),
                "measurements": [Measurement.from_dict(m) for m in data["measurements"]],
                "observations": [Observation.from_dict(o) for o in data.get("observations", [])],
                "diagnosis": diagnosis,
                "fitted": {k: (math.nan if v is None else float(v)) for k, v in data.get("fitted", {}).items()},
            }
        )

    def with_changes(self, **changes: Any) -> RunSummary:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)
