"""The step list: each step of the sequence, filling in measurements as they arrive."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from rig.events import Event, MeasurementMade, RunStarted, StepFinished, StepStarted
from rig.model import Measurement, Verdict

VERDICT_COLOURS = {Verdict.PASS: "#1b8a2e", Verdict.FAIL: "#c62828",
                   Verdict.ERROR: "#b37400", Verdict.ABORTED: "#546e7a"}
COLUMNS = ("Step / measurement", "Value", "Limits", "Verdict")


def format_limits(m: Measurement) -> str:
    """Return the limits of a measurement as an operator reads them."""
    if m.low is not None and m.high is not None:
        return f"{m.low:g} … {m.high:g} {m.unit}"
    if m.high is not None:
        return f"≤ {m.high:g} {m.unit}"
    if m.low is not None:
        return f"≥ {m.low:g} {m.unit}"
    return "—"


class StepList(QTreeWidget):
    """A tree of steps; measurements are the children of their step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(COLUMNS)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        font = self.font()
        font.setPointSize(12)
        self.setFont(font)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self._steps: dict[str, QTreeWidgetItem] = {}

    def ingest(self, event: Event) -> None:
        """Update the list from one runner event."""
        if isinstance(event, RunStarted):
            self.clear()
            self._steps = {step: QTreeWidgetItem(self, [step, "", "", "waiting"])
                           for step in event.steps}
        elif isinstance(event, StepStarted):
            item = self._step(event.step)
            item.setText(3, "running…")
            item.setExpanded(True)
            self.scrollToItem(item)
        elif isinstance(event, MeasurementMade):
            self._add_measurement(event.measurement)
        elif isinstance(event, StepFinished):
            item = self._step(event.step)
            self._mark(item, event.verdict)
            if event.message:
                note = QTreeWidgetItem(item, [f"⚠ {event.message}"])
                note.setFirstColumnSpanned(True)
                note.setToolTip(0, event.message)
                note.setForeground(0, QBrush(QColor(VERDICT_COLOURS[event.verdict])))
                item.setExpanded(True)
                self.scrollToItem(note)

    def _step(self, step: str) -> QTreeWidgetItem:
        if step not in self._steps:
            self._steps[step] = QTreeWidgetItem(self, [step, "", "", ""])
        return self._steps[step]

    def _add_measurement(self, m: Measurement) -> None:
        parent = self._step(m.step)
        short_name = m.name.removeprefix(f"{m.step}.")
        child = QTreeWidgetItem(parent, [short_name, f"{m.value:.4g} {m.unit}", format_limits(m), ""])
        self._mark(child, m.verdict)
        parent.setExpanded(True)
        self.scrollToItem(child)

    @staticmethod
    def _mark(item: QTreeWidgetItem, verdict: Verdict) -> None:
        item.setText(3, verdict.value)
        brush = QBrush(QColor(VERDICT_COLOURS[verdict]))
        item.setForeground(3, brush)
        font = item.font(3)
        font.setBold(True)
        item.setFont(3, font)

    def measurement_rows(self) -> list[tuple[str, str, str, str]]:
        """Return every measurement row as shown (for tests and screenshots)."""
        rows = []
        for index in range(self.topLevelItemCount()):
            step = self.topLevelItem(index)
            for child_index in range(step.childCount()):
                child = step.child(child_index)
                if child.isFirstColumnSpanned():
                    continue  # a step's message, not a measurement
                rows.append(tuple(child.text(c) for c in range(len(COLUMNS))))
        return rows
