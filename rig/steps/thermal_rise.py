"""Dwell at one speed and measure the ambient-compensated temperature rises."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from rig.analysis.thermal import temperature_rises_k
from rig.events import SamplesAcquired
from rig.steps.capture import apply_operating_point
from rig.steps.context import StepContext
from rig.steps.params import Param, with_defaults
from rig.steps.vibration import measure_wanted

PARAMS = {
    "dwell_s": Param(float, 900.0),
    "reading_interval_s": Param(float, 5.0),
}
POINTS = ("housing", "handle", "head")
AMBIENT = "ambient_temp"


def measurements(heads: int, motors: int) -> dict[str, str]:
    """Return what a thermal step measures: name -> unit."""
    return {f"{point}_rise": "K" for point in POINTS}


def expected_duration_s(params: Mapping[str, Any]) -> float:
    return float(params.get("dwell_s", 900.0))


def run(ctx: StepContext) -> None:
    """Run at the operating point for dwell_s, reading every thermocouple on the way."""
    params = with_defaults(PARAMS, ctx.params)
    signals = [f"{point}_temp" for point in POINTS] + [AMBIENT]
    apply_operating_point(ctx)
    started_s = ctx.run_time_s()
    readings = [read_temperatures(ctx, signals)]
    times_s, currents_a = [started_s], [ctx.station.supply.measure_current()]
    n_readings = max(1, math.ceil(params["dwell_s"] / params["reading_interval_s"] - 1e-9))
    for index in range(1, n_readings + 1):
        elapsed_s = min(index * params["reading_interval_s"], params["dwell_s"])
        ctx.sleep(started_s + elapsed_s - ctx.run_time_s())
        readings.append(read_temperatures(ctx, signals))
        currents_a.append(ctx.station.supply.measure_current())
        times_s.append(ctx.run_time_s())
        ctx.check_safety(temperatures_c=readings[-1], current_a=currents_a[-1])
        for name, value_c in readings[-1].items():
            ctx.emit(SamplesAcquired(signal=name, unit="degC", t0_s=times_s[-1], sample_rate_hz=0.0,
                                     values=np.array([value_c])))
    _save_trends(ctx, np.array(times_s), readings, currents_a)
    # The diagnosis reads the housing's thermal resistance from its rise, this power and this time.
    ctx.observe("power_w", ctx.operating_point_v * float(np.mean(currents_a)), "W")
    ctx.observe("dwell_s", times_s[-1] - times_s[0], "s")
    rises = temperature_rises_k(readings[0], readings[-1], AMBIENT)
    measure_wanted(ctx, {f"{name.removesuffix('_temp')}_rise": rise for name, rise in rises.items()})


def read_temperatures(ctx: StepContext, signals: list[str]) -> dict[str, float]:
    """Read the named thermocouple signals in one scan; return degC by signal name."""
    channels = {name: ctx.station.signals[name].channel for name in signals}
    by_channel = ctx.station.thermometer.read_temperatures_c(tuple(channels.values()))
    return {name: by_channel[channel] for name, channel in channels.items()}


def _save_trends(ctx: StepContext, times_s: np.ndarray, readings: list[dict[str, float]],
                 currents_a: list[float]) -> None:
    for name in readings[0]:
        ctx.save_trend(name, times_s, np.array([r[name] for r in readings]), "degC")
    ctx.save_trend("supply_current", times_s, np.array(currents_a), "A")
