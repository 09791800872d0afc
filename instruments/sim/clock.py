"""The simulated bench's time: virtual for a station run in-process, the wall clock standalone.

``VirtualClock`` is what a station started with its bench uses: instrument
time passes only when somebody waits on the clock (a step's settle time, a
driver polling a capture, the counter's gate, the scanner's scan) and by a
fixed cost per command served, the round trip of a LAN instrument. A machine
under load makes a run take longer on the wall clock; it never changes what
the unit does between two commands. ``SimWallClock`` serves a bench
standalone (``rig sim``) to a rig with a clock of its own: instrument time is
the wall clock times the time scale. See docs/decisions/0015-virtual-time.md.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from instruments.clock import WallClock

COMMAND_S = 0.0005  # instrument time one command costs: a LAN round trip and the parse
_NS_PER_S = 1_000_000_000
SLICE_WALL_S = 0.01


class SimWallClock(WallClock):
    """Wall-clock time times the time scale, for a bench served standalone."""

    def charge(self, duration_s: float) -> None:
        """Do nothing: on the wall clock a command's time passes by itself."""

    def on_advance(self, listener: Callable[[], None]) -> None:
        """Do nothing: the bench's ticker follows the wall clock."""


class VirtualClock:
    """Instrument time that moves only when waited on or charged; paced at most ``time_scale`` x."""

    def __init__(self, time_scale: float = 1.0) -> None:
        if not time_scale > 0 or time_scale == float("inf"):
            raise ValueError(f"time_scale must be positive and finite, got {time_scale!r}")
        self.time_scale = float(time_scale)
        # Whole nanoseconds: every wait moves time on by at least one, where a float sum
        # would swallow a tiny remainder and leave a waiting loop spinning at the same instant.
        self._now_ns = 0
        # A wait moves time on in slices of about 10 ms of wall time (at least 10 ms of its own).
        self._slice_ns = _whole_ns(SLICE_WALL_S * max(1.0, self.time_scale))
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []
        self._never = threading.Event()

    def now_s(self) -> float:
        return self._now_ns / _NS_PER_S

    def charge(self, duration_s: float) -> None:
        """Let ``duration_s`` pass at once: the cost of a command."""
        with self._lock:
            self._now_ns += _whole_ns(duration_s)

    def on_advance(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` on the waiting thread after each wait, so the model catches up there."""
        self._listeners.append(listener)

    def sleep(self, duration_s: float) -> None:
        self.wait(self._never, duration_s)

    def wait(self, event: threading.Event, duration_s: float) -> bool:
        """Let ``duration_s`` pass in slices, the model catching up after each; True if woken.

        Each slice ends no earlier than its share of ``duration_s / time_scale`` on
        the wall clock, so the model's computing overlaps the pacing; a slice
        whose wall time has already gone by (a busy machine) follows at once.
        """
        if duration_s <= 0:
            return event.is_set()
        total_ns, done_ns = _whole_ns(duration_s), 0
        start_ns, wall_start_s = self._now_ns, time.perf_counter()
        while done_ns < total_ns:
            step_ns = min(self._slice_ns, total_ns - done_ns)
            due_wall_s = wall_start_s + (done_ns + step_ns) / _NS_PER_S / self.time_scale
            left_wall_s = due_wall_s - time.perf_counter()
            if (left_wall_s > 0 and event.wait(left_wall_s)) or event.is_set():
                # Cut short: only the time the waiter really waited has passed.
                waited_ns = _whole_ns((time.perf_counter() - wall_start_s) * self.time_scale)
                self._move_to(start_ns + min(total_ns, max(done_ns, waited_ns)))
                return True
            done_ns += step_ns
            self._move_to(start_ns + done_ns)
        return False

    def _move_to(self, instant_ns: int) -> None:
        with self._lock:
            self._now_ns = max(self._now_ns, instant_ns)
        # The model computes what the wait brought on the waiter's thread, before the next
        # command: a slow machine makes the wait longer, never a reply late.
        for listener in self._listeners:
            listener()


def _whole_ns(duration_s: float) -> int:
    """Return a positive span in whole nanoseconds, at least one."""
    return max(1, round(duration_s * _NS_PER_S)) if duration_s > 0 else 0
