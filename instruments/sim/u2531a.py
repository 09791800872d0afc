"""Keysight U2531A-style 4-channel simultaneous DAQ, as BENCH.md lists it."""

from __future__ import annotations

from instruments.sim.daq_acquisition import BUFFER_SAMPLES, Acquisition, Source, block
from instruments.sim.faults import FaultBoard
from instruments.sim.scpi import (
    ScpiError,
    ScpiInstrument,
    expect_args,
    parse_bool,
    parse_channels,
    parse_float,
    parse_in_range,
)
from instruments.sim.world import SimWorld

CHANNELS = range(101, 105)
RANGES_V = (10.0, 5.0, 2.5, 1.25)
MAX_AGGREGATE_RATE_HZ = 500_000
DEFAULT_RATE_HZ = 1000.0
DEFAULT_POINTS = 1000


class U2531A(ScpiInstrument):
    """Four simultaneous channels sampling what ``source`` says is on them."""

    def __init__(self, role: str, world: SimWorld, source: Source, faults: FaultBoard, serial: str) -> None:
        super().__init__()
        self.identity = f"Keysight Technologies,U2531A,{serial},2.10"
        self.role = role
        self.ramp = False  # test mode: every channel reads a sample counter
        self._world = world
        self._source = source
        self._faults = faults
        self._acquisition: Acquisition | None = None
        self.reset()
        self.command("ROUTe:ENABle", self._enable)
        self.command("ROUTe:ENABle?", lambda args: self._per_channel(args, lambda c: "1" if self._enabled[c] else "0"))
        self.command("ROUTe:CHANnel:RANGe", self._range)
        self.command("ROUTe:CHANnel:RANGe?", lambda args: self._per_channel(args, lambda c: f"{self._ranges_v[c]:g}"))
        self.command("ACQuire:SRATe", self._rate)
        self.command("ACQuire:SRATe?", lambda args: f"{self._rate_hz:g}")
        self.command("ACQuire:POINts", lambda args: self._points(args, "_acq_points"))
        self.command("ACQuire:POINts?", lambda args: str(self._acq_points))
        self.command("WAVeform:POINts", lambda args: self._points(args, "_wav_points"))
        self.command("WAVeform:POINts?", lambda args: str(self._wav_points))
        self.command("DIGitize", lambda args: self._start(self._acq_points))
        self.command("RUN", lambda args: self._start(None))
        self.command("STOP", self._stop)
        self.command("WAVeform:COMPlete?", lambda args: self._complete())
        self.command("WAVeform:STATus?", lambda args: self._status())
        self.command("WAVeform:DATA?", lambda args: self._data())

    def reset(self) -> None:
        self._enabled = {c: True for c in CHANNELS}
        self._ranges_v = {c: 10.0 for c in CHANNELS}
        self._rate_hz = DEFAULT_RATE_HZ
        self._acq_points = DEFAULT_POINTS
        self._wav_points = DEFAULT_POINTS
        self._acquisition = None

    def handle(self, line: str):
        with self.lock:
            self.tick()
            return super().handle(line)

    def tick(self) -> None:
        """Produce the samples simulated time has brought (called often by the bench)."""
        with self.lock:
            acq = self._acquisition
            if acq is None or not acq.running:
                return
            if self._faults.active(self.role, "daq_overrun"):
                acq.mark_overrun()
                return
            with self._world.lock:
                acq.produce(self._world.advance(), self._source)

    def _per_channel(self, args: list[str], form) -> str:
        (channels,) = expect_args(args, 1)
        return ",".join(form(c) for c in parse_channels(channels, CHANNELS))

    def _enable(self, args: list[str]) -> None:
        state, channels = expect_args(args, 2)
        on = parse_bool(state)
        for channel in parse_channels(channels, CHANNELS):
            self._enabled[channel] = on

    def _range(self, args: list[str]) -> None:
        value, channels = expect_args(args, 2)
        range_v = parse_float(value)
        if range_v not in RANGES_V:
            raise ScpiError(-222)
        for channel in parse_channels(channels, CHANNELS):
            self._ranges_v[channel] = range_v

    def _rate(self, args: list[str]) -> None:
        (value,) = expect_args(args, 1)
        enabled = max(1, sum(self._enabled.values()))
        self._rate_hz = parse_in_range(value, 1.0, MAX_AGGREGATE_RATE_HZ / enabled)

    def _points(self, args: list[str], name: str) -> None:
        (value,) = expect_args(args, 1)
        points = parse_in_range(value, 1, BUFFER_SAMPLES)
        if points != int(points):
            raise ScpiError(-222)
        setattr(self, name, int(points))

    def _start(self, target_points: int | None) -> None:
        channels = [c for c in CHANNELS if self._enabled[c]]
        if not channels or self._rate_hz * len(channels) > MAX_AGGREGATE_RATE_HZ:
            raise ScpiError(-221)
        if target_points is not None and target_points * len(channels) > BUFFER_SAMPLES:
            raise ScpiError(-221)
        with self._world.lock:
            self._acquisition = Acquisition(
                t0_s=self._world.advance(), rate_hz=self._rate_hz, columns=[c - CHANNELS[0] for c in channels],
                ranges_v=[self._ranges_v[c] for c in channels], target_points=target_points,
                ramp=self.ramp,
            )

    def _stop(self, args: list[str]) -> None:
        if self._acquisition is not None:
            self._acquisition.running = False

    def _complete(self) -> str:
        acq = self._acquisition
        return "YES" if acq is not None and acq.complete and not acq.overrun else "NO"

    def _status(self) -> str:
        acq = self._acquisition
        if acq is None:
            return "EPTY"
        if acq.overrun:
            return "OVER"
        wanted = acq.target_points if acq.target_points is not None else self._wav_points
        if acq.buffered >= wanted:
            return "DATA"
        return "FRAG" if acq.buffered > 0 else "EPTY"

    def _data(self) -> bytes:
        acq = self._acquisition
        if acq is None:
            raise ScpiError(-230)
        if acq.target_points is not None:
            if not acq.complete or acq.overrun:
                raise ScpiError(-230)
            return block(acq.peek_all())
        if acq.buffered < self._wav_points:
            raise ScpiError(-230)
        return block(acq.take(self._wav_points))
