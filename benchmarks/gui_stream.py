"""Plot figures: frame rate and event-loop stalls of the run view while the DAQ streams.

The simulated station of ``stations/sim.yaml`` runs a good quad-head unit at
12 V; a producer thread plays the runner: it reads the vibration DAQ's
continuous 4-channel blocks at 50 kSa/s per channel through the real driver,
checks them for gaps, and reports them as ``rig.events`` through the GUI's
real ``EventBridge``; a real ``RunView`` ingests and redraws them offscreen.
Figures are printed, never asserted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import numpy as np

CHANNELS = ("101", "102", "103", "104")
RATE_HZ = 50_000.0
BLOCK_POINTS = 5_000  # 0.1 s per block
DURATION_S = 5.0
PROBE_INTERVAL_MS = 5
STATION_FILE = Path(__file__).resolve().parents[1] / "stations" / "sim.yaml"


class StreamTally:
    """What the producer read, and whether the DAQ's sample counter ever jumped."""

    def __init__(self) -> None:
        self.sent: dict[str, int] = {}
        self.gaps = 0
        self.error = ""


def _stream(station, observer, stop: threading.Event, tally: StreamTally) -> None:
    from rig.events import SamplesAcquired, WaveformCaptured

    daq = station.vibration_daq
    daq.configure(CHANNELS, 10.0, RATE_HZ)
    daq.start_continuous(BLOCK_POINTS)
    expected_next = 0
    try:
        while not stop.is_set():
            block = daq.read_block()
            if block is None:
                time.sleep(0.005)
                continue
            tally.gaps += block.first_sample != expected_next
            expected_next = block.first_sample + block.n_samples
            heads = station.calibrate(block, "vibration_daq")
            spectrum = np.abs(np.fft.rfft(heads.data, axis=0)) * 2 / heads.n_samples
            freqs = np.fft.rfftfreq(heads.n_samples, 1 / RATE_HZ)
            for index, signal in enumerate(heads.channels):
                observer(SamplesAcquired(signal, "g", block.first_sample / RATE_HZ, RATE_HZ,
                                         heads.data[:, index]))
                observer(WaveformCaptured(index + 1, RATE_HZ, heads.data[:, index], freqs,
                                          spectrum[:, index], (55.0, 63.0), (0.9, 1.8)))
                tally.sent[signal] = tally.sent.get(signal, 0) + heads.n_samples
    except Exception as exc:  # noqa: BLE001 - reported as a figure, the benchmark goes on
        tally.error = f"{type(exc).__name__}: {exc}"
    finally:
        daq.stop()


def measure(duration_s: float = DURATION_S, *, bench_process: bool = False) -> dict[str, float]:
    """Stream for ``duration_s`` into a shown RunView; return frames, stalls and losses."""
    with ExitStack() as stack:
        return _measure(stack, duration_s, bench_process)


def _measure(stack: ExitStack, duration_s: float, bench_process: bool) -> dict[str, float]:
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from gui.run_view import RunView
    from gui.worker import EventBridge

    app = QApplication.instance() or QApplication([])
    view = RunView()
    view.resize(1600, 900)
    view.show()
    bridge = EventBridge()
    bridge.connect_to(view.ingest)

    class PaintCounter(QObject):
        paints = 0

        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                PaintCounter.paints += 1
            return False

    counter = PaintCounter()
    view.plots.heads[0].spectrum_plot.viewport().installEventFilter(counter)
    station = _running_station(stack, bench_process)  # before the probe: connecting is not a stall
    clock, worst_gap_ms = QElapsedTimer(), [0.0]
    clock.start()
    last = [clock.elapsed()]

    gaps_ms: list[float] = []

    def probe() -> None:
        now = clock.elapsed()
        gaps_ms.append(now - last[0] - PROBE_INTERVAL_MS)
        worst_gap_ms[0] = max(worst_gap_ms[0], gaps_ms[-1])
        last[0] = now

    probe_timer = QTimer(interval=PROBE_INTERVAL_MS, timeout=probe)
    probe_timer.start()
    stop, tally = threading.Event(), StreamTally()
    producer = threading.Thread(target=_stream, args=(station, bridge, stop, tally), name="daq-stream")
    frames_before, started = view.plots.frames_drawn, time.monotonic()
    producer.start()
    while time.monotonic() - started < duration_s:
        app.processEvents()
        time.sleep(0.001)
    stop.set()
    producer.join()
    elapsed_s = time.monotonic() - started
    for _ in range(50):  # deliver the events still queued
        app.processEvents()
    lost = sum(tally.sent[s] - view.plots.samples_seen(s) for s in tally.sent)
    probe_timer.stop()
    view.close()
    return {"frames_per_s": (view.plots.frames_drawn - frames_before) / elapsed_s,
            "paints_per_s": PaintCounter.paints / elapsed_s, "worst_stall_ms": worst_gap_ms[0],
            "samples_sent": sum(tally.sent.values()), "samples_lost": lost, "gaps": tally.gaps,
            "error": tally.error, "seconds": elapsed_s,
            "stall_p99_ms": float(np.percentile(gaps_ms, 99)) if gaps_ms else 0.0,
            "stalls_over_100ms": sum(1 for gap in gaps_ms if gap > 100),
            "worst_stall_at_s": gaps_ms.index(max(gaps_ms)) * PROBE_INTERVAL_MS / 1000 if gaps_ms else 0.0}


