"""Role protocols: what the rig asks of each kind of instrument.

A station file picks a driver (one file per model) for each role; the rig only
ever talks to these protocols. Constructors do no I/O, ``connect()`` does.
Every method raises an ``instruments.errors.InstrumentError`` subclass when
the instrument cannot be trusted; none of them logs and carries on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol, runtime_checkable

import numpy as np

#: The roles of a station and the kind of instrument each needs: the one table every
#: list of roles (station fields, drivers, simulated bench, runner, station panel) comes from.
ROLE_KINDS: Mapping[str, str] = MappingProxyType({
    "supply": "supply",
    "vibration_daq": "daq",
    "current_daq": "daq",
    "thermometer": "thermometer",
    "tachometer": "tachometer",
    "fixture": "fixture",
    "interlock": "interlock",  # a relay that cuts the unit's power when the supply will not
})
ROLES: tuple[str, ...] = tuple(ROLE_KINDS)
#: Roles a station file may leave out; every other role of ROLE_KINDS is required.
OPTIONAL_ROLES: frozenset[str] = frozenset({"interlock"})
#: Roles whose instruments carry no measured signal.
UNMEASURED_KINDS: frozenset[str] = frozenset({"supply", "fixture", "interlock"})


@dataclass(frozen=True)
class Identity:
    """``*IDN?`` parsed: manufacturer, model, serial number, firmware."""

    make: str
    model: str
    serial: str
    firmware: str

    def __str__(self) -> str:
        return f"{self.make} {self.model} s/n {self.serial} fw {self.firmware}"


@dataclass(frozen=True)
class Waveform:
    """A block of simultaneous samples, calibrated, one column per channel.

    ``data`` has shape (n_samples, n_channels). ``first_sample`` counts samples
    per channel since the acquisition started, so consecutive blocks of a
    continuous acquisition can be checked for gaps.
    """

    channels: tuple[str, ...]
    units: tuple[str, ...]
    sample_rate_hz: float
    data: np.ndarray
    first_sample: int = 0

    @property
    def n_samples(self) -> int:
        return int(self.data.shape[0])

    @property
    def duration_s(self) -> float:
        return self.n_samples / self.sample_rate_hz

    def column(self, channel: str) -> np.ndarray:
        """Return the samples of one channel by name."""
        return self.data[:, self.channels.index(channel)]


@runtime_checkable
class Instrument(Protocol):
    """What every instrument driver offers."""

    name: str  # the role name given by the station file, e.g. "supply"
    resource: str

    def connect(self) -> Identity: ...

    def close(self) -> None: ...

    @property
    def identity(self) -> Identity | None: ...


@runtime_checkable
class PowerSupply(Instrument, Protocol):
    """One output channel of a programmable DC supply."""

    max_voltage_v: float
    max_current_a: float

    def set_output(self, voltage_v: float, current_limit_a: float) -> None: ...

    def enable_output(self, on: bool) -> None: ...

    def output_enabled(self) -> bool: ...

    def measure_voltage(self) -> float: ...

    def measure_current(self) -> float: ...

    @property
    def has_over_current_trip(self) -> bool: ...

    def set_over_current_trip(self, limit_a: float | None) -> None:
        """Arm the trip at ``limit_a``, or disarm it with None."""

    def over_current_tripped(self) -> bool: ...

    def clear_over_current_trip(self) -> None: ...


@runtime_checkable
class Daq(Instrument, Protocol):
    """A simultaneous-sampling DAQ; waveforms come back in volts."""

    def configure(self, channels: tuple[str, ...], range_v: float, sample_rate_hz: float) -> None: ...

    def start_single(self, n_points: int) -> None:
        """Arm a single-shot capture of ``n_points`` per channel and return at once."""

    def fetch_single(self, timeout_s: float) -> Waveform:
        """Wait for the single-shot capture to complete and return it."""

    def acquire(self, n_points: int, timeout_s: float) -> Waveform:
        """Single-shot capture: ``start_single`` then ``fetch_single``."""

    def start_continuous(self, block_points: int) -> None: ...

    def read_block(self) -> Waveform | None:
        """Return the oldest whole block, None if none is ready; raise DaqOverrun on OVER."""

    def stop(self) -> None: ...


@runtime_checkable
class TemperatureScanner(Instrument, Protocol):
    """A thermocouple scanner; readings in degrees Celsius."""

    def read_temperatures_c(self, channels: tuple[str, ...]) -> dict[str, float]:
        """Scan the channels; raise OpenThermocouple for an open one."""


@runtime_checkable
class Tachometer(Instrument, Protocol):
    """A counter reading an optical pulse train."""

    def measure_frequency_hz(self, gate_time_s: float = 0.1) -> float:
        """Return the pulse frequency; raise NoPulses when none arrive."""


@runtime_checkable
class Fixture(Instrument, Protocol):
    """Whatever says which unit sits on the fixture."""

    def load(self, product: str, serial: str) -> None: ...

    def loaded(self) -> tuple[str, str] | None: ...

    def unload(self) -> None: ...


@runtime_checkable
class Interlock(Instrument, Protocol):
    """A relay in the line from the supply to the unit: a second way to cut power.

    Open, no current reaches the unit whatever the supply does; it is opened
    when the supply cannot be confirmed off and when a safety limit is crossed.
    """

    def open_relay(self) -> None:
        """Open the relay and confirm it reads open; raise InstrumentError otherwise."""

    def close_relay(self) -> None:
        """Close the relay (power may reach the unit) and confirm it reads closed."""

    def relay_is_open(self) -> bool: ...
