"""The sign-in window shown before the station opens, built from light modules only.

Everything here imports Qt, the sign-in page and the user store, and nothing
of the analysis, the plots or the station, so the window appears while those
are still loading.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication, QMainWindow

from gui.i18n import Languages
from gui.sign_in import Accounts, SignInPage
from gui.station_settings import StationSettings
from rig.users import User

WINDOW_SIZE = (1600, 1000)


def application() -> QApplication:
    """Return the application, making it on first use."""
    if os.environ.get("QT_QPA_PLATFORM") == "":
        del os.environ["QT_QPA_PLATFORM"]  # an empty value makes Qt abort the process
    return QApplication.instance() or QApplication(sys.argv[:1])


class EarlySignIn:
    """The sign-in window, shown before the station is opened so the screen answers at once.

    Opening the station (importing the analysis, starting a simulated bench,
    connecting six instruments) takes seconds; the operator meanwhile sees the
    sign-in form and may type into it. ``run_window`` then hands what was
    typed, or the user already signed in, to the station window.
    """

    def __init__(self, accounts: Accounts, station_name: str, settings: StationSettings | None = None) -> None:
        app = application()
        self.languages = Languages()
        language = settings.language if settings is not None else "en"
        self.languages.switch(language)
        self.window = QMainWindow()
        self.page = SignInPage(accounts, station_name, language=language)
        self.window.setCentralWidget(self.page)
        self.window.setWindowTitle(station_name)
        self.window.resize(*WINDOW_SIZE)
        self.user: User | None = None
        self.page.signed_in.connect(self._signed_in)
        self.page.language_chosen.connect(self._language_chosen)
        self.window.show()
        app.processEvents()  # paint it now: the station opens on this thread next

    def _signed_in(self, user: User) -> None:
        self.user = user
        self.page.message.setText(self.page.tr("Opening the station…"))

    def _language_chosen(self, language: str) -> None:
        self.languages.switch(language)
        self.page.retranslate()
