"""Switch the unit on from rest and time its spin-up; measure the inrush."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from rig.analysis.heads import analyse_heads, decouple_heads, motor_of_head
from rig.analysis.ripple import count_dropouts, lowpass
from rig.analysis.spinup import SpinUp, cycle_frequencies, inrush_peak_a, spin_up, switch_on_s
from rig.events import SamplesAcquired
from rig.steps.capture import Capture, save_capture
from rig.steps.context import StepContext
from rig.steps.observations import MOTOR_NAMES, observe_running
from rig.steps.params import Param, with_defaults
from rig.steps.vibration import CURRENT, SPEED, measure_wanted, running_acquisition, show_current

PARAMS = {
    "capture_s": Param(float, 0.5, doc="capture length from arming to end"),
    "sample_rate_hz": Param(float, 20000.0),
    "rest_s": Param(float, 1.0, allow_zero=True, doc="run-down wait when the output was on"),
    "inrush_window_s": Param(float, 0.04, doc="averaging window of the inrush peak"),
}
INRUSH_SKIP_S = 0.05  # after switch-on, before dropouts are counted: the inrush is no dropout
STEADY_TAIL_SHARE = 0.4  # the capture's last 40 %: the motors run steady there, a free operating point
STALLED_CURRENT_SHARE = 0.9  # still this close to the clamp at the end: the rotor is not turning
SPEED_RATE_HZ = 100.0  # the per-cycle speeds, resampled evenly for the live trend
SPEED_LOWPASS_HZ = 200.0  # as rig.analysis.spinup filters the head signal


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
    own_g = decouple_heads(capture.heads(ctx.heads), ctx.motors, ctx.head_coupling)
    motors = _spin_ups(ctx, capture, own_g)
    stalled = final_a >= STALLED_CURRENT_SHARE * ctx.current_limit_a or any(m.final_hz == 0 for m in motors)
    if stalled:
        # Off at once: a stalled rotor sits at the clamp, and the next steps need not find out
        # by tripping the over-current interlock.
        supply.enable_output(False)
        ctx.log(f"rotor not turning after {params['capture_s']:g} s: output switched off")
    _observe(ctx, capture, motors, final_a, stalled)
    save_capture(ctx, capture)
    show_current(ctx, capture)
    _show_speed(ctx, capture, own_g[:, 0])  # head 1 is motor A's, which the tachometer watches
    measure_wanted(ctx, {
        "inrush_peak": inrush_peak_a(current_a, capture.sample_rate_hz, params["inrush_window_s"]),
        "spin_up_time": float("inf") if stalled else max(m.time_to_90_s for m in motors),
    })
    ctx.check_safety(current_a=0.0 if stalled else final_a)


def _observe(ctx: StepContext, capture: Capture, motors: list[SpinUp], final_a: float, stalled: bool) -> None:
    """Keep what the diagnosis needs: which motors turned, the final current, the steady tail."""
    ctx.observe("set_v", ctx.operating_point_v, "V")
    ctx.observe("final_current_a", final_a, "A")
    for name, motor in zip(MOTOR_NAMES, motors, strict=False):
        ctx.observe(f"turning_{name}", 1.0 if motor.final_hz > 0 else 0.0, "bool")
    current_a = capture.signals[CURRENT]
    on_s = switch_on_s(current_a, capture.sample_rate_hz)
    on = int((on_s + INRUSH_SKIP_S) * capture.sample_rate_hz) if np.isfinite(on_s) else current_a.size
    if on < current_a.size // 2:
        ctx.observe("switch_on_dropouts", float(count_dropouts(current_a[on:], capture.sample_rate_hz)), "count")
    if stalled:
        return
    tail = slice(int(capture.heads(ctx.heads).shape[0] * (1.0 - STEADY_TAIL_SHARE)), None)
    heads_g = capture.heads(ctx.heads)[tail]
    vibration = analyse_heads(heads_g, capture.sample_rate_hz, ctx.motors, ctx.head_coupling)
    if vibration.turning:
        observe_running(ctx, heads_g, capture.signals[CURRENT][tail], capture.sample_rate_hz, vibration,
                        ctx.operating_point_v)


def _spin_ups(ctx: StepContext, capture: Capture, own: np.ndarray) -> list[SpinUp]:
    """Return the spin-up of each motor, from the first head it drives (decoupled)."""
    current_a = capture.signals[CURRENT]
    firsts = {}
    for head in range(ctx.heads):
        firsts.setdefault(motor_of_head(head, ctx.heads, ctx.motors), head)
    return [spin_up(own[:, head], current_a, capture.sample_rate_hz) for head in firsts.values()]


def _show_speed(ctx: StepContext, capture: Capture, motor_a_g: np.ndarray) -> None:
    """Show motor A's instantaneous speed over the spin-up live, in rpm on the run's time axis."""
    x = lowpass(motor_a_g - np.mean(motor_a_g), capture.sample_rate_hz, SPEED_LOWPASS_HZ)
    tail = x[-max(1, x.size // 5):]
    amplitude = 0.5 * float(np.percentile(tail, 99) - np.percentile(tail, 1))
    mid_s, freq_hz = cycle_frequencies(x, capture.sample_rate_hz, 0.1 * amplitude)
    if mid_s.size < 2:
        return  # no rotation seen: nothing to draw (the measurements say so)
    t_s = np.arange(mid_s[0], mid_s[-1], 1.0 / SPEED_RATE_HZ)
    ctx.emit(SamplesAcquired(signal=SPEED, unit="rpm", t0_s=capture.t0_s + float(mid_s[0]),
                             sample_rate_hz=SPEED_RATE_HZ, values=60.0 * np.interp(t_s, mid_s, freq_hz)))
