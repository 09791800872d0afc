"""Station app figures in the real app: cold start to the sign-in window, and event-loop stalls per run.

Cold start: ``rig gui`` is started in a child process (``benchmarks/_cold_start.py``)
as a technician starts it, on the default simulated station, and the time to
the first exposure of its window is read from the child; the first start
(fresh data directory) and the warm median of the next ones are printed.

Stalls: the real ``MainWindow`` runs real units on the simulated bench of
``stations/sim.yaml`` (in this process, as ``rig gui`` starts it) through the
real runner, driven by the scan field as a technician drives it; a 5 ms timer
on the GUI thread measures how late it fires, and the worst lateness between
a run's start and its verdict is that run's stall. The window is a real X
window on a virtual screen (Xvfb) where one can be started, in a child
process: Qt's offscreen platform paints a plot three times where a screen
paints it once as it shows. Figures are printed, never asserted.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATION_FILE = ROOT / "stations" / "sim.yaml"
PROBE_INTERVAL_MS = 5
WARM_STARTS = 3
UNITS = (("general-purpose", "GPM-880001"), ("quad-head", "QHM-880002"), ("general-purpose", "GPM-880003"))
STALL_TARGET_MS = 50.0
COLD_START_TARGET_S = 2.0
PROMPT_READING_S = 0.3  # a technician reads a prompt for seconds; the window paints it meanwhile


def cold_start_s(data_dir: Path) -> tuple[float, float]:
    """Start ``rig gui`` in a child.

    Return the seconds from spawn to its first window (the sign-in) and to the station window.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYQTGRAPH_QT_LIB": "PySide6"}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "benchmarks._cold_start", "--station", str(STATION_FILE),
                              "--data-dir", str(data_dir)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    shown_s = ready_s = float("nan")
    for line in child.stdout:
        if line.startswith("shown"):
            shown_s = time.perf_counter() - started
        elif line.startswith("ready"):
            ready_s = time.perf_counter() - started
    child.wait(60)
    return shown_s, ready_s


def stalls_per_run(*, bench_process: bool = False) -> list[tuple[str, float, float, str]]:
    """Run UNITS in the real window; return (serial, worst stall ms, run seconds, verdict) per run.

    With ``bench_process`` the simulated bench runs in its own process (``rig sim``),
    as a line's instruments are boxes of their own; its physics then no longer
    competes with the window for this interpreter.
    """
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    with ExitStack() as stack:
        window, bench = _real_window(stack, bench_process)
        clock, last, worst = QElapsedTimer(), [0], [0.0]
        clock.start()

        def probe() -> None:
            now = clock.elapsed()
            worst[0] = max(worst[0], now - last[0] - PROBE_INTERVAL_MS)
            last[0] = now

        probe_timer = QTimer(interval=PROBE_INTERVAL_MS, timeout=probe)
        probe_timer.start()
        results = []
        for product, serial in UNITS:
            if bench is not None:
                bench.force_defect(serial, "none")
            chooser = window.chooser
            chooser.product.setCurrentIndex(next(i for i in range(chooser.product.count())
                                                 if chooser.product.itemData(i).product == product))
            _pump(app, 0.3)
            chooser.serial.setText(serial)
            last[0], worst[0] = clock.elapsed(), 0.0
            started = time.monotonic()
            chooser.scan_finished()
            while window.pending is not None:  # the spec's prompts, read and confirmed as a technician would
                _pump(app, PROMPT_READING_S)
                window.prompts.confirm()
            while window.running:
                app.processEvents()
                time.sleep(0.001)
            results.append((serial, worst[0], time.monotonic() - started, window.verdict.word.text()))
            _pump(app, 0.3)
            window.acknowledge()
        probe_timer.stop()
        window.close()
    return results


def _pump(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def _real_window(stack: ExitStack, bench_process: bool = False):
    """Open the default station through the composition root, as ``rig gui`` does; sign in."""
    from gui.main_window import MainWindow
    from rig.app import open_station_app
    from tests.rig.accounts import station_user

    folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
    station_file = _served_station_file(stack, folder) if bench_process else STATION_FILE
    station_user(folder, "bench", "technician", "4711")
    app = stack.enter_context(open_station_app(station_file, data_dir=folder, specs_dir=ROOT / "specs"))
    window = MainWindow(app.session, app.users)
    window.resize(1600, 1000)
    window.show()
    window.sign_in.user_id.setText("bench")
    window.sign_in.pin.setText("4711")
    window.sign_in.submit()
    return window, app.station.bench


def _served_station_file(stack: ExitStack, folder: Path) -> Path:
    """Serve the default station's bench with ``rig sim``; return a station file naming its ports.

    To the rig that bench is hardware: instruments at addresses, with a clock of their own.
    """
    from benchmarks.gui_stream import _bench_process

    resources = _bench_process(stack)
    lines, role = [], None
    for line in STATION_FILE.read_text(encoding="utf-8").splitlines():
        key = line.strip().split(":", 1)[0]
        if line.startswith("  ") and not line.startswith("    ") and line.split("#", 1)[0].rstrip().endswith(":"):
            role = key
        if line.strip().startswith("resource:") and role in resources:
            line = f"    resource: {resources[role]}"
        elif line.strip().startswith(("kind: simulated", "time_scale:", "seed:", "defect_share:")):
            line = "  kind: hardware" if "kind:" in line else None
        if line is not None:
            lines.append(line)
    path = folder.parent / f"{folder.name}-served.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@contextmanager
def _screen():
    """Yield the environment of a child with a screen: a virtual X screen where Xvfb is installed."""
    env = {**os.environ, "PYQTGRAPH_QT_LIB": "PySide6"}
    if shutil.which("Xvfb") is None:
        yield {**env, "QT_QPA_PLATFORM": "offscreen"}, "offscreen, no Xvfb"
        return
    server = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1920x1200x24", "-nolisten", "tcp"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        display = server.stdout.readline().strip()
        yield {**env, "QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{display}"}, "X window on Xvfb"
    finally:
        server.terminate()
        server.wait(10)


def _stalls_in_child(env: dict[str, str], bench_process: bool) -> list[list]:
    command = [sys.executable, "-m", "benchmarks.gui", "--stalls"] + (["--bench-process"] if bench_process else [])
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("[")]
    if done.returncode != 0 or not rows:
        raise RuntimeError(f"the stall benchmark failed: {done.stderr[-2000:]}")
    return rows


def run() -> list[tuple[str, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        first = cold_start_s(Path(folder))
        warm = [cold_start_s(Path(folder)) for _ in range(WARM_STARTS)]
    rows.append(("start to sign-in window (rig gui)", f"first {first[0]:.2f} s, then median "
                 f"{statistics.median(w[0] for w in warm):.2f} s of {WARM_STARTS} "
                 f"(target < {COLD_START_TARGET_S:g} s)"))
    rows.append(("start to the station window (rig gui)", f"first {first[1]:.2f} s, then median "
                 f"{statistics.median(w[1] for w in warm):.2f} s (the station opened, ready to test)"))
    with _screen() as (env, screen):
        for bench_process, where in ((False, "bench in this process"), (True, "bench in its own process")):
            for serial, worst_ms, seconds, verdict in _stalls_in_child(env, bench_process):
                rows.append((f"worst stall, {serial} ({where})", f"{worst_ms:.0f} ms in a {seconds:.1f} s run, "
                             f"{verdict} (target < {STALL_TARGET_MS:g} ms; {screen})"))
    return rows


if __name__ == "__main__" and "--stalls" in sys.argv:
    for result in stalls_per_run(bench_process="--bench-process" in sys.argv):
        print(json.dumps(list(result)), flush=True)
