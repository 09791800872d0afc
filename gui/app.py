"""Start the Qt application around a session and run it until the window closes."""

from __future__ import annotations

import os
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow
from gui.sign_in import Accounts
from rig.engineering import Engineering
from rig.station_session import StationSession

SIGNAL_POLL_MS = 200  # Python handles signals only when it runs; wake it this often


def run_window(session: StationSession, accounts: Accounts,
               engineering: Engineering | None = None, **options) -> int:
    """Show the station window; return 0 when it closes (also on Ctrl-C or SIGTERM).

    ``options`` go to ``MainWindow`` (settings, sound, history, audit).
    """
    if os.environ.get("QT_QPA_PLATFORM") == "":
        del os.environ["QT_QPA_PLATFORM"]  # an empty value makes Qt abort the process
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(session, accounts, engineering, **options)
    settings = options.get("settings")
    if settings is not None and settings.language != "en":
        window.set_language(settings.language)
    window.resize(1600, 1000)
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
