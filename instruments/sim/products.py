"""The physical design of each product the simulator can build, keyed by the spec's ``model``.

BENCH.md's parameter table for the General Purpose (GPM) and Quad Head (QHM)
massagers, and the one-motor Mini (MINI), an engineering model in the same
physics: a smaller motor with a lower back-EMF constant, so it reaches the
same therapeutic band at 5-8 V. The rig knows a product only from its spec;
the simulator knows it only from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from instruments.sim.defects import defects_for

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
    """Nominal design of one product; ``name`` is the spec's ``model``, ``product`` its id."""

    name: str
    product: str  # what the fixture's FIXT:LOAD names it by (BENCH.md), the spec's ``product``
    motors: int
    heads: int
    mr_kg_m: float  # eccentric m*r per motor
    mass_kg: float
    current_limit_a: float
    rth_k_per_w: tuple[float, float, float]  # housing, handle, head
    tau_s: tuple[float, float, float]
    coupling: float  # share of the other motor's vibration each head feels
    motor: MotorDesign = MotorDesign()
    defects: tuple[str, ...] = field(default=())  # what a unit can carry; () means all that fit

    def __post_init__(self) -> None:
        if not self.defects:
            object.__setattr__(self, "defects", defects_for(self.motors))

    def head_motor(self, head: int) -> int:
        """Return the index of the motor that drives ``head`` (1-based heads)."""
        return 0 if self.motors == 1 or head <= 2 else 1


PRODUCTS = MappingProxyType(
    {
        "GPM": ProductDesign(
            name="GPM", product="general-purpose", motors=1, heads=1, mr_kg_m=2.0e-4, mass_kg=1.2,
            current_limit_a=3.0, rth_k_per_w=(4.0, 1.8, 2.5), tau_s=(600.0, 900.0, 700.0),
            coupling=0.0,
        ),
        "QHM": ProductDesign(
            name="QHM", product="quad-head", motors=2, heads=4, mr_kg_m=1.5e-4, mass_kg=1.8,
            current_limit_a=3.2, rth_k_per_w=(2.2, 1.0, 1.4), tau_s=(700.0, 1000.0, 800.0),
            coupling=0.3,
        ),
        # Nominal at 5 / 6.5 / 8 V: about 36 / 48 / 60 Hz, 0.28 / 0.32 / 0.36 A and
        # 0.8 / 1.4 / 2.2 g on a 0.5 kg unit; about 2.9 W at 8 V.
        "MINI": ProductDesign(
            name="MINI", product="mini", motors=1, heads=1, mr_kg_m=0.75e-4, mass_kg=0.5,
            current_limit_a=1.5, rth_k_per_w=(7.0, 3.0, 4.5), tau_s=(400.0, 600.0, 500.0),
            coupling=0.0,
            motor=MotorDesign(r25_ohm=2.4, inductance_h=1.0e-3, ke_v_s_rad=0.019, i0_a=0.16,
                              b_nm_s=1.0e-5, inertia_kg_m2=1.2e-5),
        ),
    }
)


_BY_PRODUCT = MappingProxyType({d.product: d for d in PRODUCTS.values()})


def design(name: str) -> ProductDesign:
    """Return the design of a product by its spec's product id or model; ValueError if unknown."""
    found = PRODUCTS.get(name) or _BY_PRODUCT.get(name)
    if found is None:
        known = sorted(d.product for d in PRODUCTS.values())
        raise ValueError(f"no design for product {name!r}; the simulator builds {known}")
    return found