def _running_station(stack: ExitStack, bench_process: bool):
    """Open the simulated station with a quad-head unit running at 12 V.

    With ``bench_process`` the bench is served by ``rig sim`` in its own
    process, as instruments on a line are their own boxes; otherwise it runs
    inside this process (as ``rig gui`` starts it), sharing the interpreter lock.
    """
    from instruments.station import connect_station, load_station, open_station

    config = load_station(STATION_FILE)
    if bench_process:
        station = stack.enter_context(connect_station(config, resources=_bench_process(stack)))
    else:
        station = stack.enter_context(open_station(config))
        station.bench.force_defect("QHM-777001", "none")
    station.fixture.load("quad-head", "QHM-777001")
    station.supply.set_output(12.0, 3.2)
    station.supply.enable_output(True)
    stack.callback(station.supply.enable_output, False)
    return station


def _bench_process(stack: ExitStack) -> dict[str, str]:
    """Start ``rig sim`` for the station file; return its resources by role."""
    process = subprocess.Popen([sys.executable, "-m", "rig.cli", "sim", "--station", str(STATION_FILE)],
                               stdout=subprocess.PIPE, text=True)
    stack.callback(process.wait, 10)
    stack.callback(process.terminate)
    from instruments.station import load_station

    roles = load_station(STATION_FILE).instruments
    resources = {}
    while len(resources) < len(roles):
        role, _port, resource = process.stdout.readline().split()
        resources[role] = resource
    return resources


def run() -> list[tuple[str, str]]:
    return _rows(measure(bench_process=False), "bench in this process") + \
        _rows(measure(bench_process=True), "bench in its own process")


def _rows(figures: dict, where: str) -> list[tuple[str, str]]:
    return [
        (f"stream ({where})", f"{len(CHANNELS)} ch x {RATE_HZ / 1000:.0f} kSa/s from the simulated DAQ, "
                   f"{figures['seconds']:.1f} s, offscreen{' ERROR ' + figures['error'] if figures['error'] else ''}"),
        ("plot frames (timer redraws)", f"{figures['frames_per_s']:.1f} frames/s (target >= 20)"),
        ("spectrum plot repaints", f"{figures['paints_per_s']:.1f} /s"),
        ("worst event-loop stall", f"{figures['worst_stall_ms']:.0f} ms beyond a {PROBE_INTERVAL_MS} ms probe (target <= 100)"),
        ("event-loop stalls, p99 / over 100 ms", f"{figures['stall_p99_ms']:.0f} ms / "
                                                  f"{figures['stalls_over_100ms']} (worst near t = {figures['worst_stall_at_s']:.1f} s)"),
        ("samples lost", f"{figures['samples_lost']:.0f} of {figures['samples_sent']:.0f} on the way to the "
                         f"plots; {figures['gaps']} gaps in the DAQ's sample counter"),
    ]
