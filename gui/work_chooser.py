"""Choosing the work: product, sequence, batch, and the serial from a barcode scanner.

A keyboard-wedge scanner types the serial and presses Enter; Enter therefore
ends the scan and, when the session accepts the serial, starts the run. The
Start button beside the field does the same for a typed serial. Every scan,
accepted or refused, is announced first (``scanned``), so the window can take
the last verdict down before anything else is said.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from gui import texts
from rig.model import RunRequest
from rig.station_session import ProductRules, SerialCheck

SerialCheckFn = Callable[[str, str, str], SerialCheck]  # (product, serial, batch) -> the answer


class WorkChooser(QWidget):
    """Product, sequence and batch pickers, the serial field and Start."""

    start_requested = Signal(object)  # RunRequest
    scanned = Signal()  # a scan (or Start) happened, whatever its answer
    refused = Signal(str)  # the scan was refused: the message shown
    acknowledge_requested = Signal()  # Enter on an empty field while a verdict waits
    product_chosen = Signal(object)  # ProductRules of the product now chosen

    def __init__(self, products: Sequence[ProductRules], check: SerialCheckFn,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self.operator = ""
        self.awaiting_acknowledgement = False
        self.product = QComboBox()
        for rules in products:
            self.product.addItem(rules.name, rules)
        self.sequence = QComboBox()
        self.batch = QLineEdit()
        self.serial = QLineEdit()
        font = self.serial.font()
        font.setPointSize(16)
        self.serial.setFont(font)
        self.start_button = QPushButton()
        self.start_button.setStyleSheet("QPushButton { background: #1b5e20; color: white; font-size: 16pt; "
                                        "font-weight: bold; padding: 6px 28px; }"
                                        "QPushButton:disabled { background: #bdbdbd; }")
        self.message = QLabel(wordWrap=True)
        self._labels = [QLabel() for _ in range(4)]
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for column, field in enumerate((self.product, self.sequence, self.batch)):
            layout.addWidget(self._labels[column], 0, 2 * column)
            layout.addWidget(field, 0, 2 * column + 1)
        layout.addWidget(self._labels[3], 1, 0)
        layout.addWidget(self.serial, 1, 1, 1, 4)
        layout.addWidget(self.start_button, 1, 5)
        layout.addWidget(self.message, 2, 0, 1, 6)
        layout.setColumnStretch(1, 2)
        layout.setColumnStretch(5, 1)
        self.product.currentIndexChanged.connect(self._product_changed)
        self.serial.returnPressed.connect(self.scan_finished)
        self.start_button.clicked.connect(self.scan_finished)
        self._fill_sequences()
        self.retranslate()

    def retranslate(self) -> None:
        for label, text in zip(self._labels, (self.tr("Product"), self.tr("Sequence"), self.tr("Batch"),
                                              self.tr("Serial")), strict=True):
            label.setText(text)
        self.batch.setPlaceholderText(self.tr("batch / work order"))
        self.serial.setPlaceholderText(self.tr("scan the unit's serial, or type it and press Enter"))
        self.start_button.setText(self.tr("Start"))

    def _product_changed(self) -> None:
        # A batch holds one product: switching the product starts a new batch.
        self.batch.clear()
        self._fill_sequences()
        self.product_chosen.emit(self.product.currentData())

    def _fill_sequences(self) -> None:
        rules: ProductRules | None = self.product.currentData()
        self.sequence.clear()
        if rules is not None:
            self.sequence.addItems(list(rules.sequences))

    def scan_finished(self) -> None:
        """Check the scanned serial; ask for the run or say why not."""
        rules: ProductRules | None = self.product.currentData()
        if rules is None or not self.serial.isEnabled():
            return
        if self.awaiting_acknowledgement and not self.serial.text().strip():
            self.acknowledge_requested.emit()
            return
        self.scanned.emit()
        batch = self.batch.text().strip()
        check = self._check(rules.product, self.serial.text(), batch)
        if not check.accepted:
            self.show_refusal(texts.refusal(check))
            self.serial.selectAll()
            self.refused.emit(self.message.text())
            return
        self.message.clear()
        self.start_requested.emit(RunRequest(serial=check.serial, product=rules.product,
                                             sequence=self.sequence.currentText(),
                                             operator=self.operator, batch=batch))

    def show_refusal(self, message: str) -> None:
        self.message.setStyleSheet("color: #b71c1c; font-weight: bold; font-size: 16pt;")
        self.message.setText(message)

    def set_running(self, running: bool) -> None:
        """Lock the choices while a unit is under test; ready the serial field after."""
        for field in (self.product, self.sequence, self.batch, self.serial, self.start_button):
            field.setEnabled(not running)
        if not running:
            self.serial.clear()
            self.serial.setFocus()
