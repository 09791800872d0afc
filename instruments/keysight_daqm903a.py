"""Keysight DAQ970A (or 34972A) with a DAQM903A actuator module: one relay as the power interlock.

The line from the supply's CH1 to the fixture runs through the COM-NO contact
of one channel of slot 3 (301 by default): ``ROUT:CLOS (@301)`` lets power
through, ``ROUT:OPEN (@301)`` cuts it, ``ROUT:OPEN? (@301)`` reads ``1`` when
open. At power-on and after ``*RST`` every relay is open: a station whose PC
or mainframe dies leaves the unit unpowered. See docs/decisions/0031-interlock.md.
"""

from __future__ import annotations

from instruments.errors import InstrumentError
from instruments.scpi import ScpiInstrument
from instruments.transport import Transport

CHANNELS = tuple(str(number) for number in range(301, 321))  # DAQM903A in slot 3: 20 relays
_ONE_ZERO = {"1": True, "0": False}


class KeysightDAQM903A(ScpiInstrument):
    """One actuator relay that carries the supply's line to the unit."""

    models = ("DAQ970A", "34972A")

    def __init__(self, name: str, transport: Transport, *, channel: str = "301") -> None:
        if channel not in CHANNELS:
            raise ValueError(f"a DAQM903A in slot 3 has no channel {channel!r}; use 301..320")
        super().__init__(name, transport)
        self.channel = channel

    def open_relay(self) -> None:
        """Open the relay (power cut) and read it back."""
        self._set(f"ROUT:OPEN (@{self.channel})")
        if not self.relay_is_open():
            raise InstrumentError(f"relay {self.channel} still reads closed after ROUT:OPEN",
                                  instrument=self.name)

    def close_relay(self) -> None:
        """Close the relay (power may reach the unit) and read it back."""
        self._set(f"ROUT:CLOS (@{self.channel})")
        if self.relay_is_open():
            raise InstrumentError(f"relay {self.channel} still reads open after ROUT:CLOS",
                                  instrument=self.name)

    def relay_is_open(self) -> bool:
        return self._query_choice(f"ROUT:OPEN? (@{self.channel})", _ONE_ZERO)
