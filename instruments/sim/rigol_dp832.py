"""Rigol DP832, channel CH1, as BENCH.md lists it."""

from __future__ import annotations

import numpy as np

from instruments.sim.scpi import ScpiError, ScpiInstrument, expect_args, parse_bool, parse_in_range
from instruments.sim.supply_readback import read_back
from instruments.sim.world import SimWorld

MAX_VOLTAGE_V = 32.0
MAX_CURRENT_A = 3.2
OCP_RANGE_A = (0.01, 3.3)
OVP_RANGE_V = (0.01, 33.0)


class RigolDP832(ScpiInstrument):
    """The DP832's CH1 on the simulated world's supply output."""

    def __init__(self, world: SimWorld, serial: str, rng: np.random.Generator) -> None:
        super().__init__()
        self.identity = f"RIGOL TECHNOLOGIES,DP832,{serial},00.01.16"
        self._world = world
        self._rng = rng
        self.command("APPLy", self._apply)
        self.command("APPLy?", self._apply_query)
        self.command("OUTPut[:STATe]", self._output)
        self.command("OUTPut[:STATe]?", lambda args: self._on_off(self._state().output_on, args))
        self.command("OUTPut:OCP:VALue", lambda args: self._set_limit(args, "ocp_a", OCP_RANGE_A))
        self.command("OUTPut:OCP:VALue?", lambda args: self._value(args, self._state().ocp_a, "{:.3f}"))
        self.command("OUTPut:OCP[:STATe]", lambda args: self._arm(args, "ocp_armed"))
        self.command("OUTPut:OCP[:STATe]?", lambda args: self._on_off(self._state().ocp_armed, args))
        self.command("OUTPut:OCP:QUEStion?", lambda args: self._yes_no(self._state().ocp_tripped, args))
        self.command("OUTPut:OCP:CLEar", lambda args: self._clear(args, "ocp_tripped"))
        self.command("OUTPut:OVP:VALue", lambda args: self._set_limit(args, "ovp_v", OVP_RANGE_V))
        self.command("OUTPut:OVP:VALue?", lambda args: self._value(args, self._state().ovp_v, "{:.3f}"))
        self.command("OUTPut:OVP[:STATe]", lambda args: self._arm(args, "ovp_armed"))
        self.command("OUTPut:OVP[:STATe]?", lambda args: self._on_off(self._state().ovp_armed, args))
        self.command("OUTPut:OVP:QUEStion?", lambda args: self._yes_no(self._state().ovp_tripped, args))
        self.command("OUTPut:OVP:CLEar", lambda args: self._clear(args, "ovp_tripped"))
        self.command("MEASure[:VOLTage][:DC]?", lambda args: self._measure(args, "{v:.3f}"))
        self.command("MEASure:CURRent[:DC]?", lambda args: self._measure(args, "{a:.4f}"))
        self.command("MEASure:POWEr[:DC]?", lambda args: self._measure(args, "{w:.3f}"))
        self.command("MEASure:ALL[:DC]?", lambda args: self._measure(args, "{v:.3f},{a:.4f},{w:.3f}"))

    def reset(self) -> None:
        self._world.change_supply(voltage_v=0.0, current_limit_a=MAX_CURRENT_A, output_on=False,
                                  ocp_a=3.3, ocp_armed=False, ovp_v=33.0, ovp_armed=False)

    def _state(self):
        self._world.advance()  # a trip may have happened since the last look
        return self._world.supply

    @staticmethod
    def _channel(args: list[str], count: int) -> list[str]:
        """Check CH1 leads the parameters (the only channel simulated)."""
        args = expect_args(args, count)
        if args and args[0].upper() != "CH1":
            raise ScpiError(-224)
        return args

    def _apply(self, args: list[str]) -> None:
        _, volts, amps = self._channel(args, 3)
        voltage_v = parse_in_range(volts, 0.0, MAX_VOLTAGE_V)
        limit_a = parse_in_range(amps, 0.0, MAX_CURRENT_A)
        self._world.change_supply(voltage_v=voltage_v, current_limit_a=limit_a)

    def _apply_query(self, args: list[str]) -> str:
        self._channel(args, 1)
        s = self._world.supply
        return f"CH1,{s.voltage_v:.3f},{s.current_limit_a:.4f}"

    def _output(self, args: list[str]) -> None:
        args = args if len(args) == 2 else ["CH1", *args]
        _, state = self._channel(args, 2)
        on = parse_bool(state)
        if on and (self._state().ocp_tripped or self._state().ovp_tripped):
            raise ScpiError(-221)  # clear the trip first
        self._world.change_supply(output_on=on)

    def _set_limit(self, args: list[str], name: str, bounds: tuple[float, float]) -> None:
        _, value = self._channel(args, 2)
        self._world.change_supply(**{name: parse_in_range(value, *bounds)})

    def _arm(self, args: list[str], name: str) -> None:
        _, state = self._channel(args, 2)
        self._world.change_supply(**{name: parse_bool(state)})

    def _clear(self, args: list[str], name: str) -> None:
        self._channel(args, 1)
        self._world.change_supply(**{name: False})

    def _value(self, args: list[str], value: float, form: str) -> str:
        self._channel(args, 1)
        return form.format(value)

    def _on_off(self, flag: bool, args: list[str]) -> str:
        self._channel(args, 1)
        return "ON" if flag else "OFF"

    def _yes_no(self, flag: bool, args: list[str]) -> str:
        self._channel(args, 1)
        return "YES" if flag else "NO"

    def _measure(self, args: list[str], form: str) -> str:
        self._channel(args, 1)
        volts, amps = read_back(self._world, self._rng)
        return form.format(v=volts, a=amps, w=volts * amps)
