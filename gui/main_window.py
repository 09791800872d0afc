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

from gui.engineer.area import EngineeringArea
from gui.run_view import RunView
from gui.sign_in import Accounts, SignInPage
from gui.station_panel import StationPanel
from gui.work_chooser import WorkChooser
from gui.worker import WorkerThread
from rig.engineering import Engineering, may_use_engineering
from rig.model import RunRequest
from rig.station_session import RunOutcome, StationSession
from rig.users import User


class MainWindow(QMainWindow):
    """Bind a StationSession to the screen; every decision stays in the session."""

    run_requested = Signal(object)  # RunRequest, delivered to the worker's thread

    def __init__(self, session: StationSession, accounts: Accounts,
                 engineering: Engineering | None = None) -> None:
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
        self.engineering_button = QPushButton("Engineering")
        self.engineering_button.setVisible(False)
        self.engineering = EngineeringArea(engineering) if engineering is not None else None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.sign_in)
        self.pages.addWidget(self._work_page())
        if self.engineering is not None:
            self.pages.addWidget(self.engineering)
        self.setCentralWidget(self.pages)
        self.worker = WorkerThread(session)
        self._wire()

    def _work_page(self) -> QWidget:
        top = QHBoxLayout()
        top.addWidget(self.operator_label)
        top.addWidget(self.sign_out_button)
        top.addWidget(self.engineering_button)
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
        self.engineering_button.clicked.connect(self.open_engineering)
        if self.engineering is not None:
            self.engineering.back_requested.connect(lambda: self.pages.setCurrentIndex(1))

    def signed_in(self, user: User) -> None:
        self.user = user
        self.chooser.operator = user.user_id
        self.operator_label.setText(f"Operator: <b>{user.name}</b> ({user.role})")
        self.pages.setCurrentIndex(1)
        self.chooser.set_running(False)
        self.engineering_button.setVisible(self._may_open_engineering())

    def _may_open_engineering(self) -> bool:
        return self.engineering is not None and may_use_engineering(self.user)

    def open_engineering(self) -> None:
        """Show the Engineering area to engineers and administrators; nobody else gets there."""
        if not self._may_open_engineering() or self.running:
            return
        self.engineering.set_user(self.user)
        self.engineering.refresh()
        self.pages.setCurrentWidget(self.engineering)

    def sign_out(self) -> None:
        if self.running:
            return
        self.user = None
        self.engineering_button.setVisible(False)
        if self.engineering is not None:
            self.engineering.set_user(None)
        self.pages.setCurrentIndex(0)
        self.sign_in.reset()

    def start_run(self, request: RunRequest) -> None:
        if self.running:
            return
        self.running = True
        self.chooser.set_running(True)
        self.station_panel.set_running(True)
        self.sign_out_button.setEnabled(False)
        self.engineering_button.setEnabled(False)
        self.run_view.run_starting(request.serial)
        rules = self.session.products.get(request.product)
        self.run_view.plots.set_temperature_limit(rules.max_temperature_c if rules else None)
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
        self.engineering_button.setEnabled(True)
        self.chooser.set_running(False)

    def _station_changed(self) -> None:
        self.chooser.message.clear()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # Abort first so the runner switches the supply off before the thread ends.
        self.worker.shut_down()
        super().closeEvent(event)
