"""The run screen: banner, instruction, progress with Abort, step list, and live plots."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui import texts
from gui.banner import VerdictBanner
from gui.plots import LivePlots
from gui.step_list import StepList
from rig.events import Event, RunStarted, StepStarted
from rig.station_session import RunOutcome

PROGRESS_INTERVAL_MS = 200
LEFT_MIN_WIDTH_PX = 600  # banner, steps and station panel readable without scrolling sideways


class RunView(QWidget):
    """Everything the technician watches during and after a run."""

    abort_requested = Signal()

    def __init__(self, side_panel: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = VerdictBanner()
        self.instruction = QLabel(wordWrap=True)
        self.instruction.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.progress = QProgressBar(maximum=1000, textVisible=False)
        self.time_left = QLabel("")
        self.step_label = QLabel("")
        self.abort_button = QPushButton()
        self.abort_button.setStyleSheet("QPushButton { background: #c62828; color: white; "
                                        "font-size: 16pt; font-weight: bold; padding: 8px 24px; }"
                                        "QPushButton:disabled { background: #bdbdbd; }")
        self.abort_button.setEnabled(False)
        self.abort_button.clicked.connect(self.abort_requested)
        self.steps = StepList()
        self.plots = LivePlots()
        self._build(side_panel)
        self._started_at: float | None = None
        self._outcome: RunOutcome | None = None  # the verdict on screen, to say again in a new language
        self._expected_s = 0.0
        self._clock = QTimer(self)
        self._clock.setInterval(PROGRESS_INTERVAL_MS)
        self._clock.timeout.connect(self._tick)
        self.retranslate()

    def retranslate(self) -> None:
        self.abort_button.setText(self.tr("ABORT (Esc)"))
        self.steps.retranslate()
        self.plots.retranslate()
        if self._started_at is None and not self.abort_button.isEnabled() and self._outcome is None:
            self.banner.show_idle(self.tr("Ready"))
        elif self._outcome is not None:
            self.show_outcome(self._outcome)

    def _build(self, side_panel: QWidget | None) -> None:
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.time_left)
        progress_row.addWidget(self.abort_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.banner)
        left_layout.addWidget(self.instruction)
        left_layout.addLayout(progress_row)
        left_layout.addWidget(self.step_label)
        left_layout.addWidget(self.steps, 1)
        if side_panel is not None:
            left_layout.addWidget(side_panel)
        left.setMinimumWidth(LEFT_MIN_WIDTH_PX)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.plots)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([LEFT_MIN_WIDTH_PX, 3 * LEFT_MIN_WIDTH_PX])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def ingest(self, event: Event) -> None:
        """Route one runner event to the parts that show it."""
        self.steps.ingest(event)
        self.plots.ingest(event)
        if isinstance(event, RunStarted):
            self._started_at = time.monotonic()
            self._expected_s = max(event.expected_duration_s, 0.1)
            self.banner.show_idle(self.tr("TESTING"), f"{event.request.serial} · {event.request.sequence}")
        elif isinstance(event, StepStarted):
            self.step_label.setText(self.tr("Step %1: %2").replace("%1", str(event.index + 1))
                                    .replace("%2", event.step))

    def run_starting(self, serial: str) -> None:
        """Clear the last verdict and arm Abort before the first event arrives."""
        self._outcome = None
        self.banner.show_idle(self.tr("TESTING"), serial)
        self.instruction.clear()
        self.progress.setValue(0)
        self.abort_button.setEnabled(True)
        self._started_at = None
        self._clock.start()

    def _tick(self) -> None:
        if self._started_at is None:
            return
        elapsed_s = time.monotonic() - self._started_at
        fraction = min(elapsed_s / self._expected_s, 0.99)
        self.progress.setValue(int(1000 * fraction))
        self.time_left.setText(self.tr("%1 s left").replace("%1", f"{max(self._expected_s - elapsed_s, 0):.0f}"))

    def abort_pending(self) -> None:
        self.abort_button.setEnabled(False)
        self.banner.show_idle(self.tr("STOPPING"), self.tr("switching the supply off"))

    def ready(self) -> None:
        """Take the last verdict down: the banner says Ready, the unit's instruction goes."""
        if self._started_at is not None or self.abort_button.isEnabled():
            return  # a run is under way: its banner stays
        self._outcome = None
        self.banner.show_idle(self.tr("Ready"))
        self.instruction.clear()

    def show_refused(self, message: str) -> None:
        """Show a refused scan in place of any verdict."""
        self._outcome = None
        self.banner.show_refused(message)
        self.instruction.clear()

    def run_ended(self) -> None:
        self._clock.stop()
        self._started_at = None
        self.abort_button.setEnabled(False)
        self.time_left.setText("")
        self.step_label.setText("")

    def show_outcome(self, outcome: RunOutcome) -> None:
        """Show the verdict banner and the instruction for the unit."""
        self.run_ended()
        self._outcome = outcome
        self.progress.setValue(1000)
        self.banner.show_summary(outcome.summary)
        self.instruction.setText(texts.next_step(outcome.disposition, outcome.summary.serial))

    def show_crash(self, message: str) -> None:
        self.run_ended()
        self.banner.show_crash(message)
        self.instruction.setText(self.tr("Check the station, then test the unit again."))
