"""Collect Python's garbage on the GUI thread only, while a window lives.

Python's cycle collector runs on whichever thread happens to allocate; when
it frees a Qt object (a pyqtgraph plot and its menus) on the run's worker
thread, Qt defers the deletion to the GUI thread, which can then wait on a
mutex the worker holds while the worker waits for the interpreter lock: the
window freezes. So automatic collection is off while the window is open and a
GUI-thread timer collects instead (pyqtgraph's own GarbageCollector does the
same); closing the window turns automatic collection back on.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Turn automatic collection off and collect on a GUI-thread timer until ``stop``."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self, interval=interval_ms, timeout=self.collect)
        self._timer.start()

    def collect(self) -> None:
        """Collect the youngest generation, and all of them now and then, as gc itself would."""
        gc.collect(0 if gc.get_count()[0] < 700 else 2)

    def stop(self) -> None:
        """Stop collecting here and give collection back to Python."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
