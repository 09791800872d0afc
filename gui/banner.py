"""The run screen's verdict banner: colour and word together, beside the steps and plots.

The full-width verdict after a run is ``gui.verdict_screen``; this banner
carries the same colour and word on the run screen (TESTING during a run, the
verdict after it, grey once a new scan takes the verdict down).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui import texts
from gui.verdict_screen import COLOURS
from rig.model import RunSummary, Verdict

IDLE = ("#e0e0e0", "#212121")
REFUSED = ("#eceff1", "#b71c1c")


class VerdictBanner(QWidget):
    """A large coloured block: the verdict word and one line of explanation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._colours: tuple[str, str] | None = None
        self.word = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        font = self.word.font()
        font.setPointSize(48)
        font.setBold(True)
        self.word.setFont(font)
        detail_font = self.detail.font()
        detail_font.setPointSize(16)
        self.detail.setFont(detail_font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.word)
        layout.addWidget(self.detail)
        self.show_idle(self.tr("Ready"))

    def _paint(self, colours: tuple[str, str]) -> None:
        if colours == self._colours:
            return  # a style sheet set again re-styles every child: milliseconds of the GUI thread
        self._colours = colours
        background, text = colours
        self.setStyleSheet(f"VerdictBanner {{ background: {background}; border-radius: 6px; }}"
                           f" QLabel {{ color: {text}; background: transparent; }}")

    def show_idle(self, text: str, detail: str = "") -> None:
        """Show a neutral state (ready, testing)."""
        self._paint(IDLE)
        self.word.setText(text)
        self.detail.setText(detail)

    def show_refused(self, message: str) -> None:
        """Show that the scan was refused: no verdict, the reason in red."""
        self._paint(REFUSED)
        self.word.setText(self.tr("NOT STARTED"))
        self.detail.setText(message)

    def show_summary(self, summary: RunSummary) -> None:
        """Show a run's verdict with what it means."""
        self._paint(COLOURS[summary.verdict])
        self.word.setText(texts.verdict_word(summary.verdict))
        self.detail.setText(texts.explain(summary))

    def show_crash(self, message: str) -> None:
        """Show that the run itself broke (a software fault): amber, like ERROR."""
        self._paint(COLOURS[Verdict.ERROR])
        self.word.setText(texts.verdict_word(Verdict.ERROR))
        self.detail.setText(self.tr("The station software failed: %1").replace("%1", message))
