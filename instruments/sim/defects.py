"""Unit defects: their names and what each changes in a unit's parameters.

Which defects a product can carry is its design's (``ProductDesign.defects``).
Defects of one motor (magnet, bearing, winding, brushes, eccentric, rotor)
hit motor A of a quad head: one bad part, not a bad pair. Wear-out is ageing
with running hours, which both motors of a quad head share: it ages both.
"""

from __future__ import annotations

DEFECTS = (
    "weak_magnet",
    "bearing_wear",
    "shorted_turns",
    "brush_wear",
    "loose_eccentric",
    "misalignment",
    "blocked_vent",
    "dead_motor_b",
    "seized_rotor",
    "intermittent_cord",
    "wear_out",
)
TWO_MOTOR_ONLY = frozenset({"dead_motor_b"})
NO_DEFECT = "none"

BEARING_TONE_RATIO = 10 ** (-15 / 20)  # -15 dB of the fundamental
LOOSE_FACTORS = (0.6, 1.4)  # m*r of a loose eccentric, chosen by serial


def defects_for(motors: int) -> tuple[str, ...]:
    """Return the defects a unit with this many motors can carry (dead_motor_b needs two)."""
    return tuple(d for d in DEFECTS if motors == 2 or d not in TWO_MOTOR_ONLY)


def check_defect(defect: str) -> str:
    """Return ``defect`` if it names a defect (or ``none``); raise ValueError otherwise."""
    if defect != NO_DEFECT and defect not in DEFECTS:
        raise ValueError(f"unknown defect {defect!r}; expected one of {(NO_DEFECT, *DEFECTS)}")
    return defect


def apply_defect(params: dict[str, float], defect: str, loose_factor: float) -> dict[str, float]:
    """Return a copy of a unit's parameters with one defect applied."""
    p = dict(params)
    if defect == "weak_magnet":
        p["Ke"] *= 0.85
    elif defect == "bearing_wear":
        p["I0"] *= 1.8
        p["b"] *= 1.5
        p["broadband_g"] *= 4.0
        p["bearing_tone"] = BEARING_TONE_RATIO
    elif defect == "shorted_turns":
        p["R25"] *= 0.75
        p["Ke"] *= 0.90
        p["I0"] *= 1.5
    elif defect == "brush_wear":
        p["R25"] *= 1.4
        p["ripple_pp"] *= 4.0
        p["spike_rate_hz"] = 3.0
    elif defect == "loose_eccentric":
        p["mr"] *= loose_factor
        for n in (3, 4, 5):
            p[f"h{n}"] *= 10.0
    elif defect == "misalignment":
        for key in ("h2", "h2_b"):
            if key in p:
                p[key] *= 10.0  # +20 dB
    elif defect == "blocked_vent":
        for point in ("housing", "handle", "head"):
            p[f"Rth_{point}"] *= 1.6
    elif defect == "dead_motor_b":
        if "dead_b" not in p:
            raise ValueError("dead_motor_b needs a unit with two motors")
        p["dead_b"] = 1.0
    elif defect == "seized_rotor":
        p["seized"] = 1.0
    elif defect == "intermittent_cord":
        p["cord_dropouts"] = 1.0
    elif defect == "wear_out":
        for suffix in ("", "_b") if "R25_b" in p else ("",):
            p[f"wear_i0_per_h{suffix}"] = 1.5  # +150 % of I0 per running hour
            p[f"wear_ripple_per_h{suffix}"] = 4.0
    elif defect != NO_DEFECT:
        raise ValueError(f"unknown defect {defect!r}")
    return p
