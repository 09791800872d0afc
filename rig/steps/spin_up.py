"""Switch the unit on from rest and time its spin-up; measure the inrush."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rig.steps.context import StepContext
from rig.steps.params import Param

PARAMS = {
    "capture_s": Param(float, 0.5, doc="capture length from arming to end"),
    "sample_rate_hz": Param(float, 20000.0),
    "rest_s": Param(float, 1.0, allow_zero=True, doc="run-down wait when the output was on"),
}


def measurements(heads: int, motors: int) -> dict[str, str]:
    """Return what a spin-up step measures: name -> unit."""
    return {"inrush_peak": "A", "spin_up_time": "s"}


def expected_duration_s(params: Mapping[str, Any]) -> float:
    return float(params.get("capture_s", 0.5)) + 0.2


def run(ctx: StepContext) -> None:
    raise NotImplementedError
