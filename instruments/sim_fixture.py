"""The simulated bench's fixture controller: tells the simulator which unit is on the fixture."""

from __future__ import annotations

import re

from instruments.errors import ProtocolError, SettingOutOfRange
from instruments.scpi import ScpiInstrument
from instruments.transport import Transport

# Products are named by their spec's product id (BENCH.md: general-purpose, quad-head): the bench
# builds any it has a design for and refuses others with -224. A name, like a serial, must not break the dialect's commas.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class SimFixture(ScpiInstrument):
    """``FIXT:LOAD``, ``FIXT:LOAD?`` and ``FIXT:UNL`` over a socket; ``FIXT:LID?`` where it has a lid switch.

    BENCH.md's fixture has no lid switch; the project's simulated one does
    (``lid_switch: true`` in the station file), so a prompt to close the lid
    can be confirmed by closing it.
    """

    models = ("SIMFIXTURE",)

    def __init__(self, name: str, transport: Transport, *, lid_switch: bool = False) -> None:
        super().__init__(name, transport)
        self.lid_switch = lid_switch

    def lid_closed(self) -> bool | None:
        """Return whether the lid is closed; None for a fixture without a lid switch."""
        if not self.lid_switch:
            return None
        return self._ask("FIXT:LID?", self._parse_lid)

    def _parse_lid(self, reply: str) -> bool:
        state = reply.strip().upper()
        if state not in ("OPEN", "CLOSED"):
            raise ProtocolError(f"FIXT:LID? reply {reply!r} is not OPEN or CLOSED", instrument=self.name)
        return state == "CLOSED"

    def load(self, product: str, serial: str) -> None:
        """Tell the bench which unit is on the fixture: ``product`` is the spec's product id."""
        if not _NAME.fullmatch(product or ""):
            raise SettingOutOfRange(f"{self.name}: product {product!r} is not letters, digits, '.-_'")
        if not _NAME.fullmatch(serial or ""):
            raise SettingOutOfRange(f"{self.name}: serial {serial!r} is not letters, digits, '.-_'")
        self._set(f"FIXT:LOAD {product},{serial}",
                  read_back=lambda: self.loaded() == (product, serial))

    def loaded(self) -> tuple[str, str] | None:
        return self._ask("FIXT:LOAD?", self._parse_loaded)

    def _parse_loaded(self, reply: str) -> tuple[str, str] | None:
        reply = reply.strip()
        if reply.upper() == "NONE":
            return None
        product, _, serial = reply.partition(",")
        if not _NAME.fullmatch(product) or not _NAME.fullmatch(serial):
            raise ProtocolError(f"FIXT:LOAD? reply {reply!r} is not <product>,<serial> or NONE",
                                instrument=self.name)
        return product, serial

    def unload(self) -> None:
        self._set("FIXT:UNL")
