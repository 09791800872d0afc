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
        self.abort_button = QPushButton("ABORT")
        self.abort_button.setStyleSheet("QPushButton { background: #c62828; color: white; "
                                        "font-size: 16pt; font-weight: bold; padding: 8px 24px; }"
                                        "QPushButton:disabled { background: #bdbdbd; }")
        self.abort_button.setEnabled(False)
        self.abort_button.clicked.connect(self.abort_requested)
        self.steps = StepList()
        self.plots = LivePlots()
        self._build(side_panel)
        self._started_at: float | None = None
        self._expected_s = 0.0
        self._clock = QTimer(self)
        self._clock.setInterval(PROGRESS_INTERVAL_MS)
        self._clock.timeout.connect(self._tick)

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
            self.banner.show_idle("TESTING", f"{event.request.serial} · {event.request.sequence}")
        elif isinstance(event, StepStarted):
            self.step_label.setText(f"Step {event.index + 1}: {event.step}")

    def run_starting(self, serial: str) -> None:
        """Clear the last verdict and arm Abort before the first event arrives."""
        self.banner.show_idle("TESTING", serial)
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
        self.time_left.setText(f"{max(self._expected_s - elapsed_s, 0):.0f} s left")

    def abort_pending(self) -> None:
        self.abort_button.setEnabled(False)
        self.banner.show_idle("STOPPING", "switching the supply off")

    def run_ended(self) -> None:
        self._clock.stop()
        self._started_at = None
        self.abort_button.setEnabled(False)
        self.time_left.setText("")
        self.step_label.setText("")

    def show_outcome(self, outcome: RunOutcome) -> None:
        """Show the verdict banner and the instruction for the unit."""
        self.run_ended()
        self.progress.setValue(1000)
        self.banner.show_summary(outcome.summary)
        self.instruction.setText(outcome.disposition.message)

    def show_crash(self, message: str) -> None:
        self.run_ended()
        self.banner.show_crash(message)
        self.instruction.setText("Check the station, then test the unit again.")
