"""Nominal designs of the two products (BENCH.md's parameter table)."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

STANDARD_GRAVITY_M_S2 = 9.80665
AMBIENT_C = 23.0
THERMAL_POINTS = ("housing", "handle", "head")


@dataclass(frozen=True)
class MotorDesign:
    """Nominal constants of one brushed DC motor."""

    r25_ohm: float = 1.6
    inductance_h: float = 1.5e-3
    ke_v_s_rad: float = 0.030  # Kt = Ke
    i0_a: float = 0.25
    b_nm_s: float = 2.76e-5
    inertia_kg_m2: float = 3e-5


@dataclass(frozen=True)
class ProductDesign:
    """Nominal design of one product."""

    name: str
    motors: int
    heads: int
    mr_kg_m: float  # eccentric m*r per motor
    mass_kg: float
    current_limit_a: float
    rth_k_per_w: tuple[float, float, float]  # housing, handle, head
    tau_s: tuple[float, float, float]
    coupling: float  # share of the other motor's vibration each head feels
    motor: MotorDesign = MotorDesign()

    def head_motor(self, head: int) -> int:
        """Return the index of the motor that drives ``head`` (1-based heads)."""
        return 0 if self.motors == 1 or head <= 2 else 1


PRODUCTS = MappingProxyType(
    {
        "general-purpose": ProductDesign(
            name="general-purpose", motors=1, heads=1, mr_kg_m=2.0e-4, mass_kg=1.2,
            current_limit_a=3.0, rth_k_per_w=(4.0, 1.8, 2.5), tau_s=(600.0, 900.0, 700.0),
            coupling=0.0,
        ),
        "quad-head": ProductDesign(
            name="quad-head", motors=2, heads=4, mr_kg_m=1.5e-4, mass_kg=1.8,
            current_limit_a=3.2, rth_k_per_w=(2.2, 1.0, 1.4), tau_s=(700.0, 1000.0, 800.0),
            coupling=0.3,
        ),
    }
)


def design(product: str) -> ProductDesign:
    """Return the design of a product by name; raise ValueError for an unknown one."""
    try:
        return PRODUCTS[product]
    except KeyError:
        raise ValueError(f"unknown product {product!r}; expected one of {sorted(PRODUCTS)}") from None
