"""Operator prompts before a run: one instruction at a time, confirmed by a key.

The prompts come from the spec (``prompts:``); each is shown large, with its
picture when it has one, and Enter (or the button) confirms it. A prompt the
spec marks ``confirmed_by: lid`` is also confirmed by the fixture's lid
switch, where the station has one: by the lid seen open, then closed (a lid
left closed from the last unit confirms nothing). Esc, or the Cancel button,
drops the unit back to the scan field without a run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

IMAGE_MAX_PX = 360
LID_POLL_MS = 200
CONFIRM_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class PromptPanel(QWidget):
    """Walk the operator through a list of prompts; say when all are confirmed or one is cancelled."""

    all_confirmed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None, *,
                 lid_closed: Callable[[], bool | None] = lambda: None) -> None:
        super().__init__(parent)
        self._lid_closed = lid_closed
        self._lid_seen_open = False
        self._lid_timer = QTimer(self, interval=LID_POLL_MS, timeout=self._watch_lid)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("PromptPanel { background: #0d47a1; } QLabel { color: white; }"
                           " QPushButton { font-size: 18pt; padding: 10px 30px; }")
        self.language = "en"
        self.base_dir = Path(".")
        self._prompts: Sequence = ()
        self._position = 0
        self.counter = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.serial = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.image = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.lid_hint = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.confirm_button = QPushButton()
        self.cancel_button = QPushButton()
        for label, pixels in ((self.counter, 26), (self.serial, 34), (self.text, 48), (self.lid_hint, 26)):
            font = label.font()
            font.setPixelSize(pixels)
            font.setBold(label in (self.serial, self.text))
            label.setFont(font)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.counter, self.serial, self.text, self.image, self.lid_hint):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.cancelled)
        self.retranslate()

    def retranslate(self) -> None:
        self.confirm_button.setText(self.tr("Done (Enter)"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self._show()

    def start(self, serial: str, prompts: Sequence) -> None:
        """Show the first prompt for a unit."""
        self._prompts, self._position = tuple(prompts), 0
        self.serial.setText(serial)
        self._show()
        self.setFocus()

    @property
    def current(self):
        """Return the prompt on screen (None when there is none)."""
        return self._prompts[self._position] if self._position < len(self._prompts) else None

    def confirm(self) -> None:
        """Confirm the prompt on screen; after the last one, say all are done."""
        if self.current is None:
            return
        self._position += 1
        if self.current is None:
            self._lid_timer.stop()
            self.all_confirmed.emit()
        else:
            self._show()

    def stop(self) -> None:
        """Stop watching the lid (the prompts were cancelled)."""
        self._lid_timer.stop()

    def _watch_lid(self) -> None:
        """Confirm a lid prompt once the lid, seen open, is closed (timer slot)."""
        closed = self._lid_closed()  # the timer runs only while a lid prompt shows
        if closed is False:
            self._lid_seen_open = True
        elif closed and self._lid_seen_open:
            self.confirm()

    def _show(self) -> None:
        prompt = self.current
        if prompt is None:
            return
        self.counter.setText(self.tr("Before the test: %1 of %2")
                             .replace("%1", str(self._position + 1)).replace("%2", str(len(self._prompts))))
        self.text.setText(prompt.text(self.language))
        pixmap = QPixmap(str(self.base_dir / prompt.image)) if prompt.image else QPixmap()
        if not pixmap.isNull():
            pixmap = pixmap.scaled(IMAGE_MAX_PX, IMAGE_MAX_PX, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(pixmap)
        self.image.setVisible(not pixmap.isNull())
        watches_lid = prompt.confirmed_by == "lid" and self._lid_closed() is not None
        self.lid_hint.setText(self.tr("Closing the lid confirms it.") if watches_lid else "")
        self.lid_hint.setVisible(watches_lid)
        if watches_lid:
            self._lid_seen_open = False
            self._lid_timer.start()
        else:
            self._lid_timer.stop()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in CONFIRM_KEYS:
            self.confirm()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)
