"""The evidence of a diagnosis in words a repair technician can act on."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from rig.diagnosis.features import RunFigures
from rig.specs.diagnosis_section import DesignValue

ACTIONS = {
    "weak_magnet": "Replace the motor (its magnet is weak); reseating will not help.",
    "bearing_wear": "Replace the motor's bearings (or the motor).",
    "shorted_turns": "Replace the motor: its winding has shorted turns.",
    "brush_wear": "Replace the motor's brushes and clean the commutator.",
    "loose_eccentric": "Re-fix the eccentric mass on the shaft (check its set screw).",
    "misalignment": "Realign the motor in its mount; check the shaft for a bend.",
    "blocked_vent": "Clear the housing's vents and check the fan path.",
    "dead_motor_b": "Check motor B's connections; replace motor B if it is open.",
    "seized_rotor": "Free or replace the rotor; check for debris in the motor.",
    "intermittent_cord": "Check the cord and its strain relief (and the fixture's contacts): retest after reseating.",
    "wear_out": "The motor is wearing out under load: replace it and report the batch.",
}


def _pct(value: float) -> str:
    return f"{100.0 * (math.exp(value) - 1.0):+.0f} %"


def _param(run: RunFigures, key: str, label: str, unit: str, design: float, spread: float) -> str | None:
    if key not in run.features or not math.isfinite(run.features[key]):
        return None
    value = design * math.exp(run.features[key])
    z = run.features[key] / spread
    who = "the pair's mean " if run.motors > 1 else ""
    return (f"Fitted {who}{label} {value:.4g} {unit}, {_pct(run.features[key])} from the design "
            f"{design:.4g} ({z:+.1f} sigma of production).")


def _fit_lines(run: RunFigures, model: Mapping[str, DesignValue], keys: tuple[str, ...]) -> list[str]:
    table = {"R": ("R_ohm", "winding resistance R", "ohm"), "Ke": ("Ke_Vs_rad", "motor constant Ke", "V.s/rad"),
             "I0": ("I0_A", "no-load current I0", "A"), "b": ("b_Nms_rad", "viscous friction b", "N.m.s")}
    lines = []
    for key in keys:
        name, label, unit = table[key]
        line = _param(run, key, label, unit, model[name].nominal, model[name].spread)
        if line:
            lines.append(line)
    return lines


def _signal(run: RunFigures, key: str, text: Callable[[float], str]) -> list[str]:
    value = run.features.get(key)
    return [text(value)] if value is not None and math.isfinite(value) else []


def evidence_for(cause: str, motor: str | None, run: RunFigures, model: Mapping[str, DesignValue]) -> tuple[str, ...]:
    """Return the sentences that back a cause, most telling first, ending with what to do."""
    m = (motor or "A").lower()
    on = f" on motor {motor}" if motor else ""
    lines: list[str] = []
    if cause == "weak_magnet":
        lines += _fit_lines(run, model, ("Ke", "R"))
        lines.append("Low Ke with a normal R: the magnet's flux is down, so the motor runs fast and draws more current.")
    elif cause == "shorted_turns":
        lines += _fit_lines(run, model, ("R", "Ke", "I0"))
        lines.append("R, Ke and I0 moved together as fewer active turns and a circulating current make them.")
    elif cause == "brush_wear":
        lines += _fit_lines(run, model, ("R",))
        lines += _signal(run, f"ripple_{m}", lambda v: f"Commutation ripple{on} {math.exp(v):.0f} % peak to peak "
                                                       f"(a good motor shows about 8 %).")
        lines += _signal(run, "spikes", lambda v: f"{v:.1f} current spikes per second from the brushes.")
    elif cause == "bearing_wear":
        lines += _signal(run, f"tone_{m}", lambda v: f"A bearing tone{on} at {v:.0f} dB of the fundamental "
                                                     f"(3.2x to 3.95x the rotation).")
        lines += _fit_lines(run, model, ("I0", "b"))
    elif cause == "loose_eccentric":
        lines += _signal(run, f"mr_{m}", lambda v: f"Head vibration{on} {_pct(v)} from m.r.w^2/M: the eccentric "
                                                   f"mass is not where it should be.")
        lines += _signal(run, f"h35_{m}", lambda v: f"3x to 5x harmonics{on} at {v:.0f} dB of 1x (good: about -35 dB).")
    elif cause == "misalignment":
        lines += _signal(run, f"h2_{m}", lambda v: f"2x harmonic{on} at {v:.0f} dB of 1x (good: about -30 dB).")
    elif cause == "blocked_vent":
        lines += _signal(run, "rth", lambda v: f"The housing's thermal resistance is {_pct(v)} from the design: "
                                               f"the unit cannot shed its heat.")
    elif cause == "dead_motor_b":
        lines.append("Motor B never turned at switch-on while motor A did; the current is about half a pair's.")
    elif cause == "seized_rotor":
        lines += _signal(run, "final_current", lambda v: f"The rotor did not turn; the current sat at "
                                                         f"{math.exp(v):.2f} A, the supply's limit.")
    elif cause == "intermittent_cord":
        lines += _signal(run, "dropouts", lambda v: f"{v:.0f} dropouts of the supply current (50 to 200 ms each).")
    elif cause == "wear_out":
        lines += _signal(run, "current_drift", lambda v: f"The running current drifted {v:.0f} % over the "
                                                         f"durability cycles.")
        lines += _fit_lines(run, model, ("I0",))
    lines.append(ACTIONS[cause])
    return tuple(lines)


def watch_evidence(far: Mapping[str, float], run: RunFigures, model: Mapping[str, DesignValue]) -> tuple[str, ...]:
    """Return the sentences of a watch note: which fitted parameters sit far out in the spread."""
    lines = _fit_lines(run, model, tuple(far))
    lines.append("Within limits, but far out in the production spread: watch the supplier's parts.")
    return tuple(lines)
