"""A DAQ970A with a DAQM903A actuator module whose relay 301 carries the supply's line to the unit."""

from __future__ import annotations

from instruments.sim.faults import FaultBoard
from instruments.sim.scpi import ScpiInstrument, expect_args, parse_channels
from instruments.sim.world import SimWorld

CARD_CHANNELS = range(301, 321)
POWER_RELAY = 301  # wired in series with the supply's CH1 output (COM-NO contact)


class DAQM903A(ScpiInstrument):
    """``ROUT:OPEN``, ``ROUT:CLOS`` and their queries; every relay is open after power-on and ``*RST``."""

    def __init__(self, world: SimWorld, faults: FaultBoard, serial: str) -> None:
        super().__init__()
        self.identity = f"Keysight Technologies,DAQ970A,{serial},A.03.02-01.00-03.01-00.02-00.02"
        self._world = world
        self._faults = faults
        self._closed: set[int] = set()
        self.reset()
        self.command("ROUTe:OPEN", lambda args: self._switch(args, closed=False))
        self.command("ROUTe:CLOSe", lambda args: self._switch(args, closed=True))
        self.command("ROUTe:OPEN?", lambda args: self._state(args, closed=False))
        self.command("ROUTe:CLOSe?", lambda args: self._state(args, closed=True))

    def reset(self) -> None:
        self._closed = set()
        self._world.change_supply(relay_closed=False)

    def _switch(self, args: list[str], *, closed: bool) -> None:
        (channels,) = expect_args(args, 1)
        chosen = parse_channels(channels, CARD_CHANNELS)
        if not closed and POWER_RELAY in chosen and self._faults.active("interlock", "relay_welded"):
            return  # welded contacts: the command is taken, the contact stays closed
        self._closed = self._closed | set(chosen) if closed else self._closed - set(chosen)
        if POWER_RELAY in chosen:
            self._world.change_supply(relay_closed=closed)

    def _state(self, args: list[str], *, closed: bool) -> str:
        (channels,) = expect_args(args, 1)
        return ",".join("1" if (channel in self._closed) == closed else "0"
                        for channel in parse_channels(channels, CARD_CHANNELS))
