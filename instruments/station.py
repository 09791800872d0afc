"""A station: which driver plays each role, where it lives, which channel carries what.

CONTRACT (the loader and ``open_station`` are filled in by the drivers work):

    config = load_station(path)          # StationConfig; StationFileError names file, line, field
    with open_station(config) as station: # starts the bench the file names (simulated or none),
        station.supply.enable_output(False)  # connects every driver, closes all on exit
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from instruments.roles import Daq, Fixture, Identity, PowerSupply, Tachometer, TemperatureScanner


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


@dataclass
class Station:
    """Connected instruments by role, plus the signal map and the station's clock."""

    name: str
    supply: PowerSupply
    vibration_daq: Daq
    current_daq: Daq
    thermometer: TemperatureScanner
    tachometer: Tachometer
    fixture: Fixture
    signals: dict[str, SignalChannel]
    calibration_due: dict[str, date]  # role -> due date (instruments that have one)
    time_scale: float = 1.0  # simulated seconds per wall second (1 on real hardware)
    identities: dict[str, Identity] = field(default_factory=dict)

    def sleep(self, simulated_s: float) -> None:
        """Wait a span of instrument time."""
        time.sleep(simulated_s / self.time_scale)
