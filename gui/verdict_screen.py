"""The full-width verdict: readable from three metres, acknowledged before the next unit.

After a run the work area gives way to one coloured block as wide as the
window: the verdict word at least a fifth of the window's height, the serial,
the reason and the next step in large type, and on a FAIL the probable cause
when the diagnosis names one. Enter (or the OK button) acknowledges it; so
does the next scan.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from gui import texts
from rig.model import RunSummary, Verdict

# Background and text colours with a contrast ratio above 7:1 (WCAG AAA), so
# the colour reads as far as the word does.
COLOURS = {
    Verdict.PASS: ("#1b5e20", "#ffffff"),
    Verdict.FAIL: ("#b71c1c", "#ffffff"),
    Verdict.ERROR: ("#ffb300", "#000000"),
    Verdict.ABORTED: ("#37474f", "#ffffff"),
}
WORD_SHARE_OF_HEIGHT = 0.22  # the word's cap height: over a fifth of the window
REASON_SHARE_OF_HEIGHT = 0.035
ACK_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class VerdictScreen(QWidget):
    """One verdict, full width, until it is acknowledged."""

    acknowledged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verdict: Verdict | None = None
        self._colours: tuple[str, str] | None = None
        self.word = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.serial = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.reason = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.cause = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.next_step = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.ok_button = QPushButton()
        self.ok_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.ok_button.clicked.connect(self.acknowledged)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.word, self.serial, self.reason, self.cause, self.next_step):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            layout.addWidget(label)
        layout.addStretch(1)
        layout.addWidget(self.ok_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.retranslate()

    def retranslate(self) -> None:
        self.ok_button.setText(self.tr("OK: next unit (Enter, or scan it)"))

    def show_verdict(self, summary: RunSummary, next_step: str) -> None:
        """Fill the screen with one run's verdict, what it means and what to do."""
        self.verdict = summary.verdict
        self.word.setText(texts.verdict_word(summary.verdict))
        self.serial.setText(summary.serial)
        self.reason.setText(texts.explain(summary))
        cause = texts.probable_cause(summary)
        self.cause.setText(cause)
        self.cause.setVisible(bool(cause))
        self.next_step.setText(next_step)
        self._paint(COLOURS[summary.verdict])

    def show_crash(self, message: str) -> None:
        """Show that the station software itself failed: amber, like ERROR."""
        self.verdict = Verdict.ERROR
        self.word.setText(texts.verdict_word(Verdict.ERROR))
        self.serial.setText("")
        self.reason.setText(self.tr("The station software failed: %1").replace("%1", message))
        self.cause.setVisible(False)
        self.next_step.setText(self.tr("Check the station, then test the unit again."))
        self._paint(COLOURS[Verdict.ERROR])

    def _paint(self, colours: tuple[str, str]) -> None:
        if colours == self._colours:
            return  # setting the same style sheet again re-styles every label: milliseconds of the GUI thread
        self._colours = colours
        background, text = colours
        self.setStyleSheet(f"VerdictScreen {{ background: {background}; }}"
                           f" QLabel {{ color: {text}; background: transparent; }}"
                           f" QPushButton {{ font-size: 18pt; padding: 10px 30px; }}")
        self._size_fonts()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._size_fonts()

    def _size_fonts(self) -> None:
        """Size the type to the window, so the word keeps its share of any screen."""
        height_px = max(self.window().height(), 400)
        sizes = {self.word: int(WORD_SHARE_OF_HEIGHT * height_px),
                 self.serial: int(0.06 * height_px),
                 self.reason: int(REASON_SHARE_OF_HEIGHT * height_px),
                 self.cause: int(REASON_SHARE_OF_HEIGHT * height_px),
                 self.next_step: int(0.045 * height_px)}
        for label, pixels in sizes.items():
            font = label.font()
            font.setPixelSize(max(pixels, 14))
            font.setBold(label in (self.word, self.next_step, self.serial))
            label.setFont(font)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in ACK_KEYS:
            self.acknowledged.emit()
            return
        super().keyPressEvent(event)
