"""A serial's history at the station: its earlier runs, verdicts and records, from the index."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui import texts
from gui.step_list import VERDICT_COLOURS
from rig.model import RunSummary

History = Callable[[str], Sequence[RunSummary]]  # serial -> its runs, oldest first


class HistoryView(QWidget):
    """Scan or type a serial; see every run of it, newest first, with what failed and where the record is."""

    back_requested = Signal()

    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history = history
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.serial = QLineEdit()
        self.serial.setStyleSheet("font-size: 16pt;")
        self.back_button = QPushButton()
        self.summary = QLabel(wordWrap=True)
        self.summary.setStyleSheet("font-size: 15pt;")
        self.table = QTableWidget(0, 7)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setStyleSheet("font-size: 13pt;")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.serial, 1)
        top.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.serial.returnPressed.connect(lambda: self.show_serial(self.serial.text()))
        self.back_button.clicked.connect(self.back_requested)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("History"))
        self.serial.setPlaceholderText(self.tr("scan or type a serial and press Enter"))
        self.back_button.setText(self.tr("Back to testing"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Started (UTC)"), self.tr("Verdict"), self.tr("Sequence"), self.tr("Batch"),
            self.tr("Operator"), self.tr("Station"), self.tr("What failed / record")])

    def show_serial(self, scanned: str) -> None:
        """List a serial's runs, newest first."""
        serial = scanned.strip().upper()
        self.serial.setText(serial)
        runs = list(self._history(serial)) if serial else []
        self.table.setRowCount(len(runs))
        for row, run in enumerate(reversed(runs)):
            self._fill(row, run)
        if not runs:
            self.summary.setText(self.tr("No runs of %1 in the results index.").replace("%1", serial or "—"))
            return
        verdicts = ", ".join(texts.verdict_word(run.verdict) for run in runs)
        self.summary.setText(self.tr("%1: %2 run(s), oldest first: %3").replace("%1", serial)
                             .replace("%2", str(len(runs))).replace("%3", verdicts))

    def _fill(self, row: int, run: RunSummary) -> None:
        failed = ", ".join(m.name for m in run.failed_measurements)
        detail = failed or run.error or ""
        cells = (run.started_at[:19].replace("T", " "), texts.verdict_word(run.verdict), run.sequence,
                 run.batch or "—", run.operator, run.station,
                 f"{detail} · {run.record_path}" if detail else run.record_path)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(run.record_path)
            self.table.setItem(row, column, item)
        verdict_item = self.table.item(row, 1)
        verdict_item.setForeground(QBrush(QColor(VERDICT_COLOURS[run.verdict])))
        font = verdict_item.font()
        font.setBold(True)
        verdict_item.setFont(font)
        verdict_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)

    def rows(self) -> list[tuple[str, ...]]:
        """Return the table as shown (for tests and screenshots)."""
        return [tuple(self.table.item(r, c).text() for c in range(self.table.columnCount()))
                for r in range(self.table.rowCount())]
