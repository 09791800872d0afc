"""Keysight 53220A counter reading the optical tachometer on channel 1, as BENCH.md lists it."""

from __future__ import annotations

import math

from instruments.sim.faults import FaultBoard
from instruments.sim.history import MOTOR_COLUMNS
from instruments.sim.scpi import ScpiError, ScpiInstrument, expect_args, parse_in_range
from instruments.sim.world import SimWorld

NO_PULSES_REPLY = "+9.91000000000000E+37"
GATE_RANGE_S = (1e-4, 1000.0)
TIMEOUT_RANGE_S = (1e-3, 1e5)
MIN_MARKS = 2  # a reciprocal counter needs two edges to measure a period


def counter_format(value: float) -> str:
    """Format like ``+5.86523000000000E+001``."""
    if value == 0.0:
        return "+0.00000000000000E+000"
    exponent = math.floor(math.log10(abs(value)))
    mantissa = value / 10**exponent
    if abs(mantissa) >= 9.999999999999995:  # rounding would print 10.0
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{mantissa:+.14f}E{exponent:+04d}"


class Counter53220A(ScpiInstrument):
    """Average shaft frequency of motor A over the gate, one mark per revolution."""

    def __init__(self, role: str, world: SimWorld, faults: FaultBoard, serial: str) -> None:
        super().__init__()
        self.identity = f"Keysight Technologies,53220A,{serial},02.05-1519.666-1.19-4.15-127-155-35"
        self.role = role
        self._world = world
        self._faults = faults
        self.reset()
        self.command("MEASure:FREQuency?", self._measure)
        self.command("SENSe:FREQuency:GATE:TIME", lambda args: self._set(args, "_gate_s", GATE_RANGE_S))
        self.command("SENSe:FREQuency:GATE:TIME?", lambda args: counter_format(self._gate_s))
        self.command("SYSTem:TIMeout", lambda args: self._set(args, "_timeout_s", TIMEOUT_RANGE_S))
        self.command("SYSTem:TIMeout?", lambda args: counter_format(self._timeout_s))

    def reset(self) -> None:
        self._gate_s = 0.1
        self._timeout_s = 1.0

    def _set(self, args: list[str], name: str, bounds: tuple[float, float]) -> None:
        (value,) = expect_args(args, 1)
        setattr(self, name, parse_in_range(value, *bounds))

    def _measure(self, args: list[str]) -> str:
        if len(args) > 1 or (args and args[0].replace(" ", "") != "(@1)"):
            raise ScpiError(-224)
        start_s = self._world.advance()
        self._world.clock.sleep(self._gate_s)
        end_s = self._world.advance()
        revolutions = self._revolutions(start_s, end_s)
        if revolutions < MIN_MARKS or self._faults.active(self.role, "no_pulses"):
            self._world.clock.sleep(self._timeout_s - (end_s - start_s))
            return NO_PULSES_REPLY
        return counter_format(revolutions / (end_s - start_s))

    def _revolutions(self, start_s: float, end_s: float) -> float:
        _, _, angle = MOTOR_COLUMNS[0]
        with self._world.lock:
            states = self._world.history.at([start_s, end_s])
        return (states[1, angle] - states[0, angle]) / (2 * math.pi)
