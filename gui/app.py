"""Start the Qt application around a session and run it until the window closes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow
from rig.station_session import StationSession
from rig.users import User


def run_window(session: StationSession, authenticate: Callable[[str, str], User]) -> int:
    """Show the station window; return 0 when the technician closes it."""
    if os.environ.get("QT_QPA_PLATFORM") == "":
        del os.environ["QT_QPA_PLATFORM"]  # an empty value makes Qt abort the process
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(session, authenticate)
    window.resize(1600, 1000)
    window.show()
    app.exec()
    return 0
