"""A station: which driver plays each role, where it lives, which channel carries what.

CONTRACT (the loader and ``open_station`` are filled in by the drivers work):

    config = load_station(path)          # StationConfig; StationFileError names file, line, field
    with open_station(config) as station: # starts the bench the file names (simulated or none),
        station.supply.enable_output(False)  # connects every driver, closes all on exit

For a bench started elsewhere (``rig sim``), ``connect_station(config,
resources=...)`` connects to given addresses without starting one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from instruments.benches import BENCH_LAUNCHERS
from instruments.clock import Clock, WallClock
from instruments.drivers import DRIVERS, OPTIONAL_ROLES, ROLE_KINDS, build_driver
from instruments.errors import InstrumentError
from instruments.interlock import close_interlock, open_interlock
from instruments.manual_fixture import Confirm
from instruments.retries import RetryLog
from instruments.roles import (
    Daq,
    Fixture,
    Identity,
    Interlock,
    PowerSupply,
    Tachometer,
    TemperatureScanner,
    Waveform,
)
from instruments.station_config import (
    BenchConfig,
    InstrumentConfig,
    SignalChannel,
    StationConfig,
    StationFileError,
)
from instruments.station_file import load_station

__all__ = [
    "BenchConfig", "InstrumentConfig", "SignalChannel", "Station", "StationConfig",
    "StationFileError", "build_station", "connect_station", "load_station", "open_station",
]

_log = logging.getLogger(__name__)


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
    clock: Clock = field(default_factory=WallClock)  # instrument time: the wall clock on hardware
    identities: dict[str, Identity] = field(default_factory=dict)
    bench: Any = None  # the running SimulatedBench (faults, units, truth); None on hardware
    interlock: Interlock | None = None  # the relay that cuts the supply's line; optional role
    retries: RetryLog = field(default_factory=RetryLog)  # drained by the runner after each step

    def __post_init__(self) -> None:
        for driver in self.instruments.values():
            if hasattr(driver, "on_retry"):  # drivers that retry transient faults report here
                driver.on_retry = self.retries.add

    @property
    def time_scale(self) -> float:
        """Instrument seconds per wall second at most (1 on real hardware)."""
        return self.clock.time_scale

    def sleep(self, duration_s: float) -> None:
        """Wait a span of instrument time."""
        self.clock.sleep(duration_s)

    @property
    def roles(self) -> tuple[str, ...]:
        """Return the roles of this station: every required one, and the optional ones it has."""
        return tuple(role for role in ROLE_KINDS
                     if role not in OPTIONAL_ROLES or getattr(self, role, None) is not None)

    @property
    def instruments(self) -> dict[str, Any]:
        """Return the drivers by role (an optional role the station lacks is left out)."""
        return {role: driver for role in ROLE_KINDS if (driver := getattr(self, role, None)) is not None}

    def calibrate(self, waveform: Waveform, instrument: str) -> Waveform:
        """Turn a DAQ's volts into engineering units, each channel renamed to its signal."""
        by_channel = {sig.channel: sig for sig in self.signals.values() if sig.instrument == instrument}
        mapped = [by_channel.get(channel) for channel in waveform.channels]
        missing = [ch for ch, sig in zip(waveform.channels, mapped, strict=True)
                   if sig is None or sig.volts_per_unit is None]
        if missing:
            raise ValueError(f"no calibrated signal on {instrument} channel(s) {', '.join(missing)}")
        scale = np.array([sig.volts_per_unit for sig in mapped])
        return Waveform(channels=tuple(sig.signal for sig in mapped),
                        units=tuple(sig.unit for sig in mapped),
                        sample_rate_hz=waveform.sample_rate_hz, data=waveform.data / scale,
                        first_sample=waveform.first_sample)


def build_station(config: StationConfig, *, resources: Mapping[str, str | None] | None = None,
                  confirm: Confirm | None = None, bench: Any = None,
                  clock: Clock | None = None) -> Station:
    """Construct every driver (no I/O) at the given addresses, else the file's own."""
    addresses = dict(resources or {})
    clock = clock if clock is not None else WallClock()
    drivers = {
        role: build_driver(DRIVERS[inst.driver], role,
                           resource=addresses.get(role, inst.resource), timeout_s=inst.timeout_s,
                           visa_library=config.visa_library, options=inst.options, confirm=confirm,
                           clock=clock)
        for role, inst in config.instruments.items()
    }
    return Station(name=config.name, signals=dict(config.signals),
                   calibration_due=config.calibration_due, clock=clock, bench=bench, **drivers)


@contextmanager
def connect_station(config: StationConfig, *, resources: Mapping[str, str | None] | None = None,
                    confirm: Confirm | None = None, bench: Any = None,
                    clock: Clock | None = None) -> Iterator[Station]:
    """Connect every driver (to ``resources`` by role, else the file's addresses); close on exit.

    On the way out the supply output is switched off (best effort: a supply
    that no longer answers must not stop the others from closing). A station
    with an interlock closes its relay once connected (after confirming the
    supply off) and opens it again on the way out.
    """
    station = build_station(config, resources=resources, confirm=confirm, bench=bench, clock=clock)
    try:
        for role, driver in station.instruments.items():
            station.identities[role] = driver.connect()
        close_interlock(station)  # the relay starts open; power may pass once the supply is off
        yield station
    finally:
        _switch_off_and_close(station)


@contextmanager
def open_station(config: StationConfig, *, confirm: Confirm | None = None) -> Iterator[Station]:
    """Start the bench the file names, connect every driver, and undo it all on exit.

    ``station.bench`` is the running simulated bench (None on hardware);
    ``confirm`` is the operator prompt a manual fixture asks.
    """
    with BENCH_LAUNCHERS[config.bench.kind](config) as running, \
            connect_station(config, resources=running.resources, confirm=confirm,
                            bench=running.bench, clock=running.clock) as station:
        yield station


def _switch_off_and_close(station: Station) -> None:
    if station.supply.identity is not None:
        try:
            station.supply.enable_output(False)
        except InstrumentError as exc:
            _log.warning("could not switch the supply output off while closing %s: %s",
                         station.name, exc)
    if station.interlock is not None and station.interlock.identity is not None:
        # Leave the power path cut while no rig software is watching it.
        _log.info("closing %s: %s", station.name, open_interlock(station))
    for driver in station.instruments.values():
        driver.close()
