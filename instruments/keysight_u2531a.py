"""Keysight U2531A-style simultaneous-sampling DAQ: 4 channels, 14 bits, int16 blocks."""

from __future__ import annotations

import operator
from dataclasses import dataclass

from instruments.blocks import codes_to_volts
from instruments.clock import Clock, WallClock
from instruments.errors import DaqOverrun, InstrumentTimeout, ProtocolError, SettingOutOfRange
from instruments.roles import Waveform
from instruments.scpi import (
    ScpiInstrument,
    channel_list,
    check_channels,
    check_range,
    format_number,
)
from instruments.transport import Transport

CHANNELS = ("101", "102", "103", "104")
RANGES_V = (10.0, 5.0, 2.5, 1.25)
MAX_AGGREGATE_RATE_HZ = 500_000.0  # shared by the enabled channels
BUFFER_SAMPLES = 8 * 1024 * 1024  # all channels together
_COMPLETE = {"YES": True, "NO": False}


@dataclass(frozen=True)
class _Setup:
    channels: tuple[str, ...]
    range_v: float
    sample_rate_hz: float


class KeysightU2531A(ScpiInstrument):
    """Single-shot and continuous captures; waveforms come back in volts."""

    models = ("U2531A",)

    def __init__(self, name: str, transport: Transport, *, poll_interval_s: float = 0.005,
                 clock: Clock | None = None) -> None:
        super().__init__(name, transport)
        self.poll_interval_s = poll_interval_s  # instrument seconds between completion polls
        self.clock = clock if clock is not None else WallClock()
        self._setup: _Setup | None = None
        self._single_points = 0
        self._single_due_s = 0.0  # clock time the armed single shot's last sample is due
        self._block_points = 0
        self._next_sample = 0

    @property
    def setup(self) -> _Setup | None:
        """The channels, range and sample rate of the last ``configure``."""
        return self._setup

    def configure(self, channels: tuple[str, ...], range_v: float, sample_rate_hz: float) -> None:
        """Enable the channels (ascending), set their range and the sample rate per channel."""
        chosen = check_channels(channels, CHANNELS, f"{self.name} DAQ")
        if range_v not in RANGES_V:
            raise SettingOutOfRange(f"{self.name} range {range_v!r} V is not one of "
                                    f"{', '.join(f'{r:g}' for r in RANGES_V)} V")
        rate_hz = check_range(f"{self.name} sample rate", sample_rate_hz, 1.0,
                              MAX_AGGREGATE_RATE_HZ / len(chosen), "Sa/s")
        others = [channel for channel in CHANNELS if channel not in chosen]
        commands = [f"ROUT:ENAB OFF,{channel_list(others)}"] if others else []
        commands += [f"ROUT:ENAB ON,{channel_list(chosen)}",
                     f"ROUT:CHAN:RANG {range_v:g},{channel_list(chosen)}",
                     f"ACQ:SRAT {format_number(rate_hz)}"]
        self._setup = None
        self._set(*commands)
        actual_hz = self._query_float("ACQ:SRAT?")
        self._setup = _Setup(chosen, float(range_v), actual_hz)

    def start_single(self, n_points: int) -> None:
        """Arm a single-shot capture of ``n_points`` per channel and return at once."""
        setup = self._require_setup()
        points = _check_points(n_points, len(setup.channels), f"{self.name} capture")
        self._single_points = 0
        self._set(f"ACQ:POIN {points}", "DIG")
        self._single_points = points
        self._single_due_s = self.clock.now_s() + points / setup.sample_rate_hz

    def fetch_single(self, timeout_s: float) -> Waveform:
        """Wait up to ``timeout_s`` instrument seconds for the single shot; return it."""
        setup = self._require_setup()
        if not self._single_points:
            raise SettingOutOfRange(f"{self.name}: no single-shot capture armed")
        deadline_s = self.clock.now_s() + timeout_s
        # Ask only once the last sample is due: polling a capture that cannot be complete
        # yet only loads the bus.
        self.clock.sleep(min(self._single_due_s, deadline_s) - self.clock.now_s())
        while not self._query_choice("WAV:COMP?", _COMPLETE):
            remaining_s = deadline_s - self.clock.now_s()
            if remaining_s <= 0:
                raise InstrumentTimeout(f"capture of {self._single_points} points not complete "
                                        f"within {timeout_s:g} s", instrument=self.name)
            self.clock.sleep(min(self.poll_interval_s, remaining_s))
        points, self._single_points = self._single_points, 0
        return self._fetch(setup, points, first_sample=0)

    def acquire(self, n_points: int, timeout_s: float) -> Waveform:
        """Single-shot capture: ``start_single`` then ``fetch_single``."""
        self.start_single(n_points)
        return self.fetch_single(timeout_s)

    def start_continuous(self, block_points: int) -> None:
        """Start streaming blocks of ``block_points`` per channel."""
        setup = self._require_setup()
        points = _check_points(block_points, len(setup.channels), f"{self.name} block")
        self._block_points = 0
        self._set(f"WAV:POIN {points}", "RUN")
        self._block_points = points
        self._next_sample = 0

    def read_block(self) -> Waveform | None:
        """Return the oldest whole block, None if none is ready; raise DaqOverrun on OVER."""
        setup = self._require_setup()
        if not self._block_points:
            raise SettingOutOfRange(f"{self.name}: no continuous acquisition running")
        status = self._query("WAV:STAT?").strip().upper()
        if status in ("EPTY", "FRAG"):
            return None
        if status == "OVER":
            raise DaqOverrun(f"buffer overflowed after {self._next_sample} samples per channel; "
                             "samples were lost and the acquisition stopped", instrument=self.name)
        if status != "DATA":
            raise ProtocolError(f"WAV:STAT? reply {status!r} is none of EPTY, FRAG, DATA, OVER",
                                instrument=self.name)
        waveform = self._fetch(setup, self._block_points, first_sample=self._next_sample)
        self._next_sample += waveform.n_samples
        return waveform

    def stop(self) -> None:
        self._block_points = 0
        self._set("STOP")

    # -- internals ----------------------------------------------------------------------------

    def _require_setup(self) -> _Setup:
        if self._setup is None:
            raise SettingOutOfRange(f"{self.name}: call configure() before capturing")
        return self._setup

    def _fetch(self, setup: _Setup, points: int, *, first_sample: int) -> Waveform:
        payload = self.transport.query_block("WAV:DATA?")
        expected_bytes = points * len(setup.channels) * 2
        if len(payload) != expected_bytes:
            raise ProtocolError(f"block of {len(payload)} bytes, expected {expected_bytes} "
                                f"({points} points x {len(setup.channels)} channels)",
                                instrument=self.name)
        volts = codes_to_volts(payload, len(setup.channels), setup.range_v, instrument=self.name)
        return Waveform(channels=setup.channels, units=("V",) * len(setup.channels),
                        sample_rate_hz=setup.sample_rate_hz, data=volts, first_sample=first_sample)


def _check_points(n_points: int, n_channels: int, what: str) -> int:
    try:
        points = operator.index(n_points)
    except TypeError as exc:
        raise SettingOutOfRange(f"{what} of {n_points!r} points: give a whole number") from exc
    most = BUFFER_SAMPLES // n_channels
    if not 1 <= points <= most:
        raise SettingOutOfRange(f"{what} of {points} points is outside 1..{most} "
                                f"for {n_channels} channels")
    return points
