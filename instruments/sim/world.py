"""The simulated world behind the instruments: the supply output, the unit on the fixture, time.

Everything is advanced lazily to simulated "now" under one lock whenever an
instrument looks at it (and by the bench's ticker), with steps of 0.1 ms
during transients that double up to about 26 ms while the state is steady.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from instruments.sim.clock import SimWallClock, VirtualClock
from instruments.sim.history import History
from instruments.sim.population import Population, UnitTruth, unit_rng
from instruments.sim.products import AMBIENT_C, THERMAL_POINTS
from instruments.sim.unit_model import UnitModel

STEP_FINE_S = 1e-4
STEP_MAX_S = STEP_FINE_S * 256  # at time scales up to 50; longer above, to keep the CPU cost per wall second flat
STEADY_CURRENT_RATE_A_S = 0.01
STEADY_SPEED_RATE_RAD_S2 = 1.0
OCP_HOLD_S = 0.5  # over-current must last this long to trip, so a normal inrush does not


@dataclass
class SupplyState:
    """The settings and protection state of the supply's output (channel 1)."""

    voltage_v: float = 0.0
    current_limit_a: float = 3.2
    output_on: bool = False
    ocp_a: float = 3.3
    ocp_armed: bool = False
    ocp_tripped: bool = False
    ovp_v: float = 33.0
    ovp_armed: bool = False
    ovp_tripped: bool = False
    relay_closed: bool = True  # the interlock relay in the line to the unit; no interlock: wired through

    @property
    def powers_unit(self) -> bool:
        """Return True when the output is on and the line to the unit is not cut."""
        return self.output_on and self.relay_closed


def _longest_step_s(time_scale: float) -> float:
    """Return the longest steady step: STEP_MAX_S, doubled while it is under time_scale / 50 of it."""
    step_s = STEP_MAX_S
    while step_s < STEP_MAX_S * time_scale / 50:
        step_s *= 2
    return step_s


