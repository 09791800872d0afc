"""The station app's window: sign-in, then the work screen; runs go to a worker thread."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.run_view import RunView
from gui.sign_in import Accounts, SignInPage
from gui.station_panel import StationPanel
from gui.work_chooser import WorkChooser
from gui.worker import WorkerThread
from rig.model import RunRequest
from rig.station_session import RunOutcome, StationSession
from rig.users import User


class MainWindow(QMainWindow):
    """Bind a StationSession to the screen; every decision stays in the session."""

    run_requested = Signal(object)  # RunRequest, delivered to the worker's thread

    def __init__(self, session: StationSession, accounts: Accounts) -> None:
        super().__init__()
        self.session = session
        self.user: User | None = None
        self.running = False
        self.setWindowTitle(f"Massager test station · {session.station.name}")
        self.sign_in = SignInPage(accounts, session.station.name)
        self.chooser = WorkChooser(list(session.products.values()), session.check_serial)
        self.station_panel = StationPanel(session.instrument_status, session.reconnect)
        self.run_view = RunView(side_panel=self.station_panel)
        self.operator_label = QLabel()
        self.shift_label = QLabel(session.shift.figures().describe())
        self.shift_label.setStyleSheet("font-size: 13pt;")
        self.sign_out_button = QPushButton("Sign out")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.sign_in)
        self.pages.addWidget(self._work_page())
        self.setCentralWidget(self.pages)
        self.worker = WorkerThread(session)
        self._wire()

    def _work_page(self) -> QWidget:
        top = QHBoxLayout()
        top.addWidget(self.operator_label)
        top.addWidget(self.sign_out_button)
        top.addStretch(1)
        top.addWidget(self.shift_label)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.chooser)
        layout.addWidget(self.run_view, 1)
        return page

    def _wire(self) -> None:
        self.sign_in.signed_in.connect(self.signed_in)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.chooser.start_requested.connect(self.start_run)
        self.run_view.abort_requested.connect(self.abort_run)
        self.run_requested.connect(self.worker.worker.run)
        self.worker.bridge.connect_to(self.run_view.ingest)
        self.worker.worker.finished.connect(self.run_finished)
        self.worker.worker.crashed.connect(self.run_crashed)
        self.station_panel.changed.connect(self._station_changed)

    def signed_in(self, user: User) -> None:
        self.user = user
        self.chooser.operator = user.user_id
        self.operator_label.setText(f"Operator: <b>{user.name}</b> ({user.role})")
        self.pages.setCurrentIndex(1)
        self.chooser.set_running(False)

    def sign_out(self) -> None:
        if self.running:
            return
        self.user = None
        self.pages.setCurrentIndex(0)
        self.sign_in.reset()

    def start_run(self, request: RunRequest) -> None:
        if self.running:
            return
        self.running = True
        self.chooser.set_running(True)
        self.station_panel.set_running(True)
        self.sign_out_button.setEnabled(False)
        self.run_view.run_starting(request.serial)
        self.run_requested.emit(request)

    def abort_run(self) -> None:
        self.worker.worker.abort()
        self.run_view.abort_pending()

    def run_finished(self, outcome: RunOutcome) -> None:
        self.run_view.show_outcome(outcome)
        self.shift_label.setText(outcome.shift.describe())
        self._ready_for_next()

    def run_crashed(self, message: str) -> None:
        self.run_view.show_crash(message)
        self._ready_for_next()

    def _ready_for_next(self) -> None:
        self.running = False
        self.station_panel.refresh()
        self.station_panel.set_running(False)
        self.sign_out_button.setEnabled(True)
        self.chooser.set_running(False)

    def _station_changed(self) -> None:
        self.chooser.message.clear()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # Abort first so the runner switches the supply off before the thread ends.
        self.worker.shut_down()
        super().closeEvent(event)
