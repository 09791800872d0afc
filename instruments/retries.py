"""Retries of transient instrument faults, as the drivers report them to whoever runs the station.

A driver that meets a garbled or missing reply to an idempotent query, or
cannot confirm a setting at the first attempt, reports a ``Retry``,
resynchronises and tries once more (a second failure is raised). The station gathers them in a ``RetryLog``; the
runner drains it after each step into the run's record, so a retry is never
silent and a unit that needed one can be told from one that did not.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Retry:
    """One transient fault met, after which the query was asked or the setting checked again."""

    instrument: str  # the role, e.g. "thermometer"
    command: str  # the query retried, or the setting re-checked
    reason: str  # what went wrong the first time

    def describe(self) -> str:
        """Return one line for the run's record."""
        return f"{self.instrument}: retried {self.command!r} after: {self.reason}"


RetryObserver = Callable[[Retry], None]


class RetryLog:
    """Retries reported by a station's drivers since the log was last drained; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._retries: list[Retry] = []

    def add(self, retry: Retry) -> None:
        with self._lock:
            self._retries.append(retry)

    def drain(self) -> list[Retry]:
        """Return the retries reported so far and forget them."""
        with self._lock:
            taken, self._retries = self._retries, []
        return taken
