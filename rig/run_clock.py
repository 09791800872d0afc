"""Run time: instrument seconds since the run started, on the station's clock."""

from __future__ import annotations

import threading

from instruments.clock import Clock


class RunClock:
    """Instrument seconds since the run started; waits go through the station's clock."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.time_scale = clock.time_scale
        self._started_s = clock.now_s()

    def now_s(self) -> float:
        return self.clock.now_s() - self._started_s

    def wait(self, stop: threading.Event, duration_s: float) -> bool:
        """Let ``duration_s`` instrument seconds pass, or less if ``stop`` is set; return whether it was."""
        return self.clock.wait(stop, duration_s)
