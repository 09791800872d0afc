"""Small pieces the engineer's views share: a message line and read-only tables."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
)

ERROR_STYLE = "color: #c62828; font-weight: bold;"
OK_STYLE = "color: #2e7d32; font-weight: bold;"


class MessageLine(QLabel):
    """One line telling the engineer what happened: an error in red, a success in green."""

    def __init__(self) -> None:
        super().__init__(wordWrap=True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def error(self, text: str) -> None:
        self.setStyleSheet(ERROR_STYLE)
        self.setText(text)

    def ok(self, text: str) -> None:
        self.setStyleSheet(OK_STYLE)
        self.setText(text)


def read_only_table(headers: Sequence[str], *, select_rows: bool = False,
                    stretch_column: int | None = None) -> QTableWidget:
    """Return a table the user reads (and may pick a row of) but does not edit."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if select_rows:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    else:
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch_column is None:
        table.horizontalHeader().setStretchLastSection(True)
    else:
        table.horizontalHeader().setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    """Replace a table's rows with text cells."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


def number_text(value: float | None, fmt: str = "g") -> str:
    """Return a number for an edit field; blank for an open limit side."""
    return "" if value is None else format(value, fmt)


def limit_cell(value: float | None) -> str:
    """Return a limit side for a table cell; a dash for an open side."""
    return "—" if value is None else format(value, "g")


def product_picker(engineering) -> QComboBox:
    """Return a product picker that shows each product's name (as the work screen does), keyed by id."""
    box = QComboBox()
    for product in engineering.products():
        box.addItem(engineering.specs.current(product).name, product)
    return box


def select_product(box: QComboBox, product: str) -> None:
    """Choose a product by its id."""
    box.setCurrentIndex(max(0, box.findData(product)))
