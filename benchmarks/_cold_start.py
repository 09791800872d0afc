"""Child process of the start-up figures: start ``rig gui``; say when its first window and the station window show.

Not a benchmark module of its own (the leading underscore keeps it out of
``python -m benchmarks``). The application object is made first only so an
event filter can see the window appear; ``rig gui`` then builds everything
as on a station, and the station window is closed as soon as it was shown.
"""

from __future__ import annotations

import sys
import time

STARTED = time.perf_counter()


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])

    class Watch(QObject):
        """Say when the first window shows (the sign-in), and when the station window does; close that."""

        seen = False

        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() not in (QEvent.Type.Expose, QEvent.Type.Show) or not isinstance(watched, QMainWindow) \
                    or not watched.isVisible():
                return False
            if not self.seen:
                self.seen = True
                print(f"shown {time.perf_counter() - STARTED:.3f}", flush=True)
            if type(watched).__name__ == "MainWindow":  # the station window, ready to test
                print(f"ready {time.perf_counter() - STARTED:.3f}", flush=True)
                app.removeEventFilter(self)
                QTimer.singleShot(0, watched.close)
            return False

    watch = Watch()
    app.installEventFilter(watch)
    from rig.cli import main as rig_main

    return rig_main(["gui", *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
