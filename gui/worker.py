"""The run worker and the event bridge: how runner events cross into the GUI thread.

The session's ``run`` executes on a worker ``QThread``. The runner calls its
observers on that thread; ``EventBridge`` is such an observer and re-emits
each event as a Qt signal, which Qt queues to the GUI thread because the
receivers live there. Widgets therefore only ever see events on the GUI
thread, and Abort only sets a ``threading.Event`` the runner polls.
"""

from __future__ import annotations

import threading
import traceback

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from rig.events import Event
from rig.model import RunRequest
from rig.station_session import StationSession


class EventBridge(QObject):
    """An observer that re-emits runner events as a queued Qt signal."""

    event_arrived = Signal(object)

    def __call__(self, event: Event) -> None:
        self.event_arrived.emit(event)

    def connect_to(self, slot) -> None:
        """Deliver events to a GUI-thread slot, always through the event queue."""
        self.event_arrived.connect(slot, Qt.ConnectionType.QueuedConnection)


class RunWorker(QObject):
    """Run one unit at a time through the session, on the thread it was moved to."""

    finished = Signal(object)  # RunOutcome
    crashed = Signal(str)  # the run raised: what to tell the technician

    def __init__(self, session: StationSession, bridge: EventBridge) -> None:
        super().__init__()
        self._session = session
        self._bridge = bridge
        self._stop = threading.Event()

    def abort(self) -> None:
        """Ask the running unit to stop; safe to call from any thread."""
        self._stop.set()

    def arm(self) -> None:
        """Clear an earlier Abort before a run is requested (on the requesting thread).

        Clearing it when the worker starts the run would lose an Abort pressed
        between the request and the start.
        """
        self._stop.clear()

    @Slot(object)
    def run(self, request: RunRequest) -> None:
        try:
            outcome = self._session.run(request, observers=[self._bridge], stop=self._stop)
        except Exception as exc:  # noqa: BLE001 - the screen must say what happened, not die
            traceback.print_exc()
            self.crashed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(outcome)


class WorkerThread:
    """Own a QThread carrying a RunWorker; start and stop it cleanly."""

    def __init__(self, session: StationSession) -> None:
        self.bridge = EventBridge()
        self.worker = RunWorker(session, self.bridge)
        self.thread = QThread()
        self.thread.setObjectName("run-worker")
        self.worker.moveToThread(self.thread)
        self.thread.start()

    def shut_down(self, timeout_ms: int = 30_000) -> bool:
        """Abort any run, end the thread and wait for it; return True when it ended."""
        self.worker.abort()
        self.thread.quit()
        return self.thread.wait(timeout_ms)
