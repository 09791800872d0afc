"""Instrument faults the bench can inject, per role."""

from __future__ import annotations

import threading
from types import MappingProxyType

from instruments.roles import ROLES

DAQ_ROLES = ("vibration_daq", "current_daq")
# garbled_reply keeps garbling until cleared; garbled_once and late_reply hit one reply each:
# late_reply holds it back until the next command arrives, as from an instrument answering
# after the rig stopped waiting (the rig always times out first, however busy the machine).
COMMON_FAULTS = ("no_answer", "drop_connection", "garbled_reply", "garbled_once", "late_reply",
                 "error_queue")
ROLE_FAULTS = MappingProxyType({
    "vibration_daq": ("daq_overrun",),
    "current_daq": ("daq_overrun",),
    "tachometer": ("no_pulses",),
    "thermometer": ("open_thermocouple",),
    "interlock": ("relay_welded",),
})
FAULTS = (*COMMON_FAULTS, "daq_overrun", "no_pulses", "open_thermocouple", "relay_welded")


class FaultBoard:
    """Which faults are active on which role; shared by the servers and instruments."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active: set[tuple[str, str]] = set()

    def inject(self, role: str, fault: str) -> None:
        """Activate ``fault`` on ``role``; raise ValueError for a pair that makes no sense."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {ROLES}")
        allowed = COMMON_FAULTS + ROLE_FAULTS.get(role, ())
        if fault not in allowed:
            raise ValueError(f"fault {fault!r} does not apply to {role}; expected one of {allowed}")
        with self._lock:
            self._active.add((role, fault))

    def clear(self) -> None:
        """Clear every fault."""
        with self._lock:
            self._active.clear()

    def active(self, role: str, fault: str) -> bool:
        """Return True while ``fault`` is active on ``role``."""
        with self._lock:
            return (role, fault) in self._active

    def take(self, role: str, fault: str) -> bool:
        """Consume a one-shot fault: return True (and clear it) if it was active."""
        with self._lock:
            if (role, fault) in self._active:
                self._active.discard((role, fault))
                return True
            return False

    def listing(self) -> list[tuple[str, str]]:
        """Return the active (role, fault) pairs, sorted."""
        with self._lock:
            return sorted(self._active)
