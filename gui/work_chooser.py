"""Choosing the work: product, sequence, batch, and the serial from a barcode scanner.

A keyboard-wedge scanner types the serial and presses Enter; Enter therefore
ends the scan and, when the session accepts the serial, starts the run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from rig.model import RunRequest
from rig.station_session import ProductRules, SerialCheck


class WorkChooser(QWidget):
    """Product, sequence and batch pickers and the serial field."""

    start_requested = Signal(object)  # RunRequest

    def __init__(self, products: Sequence[ProductRules], check: Callable[[str, str], SerialCheck],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self.operator = ""
        self.product = QComboBox()
        for rules in products:
            self.product.addItem(rules.name, rules)
        self.sequence = QComboBox()
        self.batch = QLineEdit(placeholderText="batch / work order")
        self.serial = QLineEdit(placeholderText="scan the unit's serial, or type it and press Enter")
        font = self.serial.font()
        font.setPointSize(16)
        self.serial.setFont(font)
        self.message = QLabel(wordWrap=True)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for column, (label, field) in enumerate((("Product", self.product), ("Sequence", self.sequence),
                                                 ("Batch", self.batch))):
            layout.addWidget(QLabel(label), 0, 2 * column)
            layout.addWidget(field, 0, 2 * column + 1)
        layout.addWidget(QLabel("Serial"), 1, 0)
        layout.addWidget(self.serial, 1, 1, 1, 5)
        layout.addWidget(self.message, 2, 0, 1, 6)
        layout.setColumnStretch(1, 2)
        layout.setColumnStretch(5, 1)
        self.product.currentIndexChanged.connect(self._fill_sequences)
        self.serial.returnPressed.connect(self.scan_finished)
        self._fill_sequences()

    def _fill_sequences(self) -> None:
        rules: ProductRules | None = self.product.currentData()
        self.sequence.clear()
        if rules is not None:
            self.sequence.addItems(list(rules.sequences))

    def scan_finished(self) -> None:
        """Check the scanned serial; start the run or say why not."""
        rules: ProductRules | None = self.product.currentData()
        if rules is None or not self.serial.isEnabled():
            return
        check = self._check(rules.product, self.serial.text())
        if not check.accepted:
            self.show_refusal(check.message)
            self.serial.selectAll()
            return
        self.message.clear()
        self.start_requested.emit(RunRequest(serial=check.serial, product=rules.product,
                                             sequence=self.sequence.currentText(),
                                             operator=self.operator, batch=self.batch.text().strip()))

    def show_refusal(self, message: str) -> None:
        self.message.setStyleSheet("color: #c62828; font-weight: bold; font-size: 13pt;")
        self.message.setText(message)

    def set_running(self, running: bool) -> None:
        """Lock the choices while a unit is under test; ready the serial field after."""
        for field in (self.product, self.sequence, self.batch, self.serial):
            field.setEnabled(not running)
        if not running:
            self.serial.clear()
            self.serial.setFocus()
