"""The station app's window: sign-in, then the work screen; runs go to a worker thread.

The work screen keeps the chooser (product, batch, serial, Start) on top and
shows one of four things below it: the run (steps and plots), the operator
prompts before a run, the full-width verdict after it, or a serial's
history. Any scan, accepted or refused, takes the last verdict down first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui import texts
from gui.engineer.area import EngineeringArea
from gui.gui_thread_gc import GuiThreadCollector
from gui.history_view import History, HistoryView
from gui.i18n import Languages
from gui.pin_confirm import confirm_with_pin
from gui.prompt_panel import PromptPanel
from gui.run_view import RunView
from gui.sign_in import Accounts, SignInPage
from gui.sounds import VerdictSound
from gui.station_panel import StationPanel
from gui.station_settings import StationSettings
from gui.users_admin import UsersAdmin
from gui.verdict_screen import VerdictScreen
from gui.work_chooser import WorkChooser
from gui.worker import WorkerThread
from rig.engineering import Engineering, may_use_engineering
from rig.model import RunRequest
from rig.station_session import RunOutcome, StationSession
from rig.users import User

VERDICT_HOLD_MS = 5_000  # without acknowledgement, the full-width verdict gives way after this


class MainWindow(QMainWindow):
    """Bind a StationSession to the screen; every decision stays in the session."""

    run_requested = Signal(object)  # RunRequest, delivered to the worker's thread

    def __init__(self, session: StationSession, accounts: Accounts,
                 engineering: Engineering | None = None, *, settings: StationSettings | None = None,
                 sound: VerdictSound | None = None, history: History | None = None,
                 languages: Languages | None = None) -> None:
        super().__init__()
        # Garbage of Qt objects is freed here, not by the worker; the full sweep waits for the end of a run.
        self.collector = GuiThreadCollector(self, busy=lambda: self.running)
        self.session = session
        self.settings = settings or StationSettings()
        self.sound = sound if sound is not None else VerdictSound(self.settings.sound)
        self.languages = languages or Languages()
        self.user: User | None = None
        self.running = False
        self.pending: RunRequest | None = None  # accepted, waiting for its prompts
        self.sign_in = SignInPage(accounts, session.station.name, language=self.settings.language)
        self.chooser = WorkChooser(list(session.products.values()), session.check_serial)
        self.station_panel = StationPanel(session.instrument_status, session.reconnect)
        self.run_view = RunView(side_panel=self.station_panel)
        self.prompts = PromptPanel(lid_closed=session.lid_closed)
        self.verdict = VerdictScreen()
        self.history = HistoryView(history or (lambda serial: []))
        self.users_admin = (UsersAdmin(accounts, confirm=lambda user, what, meaning: confirm_with_pin(
            accounts, user, what, meaning, self)) if hasattr(accounts, "users") else None)
        self.operator_label = QLabel()
        self.shift_label = QLabel(styleSheet="font-size: 13pt;")
        self.sign_out_button = QPushButton()
        self.history_button = QPushButton()
        self.users_button = QPushButton()
        self.engineering_button = QPushButton()
        self.engineering_button.setVisible(False)
        self.users_button.setVisible(False)
        self.engineering = (EngineeringArea(engineering, confirm=lambda user, what, meaning: confirm_with_pin(
            accounts, user, what, meaning, self)) if engineering is not None else None)
        self.work_area = QStackedWidget()
        for widget in (self.run_view, self.prompts, self.verdict, self.history):
            self.work_area.addWidget(widget)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.sign_in)
        self.pages.addWidget(self._work_page())
        for area in (self.engineering, self.users_admin):
            if area is not None:
                self.pages.addWidget(area)
        self.setCentralWidget(self.pages)
        self.worker = WorkerThread(session)
        self._hold = QTimer(self, singleShot=True, interval=VERDICT_HOLD_MS, timeout=self.acknowledge)
        self._wire()
        self._lay_out_plots(self.chooser.product.currentData())
        self.retranslate()

    def _work_page(self) -> QWidget:
        top = QHBoxLayout()
        for widget in (self.operator_label, self.sign_out_button, self.history_button, self.users_button,
                       self.engineering_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.shift_label)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.chooser)
        layout.addWidget(self.work_area, 1)
        return page

    def _wire(self) -> None:
        self.sign_in.signed_in.connect(self.signed_in)
        self.sign_in.language_chosen.connect(self.set_language)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.chooser.scanned.connect(self.take_verdict_down)
        self.chooser.refused.connect(self.run_view.show_refused)
        self.chooser.acknowledge_requested.connect(self.acknowledge)
        self.chooser.start_requested.connect(self.prepare_run)
        self.chooser.product_chosen.connect(self._lay_out_plots)
        self.prompts.all_confirmed.connect(self._prompts_done)
        self.prompts.cancelled.connect(self.cancel_prompts)
        self.verdict.acknowledged.connect(self.acknowledge)
        self.history_button.clicked.connect(self.open_history)
        self.history.back_requested.connect(self.acknowledge)
        self.users_button.clicked.connect(self.open_users)
        self.run_view.abort_requested.connect(self.abort_run)
        self.run_requested.connect(self.worker.worker.run)
        self.worker.bridge.connect_to(self.run_view.ingest)
        self.worker.worker.finished.connect(self.run_finished)
        self.worker.worker.crashed.connect(self.run_crashed)
        self.station_panel.changed.connect(self._station_changed)
        self.engineering_button.clicked.connect(self.open_engineering)
        if self.engineering is not None:
            self.engineering.back_requested.connect(lambda: self.pages.setCurrentIndex(1))
        if self.users_admin is not None:
            self.users_admin.back_requested.connect(lambda: self.pages.setCurrentIndex(1))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.escape)

    # -- language ---------------------------------------------------------------

    def set_language(self, language: str) -> None:
        """Switch every screen to a language (en, de)."""
        self.languages.switch(language)
        self.prompts.language = language
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Massager test station · %1").replace("%1", self.session.station.name))
        self.sign_out_button.setText(self.tr("Sign out"))
        self.history_button.setText(self.tr("History"))
        self.users_button.setText(self.tr("Users"))
        self.engineering_button.setText(self.tr("Engineering"))
        self.shift_label.setText(texts.shift_line(self.session.shift.figures()))
        if self.user is not None:
            self._show_operator()
        for widget in (self.sign_in, self.chooser, self.run_view, self.station_panel, self.prompts,
                       self.verdict, self.history, self.users_admin):
            if widget is not None:
                widget.retranslate()

    def _show_operator(self) -> None:
        self.operator_label.setText(self.tr("Operator: <b>%1</b> (%2)").replace("%1", self.user.name)
                                    .replace("%2", texts.role_name(self.user.role)))

    # -- signing in and out ---------------------------------------------------

    def signed_in(self, user: User) -> None:
        self.user = user
        self.chooser.operator = user.user_id
        self._show_operator()
        self.pages.setCurrentIndex(1)
        self.chooser.set_running(False)
        self.engineering_button.setVisible(self._may_open_engineering())
        self.users_button.setVisible(self.users_admin is not None and user.can_manage_users)

    def _may_open_engineering(self) -> bool:
        return self.engineering is not None and may_use_engineering(self.user)

    def open_engineering(self) -> None:
        """Show the Engineering area to engineers and administrators; nobody else gets there."""
        if not self._may_open_engineering() or self.running:
            return
        self.engineering.set_user(self.user)
        self.engineering.refresh()
        self.pages.setCurrentWidget(self.engineering)

    def open_users(self) -> None:
        """Show user administration to administrators only."""
        if self.users_admin is None or self.user is None or not self.user.can_manage_users or self.running:
            return
        self.users_admin.set_user(self.user)
        self.pages.setCurrentWidget(self.users_admin)

    def open_history(self) -> None:
        """Show the history of the serial in the field (or an empty search)."""
        if self.running or self.pending is not None:
            return
        self.take_verdict_down()
        self.work_area.setCurrentWidget(self.history)
        self.history.show_serial(self.chooser.serial.text())
        self.history.serial.setFocus()

    def sign_out(self) -> None:
        if self.running:
            return
        self.cancel_prompts()
        self.take_verdict_down()
        self.user = None
        self.engineering_button.setVisible(False)
        self.users_button.setVisible(False)
        if self.engineering is not None:
            self.engineering.set_user(None)
        if self.users_admin is not None:
            self.users_admin.set_user(None)
        self.pages.setCurrentIndex(0)
        self.sign_in.reset()

    # -- a run ----------------------------------------------------------------

    def take_verdict_down(self) -> None:
        """Clear the last verdict from the screen (a new scan, a refusal, an acknowledgement)."""
        self._hold.stop()
        self.chooser.awaiting_acknowledgement = False
        if self.work_area.currentWidget() is not self.run_view:
            self.work_area.setCurrentWidget(self.run_view)
        self.run_view.ready()

    def acknowledge(self) -> None:
        """The operator has seen the verdict: back to the scan field."""
        self.take_verdict_down()
        self.chooser.serial.setFocus()

    def prepare_run(self, request: RunRequest) -> None:
        """Show the spec's prompts for an accepted unit, then start it."""
        if self.running or self.pending is not None:
            return
        rules = self.session.products.get(request.product)
        self._set_up_plots(rules)
        prompts = rules.prompts if rules is not None else ()
        if not prompts:
            self.start_run(request)
            return
        self.pending = request
        self.chooser.set_running(True)
        source = getattr(rules.spec, "source", "")
        self.prompts.base_dir = Path(source).parent if source else Path(".")
        self.prompts.start(request.serial, prompts)
        self.work_area.setCurrentWidget(self.prompts)
        self.run_view.plots.paint_ahead()

    def _lay_out_plots(self, rules) -> None:
        """Lay the plots out for a product: when it is chosen, not as its run starts.

        Re-laying them as a run starts would resize and repaint every plot at
        once, a stall of the window (decision 0038).
        """
        plots = self.run_view.plots
        plots.set_temperature_limit(rules.max_temperature_c if rules else None)
        plots.set_head_count(getattr(rules.spec, "heads", None) if rules else None)

    def _set_up_plots(self, rules) -> None:
        """Lay the plots out for the unit's product and clear them, while its prompts cover them."""
        self._lay_out_plots(rules)
        self.run_view.plots.clear()

    def _prompts_done(self) -> None:
        request, self.pending = self.pending, None
        if request is not None:
            self.start_run(request)

    def cancel_prompts(self) -> None:
        """Drop the unit waiting for its prompts; back to the scan field."""
        if self.pending is None:
            return
        self.pending = None
        self.prompts.stop()
        self.work_area.setCurrentWidget(self.run_view)
        self.chooser.set_running(False)

    def escape(self) -> None:
        """Esc: abort the run under way, or cancel the prompts, or take the verdict down."""
        if self.running:
            self.abort_run()
        elif self.pending is not None:
            self.cancel_prompts()
        elif self.work_area.currentWidget() is not self.run_view:
            self.acknowledge()

    def start_run(self, request: RunRequest) -> None:
        if self.running:
            return
        self.running = True
        self.chooser.set_running(True)
        self.station_panel.set_running(True)
        for button in (self.sign_out_button, self.engineering_button, self.history_button, self.users_button):
            button.setEnabled(False)
        # Set up while the prompts may still cover the run screen: its progress bar repaints at
        # once, and would repaint every plot with it.
        self.run_view.run_starting(request.serial)
        self.work_area.setCurrentWidget(self.run_view)
        self.worker.worker.arm()
        # The run screen paints now, then the worker starts: a run analysing while the plots
        # repaint would double that paint's time (decision 0038). The plots' scenes first hand
        # over the changes queued while the prompts covered them, or each plot paints twice.
        QApplication.sendPostedEvents()
        self.work_area.repaint()
        self.run_requested.emit(request)

    def abort_run(self) -> None:
        self.worker.worker.abort()
        self.run_view.abort_pending()

    def run_finished(self, outcome: RunOutcome) -> None:
        self.run_view.show_outcome(outcome)
        self.shift_label.setText(texts.shift_line(outcome.shift))
        self._ready_for_next()
        self.verdict.show_verdict(outcome.summary, texts.next_step(outcome.disposition, outcome.summary.serial))
        self._show_verdict()
        self.sound.play(outcome.summary.verdict)

    def run_crashed(self, message: str) -> None:
        self.run_view.show_crash(message)
        self._ready_for_next()
        self.verdict.show_crash(message)
        self._show_verdict()
        self.sound.play(self.verdict.verdict)

    def _show_verdict(self) -> None:
        self.work_area.setCurrentWidget(self.verdict)
        self.chooser.awaiting_acknowledgement = True
        if not self.settings.acknowledge:
            self._hold.start()

    def _ready_for_next(self) -> None:
        self.running = False
        self.station_panel.refresh()
        self.station_panel.set_running(False)
        for button in (self.sign_out_button, self.engineering_button, self.history_button, self.users_button):
            button.setEnabled(True)
        self.chooser.set_running(False)

    def _station_changed(self) -> None:
        self.chooser.message.clear()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        # Esc that no child took (the shortcut covers focus anywhere in a shown window).
        if event.key() == Qt.Key.Key_Escape:
            self.escape()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # Abort first so the runner switches the supply off before the thread ends.
        self.worker.shut_down()
        self.collector.stop()
        super().closeEvent(event)
