"""Run at one speed setting and measure current, ripple, spectrum and head levels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from instruments.errors import NoPulses
from rig.analysis.ripple import motor_ripple_percent
from rig.events import SamplesAcquired
from rig.steps.capture import apply_operating_point, save_capture
from rig.steps.context import StepContext
from rig.steps.observations import observe_running
from rig.steps.params import Param, with_defaults
from rig.steps.vibration import (
    SPEED,
    RunningCapture,
    analyse_running,
    measure_wanted,
    running_acquisition,
    show_heads,
)

PARAMS = {
    "settle_s": Param(float, 0.3, allow_zero=True, doc="wait after the new voltage"),
    "capture_s": Param(float, 1.0),
    "sample_rate_hz": Param(float, 10000.0),
    "tach_gate_s": Param(float, 0.1),
}
TACH_SIGNAL = "motor_a_speed"


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
    """Settle at the operating point, capture heads, current and tachometer, judge them."""
    params = with_defaults(PARAMS, ctx.params)
    apply_operating_point(ctx)
    ctx.sleep(params["settle_s"])
    acquisition = running_acquisition(ctx, params["sample_rate_hz"], params["capture_s"])
    acquisition.arm()
    tach_at_s = ctx.run_time_s() + 0.5 * params["tach_gate_s"]  # the middle of the gate
    tach_hz, no_pulses = _read_tachometer(ctx, params["tach_gate_s"])  # while the DAQs capture
    capture = acquisition.fetch()
    save_capture(ctx, capture)
    running = analyse_running(ctx, capture)
    if no_pulses is not None and running.vibration.turning:
        # The heads show the rotor turning: the counter, not the unit, is at fault.
        raise no_pulses
    if no_pulses is None:
        ctx.emit(SamplesAcquired(signal=SPEED, unit="rpm", t0_s=tach_at_s, sample_rate_hz=0.0,
                                 values=np.array([60.0 * tach_hz])))
    measured = measure_wanted(ctx, _values(running, tach_hz))
    show_heads(ctx, running, measured)
    if running.vibration.turning:
        observe_running(ctx, capture.heads(ctx.heads), running.current_a, capture.sample_rate_hz,
                        running.vibration, ctx.station.supply.measure_voltage())
    ctx.check_safety(current_a=running.mean_current_a)


def _read_tachometer(ctx: StepContext, gate_s: float) -> tuple[float, NoPulses | None]:
    marks = ctx.station.signals[TACH_SIGNAL].marks_per_rev or 1
    try:
        return ctx.station.tachometer.measure_frequency_hz(gate_s) / marks, None
    except NoPulses as exc:
        return 0.0, exc


def _values(running: RunningCapture, tach_hz: float) -> dict[str, float]:
    vib = running.vibration
    turning = vib.turning
    values = {
        "current": running.mean_current_a,
        "ripple": _ripple_percent(running),
        "dropouts": float(running.dropouts()),
        "fundamental": vib.fundamental_hz if turning else 0.0,
        # The tachometer watches motor A.
        "tach_delta": abs(tach_hz - (vib.motor_hz[0] if turning else 0.0)),
        "motor_split": vib.motor_split_hz if turning else float("inf"),
        "head_balance": vib.balance_percent,
        "second_harmonic": vib.second_harmonic_db,
        "higher_harmonics": vib.higher_harmonics_db,
        "broadband": vib.broadband_g,
    }
    values.update({f"head{n}_accel": level for n, level in enumerate(vib.head_g, start=1)})
    return values


def _ripple_percent(running: RunningCapture) -> float:
    """Return the current's ripple; with several motors, the worst motor's own if that is higher.

    The ripple of the whole current (which keeps brush spikes) dilutes one
    worn motor's commutation ripple by its partner's clean current; each
    motor's own ripple, relative to its share of the current, does not.
    """
    ripple = running.ripple_percent()
    vib = running.vibration
    if len(vib.motor_hz) < 2 or not vib.turning:
        return ripple
    per_motor = motor_ripple_percent(running.current_a, running.capture.sample_rate_hz, vib.motor_hz)
    return max(ripple, *per_motor)
