"""Switch the unit on from rest and time its spin-up; measure the inrush."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from rig.analysis.heads import decouple_heads, motor_of_head
from rig.analysis.spinup import SpinUp, inrush_peak_a, spin_up
from rig.events import SamplesAcquired
from rig.steps.capture import Capture, save_capture
from rig.steps.context import StepContext
from rig.steps.params import Param, with_defaults
from rig.steps.vibration import CURRENT, measure_wanted, running_acquisition

PARAMS = {
    "capture_s": Param(float, 0.5, doc="capture length from arming to end"),
    "sample_rate_hz": Param(float, 20000.0),
    "rest_s": Param(float, 1.0, allow_zero=True, doc="run-down wait when the output was on"),
    "inrush_window_s": Param(float, 0.04, doc="averaging window of the inrush peak"),
}
STALLED_CURRENT_SHARE = 0.9  # still this close to the clamp at the end: the rotor is not turning


def measurements(heads: int, motors: int) -> dict[str, str]:
    """Return what a spin-up step measures: name -> unit."""
    return {"inrush_peak": "A", "spin_up_time": "s"}


def expected_duration_s(params: Mapping[str, Any]) -> float:
    return float(params.get("capture_s", 0.5)) + 0.2


def run(ctx: StepContext) -> None:
    """Capture current and heads from before switch-on; judge inrush and time to 90 % speed."""
    params = with_defaults(PARAMS, ctx.params)
    supply = ctx.station.supply
    if supply.output_enabled():  # spin-up starts from rest
        supply.enable_output(False)
        ctx.sleep(params["rest_s"])
    supply.set_output(ctx.operating_point_v, ctx.current_limit_a)
    acquisition = running_acquisition(ctx, params["sample_rate_hz"], params["capture_s"])
    acquisition.arm()  # before switch-on, so the capture holds the inrush
    supply.enable_output(True)
    capture = acquisition.fetch()
    current_a = capture.signals[CURRENT]
    final_a = float(np.median(current_a[-max(1, current_a.size // 10):]))
    motors = _spin_ups(ctx, capture)
    stalled = final_a >= STALLED_CURRENT_SHARE * ctx.current_limit_a or any(m.final_hz == 0 for m in motors)
    if stalled:
        # Off at once: a stalled rotor sits at the clamp, and the next steps need not find out
        # by tripping the over-current interlock.
        supply.enable_output(False)
        ctx.log(f"rotor not turning after {params['capture_s']:g} s: output switched off")
    save_capture(ctx, capture)
    ctx.emit(SamplesAcquired(signal=CURRENT, unit="A", t0_s=0.0, sample_rate_hz=capture.sample_rate_hz,
                             values=current_a))
    measure_wanted(ctx, {
        "inrush_peak": inrush_peak_a(current_a, capture.sample_rate_hz, params["inrush_window_s"]),
        "spin_up_time": float("inf") if stalled else max(m.time_to_90_s for m in motors),
    })
    ctx.check_safety(current_a=0.0 if stalled else final_a)


def _spin_ups(ctx: StepContext, capture: Capture) -> list[SpinUp]:
    """Return the spin-up of each motor, from the first head it drives (decoupled)."""
    own = decouple_heads(capture.heads(ctx.heads), ctx.motors, ctx.head_coupling)
    current_a = capture.signals[CURRENT]
    firsts = {}
    for head in range(ctx.heads):
        firsts.setdefault(motor_of_head(head, ctx.heads, ctx.motors), head)
    return [spin_up(own[:, head], current_a, capture.sample_rate_hz) for head in firsts.values()]
