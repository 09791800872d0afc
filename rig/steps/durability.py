"""Cycle the unit on and off and measure drift from the first to the last cycle."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rig.steps.context import StepContext
from rig.steps.params import Param

PARAMS = {
    "cycles": Param(int, 20),
    "on_s": Param(float, 60.0),
    "off_s": Param(float, 30.0, allow_zero=True),
    "settle_s": Param(float, 0.3, allow_zero=True),
    "capture_s": Param(float, 0.5),
    "sample_rate_hz": Param(float, 10000.0),
}


def measurements(heads: int, motors: int) -> dict[str, str]:
    """Return what a durability step measures: name -> unit."""
    return {"current_drift": "%", "frequency_drift": "%", "amplitude_drift": "%"}


def expected_duration_s(params: Mapping[str, Any]) -> float:
    cycles = int(params.get("cycles", 20))
    return cycles * (float(params.get("on_s", 60.0)) + float(params.get("off_s", 30.0)))


def run(ctx: StepContext) -> None:
    raise NotImplementedError
