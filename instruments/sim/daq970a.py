"""Keysight DAQ970A with a DAQM901A reading type K thermocouples, as BENCH.md lists it."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from instruments.sim.faults import FaultBoard
from instruments.sim.scpi import ScpiError, ScpiInstrument, expect_args, nr3, parse_channels
from instruments.sim.world import SimWorld

CARD_CHANNELS = range(101, 121)
WIRED = MappingProxyType({101: "housing", 102: "handle", 103: "head", 104: "ambient"})
OPEN_CIRCUIT = 9.9e37
SCAN_S_PER_CHANNEL = 0.025  # four channels in about 0.1 s
NOISE_C = 0.05


class DAQ970A(ScpiInstrument):
    """Thermocouples on the unit: 101 housing, 102 handle, 103 head, 104 ambient."""

    def __init__(self, role: str, world: SimWorld, faults: FaultBoard, serial: str,
                 rng: np.random.Generator) -> None:
        super().__init__()
        self.identity = f"Keysight Technologies,DAQ970A,{serial},A.03.02-01.00-03.01-00.02-00.02"
        self.role = role
        self._world = world
        self._faults = faults
        self._rng = rng
        self.reset()
        self.command("MEASure:TEMPerature?", self._measure)
        self.command("CONFigure:TEMPerature", self._configure)
        self.command("READ?", lambda args: self._scan(expect_args(args, 0) or self._scan_list))
        self.command("UNIT:TEMPerature", self._unit)
        self.command("UNIT:TEMPerature?", lambda args: "C")

    def reset(self) -> None:
        self._scan_list: list[int] = []

    def _measure(self, args: list[str]) -> str:
        return self._scan(self._channels(args))

    def _configure(self, args: list[str]) -> None:
        self._scan_list = self._channels(args)

    @staticmethod
    def _channels(args: list[str]) -> list[int]:
        probe, kind, channels = expect_args(args, 3)
        if probe.upper() not in ("TC", "THER", "THERMOCOUPLE") or kind.upper() != "K":
            raise ScpiError(-224)
        return parse_channels(channels, CARD_CHANNELS)

    def _unit(self, args: list[str]) -> None:
        (unit,) = expect_args(args, 1)
        if unit.upper() not in ("C", "CEL"):
            raise ScpiError(-224)

    def _scan(self, channels: list[int]) -> str:
        if not channels:
            raise ScpiError(-221)
        self._world.clock.sleep(SCAN_S_PER_CHANNEL * len(channels))
        temps = self._world.temperatures_c()
        readings = []
        for channel in channels:
            point = WIRED.get(channel)
            if point is None or (channel == 101 and self._faults.active(self.role, "open_thermocouple")):
                readings.append(OPEN_CIRCUIT)
            else:
                readings.append(temps[point] + self._rng.normal(0.0, NOISE_C))
        return ",".join(nr3(value) for value in readings)
