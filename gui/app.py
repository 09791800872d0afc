"""Start the Qt application around a session and run it until the window closes."""

from __future__ import annotations

import signal

from PySide6.QtCore import QTimer

from gui.early_sign_in import WINDOW_SIZE, EarlySignIn, application
from gui.main_window import MainWindow
from gui.sign_in import Accounts
from rig.engineering import Engineering
from rig.station_session import StationSession

SIGNAL_POLL_MS = 200  # Python handles signals only when it runs; wake it this often


def hand_over(early: EarlySignIn, window: MainWindow) -> None:
    """Replace the early sign-in window by the station window, keeping what the operator did."""
    window.setGeometry(early.window.geometry())
    window.sign_in.user_id.setText(early.page.user_id.text())
    window.sign_in.language.blockSignals(True)  # the language is set already
    window.sign_in.language.setCurrentIndex(early.page.language.currentIndex())
    window.sign_in.language.blockSignals(False)
    if early.user is not None:
        window.signed_in(early.user)
    window.show()
    early.window.close()


def run_window(session: StationSession, accounts: Accounts, engineering: Engineering | None = None, *,
               early: EarlySignIn | None = None, **options) -> int:
    """Show the station window; return 0 when it closes (also on Ctrl-C or SIGTERM).

    ``options`` go to ``MainWindow`` (settings, sound, history); ``early``
    is the sign-in window already on screen, which the station window replaces.
    """
    app = application()
    if early is not None:
        options.setdefault("languages", early.languages)
    window = MainWindow(session, accounts, engineering, **options)
    window.resize(*WINDOW_SIZE)
    settings = options.get("settings")
    language = early.languages.current if early is not None else settings.language if settings else "en"
    if language != "en":
        window.set_language(language)
    if early is not None:
        hand_over(early, window)
    else:
        window.show()
    # Closing the window aborts a run and waits for the worker, so the runner
    # switches the supply off before the station closes.
    previous = {sig: signal.signal(sig, lambda *_: window.close()) for sig in (signal.SIGINT, signal.SIGTERM)}
    wake = QTimer(interval=SIGNAL_POLL_MS, timeout=lambda: None)
    wake.start()
    try:
        app.exec()
    finally:
        wake.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
