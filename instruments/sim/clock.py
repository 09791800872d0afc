"""Simulated time: wall-clock time since start, multiplied by the time scale."""

from __future__ import annotations

import time


class SimClock:
    """A clock that runs ``time_scale`` simulated seconds per wall-clock second."""

    def __init__(self, time_scale: float = 1.0) -> None:
        if not time_scale > 0:
            raise ValueError(f"time_scale must be positive, got {time_scale!r}")
        self.time_scale = float(time_scale)
        self._wall_start_s = time.perf_counter()

    def now_s(self) -> float:
        """Return simulated seconds since the clock started."""
        return (time.perf_counter() - self._wall_start_s) * self.time_scale

    def wall_s(self, simulated_s: float) -> float:
        """Return how many wall-clock seconds a span of simulated time takes."""
        return max(0.0, simulated_s) / self.time_scale

    def sleep(self, simulated_s: float) -> None:
        """Block the calling thread for a span of simulated time."""
        time.sleep(self.wall_s(simulated_s))
