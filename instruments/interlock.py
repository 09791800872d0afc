"""The station's second way to cut power: close the interlock relay safely, open it at once.

A station file may give an ``interlock`` role (a relay in the supply's line to
the unit). Without one, these functions do nothing and say so.
"""

from __future__ import annotations

from typing import Any

from instruments.errors import InstrumentError


def close_interlock(station: Any) -> bool:
    """Let power reach the unit: confirm the supply off first, then close the relay.

    Return False when the station has no interlock. Raise InstrumentError
    when the supply cannot be confirmed off (the relay then stays open).
    """
    interlock = getattr(station, "interlock", None)
    if interlock is None:
        return False
    station.supply.enable_output(False)
    if station.supply.output_enabled():
        raise InstrumentError("output still reads ON; the interlock stays open", instrument="supply")
    interlock.close_relay()
    return True


def open_interlock(station: Any) -> str | None:
    """Cut power to the unit with the relay; return what happened (None: no interlock), never raise.

    Called where the supply has already failed us: the answer goes into the
    record, and a relay that does not answer either must not hide the first fault.
    """
    interlock = getattr(station, "interlock", None)
    if interlock is None:
        return None
    try:
        interlock.open_relay()
    except InstrumentError as exc:
        return f"the interlock could not be opened either: {exc}"
    return "the interlock relay is open: no power reaches the unit"
