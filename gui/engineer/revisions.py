"""The revision history of a product's spec: who changed what, when and why, and a diff."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.engineer.common import fill_table, product_picker, read_only_table
from rig.engineering import Engineering

COLUMNS = ("Revision", "Author", "Role", "Time (UTC)", "Reason", "Change")


class RevisionHistory(QWidget):
    """List a product's revisions; diff any two."""

    def __init__(self, engineering: Engineering, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engineering = engineering
        self.product = product_picker(engineering)
        self.table = read_only_table(COLUMNS)
        self.from_revision = QComboBox()
        self.to_revision = QComboBox()
        self.diff_button = QPushButton("Diff")
        self.diff_text = QPlainTextEdit(readOnly=True)
        self.diff_text.setFont(QFont("monospace"))
        top = QHBoxLayout()
        top.addWidget(QLabel("Product"))
        top.addWidget(self.product)
        top.addStretch(1)
        top.addWidget(QLabel("Diff from revision"))
        top.addWidget(self.from_revision)
        top.addWidget(QLabel("to"))
        top.addWidget(self.to_revision)
        top.addWidget(self.diff_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.diff_text, 1)
        self.product.currentIndexChanged.connect(self.reload)
        self.diff_button.clicked.connect(self.show_diff)
        self.reload()

    def reload(self) -> None:
        """Read the chosen product's revisions again; diff the latest two."""
        product = self.product.currentData() or ""
        if not product:
            return
        history = self._engineering.history(product)
        fill_table(self.table, [(str(info.revision), info.author or "-", info.role or "-",
                                 info.time.replace("T", " ")[:19] or "-", info.reason, info.change)
                                for info in history])
        numbers = [str(info.revision) for info in history]
        for box in (self.from_revision, self.to_revision):
            box.clear()
            box.addItems(numbers)
        self.from_revision.setCurrentIndex(max(len(numbers) - 2, 0))
        self.to_revision.setCurrentIndex(len(numbers) - 1)
        self.show_diff()

    def show_diff(self) -> None:
        """Show the limit changes between the two chosen revisions."""
        product = self.product.currentData() or ""
        a, b = self.from_revision.currentText(), self.to_revision.currentText()
        if not (product and a and b):
            return
        lines = self._engineering.diff(product, int(a), int(b))
        self.diff_text.setPlainText(f"{product}: revision {a} -> {b}\n" + "\n".join(lines))
