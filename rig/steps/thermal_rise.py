"""Dwell at one speed and measure the ambient-compensated temperature rises."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rig.steps.context import StepContext
from rig.steps.params import Param

PARAMS = {
    "dwell_s": Param(float, 900.0),
    "reading_interval_s": Param(float, 5.0),
}


def measurements(heads: int, motors: int) -> dict[str, str]:
    """Return what a thermal step measures: name -> unit."""
    return {"housing_rise": "K", "handle_rise": "K", "head_rise": "K"}


def expected_duration_s(params: Mapping[str, Any]) -> float:
    return float(params.get("dwell_s", 900.0))


def run(ctx: StepContext) -> None:
    raise NotImplementedError
