"""The production population: a serial number always maps to the same unit for a seed."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from instruments.sim.defects import LOOSE_FACTORS, NO_DEFECT, apply_defect, check_defect
from instruments.sim.products import THERMAL_POINTS, ProductDesign, design

# Production spread of good units, 1 sigma (BENCH.md).
SPREAD = MappingProxyType({"R25": 0.03, "Ke": 0.02, "I0": 0.08, "b": 0.05, "mr": 0.04, "M": 0.02, "Rth": 0.06})
PAIR_MATCH = 0.005  # quad head: motor B's R and Ke differ from motor A's by this, 1 sigma
HEAD_GAIN_SPREAD = 0.03
RIPPLE_PP = 0.08  # commutation ripple, peak to peak, share of the running current
HARMONICS = MappingProxyType({"h2": 10 ** (-30 / 20), "h3": 0.01, "h4": 0.01, "h5": 0.01})
BROADBAND_G = 0.005


@dataclass(frozen=True)
class UnitTruth:
    """What a unit really is: its defects and physical parameters."""

    product: str  # the model of its design, e.g. "GPM"
    serial: str
    defects: tuple[str, ...]
    params: dict[str, float] = field(hash=False)

    def as_json_dict(self) -> dict:
        """Return the truth as plain data for JSON."""
        return {"product": self.product, "serial": self.serial,
                "defects": list(self.defects), "params": dict(self.params)}


def unit_rng(seed: int, serial: str, purpose: str = "unit") -> np.random.Generator:
    """Return a generator seeded by seed, serial and purpose alone."""
    digest = hashlib.sha256(f"{seed}|{serial}|{purpose}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


class Population:
    """Draws units from the production spread; some serials carry a defect."""

    def __init__(self, seed: int = 2026, defect_share: float = 0.12) -> None:
        if not 0.0 <= defect_share <= 1.0:
            raise ValueError(f"defect_share must be within 0..1, got {defect_share!r}")
        self.seed = int(seed)
        self.defect_share = float(defect_share)
        self._forced: dict[str, str] = {}

    def force_defect(self, serial: str, defect: str) -> None:
        """Make ``serial`` carry ``defect`` (``none``: a good unit) whatever the draw says."""
        self._forced[serial] = check_defect(defect)

    def truth(self, product: str, serial: str) -> UnitTruth:
        """Return the unit a serial maps to."""
        spec = design(product)
        rng = unit_rng(self.seed, serial)
        # Draw everything in a fixed order so a forced defect leaves the spread alone.
        defect_draw, choice_draw = rng.random(2)
        params = _good_params(spec, _Draws.draw(rng))
        loose_factor = LOOSE_FACTORS[int(rng.integers(2))]
        candidates = spec.defects
        defect = candidates[int(choice_draw * len(candidates))] if defect_draw < self.defect_share else NO_DEFECT
        if serial in self._forced:
            defect = self._forced[serial]
            if defect != NO_DEFECT and defect not in candidates:
                raise ValueError(f"{product} cannot carry {defect}")
        params = apply_defect(params, defect, loose_factor)
        defects = () if defect == NO_DEFECT else (defect,)
        return UnitTruth(product=product, serial=serial, defects=defects, params=params)


def nominal_truth(product: str, serial: str = "NOMINAL") -> UnitTruth:
    """Return a good unit built exactly to the nominal design (no production spread)."""
    spec = design(product)
    params = _good_params(spec, _Draws.nominal())
    return UnitTruth(product=product, serial=serial, defects=(), params=params)


@dataclass(frozen=True)
class _Draws:
    """The random numbers one unit is built from."""

    normal: np.ndarray  # 16 standard normals
    phases: np.ndarray  # 12 angles
    bearing_ratio: float
    gains: np.ndarray  # 4 standard normals

    @classmethod
    def draw(cls, rng: np.random.Generator) -> _Draws:
        return cls(rng.standard_normal(16), rng.uniform(0.0, 2 * math.pi, 12),
                   float(rng.uniform(3.4, 3.8)), rng.standard_normal(4))

    @classmethod
    def nominal(cls) -> _Draws:
        return cls(np.zeros(16), np.zeros(12), 3.6, np.zeros(4))


def _good_params(spec: ProductDesign, draws: _Draws) -> dict[str, float]:
    """Return the parameters of a good unit from its draws of the production spread."""
    normal, phases, bearing_ratio = draws.normal, draws.phases, draws.bearing_ratio
    motor = spec.motor
    p: dict[str, float] = {}
    for index, suffix in enumerate(("", "_b")[: spec.motors]):
        n = normal[5 * index: 5 * index + 5]
        p |= {
            f"R25{suffix}": motor.r25_ohm * (1 + SPREAD["R25"] * n[0]),
            f"L{suffix}": motor.inductance_h,
            f"Ke{suffix}": motor.ke_v_s_rad * (1 + SPREAD["Ke"] * n[1]),
            f"I0{suffix}": motor.i0_a * (1 + SPREAD["I0"] * n[2]),
            f"b{suffix}": motor.b_nm_s * (1 + SPREAD["b"] * n[3]),
            f"J{suffix}": motor.inertia_kg_m2,
            f"mr{suffix}": spec.mr_kg_m * (1 + SPREAD["mr"] * n[4]),
            f"ripple_pp{suffix}": RIPPLE_PP,
            f"spike_rate_hz{suffix}": 0.0,
            f"bearing_tone{suffix}": 0.0,
            f"bearing_ratio{suffix}": bearing_ratio,
            f"seized{suffix}": 0.0,
            f"wear_i0_per_h{suffix}": 0.0,
            f"wear_ripple_per_h{suffix}": 0.0,
        }
        p |= {f"{h}{suffix}": level for h, level in HARMONICS.items()}
        for k, name in enumerate(("phase_h2", "phase_h3", "phase_h4", "phase_h5", "phase_bearing", "phase_ripple")):
            p[f"{name}{suffix}"] = float(phases[6 * index + k])
    if spec.motors == 2:
        # A matched pair: motor B follows motor A closely in R and Ke.
        p["R25_b"] = p["R25"] * (1 + PAIR_MATCH * normal[10])
        p["Ke_b"] = p["Ke"] * (1 + PAIR_MATCH * normal[11])
        p["dead_b"] = 0.0
    p["M"] = spec.mass_kg * (1 + SPREAD["M"] * normal[12])
    rth_factor = 1 + SPREAD["Rth"] * normal[13]
    for point, rth, tau in zip(THERMAL_POINTS, spec.rth_k_per_w, spec.tau_s, strict=True):
        p[f"Rth_{point}"] = rth * rth_factor
        p[f"tau_{point}"] = tau
    gains = 1 + HEAD_GAIN_SPREAD * draws.gains
    for head in range(1, spec.heads + 1):
        p[f"head_gain_{head}"] = float(gains[head - 1])
    p["coupling"] = spec.coupling
    p["broadband_g"] = BROADBAND_G
    p["cord_dropouts"] = 0.0
    return {k: float(v) for k, v in p.items()}
