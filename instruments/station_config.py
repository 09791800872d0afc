"""What a station file says, as plain data (``load_station`` reads it, ``open_station`` uses it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


class StationFileError(ValueError):
    """A station file is wrong; the message reads ``<file>:<line>: <field.path>: <what is wrong>``."""


@dataclass(frozen=True)
class SignalChannel:
    """One measured signal: on which instrument and channel, and its calibration."""

    signal: str  # e.g. "head1_accel", "motor_current", "housing_temp", "motor_a_speed"
    instrument: str  # role name: vibration_daq, current_daq, thermometer, tachometer
    channel: str  # e.g. "101"
    unit: str  # engineering unit after calibration: g, A, degC, Hz
    volts_per_unit: float | None = None  # DAQ signals: 0.100 V/g, 1.0 V/A
    marks_per_rev: int | None = None  # tachometer
    placement: str = ""  # thermocouples


@dataclass(frozen=True)
class InstrumentConfig:
    """One role of the station: which driver, at which address, with which options."""

    role: str
    driver: str
    resource: str | None  # None for drivers without a connection (manual fixture)
    timeout_s: float
    calibration_due: date | None = None
    options: Mapping[str, Any] = field(default_factory=dict)  # driver keyword arguments


@dataclass(frozen=True)
class BenchConfig:
    """What stands behind the addresses: ``simulated`` (started with the station) or ``hardware``."""

    kind: str
    time_scale: float = 1.0  # simulated seconds per wall second
    seed: int = 0
    defect_share: float = 0.0


@dataclass(frozen=True)
class StationConfig:
    """A whole station file, checked."""

    name: str
    location: str
    bench: BenchConfig
    visa_library: str
    instruments: Mapping[str, InstrumentConfig]  # by role
    signals: Mapping[str, SignalChannel]  # by signal name
    source: str = ""  # the file it came from
    results_index: str | None = None  # a database URL shared by a line's stations; None: the data dir's

    @property
    def calibration_due(self) -> dict[str, date]:
        return {role: inst.calibration_due for role, inst in self.instruments.items()
                if inst.calibration_due is not None}
