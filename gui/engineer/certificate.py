"""The certificate view: review a batch, exclude units with reasons, issue the PDF, verify one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.engineer.common import MessageLine, read_only_table
from rig.certificates import BatchReview, CertificateRefused, CertificateUnreadable
from rig.engineering import Engineering, batch_problems, unit_lines
from rig.users import Signature, User

COLUMNS = ("Serial", "Attempts", "Final verdict", "Status", "Problem", "Exclusion reason (type to exclude)")
REASON_COLUMN = len(COLUMNS) - 1
STATUS_COLOURS = {"to certify": "#2e7d32", "excluded": "#6d4c41", "problem": "#c62828"}


class CertificateView(QWidget):
    """Certify a batch from the index and check issued certificates."""

    def __init__(self, engineering: Engineering, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engineering = engineering
        self.user: User | None = None
        self.review: BatchReview | None = None
        # Asked before a certificate is issued: (user, what) -> True when the user confirmed with their PIN.
        # Asks the PIN again and returns the signature (None: not signed).
        self.confirm: Callable[[User, str, str], Signature | None] | None = None
        self.batch = QComboBox()
        self.batch.setMinimumContentsLength(16)
        self.reload_button = QPushButton("Reload batches")
        self.review_button = QPushButton("Review batch")
        self.units = read_only_table(COLUMNS)
        self.units.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.summary = QLabel(wordWrap=True)
        self.out_path = QLineEdit()
        self.out_browse = QPushButton("Choose…")
        self.issue_button = QPushButton("Issue certificate")
        self.message = MessageLine()
        self.verify_path = QLineEdit(placeholderText="a certificate PDF")
        self.verify_browse = QPushButton("Choose…")
        self.verify_button = QPushButton("Verify")
        self.verify_result = QPlainTextEdit(readOnly=True)
        self.verify_result.setMaximumHeight(140)
        self._lay_out()
        self._wire()
        self.reload_batches()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        for widget in (QLabel("Batch"), self.batch, self.reload_button, self.review_button):
            top.addWidget(widget)
        top.addStretch(1)
        issue = QHBoxLayout()
        for widget in (QLabel("PDF"), self.out_path, self.out_browse, self.issue_button):
            issue.addWidget(widget)
        check = QGroupBox("Verify a certificate")
        row = QHBoxLayout()
        for widget in (self.verify_path, self.verify_browse, self.verify_button):
            row.addWidget(widget)
        check_layout = QVBoxLayout(check)
        check_layout.addLayout(row)
        check_layout.addWidget(self.verify_result)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.units, 1)
        layout.addWidget(self.summary)
        layout.addLayout(issue)
        layout.addWidget(self.message)
        layout.addWidget(check)

    def _wire(self) -> None:
        self.reload_button.clicked.connect(self.reload_batches)
        self.review_button.clicked.connect(self.review_batch)
        self.batch.currentTextChanged.connect(self._batch_changed)
        self.issue_button.clicked.connect(self.issue)
        self.verify_button.clicked.connect(self.verify)
        self.out_browse.clicked.connect(self._choose_out_path)
        self.verify_browse.clicked.connect(self._choose_verify_path)

    def reload_batches(self) -> None:
        """List the batches in the index again, newest first."""
        self.batch.clear()
        self.batch.addItems(self._engineering.batches())
        self._batch_changed()

    def _batch_changed(self) -> None:
        batch = self.batch.currentText()
        self.review = None
        self.units.setRowCount(0)
        self.summary.clear()
        self.message.clear()
        self.issue_button.setEnabled(False)
        if batch:
            self.out_path.setText(str(self._engineering.suggested_certificate_path(batch)))
            self.review_batch()

    # -- review and issue -------------------------------------------------------

    def exclusions(self) -> dict[str, str]:
        """Return the units the engineer typed a reason for, serial -> reason."""
        chosen = {}
        for row in range(self.units.rowCount()):
            reason = self.units.item(row, REASON_COLUMN)
            if reason is not None and reason.text().strip():
                chosen[self.units.item(row, 0).text()] = reason.text().strip()
        return chosen

    def set_exclusion(self, serial: str, reason: str) -> None:
        """Type an exclusion reason into a unit's row, as the engineer would."""
        for row in range(self.units.rowCount()):
            if self.units.item(row, 0).text() == serial:
                self.units.item(row, REASON_COLUMN).setText(reason)
                return
        raise KeyError(serial)

    def review_batch(self) -> None:
        """Review the chosen batch with the typed exclusions; allow issuing when nothing is wrong."""
        batch = self.batch.currentText()
        if not batch:
            return
        try:
            self.review = self._engineering.review(batch, self.exclusions())
        except ValueError as exc:
            self.message.error(str(exc))
            return
        self._show_review(self.review)
        self.issue_button.setEnabled(not self.review.problems)

    def _show_review(self, review: BatchReview) -> None:
        lines = unit_lines(review)
        self.units.setRowCount(len(lines))
        for row, line in enumerate(lines):
            cells = (line.serial, str(line.attempts), line.final_verdict, line.status,
                     line.detail if line.status == "problem" else "",
                     review.excluded.get(line.serial, ""))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column != REASON_COLUMN:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column == 3:
                    item.setForeground(QColor(STATUS_COLOURS.get(line.status, "#000000")))
                self.units.setItem(row, column, item)
        self._show_summary(review)

    def _show_summary(self, review: BatchReview) -> None:
        certified = sum(line.status == "to certify" for line in unit_lines(review))
        excluded = len(review.excluded)
        parts = [f"<b>{review.batch}</b>: {certified} unit(s) to certify, {excluded} excluded."]
        if review.sampling is not None:
            parts.append(f"Sampling: {review.sampling.describe()}.")
        parts += [f"<span style='color:#c62828'>{text}</span>" for text in batch_problems(review)]
        unit_problems = sum(1 for p in review.problems if p.serial)
        if unit_problems:
            parts.append(f"<span style='color:#c62828'>{unit_problems} unit(s) stand in the way: "
                         "retest them, or type a reason to exclude them and review again.</span>")
        elif not review.problems:
            parts.append("<span style='color:#2e7d32'>Ready to issue.</span>")
        self.summary.setText("<br>".join(parts))

    def issue(self) -> None:
        """Issue the reviewed batch's certificate to the chosen PDF."""
        batch, out = self.batch.currentText(), self.out_path.text().strip()
        if not batch or not out:
            self.message.error("Choose a batch and where the PDF goes.")
            return
        what = f"Issue the certificate of conformance for batch {batch} to {out}."
        signature = None
        if self.user is not None and self.confirm is not None:
            signature = self.confirm(self.user, what, "released")
            if signature is None:
                self.message.error("Not issued: not confirmed with the PIN.")
                return
        try:
            certificate = self._engineering.issue(self.user, batch, out, self.exclusions(),
                                                  signature=signature)
        except CertificateRefused as exc:
            self.message.error(str(exc))
            return
        except (PermissionError, ValueError, OSError) as exc:
            self.message.error(f"Not issued: {exc}")
            return
        self.message.ok(f"Certificate {certificate.number} issued for {certificate.quantity} "
                        f"unit(s): {certificate.path}  (batch digest {certificate.digest[:16]}…)")
        self.verify_path.setText(str(certificate.path))

    # -- verify -----------------------------------------------------------------

    def verify(self) -> None:
        """Check the chosen PDF against the records it lists."""
        path = self.verify_path.text().strip()
        try:
            result = self._engineering.verify(path)
        except (CertificateUnreadable, OSError) as exc:
            self.verify_result.setPlainText(f"Cannot verify: {exc}")
            return
        head = (f"{result.number} (batch {result.batch}): {result.units_checked} unit(s) checked, "
                + ("VERIFIED: every record matches." if result.verified
                   else f"NOT VERIFIED: {len(result.findings)} finding(s)"))
        self.verify_result.setPlainText("\n".join([head, *map(str, result.findings)]))

    def _choose_out_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Certificate PDF", self.out_path.text(), "PDF (*.pdf)")
        if path:
            self.out_path.setText(path)

    def _choose_verify_path(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Certificate to verify", self.out_path.text(),
                                              "PDF (*.pdf)")
        if path:
            self.verify_path.setText(path)

