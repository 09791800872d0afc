"""Station app figures: plot frame rate and event-loop stalls while a DAQ streams.

A producer thread plays the runner: it reads 4-channel blocks at 50 kSa/s
per channel and reports them as ``rig.events`` through the GUI's real
``EventBridge``; the real ``RunView`` ingests and redraws them offscreen.
Figures are printed, never asserted.
"""

from __future__ import annotations

import os
import threading
import time

import numpy as np

CHANNELS = 4
RATE_HZ = 50_000.0
BLOCK_POINTS = 5_000  # 0.1 s per block
DURATION_S = 5.0
PROBE_INTERVAL_MS = 5


class SyntheticDaq:
    """Blocks of four simulated accelerometer channels, paced to real time."""

    def __init__(self) -> None:
        self.next_sample = 0
        self._started = time.monotonic()
        self._rng = np.random.default_rng(1)

    def read_block(self) -> tuple[int, np.ndarray] | None:
        due = self._started + (self.next_sample + BLOCK_POINTS) / RATE_HZ
        if time.monotonic() < due:
            return None
        t = (self.next_sample + np.arange(BLOCK_POINTS)) / RATE_HZ
        heads = [2.2 * np.sin(2 * np.pi * (59 + 0.2 * h) * t) for h in range(CHANNELS)]
        data = np.column_stack(heads) + 0.005 * self._rng.standard_normal((BLOCK_POINTS, CHANNELS))
        first, self.next_sample = self.next_sample, self.next_sample + BLOCK_POINTS
        return first, data


def _stream(observer, stop: threading.Event, counts: dict[str, int]) -> None:
    from rig.events import SamplesAcquired, WaveformCaptured

    daq = SyntheticDaq()
    while not stop.is_set():
        block = daq.read_block()
        if block is None:
            time.sleep(0.002)
            continue
        first, data = block
        spectrum = np.abs(np.fft.rfft(data, axis=0)) * 2 / BLOCK_POINTS
        freqs = np.fft.rfftfreq(BLOCK_POINTS, 1 / RATE_HZ)
        for channel in range(CHANNELS):
            signal = f"head{channel + 1}_accel"
            observer(SamplesAcquired(signal, "g", first / RATE_HZ, RATE_HZ, data[:, channel]))
            observer(WaveformCaptured(channel + 1, RATE_HZ, data[:, channel], freqs, spectrum[:, channel],
                                      (55.0, 63.0), (0.9, 1.8)))
            counts[signal] = counts.get(signal, 0) + BLOCK_POINTS


def measure(duration_s: float = DURATION_S) -> dict[str, float]:
    """Stream for ``duration_s`` into a shown RunView; return frames, stalls and losses."""
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
    clock, worst_gap_ms = QElapsedTimer(), [0.0]
    clock.start()
    last = [clock.elapsed()]

    def probe() -> None:
        now = clock.elapsed()
        worst_gap_ms[0] = max(worst_gap_ms[0], now - last[0] - PROBE_INTERVAL_MS)
        last[0] = now

    probe_timer = QTimer(interval=PROBE_INTERVAL_MS, timeout=probe)
    probe_timer.start()
    stop, counts = threading.Event(), {}
    producer = threading.Thread(target=_stream, args=(bridge, stop, counts), name="daq-stream")
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
    lost = sum(counts[s] - view.plots.samples_seen(s) for s in counts)
    sent = sum(counts.values())
    probe_timer.stop()
    view.close()
    return {"frames_per_s": (view.plots.frames_drawn - frames_before) / elapsed_s,
            "paints_per_s": PaintCounter.paints / elapsed_s, "worst_stall_ms": worst_gap_ms[0],
            "samples_sent": sent, "samples_lost": lost, "seconds": elapsed_s}


def run() -> list[tuple[str, str]]:
    figures = measure()
    return [
        ("stream", f"{CHANNELS} ch x {RATE_HZ / 1000:.0f} kSa/s for {figures['seconds']:.1f} s, offscreen"),
        ("plot frames (timer redraws)", f"{figures['frames_per_s']:.1f} frames/s (target >= 20)"),
        ("spectrum plot repaints", f"{figures['paints_per_s']:.1f} /s"),
        ("worst event-loop stall", f"{figures['worst_stall_ms']:.0f} ms beyond a {PROBE_INTERVAL_MS} ms probe (target <= 100)"),
        ("samples lost", f"{figures['samples_lost']:.0f} of {figures['samples_sent']:.0f}"),
    ]
