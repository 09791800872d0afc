"""A one-line progress bar on a terminal: current step, elapsed and time left.

An observer of runner events; it only writes to the stream it is given, so
the CLI puts it on stderr and keeps stdout for the result.
"""

from __future__ import annotations

import threading
import time
from typing import TextIO

from rig.events import Event, RecordSinkFailed, RunFinished, RunStarted, StepFinished, StepStarted

BAR_WIDTH = 24


def format_bar(fraction: float, step: str, index: int, n_steps: int, elapsed_s: float,
               left_s: float) -> str:
    """Return one line such as ``[#####-----]  42%  step 2/4 low  0:03 elapsed, 0:04 left``."""
    fraction = min(max(fraction, 0.0), 1.0)
    filled = int(round(fraction * BAR_WIDTH))
    return (f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {fraction * 100:3.0f}%  "
            f"step {index + 1}/{n_steps} {step}  {_clock(elapsed_s)} elapsed, {_clock(left_s)} left")


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


class ProgressBar:
    """Redraw the line on every event and, while a step runs, a few times a second."""

    def __init__(self, stream: TextIO, refresh_s: float = 0.25) -> None:
        self.stream = stream
        self.refresh_s = refresh_s
        self._lock = threading.Lock()
        self._started = 0.0
        self._expected_s = 0.0
        self._steps: tuple[str, ...] = ()
        self._step, self._index = "", 0
        self._done_expected_s = 0.0  # expected time of the steps already finished
        self._step_started = 0.0
        self._step_expected_s = 0.0
        self._ticker: threading.Thread | None = None
        self._finished = threading.Event()

    def __call__(self, event: Event) -> None:
        with self._lock:
            if isinstance(event, RunStarted):
                self._started = self._step_started = time.monotonic()
                self._expected_s, self._steps = event.expected_duration_s, event.steps
                self._start_ticker()
            elif isinstance(event, StepStarted):
                self._step, self._index = event.step, event.index
                self._step_started, self._step_expected_s = time.monotonic(), event.expected_duration_s
            elif isinstance(event, StepFinished):
                self._done_expected_s += self._step_expected_s
                self._step_expected_s = 0.0
            elif isinstance(event, RunFinished):
                self._finished.set()
                self.stream.write("\r\x1b[2K")
                self.stream.flush()
                return
            self._draw()

    def _start_ticker(self) -> None:
        self._finished.clear()
        self._ticker = threading.Thread(target=self._tick, name="progress", daemon=True)
        self._ticker.start()

    def _tick(self) -> None:
        while not self._finished.wait(self.refresh_s):
            with self._lock:
                if not self._finished.is_set():
                    self._draw()

    def _draw(self) -> None:
        now = time.monotonic()
        in_step_s = min(now - self._step_started, self._step_expected_s)
        done_s = self._done_expected_s + in_step_s
        fraction = done_s / self._expected_s if self._expected_s > 0 else 0.0
        line = format_bar(fraction, self._step or "starting", self._index, len(self._steps),
                          now - self._started, self._expected_s - done_s)
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()

    def close(self) -> None:
        """Stop redrawing (the run may have ended without RunFinished)."""
        self._finished.set()
        if self._ticker is not None:
            self._ticker.join(timeout=1.0)


class SinkWarnings:
    """Say on the stream when a finished record could not reach one of its sinks."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __call__(self, event: Event) -> None:
        if isinstance(event, RecordSinkFailed):
            print(f"rig: warning: the record did not reach the {event.sink} ({event.message}); "
                  "the record file is kept and `rig index rebuild` recovers the index",
                  file=self.stream, flush=True)

    def close(self) -> None:
        """Nothing to stop."""
