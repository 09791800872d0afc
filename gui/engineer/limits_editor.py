"""The spec limits editor: pick a measurement, try a new limit, see the what-if, publish with a reason."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.engineer.common import (
    MessageLine,
    fill_table,
    limit_cell,
    number_text,
    product_picker,
    read_only_table,
)
from rig.engineering import Engineering, LimitsTable, Proposal
from rig.specs import SpecError
from rig.users import Signature, User

COLUMNS = ("Measurement", "Min", "Max", "Unit")
PANEL_WIDTH_PX = 560


class LimitsEditor(QWidget):
    """Show a product's current limits; publish a change only after its what-if was seen."""

    published = Signal(object)  # rig.specs.Spec, the new revision

    def __init__(self, engineering: Engineering, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engineering = engineering
        self.user: User | None = None
        self.table_data: LimitsTable | None = None
        self.proposal: Proposal | None = None
        # Asked before a revision is published: (user, what) -> True when the user confirmed with their PIN.
        # Asks the PIN again and returns the signature (None: not signed).
        self.confirm: Callable[[User, str, str], Signature | None] | None = None
        self.product = product_picker(engineering)
        self.revision_label = QLabel()
        self.table = read_only_table(COLUMNS, select_rows=True, stretch_column=0)
        self.measurement_label = QLabel("Pick a measurement in the table.")
        self.measurement_label.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.low_edit = QLineEdit(placeholderText="blank: no minimum")
        self.high_edit = QLineEdit(placeholderText="blank: no maximum")
        self.what_if_button = QPushButton("Show what-if")
        self.what_if_text = QLabel("The what-if replays the stored runs against the new limit "
                                   "before anything is published.", wordWrap=True)
        self.what_if_text.setFont(QFont("monospace"))
        self.reason_edit = QLineEdit(placeholderText="why the limit changes (required)")
        self.publish_button = QPushButton("Publish")
        self.message = MessageLine()
        self._lay_out()
        self._wire()
        self.reload()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Product"))
        top.addWidget(self.product)
        top.addWidget(self.revision_label, 1)
        box = QGroupBox("Change a limit")
        box.setFixedWidth(PANEL_WIDTH_PX)
        form = QFormLayout(box)
        form.addRow(self.measurement_label)
        form.addRow("Min", self.low_edit)
        form.addRow("Max", self.high_edit)
        form.addRow("Reason", self.reason_edit)
        form.addRow(self.what_if_button)
        form.addRow(self.publish_button)
        form.addRow(self.message)
        # Last, so that its few or many lines move nothing the engineer is typing into.
        form.addRow(self.what_if_text)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    def _wire(self) -> None:
        self.product.currentIndexChanged.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._row_picked)
        self.what_if_button.clicked.connect(self.show_what_if)
        self.publish_button.clicked.connect(self.publish)
        for edit in (self.low_edit, self.high_edit):
            edit.textEdited.connect(self._forget_proposal)
        self.reason_edit.textChanged.connect(self._update_buttons)

    # -- showing ----------------------------------------------------------------

    def reload(self) -> None:
        """Read the current revision of the chosen product again."""
        product = self.product.currentData() or ""
        if not product:
            return
        self.table_data = self._engineering.limits_table(product)
        short_hash = self.table_data.sha256[:12]
        self.revision_label.setText(f"Revision <b>{self.table_data.revision}</b> in force "
                                    f"(sha256 {short_hash}…)")
        fill_table(self.table, [(row.measurement, limit_cell(row.limits.low),
                                 limit_cell(row.limits.high), row.limits.unit)
                                for row in self.table_data.rows])
        self._forget_proposal()
        self._row_picked()

    def select_measurement(self, name: str) -> None:
        """Pick a measurement's row, as a click on it would."""
        names = [row.measurement for row in self.table_data.rows]
        self.table.selectRow(names.index(name))

    def selected_measurement(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table_data.rows[rows[0].row()].measurement if rows else None

    def _row_picked(self) -> None:
        name = self.selected_measurement()
        self._forget_proposal()
        if name is None:
            self.measurement_label.setText("Pick a measurement in the table.")
            self.low_edit.clear()
            self.high_edit.clear()
            self._update_buttons()
            return
        limits = next(row.limits for row in self.table_data.rows if row.measurement == name)
        self.measurement_label.setText(f"{name} ({limits.unit})" if limits.unit else name)
        self.low_edit.setText(number_text(limits.low))
        self.high_edit.setText(number_text(limits.high))
        self._update_buttons()

    def _forget_proposal(self) -> None:
        # A what-if belongs to the numbers it was made for; new numbers need a new one.
        self.proposal = None
        self.what_if_text.setText("Change min or max, then press Show what-if.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.what_if_button.setEnabled(self.selected_measurement() is not None)
        self.publish_button.setEnabled(self.proposal is not None
                                       and bool(self.reason_edit.text().strip()))
        if self.table_data is not None:
            self.publish_button.setText(f"Publish as revision {self.table_data.revision + 1}")

    # -- acting -----------------------------------------------------------------

    def show_what_if(self) -> None:
        """Replay the typed limits against the stored runs and show the result."""
        name = self.selected_measurement()
        if name is None:
            return
        try:
            self.proposal = self._engineering.propose(self.product.currentData(), name,
                                                      self.low_edit.text(), self.high_edit.text())
        except ValueError as exc:
            self.proposal = None
            self.message.error(str(exc))
        else:
            self.what_if_text.setText("\n".join(self.proposal.describe()))
            self.message.clear()
        self._update_buttons()

    def publish(self) -> None:
        """Publish the shown proposal as a new revision; show the refusal if there is one."""
        if self.proposal is None:
            self.message.error("Show the what-if of this change before publishing it.")
            return
        what = (f"Publish revision {self.table_data.revision + 1} of {self.table_data.product}: "
                f"{self.proposal.describe()[0]}. Reason: {self.reason_edit.text().strip()}")
        signature = None
        if self.user is not None and self.confirm is not None:
            signature = self.confirm(self.user, what, "approved")
            if signature is None:
                self.message.error("Not published: not confirmed with the PIN.")
                return
        try:
            spec = self._engineering.publish(self.user, self.proposal, self.reason_edit.text(),
                                             signature=signature)
        except (PermissionError, ValueError, SpecError) as exc:
            self.message.error(f"Not published: {exc}")
            return
        measurement = self.proposal.measurement
        self.reason_edit.clear()
        self.reload()
        self.select_measurement(measurement)
        self.message.ok(f"Published revision {spec.revision} of {spec.product}; "
                        "the next run uses it.")
        self.published.emit(spec)
