"""One DAQ acquisition: samples produced as simulated time passes, buffered as int16 codes."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

import numpy as np

BUFFER_SAMPLES = 8 * 1024 * 1024  # across all channels
CHUNK_POINTS = 65536  # synthesis works in chunks of at most this many points
CODE_STEP = 4  # 14-bit converter: int16 codes move in steps of 4

# volts at channels 101..104, shape (n, 4), for sample instants in simulated seconds
Source = Callable[[np.ndarray], np.ndarray]


def ramp_codes(first_sample: int, count: int, channels: int) -> np.ndarray:
    """Return the sample-counter test pattern: on every channel, sample k reads k wrapped to int16."""
    k = np.arange(first_sample, first_sample + count, dtype=np.int64)
    codes = ((k + 32768) % 65536 - 32768).astype(np.int16)
    return np.repeat(codes[:, None], channels, axis=1)


def to_codes(volts: np.ndarray, ranges_v: np.ndarray) -> np.ndarray:
    """Convert volts to int16 codes (volts x 32768 / range), clipped, at 14-bit resolution."""
    codes = np.round(volts * (32768.0 / CODE_STEP) / ranges_v) * CODE_STEP
    return np.clip(codes, -32768, 32767).astype(np.int16)


class Acquisition:
    """Samples of the enabled channels at ``rate_hz`` from simulated time ``t0_s`` on."""

    def __init__(self, t0_s: float, rate_hz: float, columns: list[int], ranges_v: list[float],
                 target_points: int | None, ramp: bool) -> None:
        self.t0_s = t0_s
        self.rate_hz = rate_hz
        self.columns = columns  # indices 0..3 of channels 101..104
        self.ranges_v = np.asarray(ranges_v, dtype=float)
        self.target_points = target_points  # None: continuous
        self.capacity_points = BUFFER_SAMPLES // len(columns)
        self.ramp = ramp
        self.produced = 0  # points per channel since t0
        self.consumed = 0
        self.running = True
        self.overrun = False
        self._chunks: deque[np.ndarray] = deque()

    @property
    def buffered(self) -> int:
        return self.produced - self.consumed

    @property
    def complete(self) -> bool:
        return self.target_points is not None and self.produced >= self.target_points

    def produce(self, now_s: float, source: Source) -> None:
        """Produce every sample due by ``now_s``; overflow stops the acquisition."""
        if not self.running:
            return
        due = math.floor((now_s - self.t0_s) * self.rate_hz) + 1
        if self.target_points is not None:
            due = min(due, self.target_points)
        if self.target_points is None and due - self.consumed > self.capacity_points:
            self.mark_overrun()
            return
        while self.produced < due:
            count = min(due - self.produced, CHUNK_POINTS)
            self._chunks.append(self._synthesise(self.produced, count, source))
            self.produced += count
        if self.complete:
            self.running = False

    def mark_overrun(self) -> None:
        """Stop because samples were lost."""
        self.overrun = True
        self.running = False

    def _synthesise(self, first: int, count: int, source: Source) -> np.ndarray:
        if self.ramp:
            return ramp_codes(first, count, len(self.columns))
        t_s = self.t0_s + np.arange(first, first + count) / self.rate_hz
        volts = source(t_s)[:, self.columns]
        return to_codes(volts, self.ranges_v)

    def take(self, points: int) -> np.ndarray:
        """Remove and return the oldest ``points`` samples, shape (points, channels)."""
        parts, needed = [], points
        while needed > 0:
            chunk = self._chunks[0]
            if len(chunk) <= needed:
                parts.append(self._chunks.popleft())
                needed -= len(chunk)
            else:
                parts.append(chunk[:needed])
                self._chunks[0] = chunk[needed:]
                needed = 0
        self.consumed += points
        return np.concatenate(parts) if len(parts) > 1 else parts[0]

    def peek_all(self) -> np.ndarray:
        """Return every buffered sample without removing them."""
        if not self._chunks:
            return np.zeros((0, len(self.columns)), dtype=np.int16)
        return np.concatenate(list(self._chunks))


def block(codes: np.ndarray) -> bytes:
    """Encode samples as an IEEE 488.2 definite-length block of little-endian int16, then newline."""
    payload = np.ascontiguousarray(codes, dtype="<i2").tobytes()
    size = str(len(payload))
    return b"#" + str(len(size)).encode() + size.encode() + payload + b"\n"
