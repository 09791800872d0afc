"""The station's clock: instrument seconds, and waits measured in them.

Everything that waits for the bench (a step's settle time, a driver polling a
capture, the safety watch's interval) waits through the station's clock, so a
simulated bench can run its own time. On hardware the clock is the wall clock.
See docs/decisions/0015-virtual-time.md.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """Instrument time as the bench lives it."""

    time_scale: float  # instrument seconds per wall-clock second, at most

    def now_s(self) -> float:
        """Return instrument seconds since the clock started."""

    def sleep(self, duration_s: float) -> None:
        """Let ``duration_s`` instrument seconds pass."""

    def wait(self, event: threading.Event, duration_s: float) -> bool:
        """Let up to ``duration_s`` pass, or less if ``event`` is set; return whether it was."""


class WallClock:
    """Real time, optionally sped up: ``time_scale`` instrument seconds per wall second."""

    def __init__(self, time_scale: float = 1.0) -> None:
        if not time_scale > 0:
            raise ValueError(f"time_scale must be positive, got {time_scale!r}")
        self.time_scale = float(time_scale)
        self._wall_start_s = time.perf_counter()

    def now_s(self) -> float:
        return (time.perf_counter() - self._wall_start_s) * self.time_scale

    def wall_s(self, duration_s: float) -> float:
        """Return the wall-clock seconds a span of instrument time takes."""
        return max(0.0, duration_s) / self.time_scale

    def sleep(self, duration_s: float) -> None:
        time.sleep(self.wall_s(duration_s))

    def wait(self, event: threading.Event, duration_s: float) -> bool:
        return event.wait(self.wall_s(duration_s))