class SimWorld:
    """Supply output, fixture and unit physics, advanced in simulated time."""

    def __init__(self, clock: VirtualClock | SimWallClock, population: Population) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.population = population
        self.supply = SupplyState()
        self.history = History()
        self.unit: UnitModel | None = None
        self._parked: dict[tuple[str, str], tuple[UnitModel, float]] = {}
        self._t_s = 0.0
        self._step_s = STEP_FINE_S
        self._step_max_s = _longest_step_s(clock.time_scale)
        self._over_current_s = 0.0

    @property
    def t_s(self) -> float:
        """Simulated time the model has reached."""
        return self._t_s

    def advance(self, exact: bool = False) -> float:
        """Advance the model to now; return now. ``exact`` lands on now to the microsecond."""
        with self.lock:
            now_s = self.clock.now_s()
            self._advance_to(now_s, exact)
            return now_s

    def change_supply(self, **settings: float | bool) -> None:
        """Apply supply settings at this instant (the model is brought exactly to now first)."""
        with self.lock:
            self.advance(exact=True)
            for name, value in settings.items():
                if not hasattr(self.supply, name):
                    raise AttributeError(name)
                setattr(self.supply, name, value)
            self._check_over_voltage()
            self._step_s = STEP_FINE_S

    def load(self, product: str, serial: str) -> None:
        """Put the unit ``serial`` on the fixture (it keeps its heat and wear from an earlier visit)."""
        self.load_truth(self.population.truth(product, serial))

    def load_truth(self, truth: UnitTruth) -> None:
        """Put a unit with a given truth on the fixture."""
        product, serial = truth.product, truth.serial
        with self.lock:
            now_s = self.advance(exact=True)
            self.unload()
            parked = self._parked.pop((product, serial), None)
            if parked is not None and parked[0].truth == truth:
                unit, since_s = parked
                unit.idle(now_s - since_s)
            else:
                unit = UnitModel(truth, unit_rng(self.population.seed, serial, "cord"))
            self.unit = unit
            self._step_s = STEP_FINE_S

    def unload(self) -> None:
        """Take the unit off the fixture."""
        with self.lock:
            now_s = self.advance(exact=True)
            if self.unit is not None:
                truth = self.unit.truth
                self.unit.settle_heat()
                self._parked[(truth.product, truth.serial)] = (self.unit, now_s)
            self.unit = None
            self._step_s = STEP_FINE_S

    def temperatures_c(self) -> dict[str, float]:
        """Return housing, handle, head and ambient temperatures now."""
        with self.lock:
            self.advance()
            temps = {point: AMBIENT_C for point in THERMAL_POINTS}
            if self.unit is not None:
                self.unit.settle_heat()
                temps = dict(self.unit.temps_c)
            temps["ambient"] = AMBIENT_C
            return temps

    def _advance_to(self, target_s: float, exact: bool) -> None:
        rows: list[tuple[float, ...]] = []
        previous = self._row(0.0, 0.0)
        while True:
            remaining_s = target_s - self._t_s
            step_s = self._step_s
            if remaining_s < step_s:
                if not exact or remaining_s <= 1e-7:
                    break
                step_s = round(remaining_s, 7)
            step_s = self._until_cord_change(step_s)
            v_out, i_total, toggled = self._step(step_s)
            self._t_s += step_s
            row = self._row(v_out, i_total)
            rows.append(row)
            tripped = self._check_over_current(i_total, step_s)
            self._adapt_step(previous, row, step_s, toggled or tripped)
            previous = row
        self.history.append(rows)

    def _step(self, step_s: float) -> tuple[float, float, bool]:
        s = self.supply
        if self.unit is None:
            return (s.voltage_v if s.output_on else 0.0), 0.0, False
        return self.unit.step(step_s, s.voltage_v, s.current_limit_a, s.powers_unit)

    def _until_cord_change(self, step_s: float) -> float:
        if self.unit is None or not self.supply.powers_unit:
            return step_s
        left_s = self.unit.until_cord_change_s()
        if left_s >= step_s:
            return step_s
        # Land on a whole number of fine steps so the discretisations are reused.
        return max(STEP_FINE_S, math.ceil(left_s / STEP_FINE_S - 1e-9) * STEP_FINE_S)

    def _check_over_current(self, i_total_a: float, step_s: float) -> bool:
        s = self.supply
        if not (s.output_on and s.ocp_armed and i_total_a >= s.ocp_a - 1e-6):
            self._over_current_s = 0.0
            return False
        self._over_current_s += step_s
        if self._over_current_s < OCP_HOLD_S:
            return False
        s.output_on = False
        s.ocp_tripped = True
        self._over_current_s = 0.0
        return True

    def _check_over_voltage(self) -> None:
        s = self.supply
        if s.output_on and s.ovp_armed and s.voltage_v >= s.ovp_v:
            s.output_on = False
            s.ovp_tripped = True

    def _adapt_step(self, before: tuple[float, ...], after: tuple[float, ...], step_s: float, jolted: bool) -> None:
        current_rate = max(abs(after[3] - before[3]), abs(after[6] - before[6])) / step_s
        speed_rate = max(abs(after[4] - before[4]), abs(after[7] - before[7])) / step_s
        steady = current_rate < STEADY_CURRENT_RATE_A_S and speed_rate < STEADY_SPEED_RATE_RAD_S2
        if jolted or not steady:
            self._step_s = STEP_FINE_S
        else:
            self._step_s = min(2 * self._step_s, self._step_max_s)

    def _row(self, v_out: float, i_total: float) -> tuple[float, ...]:
        """Return a history row of the present state."""
        motors = self.unit.motors if self.unit is not None else ()
        a = motors[0] if motors else None
        b = motors[1] if len(motors) > 1 else None
        return (
            self._t_s, v_out, i_total,
            a.i_a if a else 0.0, a.w_rad_s if a else 0.0, a.phase_rad if a else 0.0,
            b.i_a if b else 0.0, b.w_rad_s if b else 0.0, b.phase_rad if b else 0.0,
        )
