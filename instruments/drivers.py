"""The drivers a station file may name, and how each one is built."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from instruments import keysight_daq970a, keysight_u2531a
from instruments.clock import Clock
from instruments.keysight_53220a import Keysight53220A
from instruments.keysight_daq970a import KeysightDAQ970A
from instruments.keysight_daqm903a import KeysightDAQM903A
from instruments.keysight_u2531a import KeysightU2531A
from instruments.manual_fixture import Confirm, ManualFixture
from instruments.rigol_dp832 import RigolDP832
from instruments.roles import OPTIONAL_ROLES, ROLE_KINDS, UNMEASURED_KINDS
from instruments.siglent_spd3303x import SiglentSPD3303X
from instruments.sim_fixture import SimFixture
from instruments.transport import VisaTransport

__all__ = ["DRIVERS", "OPTIONAL_ROLES", "ROLE_KINDS", "UNMEASURED_KINDS", "DriverEntry", "build_driver"]



@dataclass(frozen=True)
class DriverEntry:
    """One driver a station file can name."""

    kind: str  # a value of ROLE_KINDS
    cls: type
    options: Mapping[str, type] = field(default_factory=dict)  # extra keys of the station file
    channels: tuple[str, ...] = ()  # channels a signal may name on it; empty: any
    needs_resource: bool = True
    waits: bool = False  # it waits for the instrument itself, on the station's clock


DRIVERS: Mapping[str, DriverEntry] = MappingProxyType({
    "rigol_dp832": DriverEntry("supply", RigolDP832, {"channel": str}),
    "siglent_spd3303x": DriverEntry("supply", SiglentSPD3303X, {"channel": str}),
    "keysight_u2531a": DriverEntry("daq", KeysightU2531A, channels=keysight_u2531a.CHANNELS,
                                   waits=True),
    "keysight_daq970a": DriverEntry("thermometer", KeysightDAQ970A,
                                    channels=keysight_daq970a.CHANNELS),
    "keysight_53220a": DriverEntry("tachometer", Keysight53220A,
                                   {"measurement_timeout_s": float}, channels=("1", "2")),
    "sim_fixture": DriverEntry("fixture", SimFixture, {"lid_switch": bool}),
    "manual_fixture": DriverEntry("fixture", ManualFixture, needs_resource=False),
    "keysight_daqm903a": DriverEntry("interlock", KeysightDAQM903A, {"channel": str}),
})


def build_driver(entry: DriverEntry, role: str, *, resource: str | None, timeout_s: float,
                 visa_library: str, options: Mapping[str, Any],
                 confirm: Confirm | None = None, clock: Clock | None = None) -> Any:
    """Construct a driver (no I/O): a VISA transport for socket drivers, the prompt for manual ones."""
    if not entry.needs_resource:
        return entry.cls(role, confirm, resource=resource or "manual", **options)
    transport = VisaTransport(resource, timeout_s=timeout_s, visa_library=visa_library,
                              instrument=role)
    if entry.waits:
        return entry.cls(role, transport, clock=clock, **options)
    return entry.cls(role, transport, **options)
