"""Siglent SPD3303X, channel CH1, as BENCH.md lists it (no over-current trip)."""

from __future__ import annotations

import numpy as np

from instruments.sim.scpi import ScpiError, ScpiInstrument, expect_args, parse_bool, parse_in_range
from instruments.sim.supply_readback import read_back
from instruments.sim.world import SimWorld

MAX_VOLTAGE_V = 32.0
MAX_CURRENT_A = 3.2


class SiglentSPD3303X(ScpiInstrument):
    """The SPD3303X's CH1 on the simulated world's supply output."""

    def __init__(self, world: SimWorld, serial: str, rng: np.random.Generator) -> None:
        super().__init__()
        self.identity = f"Siglent Technologies,SPD3303X,{serial},1.01.01.02.05,V3.0"
        self._world = world
        self._rng = rng
        self.command("CH1:VOLTage", lambda args: self._set(args, "voltage_v", MAX_VOLTAGE_V))
        self.command("CH1:CURRent", lambda args: self._set(args, "current_limit_a", MAX_CURRENT_A))
        self.command("CH1:VOLTage?", lambda args: f"{self._world.supply.voltage_v:.3f}")
        self.command("CH1:CURRent?", lambda args: f"{self._world.supply.current_limit_a:.3f}")
        self.command("OUTPut", self._output)
        self.command("MEASure:VOLTage?", lambda args: self._measure(args, 0))
        self.command("MEASure:CURRent?", lambda args: self._measure(args, 1))
        self.command("MEASure:POWEr?", lambda args: self._measure(args, 2))

    def reset(self) -> None:
        self._world.change_supply(voltage_v=0.0, current_limit_a=MAX_CURRENT_A, output_on=False,
                                  ocp_armed=False, ovp_armed=False)

    def _set(self, args: list[str], name: str, high: float) -> None:
        (value,) = expect_args(args, 1)
        self._world.change_supply(**{name: parse_in_range(value, 0.0, high)})

    def _output(self, args: list[str]) -> None:
        channel, state = expect_args(args, 2)
        if channel.upper() != "CH1":
            raise ScpiError(-224)
        self._world.change_supply(output_on=parse_bool(state))

    def _measure(self, args: list[str], which: int) -> str:
        (channel,) = expect_args(args, 1) if args else ["CH1"]
        if channel.upper() != "CH1":
            raise ScpiError(-224)
        volts, amps = read_back(self._world, self._rng)
        return f"{(volts, amps, volts * amps)[which]:.3f}"
