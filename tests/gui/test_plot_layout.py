"""The plot area on a real window: the quad-head grid after an ERROR, the trends through a durability
step, and the temperature legend off the traces."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
from conftest import GPM, ScriptedRunner, wait_until_idle
from PySide6.QtCore import QRectF
from test_flow_fakes import scan, sign_in
from test_line_screen import make_window

from gui.plots import TREND_WINDOW_S, LivePlots
from rig.events import RunStarted, SamplesAcquired, WaveformCaptured
from rig.model import RunRequest, Verdict

QUAD = replace(GPM, product="quad-head", name="Ultimate Quad Head Massager", serial_pattern="QHM-[0-9]{6}",
               spec=SimpleNamespace(heads=4, source=""))


class QuadRunner(ScriptedRunner):
    """A quad-head run: every head reports, except after an ERROR early in the run."""

    @staticmethod
    def _stream(emit, index: int) -> None:
        ScriptedRunner._stream(emit, index)
        t = np.arange(1000) / 10_000
        freqs = np.linspace(0, 500, 501)
        for head in (3, 2, 4):  # out of order, as captures may arrive
            emit(WaveformCaptured(head, 10_000.0, np.sin(2 * np.pi * 59 * t), freqs, np.exp(-((freqs - 59) ** 2)),
                                  (55.0, 63.0), (0.9, 1.8)))


def head_sizes(plots: LivePlots) -> list[tuple[int, int]]:
    return [(head.waveform_plot.width(), head.waveform_plot.height()) for head in plots.heads]


def test_after_an_error_every_head_of_the_next_quad_run_gets_an_equal_share(qtbot, accounts, tmp_path):
    runner = QuadRunner().then(Verdict.ERROR, "tachometer: no pulses").then(Verdict.PASS)
    window = make_window(qtbot, accounts, tmp_path, runner, rules=QUAD)
    try:
        sign_in(qtbot, window)
        scan(qtbot, window, "QHM-000001")
        wait_until_idle(qtbot, window)
        window.acknowledge()
        window.station_panel.reconnect("tachometer")
        scan(qtbot, window, "QHM-000002")
        wait_until_idle(qtbot, window)
        window.acknowledge()
        qtbot.waitUntil(lambda: min(h for _, h in head_sizes(window.run_view.plots)) > 0)
        sizes = head_sizes(window.run_view.plots)
        widths, heights = [w for w, _ in sizes], [h for _, h in sizes]
        assert all(head.waveform_plot.isVisibleTo(window) for head in window.run_view.plots.heads)
        assert max(heights) <= 1.2 * min(heights) and max(widths) <= 1.2 * min(widths), sizes
    finally:
        window.worker.shut_down()


def test_a_gpm_run_gives_its_one_head_the_whole_area(qtbot):
    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.resize(1200, 800)
    plots.show()
    plots.set_head_count(1)
    assert [h.waveform_plot.isVisibleTo(plots) for h in plots.heads] == [True, False, False, False]
    qtbot.waitUntil(lambda: plots.heads[0].waveform_plot.width() > 0)
    area = plots._head_area
    assert plots.heads[0].waveform_plot.width() + plots.heads[0].spectrum_plot.width() >= 0.9 * area.width()


def request() -> RunRequest:
    return RunRequest(serial="GPM-000001", product="general-purpose", sequence="sample", operator="t1")


def test_through_a_durability_step_no_trend_goes_blank(qtbot):
    plots = LivePlots(frame_interval_ms=10_000)  # frames drawn by hand below
    qtbot.addWidget(plots)
    plots.resize(1200, 800)
    plots.show()
    plots.ingest(RunStarted(request(), "run-1", "", ("durability",), expected_duration_s=1800.0))
    plots.ingest(SamplesAcquired("motor_current", "A", 10.0, 10_000.0, np.full(5000, 0.6)))
    plots.ingest(SamplesAcquired("motor_a_speed_rpm", "rpm", 10.0, 0.0, np.array([3540.0])))
    for cycle in range(20):  # the supply's current readings between the captures, and temperatures
        t_s = 20.0 + 90.0 * cycle
        plots.ingest(SamplesAcquired("supply_current", "A", t_s, 0.0, np.array([0.6])))
        plots.ingest(SamplesAcquired("housing_temp", "degC", t_s, 0.0, np.array([24.0 + 0.5 * cycle])))
    plots.redraw()
    low_s, high_s = plots.time_window("A")
    assert high_s - low_s <= 1.1 * TREND_WINDOW_S and high_s > 1500
    t_a, _ = plots.curve_data("supply_current", readings=True)
    assert np.count_nonzero((t_a >= low_s) & (t_a <= high_s)) >= 2  # the current panel has points in view
    notes = plots.stale_notes
    assert set(notes) == {"rpm"} and "10 s" in notes["rpm"]  # the speed panel says when it last read


def test_the_temperature_legend_covers_no_trace(qtbot):
    plots = LivePlots(frame_interval_ms=10_000)
    qtbot.addWidget(plots)
    plots.resize(1200, 800)
    plots.show()
    plots.ingest(RunStarted(request(), "run-1", "", ("high",), expected_duration_s=60.0))
    for name, value in (("housing_temp", 45.0), ("handle_temp", 30.0), ("head_temp", 35.0), ("ambient_temp", 23.0)):
        for t_s in range(0, 60, 5):
            plots.ingest(SamplesAcquired(name, "degC", float(t_s), 0.0, np.array([value + 0.1 * t_s])))
    plots.redraw()
    qtbot.wait(50)
    legend = plots.temperature_legend
    view = plots.trend_plots["degC"].getViewBox()
    assert len(legend.items) == 4
    legend_rect = legend.mapRectToScene(legend.boundingRect())
    view_rect = view.mapRectToScene(view.boundingRect())
    assert isinstance(legend_rect, QRectF) and not legend_rect.intersects(view_rect)
