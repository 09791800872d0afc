"""Run summaries survive strict JSON, including values that are not finite."""

from __future__ import annotations

import json
import math

from rig.model import Measurement, RunSummary, Verdict


def summary_with(*values: float) -> RunSummary:
    measurements = [Measurement(f"spin_up.m{i}", v, "s", None, 0.4, Verdict.FAIL, "spin_up")
                    for i, v in enumerate(values)]
    return RunSummary(run_id="run-1", serial="GPM-000001", product="general-purpose",
                      sequence="eol", operator="ann", batch="B1", station="sim",
                      software_version="0.1.0", started_at="2026-11-25T10:00:00Z",
                      spec_id="general-purpose", spec_revision=1, spec_sha256="ab" * 32,
                      verdict=Verdict.FAIL, finished_at="2026-11-25T10:00:05Z",
                      record_path="/tmp/r.h5", measurements=measurements)


def test_non_finite_values_round_trip_through_strict_json() -> None:
    text = summary_with(float("inf"), float("nan"), -float("inf"), 0.25).to_json()
    data = json.loads(text, parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))
    values = [m.value for m in RunSummary.from_dict(data).measurements]
    assert values[0] == math.inf and math.isnan(values[1]) and values[2] == -math.inf
    assert values[3] == 0.25
