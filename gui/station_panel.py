"""The station panel: each instrument's identity, connection, calibration, and Reconnect."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rig.station_session import InstrumentStatus

COLUMNS = 5


class StationPanel(QWidget):
    """A table of the station's instruments; a Reconnect button on each row."""

    changed = Signal()  # an instrument was reconnected (or failed to)

    def __init__(self, status: Callable[[], list[InstrumentStatus]],
                 reconnect: Callable[[str], InstrumentStatus], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._status = status
        self._reconnect = reconnect
        self.table = QTableWidget(0, COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #c62828; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        self.buttons: dict[str, QPushButton] = {}
        self._shown: dict[int, InstrumentStatus] = {}  # the status each row shows
        self.retranslate()

    def retranslate(self) -> None:
        self._shown.clear()  # every row again, in the new language
        self.table.setHorizontalHeaderLabels([self.tr("Instrument"), self.tr("Identity"), self.tr("State"),
                                              self.tr("Calibration due"), ""])
        self.refresh()

    def refresh(self) -> None:
        """Read every instrument's status again and show it."""
        rows = self._status()
        if len(rows) != self.table.rowCount():
            self._shown.clear()
        self.table.setRowCount(len(rows))
        problems = []
        for index, row in enumerate(rows):
            if self._shown.get(index) != row:  # a row refilled unchanged costs the GUI thread for nothing
                self._fill_row(index, row)
                self._shown[index] = row
            if not row.connected:
                problems.append(f"{self._role(row.role)} {self._link(row)}: {row.message}")
        self._fit_height()
        self.message.setText("\n".join(problems))
        self.message.setVisible(bool(problems))

    def _fit_height(self) -> None:
        rows_px = sum(self.table.rowHeight(row) for row in range(self.table.rowCount()))
        self.table.setFixedHeight(rows_px + self.table.horizontalHeader().height() + 4)

    def _fill_row(self, index: int, row: InstrumentStatus) -> None:
        due = row.calibration_due.isoformat() if row.calibration_due else "—"
        if row.calibration_overdue:
            due += " " + self.tr("(OVERDUE)")
        state = self._link(row) if row.connected else self._link(row).upper()
        cells = (self._role(row.role), row.model or row.identity, state, due)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(row.message or row.identity)
            self.table.setItem(index, column, item)
        colour = "#1b8a2e" if row.connected else "#c62828"
        self.table.item(index, 2).setForeground(QBrush(QColor(colour)))
        if row.calibration_overdue:
            self.table.item(index, 3).setForeground(QBrush(QColor("#c62828")))
        button = self.buttons.get(row.role)
        if button is None:  # made once per role: a refresh must not pile up buttons awaiting deletion
            button = QPushButton()
            button.clicked.connect(lambda _=False, role=row.role: self.reconnect(role))
            self.buttons[row.role] = button
        button.setText(self.tr("Reconnect"))
        if self.table.cellWidget(index, 4) is not button:
            self.table.setCellWidget(index, 4, button)

    def _role(self, role: str) -> str:
        names = {"supply": self.tr("supply"), "vibration_daq": self.tr("vibration DAQ"),
                 "current_daq": self.tr("current DAQ"), "thermometer": self.tr("thermometer"),
                 "tachometer": self.tr("tachometer"), "fixture": self.tr("fixture"),
                 "interlock": self.tr("interlock")}
        return names.get(role, role)

    def _link(self, row: InstrumentStatus) -> str:
        return {"connected": self.tr("connected"), "fault": self.tr("fault"),
                "disconnected": self.tr("disconnected")}.get(row.link.value, row.link.value)

    def reconnect(self, role: str) -> None:
        """Reconnect one instrument (blocks for at most its I/O timeout)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._reconnect(role)
        finally:
            QApplication.restoreOverrideCursor()
        self.refresh()
        self.changed.emit()

    def set_running(self, running: bool) -> None:
        """Disable Reconnect while a unit is under test."""
        for button in self.buttons.values():
            button.setEnabled(not running)
