"""Collect Python's garbage on the GUI thread only, while a window lives; the full sweep only between runs.

Python's cycle collector runs on whichever thread happens to allocate; when
it frees a Qt object (a pyqtgraph plot and its menus) on the run's worker
thread, Qt defers the deletion to the GUI thread, which can then wait on a
mutex the worker holds while the worker waits for the interpreter lock: the
window freezes. So automatic collection is off while the window is open and a
GUI-thread timer collects instead (pyqtgraph's own GarbageCollector does the
same); closing the window turns automatic collection back on.

A sweep of the oldest generation walks every object the process keeps (the
imported modules, the window, the station): 150-170 ms on the GUI thread, a
visible stall. So the objects alive when the window is made, which live as
long as it does, are frozen out of collection (``gc.freeze``), the young
generations are collected as Python would, and the oldest only while no run
is under way.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500
# Python's own thresholds: allocations before a young sweep, young sweeps before a middle one,
# middle sweeps before a full one.
YOUNG_ALLOCATIONS, MIDDLE_SWEEPS, FULL_SWEEPS = gc.get_threshold()


class GuiThreadCollector(QObject):
    """Turn automatic collection off and collect on a GUI-thread timer until ``stop``.

    ``busy`` says whether a run is under way; the full sweep waits until it is not.
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS,
                 busy: Callable[[], bool] = lambda: False) -> None:
        super().__init__(parent)
        self._busy = busy
        self._was_enabled = gc.isenabled()
        gc.disable()
        gc.collect()
        gc.freeze()  # what lives now (modules, the station) lives as long as the window
        self._timer = QTimer(self, interval=interval_ms, timeout=self.collect)
        self._timer.start()

    def collect(self) -> int:
        """Collect the generations Python would collect now (the oldest only when idle); return which."""
        young, middle, old = gc.get_count()
        generation = 2 if old >= FULL_SWEEPS and not self._busy() else 1 if middle >= MIDDLE_SWEEPS \
            else 0 if young >= YOUNG_ALLOCATIONS else -1
        if generation >= 0:
            gc.collect(generation)
        return generation

    def stop(self) -> None:
        """Stop collecting here and give collection back to Python."""
        self._timer.stop()
        gc.unfreeze()
        gc.collect()
        if self._was_enabled:
            gc.enable()
