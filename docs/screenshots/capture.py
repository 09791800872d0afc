"""Render the station app in a real window and save the screenshots of this folder.

Run under a display (``Xvfb :99 & DISPLAY=:99 QT_QPA_PLATFORM=xcb``):

    .venv/bin/python docs/screenshots/capture.py [--time-scale 1]

It opens the simulated station of ``stations/sim.yaml`` with the real runner,
signs a technician in and tests four units: a good one (PASS, with a frame
grabbed mid-run), one with a forced defect (FAIL), one meeting an injected
instrument fault (ERROR) and one aborted mid-run (ABORTED). Each verdict is
grabbed twice: full-width as it first shows (``verdict-*.png``) and the run
screen behind it, before it is acknowledged. Then it grabs an operator prompt and
the lid prompt, the serial's history, and the run screen and a verdict in German.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent


def station_copy(time_scale: float, folder: Path) -> Path:
    """Copy the default station file with another time scale."""
    text = (ROOT / "stations" / "sim.yaml").read_text()
    path = folder / "station.yaml"
    path.write_text(re.sub(r"time_scale:\s*[0-9.]+", f"time_scale: {time_scale}", text))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-scale", type=float, default=1.0)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow
    from rig.app import open_station_app
    from tests.rig.accounts import station_user

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        tech_pin = "4711"
        station_user(folder, "tess", "technician", tech_pin)
        opened = stack.enter_context(open_station_app(station_copy(args.time_scale, folder),
                                                      data_dir=folder, specs_dir=ROOT / "specs"))
        station, session, users, index = opened.station, opened.session, opened.users, opened.index
        from gui.sounds import VerdictSound

        window = MainWindow(session, users, sound=VerdictSound(False),
                            history=lambda serial: index.runs(serial=serial))
        window.resize(1600, 1000)
        window.show()
        shots = Shots(app, window)
        shots.sign_in("tess", tech_pin)
        shots.scenarios(station.bench)
        window.close()
    return 0


class Shots:
    """Drive the window like a technician and grab it at the moments that matter."""

    def __init__(self, app, window) -> None:
        self.app = app
        self.window = window

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def wait_idle(self, timeout_s: float = 120.0) -> None:
        end = time.monotonic() + timeout_s
        while self.window.running and time.monotonic() < end:
            self.pump(0.05)
        self.pump(0.5)  # let the last frames draw

    def grab(self, name: str) -> None:
        self.window.grab().save(str(OUT / name))
        print(f"saved {OUT / name}", flush=True)

    def sign_in(self, user_id: str, pin: str) -> None:
        self.pump(0.5)
        self.grab("sign-in.png")
        self.window.sign_in.user_id.setText(user_id)
        self.window.sign_in.pin.setText(pin)
        self.window.sign_in.submit()
        self.pump(0.3)

    def scan(self, serial: str, prompt_shot: str | None = None) -> None:
        self.window.chooser.serial.setText(serial)
        self.window.chooser.scan_finished()
        first = True
        while self.window.pending is not None:  # the spec's prompts, confirmed as the operator does
            self.pump(0.3)
            if first and prompt_shot:
                self.grab(prompt_shot)
            first = False
            if prompt_shot and self.window.prompts.lid_hint.isVisibleTo(self.window.prompts):
                self.grab(prompt_shot.replace(".png", "-lid.png"))  # the lid prompt, confirmed by the lid
            self.window.prompts.confirm()

    def verdict(self, name: str) -> None:
        """Grab the full-width verdict, acknowledge it, and grab the run screen behind it."""
        self.grab(f"verdict-{name}")
        self.window.work_area.setCurrentWidget(self.window.run_view)  # what lies behind it
        self.pump(0.3)
        self.grab(name)
        self.window.acknowledge()

    def wait_for_step(self, step: str, timeout_s: float = 60.0) -> None:
        end = time.monotonic() + timeout_s
        while step not in self.window.run_view.step_label.text() and time.monotonic() < end:
            self.pump(0.05)

    def scenarios(self, bench) -> None:
        bench.force_defect("GPM-100001", "none")
        self.scan("GPM-100001", prompt_shot="prompt.png")
        self.wait_for_step("high")
        self.pump(0.6)
        self.grab("mid-run.png")
        self.wait_idle()
        self.verdict("pass.png")
        bench.force_defect("GPM-100002", "weak_magnet")
        self.scan("GPM-100002")
        self.wait_idle()
        self.verdict("fail.png")
        bench.force_defect("GPM-100003", "none")
        bench.inject_fault("tachometer", "no_pulses")
        self.scan("GPM-100003")
        self.wait_idle()
        bench.clear_faults()
        self.verdict("error.png")
        self.window.station_panel.reconnect("tachometer")
        self.window.chooser.serial.setText("GPM-100002")
        self.window.open_history()
        self.pump(0.3)
        self.grab("history.png")
        self.window.acknowledge()
        bench.force_defect("QHM-100004", "none")
        self.window.chooser.product.setCurrentIndex(1)
        self.scan("QHM-100004")
        self.wait_for_step("medium")
        self.window.abort_run()
        self.wait_idle()
        self.verdict("aborted.png")
        self.german(bench)

    def german(self, bench) -> None:
        """Switch to German; grab a run mid-way and its full-width verdict."""
        self.window.set_language("de")
        self.window.chooser.product.setCurrentIndex(0)
        bench.force_defect("GPM-100005", "none")
        self.scan("GPM-100005", prompt_shot="de-prompt.png")
        self.wait_for_step("Schritt 3")
        self.grab("de-mid-run.png")
        self.wait_idle()
        bench.force_defect("GPM-100006", "weak_magnet")
        self.scan("GPM-100006")
        self.wait_idle()
        self.grab("de-verdict-fail.png")
        self.window.set_language("en")


if __name__ == "__main__":
    sys.exit(main())
