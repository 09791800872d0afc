"""Cycle the unit on and off and measure drift from the first to the last cycle."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from rig.analysis.drift import drift_percent
from rig.events import SamplesAcquired
from rig.steps.capture import apply_operating_point, save_capture
from rig.steps.context import StepContext
from rig.steps.params import Param, with_defaults
from rig.steps.vibration import RunningCapture, analyse_running, measure_wanted, running_acquisition

PARAMS = {
    "cycles": Param(int, 20),
    "on_s": Param(float, 60.0),
    "off_s": Param(float, 30.0, allow_zero=True),
    "settle_s": Param(float, 1.0, allow_zero=True, doc="after switch-on, before the first capture"),
    "capture_s": Param(float, 0.5),
    "sample_rate_hz": Param(float, 10000.0),
}
TREND_INTERVAL_S = 10.0  # how often the running current is read for the step's trend


def measurements(heads: int, motors: int) -> dict[str, str]:
    """Return what a durability step measures: name -> unit."""
    return {"current_drift": "%", "frequency_drift": "%", "amplitude_drift": "%"}


def expected_duration_s(params: Mapping[str, Any]) -> float:
    cycles = int(params.get("cycles", 20))
    return cycles * (float(params.get("on_s", 60.0)) + float(params.get("off_s", 30.0)))


def run(ctx: StepContext) -> None:
    """Run the on/off cycles; capture early in the first and late in the last; judge the drift."""
    params = with_defaults(PARAMS, ctx.params)
    supply = ctx.station.supply
    first = last = None
    trend_t, trend_a = [], []
    for cycle in range(params["cycles"]):
        apply_operating_point(ctx)
        on_left_s = params["on_s"]
        if cycle == 0:
            ctx.sleep(params["settle_s"])
            first = _capture(ctx, params, "first_")
            on_left_s -= params["settle_s"] + params["capture_s"]
        is_last = cycle == params["cycles"] - 1
        run_s = max(0.0, on_left_s - (params["capture_s"] if is_last else 0.0))
        for reading_s, current_a in _run_watched(ctx, run_s):
            trend_t.append(reading_s)
            trend_a.append(current_a)
        if is_last:
            last = _capture(ctx, params, "last_")
        supply.enable_output(False)
        if not is_last:
            ctx.sleep(params["off_s"])
    ctx.save_trend("supply_current", np.array(trend_t), np.array(trend_a), "A")
    measure_wanted(ctx, {
        "current_drift": drift_percent(first.mean_current_a, last.mean_current_a),
        "frequency_drift": drift_percent(first.vibration.fundamental_hz, last.vibration.fundamental_hz),
        "amplitude_drift": drift_percent(first.mean_head_g, last.mean_head_g),
    })


def _capture(ctx: StepContext, params: Mapping[str, Any], prefix: str) -> RunningCapture:
    capture = running_acquisition(ctx, params["sample_rate_hz"], params["capture_s"]).acquire()
    save_capture(ctx, capture, prefix)
    return analyse_running(ctx, capture)


def _run_watched(ctx: StepContext, duration_s: float) -> list[tuple[float, float]]:
    """Wait duration_s with the unit running, reading the current on the way: (run time, amperes).

    The temperatures are the run's safety watch's business (it reads them during the waits).
    """
    readings, elapsed_s = [], 0.0
    while elapsed_s < duration_s:
        wait_s = min(TREND_INTERVAL_S, duration_s - elapsed_s)
        ctx.sleep(wait_s)
        elapsed_s += wait_s
        current_a = ctx.station.supply.measure_current()
        ctx.check_safety(current_a=current_a)
        readings.append((ctx.run_time_s(), current_a))
        # The screen's current panel follows the cycles between the two captures.
        ctx.emit(SamplesAcquired(signal="supply_current", unit="A", t0_s=readings[-1][0], sample_rate_hz=0.0,
                                 values=np.array([current_a])))
    return readings
