"""The sign-in window before the station opens, and its hand-over to the station window."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROLES  # noqa: F401 - the offscreen set-up of conftest comes first
from PySide6.QtCore import Qt

from gui.app import hand_over
from gui.early_sign_in import EarlySignIn
from gui.station_settings import StationSettings


def test_a_user_signed_in_early_arrives_signed_in_on_the_station_window(qtbot, fake_session, accounts):
    from gui.main_window import MainWindow

    early = EarlySignIn(accounts, "fake-bench", StationSettings(language="de"))
    qtbot.addWidget(early.window)
    assert early.window.isVisible() and early.page.button.text() == "Anmelden"
    qtbot.keyClicks(early.page.user_id, "t1")
    qtbot.keyClicks(early.page.pin, "1234")
    qtbot.keyClick(early.page.pin, Qt.Key.Key_Return)
    assert early.user is not None and early.user.user_id == "t1"
    window = MainWindow(fake_session, accounts, languages=early.languages)
    qtbot.addWidget(window)
    try:
        window.set_language(early.languages.current)
        hand_over(early, window)
        assert window.isVisible() and not early.window.isVisible()
        assert window.pages.currentIndex() == 1 and window.user.user_id == "t1"
        assert window.history_button.text() == "Verlauf"
    finally:
        window.worker.shut_down()
        early.languages.switch("en")


def test_the_early_window_imports_nothing_of_the_analysis_or_the_plots():
    code = ("import sys, gui.early_sign_in; heavy = [m for m in ('pyqtgraph', 'scipy', 'rig.runner', "
            "'rig.specs', 'h5py', 'instruments.station') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_rig_gui_imports_nothing_heavy_before_its_sign_in_window_shows(tmp_path):
    """``rig gui`` loads only its own command, and the station core once the sign-in is up."""
    code = ("import sys, gui.command as command\n"
            "def shown(args, users):\n"
            "    print([m for m in ('pyqtgraph', 'scipy', 'rig.runner', 'rig.specs', 'h5py', 'rig.stats',\n"
            "                       'instruments.station') if m in sys.modules]); sys.exit(0)\n"
            "command._early_sign_in = shown\n"
            "from rig.cli import main\n"
            f"main(['gui', '--station', 'stations/sim.yaml', '--data-dir', {str(tmp_path)!r}])\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip().splitlines()[-1] == "[]"
