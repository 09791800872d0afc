"""Read the observations and the diagnosis of a record (absent from records made before them)."""

from __future__ import annotations

import h5py

from rig.diagnosis.model import Diagnosis
from rig.model import Observation
from rig.records import layout as L


def read_observations(f: h5py.File) -> list[Observation]:
    """Return the run's unjudged values; none for a record made before they existed."""
    if "observations" not in f:
        return []
    dataset = f["observations"]
    dataset.refresh()
    return [Observation(L.decode(r["name"]), float(r["value"]), L.decode(r["unit"]), L.decode(r["step"]))
            for r in dataset[()]]


def read_fitted(f: h5py.File) -> dict[str, float]:
    """Return the run's fitted motor model; empty when it has none (or predates them)."""
    if "diagnosis" not in f:
        return {}
    fitted = f["diagnosis/fitted"]
    fitted.refresh()
    return {L.decode(r["name"]): float(r["value"]) for r in fitted[()]}


def read_diagnosis(f: h5py.File) -> Diagnosis | None:
    """Return the run's diagnosis, or None when it has none (or predates them)."""
    if "diagnosis" not in f:
        return None
    group = f["diagnosis"]
    for name in ("summary", "evidence"):
        group[name].refresh()
    row = group["summary"][0]
    cause = L.decode(row["cause"])
    if not cause:
        return None
    return Diagnosis(
        cause=cause, motor=L.decode(row["motor"]) or None, confidence=float(row["confidence"]),
        runner_up=L.decode(row["runner_up"]) or None,
        evidence=tuple(L.decode(r["text"]) for r in group["evidence"][()]),
        fitted=read_fitted(f),
        watch=bool(row["watch"]),
    )
