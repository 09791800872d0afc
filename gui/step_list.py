"""The step list: each step of the sequence, filling in measurements as they arrive.

When the run ends, a step that never started says so ("not run") instead of
still "waiting", and one left "running" by an ERROR or Abort takes the run's
verdict, so the list never shows work that will not happen.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from gui import texts
from gui.texts import format_limits, format_value
from rig.events import Event, MeasurementMade, RunFinished, RunStarted, StepFinished, StepStarted
from rig.model import Measurement, Verdict

VERDICT_COLOURS = {Verdict.PASS: "#1b8a2e", Verdict.FAIL: "#c62828",
                   Verdict.ERROR: "#b37400", Verdict.ABORTED: "#546e7a"}
NOT_RUN_COLOUR = "#757575"
__all__ = ["StepList", "format_limits", "VERDICT_COLOURS"]


class StepList(QTreeWidget):
    """A tree of steps; measurements are the children of their step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        font = self.font()
        font.setPointSize(12)
        self.setFont(font)
        header = self.header()
        self.retranslate()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self._steps: dict[str, QTreeWidgetItem] = {}
        self._state: dict[str, str] = {}  # step -> waiting, running, done
        # The row to bring into view once the events that arrived together are in: scrolling
        # lays the whole tree out again, 0.4-0.7 ms a row (decision 0038).
        self._scroll_target: QTreeWidgetItem | None = None
        self._scroll = QTimer(self, singleShot=True, interval=0, timeout=self._scroll_now)

    def retranslate(self) -> None:
        self.setHeaderLabels([self.tr("Step / measurement"), self.tr("Value"), self.tr("Limits"),
                              self.tr("Verdict")])
        for step, item in getattr(self, "_steps", {}).items():
            state = self._state.get(step)
            if state == "waiting":
                item.setText(3, self.tr("waiting"))
            elif state == "running":
                item.setText(3, self.tr("running…"))
            elif state == "not run":
                item.setText(3, self.tr("not run"))

    def ingest(self, event: Event) -> None:
        """Update the list from one runner event."""
        if isinstance(event, RunStarted):
            self._scroll_target = None
            self.clear()
            self._steps = {step: QTreeWidgetItem(self, [step, "", "", self.tr("waiting")])
                           for step in event.steps}
            self._state = dict.fromkeys(event.steps, "waiting")
        elif isinstance(event, StepStarted):
            item = self._step(event.step)
            self._state[event.step] = "running"
            item.setText(3, self.tr("running…"))
            item.setExpanded(True)
            self._scroll_to(item)
        elif isinstance(event, MeasurementMade):
            self._add_measurement(event.measurement)
        elif isinstance(event, StepFinished):
            self._finish_step(event)
        elif isinstance(event, RunFinished):
            self.close_unfinished(event.summary.verdict)

    def _finish_step(self, event: StepFinished) -> None:
        item = self._step(event.step)
        self._state[event.step] = "done"
        self._mark(item, event.verdict)
        if event.message:
            note = QTreeWidgetItem(item, [f"⚠ {event.message}"])
            note.setFirstColumnSpanned(True)
            note.setToolTip(0, event.message)
            note.setForeground(0, QBrush(QColor(VERDICT_COLOURS[event.verdict])))
            item.setExpanded(True)
            self._scroll_to(note)

    def close_unfinished(self, verdict: Verdict) -> None:
        """End the run on the list: steps never started are "not run"; one cut short takes the verdict."""
        for step, item in self._steps.items():
            state = self._state.get(step)
            if state == "running":
                self._state[step] = "done"
                self._mark(item, verdict if verdict in (Verdict.ERROR, Verdict.ABORTED) else Verdict.ABORTED)
            elif state == "waiting":
                self._state[step] = "not run"
                item.setText(3, self.tr("not run"))
                item.setForeground(3, QBrush(QColor(NOT_RUN_COLOUR)))
                item.setForeground(0, QBrush(QColor(NOT_RUN_COLOUR)))

    def _step(self, step: str) -> QTreeWidgetItem:
        if step not in self._steps:
            self._steps[step] = QTreeWidgetItem(self, [step, "", "", ""])
        return self._steps[step]

    def _add_measurement(self, m: Measurement) -> None:
        parent = self._step(m.step)
        short_name = m.name.removeprefix(f"{m.step}.")
        child = QTreeWidgetItem(parent, [short_name, format_value(m.value, m.unit), format_limits(m), ""])
        self._mark(child, m.verdict)
        parent.setExpanded(True)
        self._scroll_to(child)

    def _scroll_to(self, item: QTreeWidgetItem) -> None:
        self._scroll_target = item
        self._scroll.start()

    def _scroll_now(self) -> None:
        item, self._scroll_target = self._scroll_target, None
        if item is not None:
            self.scrollToItem(item)

    @staticmethod
    def _mark(item: QTreeWidgetItem, verdict: Verdict) -> None:
        item.setText(3, texts.verdict_word(verdict))
        brush = QBrush(QColor(VERDICT_COLOURS[verdict]))
        item.setForeground(3, brush)
        font = item.font(3)
        font.setBold(True)
        item.setFont(3, font)

    def step_states(self) -> dict[str, str]:
        """Return each step's verdict column as shown (for tests)."""
        return {step: item.text(3) for step, item in self._steps.items()}

    def measurement_rows(self) -> list[tuple[str, str, str, str]]:
        """Return every measurement row as shown (for tests and screenshots)."""
        rows = []
        for index in range(self.topLevelItemCount()):
            step = self.topLevelItem(index)
            for child_index in range(step.childCount()):
                child = step.child(child_index)
                if child.isFirstColumnSpanned():
                    continue  # a step's message, not a measurement
                rows.append(tuple(child.text(c) for c in range(4)))
        return rows
