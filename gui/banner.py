"""The verdict banner: readable from two metres, colour and word together."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.step_list import format_limits
from rig.model import RunSummary, Verdict

COLOURS = {  # background, text
    Verdict.PASS: ("#1b8a2e", "#ffffff"),
    Verdict.FAIL: ("#c62828", "#ffffff"),
    Verdict.ERROR: ("#f2a900", "#1a1a1a"),
    Verdict.ABORTED: ("#546e7a", "#ffffff"),
}
IDLE = ("#e0e0e0", "#333333")
MAX_FAILURES_NAMED = 4


def _explain(summary: RunSummary) -> str:
    """Return the line under the verdict word: what failed, or what the rig could not do."""
    if summary.verdict is Verdict.FAIL:
        failed = summary.failed_measurements
        named = [f"{m.name} = {m.value:.3g} {m.unit} ({format_limits(m)})" for m in failed[:MAX_FAILURES_NAMED]]
        more = len(failed) - MAX_FAILURES_NAMED
        return "Out of spec: " + ", ".join(named) + (f" and {more} more" if more > 0 else "")
    if summary.verdict is Verdict.ERROR:
        return "The rig could not measure: " + (summary.error or "unknown fault")
    if summary.verdict is Verdict.ABORTED:
        return "Stopped: " + (summary.error or "aborted")
    return f"{summary.serial} is within spec"


class VerdictBanner(QWidget):
    """A large coloured block: the verdict word and one line of explanation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.word = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        font = self.word.font()
        font.setPointSize(48)
        font.setBold(True)
        self.word.setFont(font)
        detail_font = self.detail.font()
        detail_font.setPointSize(15)
        self.detail.setFont(detail_font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.word)
        layout.addWidget(self.detail)
        self.show_idle("Ready")

    def _paint(self, colours: tuple[str, str]) -> None:
        background, text = colours
        self.setStyleSheet(f"VerdictBanner {{ background: {background}; border-radius: 6px; }}"
                           f" QLabel {{ color: {text}; background: transparent; }}")

    def show_idle(self, text: str, detail: str = "") -> None:
        """Show a neutral state (ready, testing)."""
        self._paint(IDLE)
        self.word.setText(text)
        self.detail.setText(detail)

    def show_summary(self, summary: RunSummary) -> None:
        """Show a run's verdict with what it means."""
        self._paint(COLOURS[summary.verdict])
        self.word.setText(summary.verdict.value)
        self.detail.setText(_explain(summary))

    def show_crash(self, message: str) -> None:
        """Show that the run itself broke (a software fault): amber, like ERROR."""
        self._paint(COLOURS[Verdict.ERROR])
        self.word.setText("ERROR")
        self.detail.setText("The station software failed: " + message)
