"""Run at one speed setting and measure current, ripple, spectrum and head levels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rig.steps.context import StepContext
from rig.steps.params import Param

PARAMS = {
    "settle_s": Param(float, 0.3, allow_zero=True, doc="wait after the new voltage"),
    "capture_s": Param(float, 1.0),
    "sample_rate_hz": Param(float, 10000.0),
    "tach_gate_s": Param(float, 0.1),
}


def measurements(heads: int, motors: int) -> dict[str, str]:
    """Return what a speed point measures on a product of this shape: name -> unit."""
    names = {"current": "A", "ripple": "%", "dropouts": "count", "fundamental": "Hz", "tach_delta": "Hz"}
    if motors > 1:
        names["motor_split"] = "Hz"
    names.update({f"head{n}_accel": "g" for n in range(1, heads + 1)})
    if heads > 1:
        names["head_balance"] = "%"
    names.update({"second_harmonic": "dB", "higher_harmonics": "dB", "broadband": "g"})
    return names


def expected_duration_s(params: Mapping[str, Any]) -> float:
    return float(params.get("settle_s", 0.3)) + float(params.get("capture_s", 1.0)) + 0.2


def run(ctx: StepContext) -> None:
    raise NotImplementedError
