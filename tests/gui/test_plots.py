"""The plot buffers: fast signals become an envelope that keeps peaks; the ring keeps the latest."""

from __future__ import annotations

import numpy as np
import pytest

from gui.plots import TrendBuffer


def test_a_fast_chunk_keeps_its_peak_and_its_sample_count():
    buffer = TrendBuffer()
    values = np.full(20_000, 0.6)
    values[12_345] = 3.1  # an inrush spike one sample wide
    buffer.append(0.0, 20_000.0, values)
    t, y = buffer.view()
    assert buffer.samples_seen == 20_000
    assert len(y) < 2_000 and y.max() == 3.1 and y.min() == 0.6
    assert np.all(np.diff(t) >= 0) and t[-1] < 1.0


def test_the_ring_keeps_the_latest_points_in_time_order():
    buffer = TrendBuffer(capacity=10)
    for second in range(25):
        buffer.append(float(second), 1.0, np.array([float(second)]))
    t, y = buffer.view()
    assert list(t) == [float(s) for s in range(15, 25)] and list(y) == list(t)


def test_a_new_capture_starting_at_zero_replaces_the_last_one():
    buffer = TrendBuffer()
    buffer.append(0.0, 1000.0, np.ones(1000))
    buffer.append(0.0, 1000.0, np.full(500, 2.0))
    t, y = buffer.view()
    assert len(y) == 500 and set(y) == {2.0} and buffer.samples_seen == 1500


def test_single_readings_without_a_rate_keep_their_times():
    buffer = TrendBuffer()
    for elapsed_s, reading_c in ((0.0, 23.0), (5.0, 23.4), (10.0, 23.9)):
        buffer.append(elapsed_s, 0.0, np.array([reading_c]))
    t, y = buffer.view()
    assert list(t) == [0.0, 5.0, 10.0] and list(y) == [23.0, 23.4, 23.9]


def test_a_capture_after_a_gap_is_drawn_apart_from_the_one_before():
    buffer = TrendBuffer()
    buffer.append(1.0, 1000.0, np.ones(1000))
    buffer.append(2.0, 1000.0, np.ones(10))  # contiguous: no break
    buffer.append(3.5, 1000.0, np.full(10, 2.0))  # after a settle wait
    t, y = buffer.view()
    assert np.count_nonzero(np.isnan(y)) == 1 and t[np.isnan(y)][0] == 3.5
    assert t[0] == 1.0 and t[-1] == 3.509 and buffer.samples_seen == 1020


def eol_like_events(t_offset_s: float = 0.0) -> list:
    """What a run reports, in the order it does: watch readings, captures, speeds."""
    from rig.events import SamplesAcquired

    def temps(t_s: float, housing_c: float) -> list:
        return [SamplesAcquired(name, "degC", t_offset_s + t_s, 0.0, np.array([value]))
                for name, value in (("housing_temp", housing_c), ("ambient_temp", 23.0))]

    spin_up_rpm = 3540.0 * (1 - np.exp(-np.arange(80) / 100.0 / 0.06))
    return [
        *temps(0.02, 23.5),
        SamplesAcquired("motor_current", "A", t_offset_s + 0.2, 20000.0, np.full(20000, 0.6)),
        SamplesAcquired("motor_a_speed_rpm", "rpm", t_offset_s + 0.25, 100.0, spin_up_rpm),
        *temps(1.3, 23.6),
        SamplesAcquired("motor_current", "A", t_offset_s + 1.6, 10000.0, np.full(10000, 0.45)),
        SamplesAcquired("motor_a_speed_rpm", "rpm", t_offset_s + 1.7, 0.0, np.array([1980.0])),
        *temps(2.9, 23.7),
        SamplesAcquired("motor_current", "A", t_offset_s + 3.2, 10000.0, np.full(10000, 0.52)),
        SamplesAcquired("motor_a_speed_rpm", "rpm", t_offset_s + 3.3, 0.0, np.array([2760.0])),
    ]


def test_the_trend_panels_show_every_signal_on_run_time(qtbot):
    from gui.plots import TREND_AXIS, LivePlots

    plots = LivePlots()
    qtbot.addWidget(plots)
    for event in eol_like_events():
        plots.ingest(event)
    plots.redraw()
    x, y = plots.curve_data("motor_current")
    finite = ~np.isnan(y)
    assert x[0] == 0.2 and 4.1 < x[-1] < 4.2 and np.count_nonzero(~finite) == 2  # two waits
    assert set(np.round(y[finite], 2)) == {0.6, 0.45, 0.52}
    x, y = plots.curve_data("motor_a_speed_rpm")
    assert x[0] == 0.25 and y[-1] > 3500
    x, y = plots.curve_data("motor_a_speed_rpm", readings=True)
    assert list(x) == [1.7, 3.3] and list(y) == [1980.0, 2760.0]
    x, y = plots.curve_data("housing_temp", readings=True)
    assert list(x) == [0.02, 1.3, 2.9] and list(y) == [23.5, 23.6, 23.7]
    assert plots.samples_seen("motor_a_speed_rpm") == 82
    windows = {plots.time_window(unit) for unit in plots.trend_plots}
    assert len(windows) == 1  # one run-time axis for the three panels
    (low, high), = windows
    assert low <= 0.0 and 4.1 < high < 4.3  # the whole short run is in view
    assert all(plot.getAxis("bottom").labelText == TREND_AXIS for plot in plots.trend_plots.values())


def test_a_long_run_keeps_the_last_minutes_in_view(qtbot):
    from gui.plots import TREND_WINDOW_S, LivePlots

    plots = LivePlots()
    qtbot.addWidget(plots)
    for event in eol_like_events() + eol_like_events(t_offset_s=1000.0):
        plots.ingest(event)
    plots.redraw()
    for unit in ("A", "rpm", "degC"):
        low, high = plots.time_window(unit)
        assert 1003.0 < high < 1015.0 and low == pytest.approx(high - TREND_WINDOW_S, rel=0.05), unit


def test_the_safety_limit_is_named_above_normal_readings_and_drawn_when_they_near_it(qtbot):
    from gui.plots import LivePlots
    from rig.events import SamplesAcquired

    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.resize(900, 600)
    plots.show()
    plots.set_temperature_limit(70.0)
    for event in eol_like_events():
        plots.ingest(event)
    plots.redraw()
    view = plots.trend_plots["degC"].getViewBox()
    view.updateAutoRange()
    _, (bottom_c, top_c) = view.viewRange()
    assert top_c < 40.0 and bottom_c > 10.0  # ~23 °C readings keep their scale
    assert plots.temperature_limit.showing == "marker"
    assert plots.temperature_limit.marker.toPlainText() == "safety limit 70 °C ↑"
    for t_s, housing_c in ((5.0, 55.0), (6.0, 66.0)):
        plots.ingest(SamplesAcquired("housing_temp", "degC", t_s, 0.0, np.array([housing_c])))
    plots.redraw()
    view.updateAutoRange()
    _, (_, top_c) = view.viewRange()
    assert top_c >= 70.0
    assert plots.temperature_limit.showing == "line"
    assert plots.temperature_limit.line.value() == 70.0
    plots.set_temperature_limit(None)
    assert plots.temperature_limit.showing == ""


def test_a_frame_changes_at_most_two_plots_and_every_panel_gets_its_turn(qtbot):
    """Four heads' captures and three trends arriving together are drawn over several frames, not one."""
    from gui.plots import VIEWS_PER_FRAME, LivePlots
    from rig.events import WaveformCaptured

    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.timer.stop()  # frames drawn here, one by one
    plots.set_head_count(4)
    freqs = np.linspace(0.0, 500.0, 251)
    for event in eol_like_events():
        plots.ingest(event)
    for head in range(1, 5):
        plots.ingest(WaveformCaptured(head, 10_000.0, np.full(500, float(head)), freqs, np.ones(251),
                                      (50.0, 60.0), (1.0, 3.0)))
    assert not plots.drawn_up
    changed = []
    while (views := plots.draw_frame()) > 0:
        changed.append(views)
    assert VIEWS_PER_FRAME == 2 and max(changed) <= VIEWS_PER_FRAME
    assert sum(changed) == 3 + 4 * 2  # every trend panel once, every head's two plots once
    assert len({plots.time_window(unit) for unit in plots.trend_plots}) == 1
    assert [float(head.waveform_curve.getData()[1][0]) for head in plots.heads] == [1.0, 2.0, 3.0, 4.0]
    assert plots.drawn_up and plots.draw_frame() == 0  # nothing new: nothing redrawn


def test_plots_covered_by_the_prompts_are_painted_ahead_a_frame_at_a_time(qtbot):
    # Each axis keeps the picture of its ticks until its range changes: painted while covered,
    # the plots cost half as much to paint as the run screen returns (decision 0038).
    from PySide6.QtWidgets import QLabel, QStackedWidget

    from gui.plots import VIEWS_PER_FRAME, LivePlots

    plots, cover = LivePlots(), QLabel("Place the unit on the fixture.")
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    stack.addWidget(plots)
    stack.addWidget(cover)
    stack.resize(1200, 800)
    plots.timer.stop()  # frames drawn here, one by one
    plots.set_head_count(4)
    stack.show()
    qtbot.waitExposed(stack)
    for event in eol_like_events():
        plots.ingest(event)
    plots.redraw()
    stack.setCurrentWidget(cover)
    plots.clear()
    laid_out = [*plots.trend_plots.values(), *(p for head in plots.heads
                                                for p in (head.waveform_plot, head.spectrum_plot))]

    def unpainted() -> int:
        return sum(plot.getPlotItem().getAxis("left").picture is None for plot in laid_out)

    assert unpainted() == len(laid_out) == 11  # the cleared ranges are not drawn yet
    plots.paint_ahead()
    left = [unpainted()]
    while left[-1] and len(left) < 20:
        assert plots.draw_frame() <= VIEWS_PER_FRAME
        left.append(unpainted())
    assert left == [11, 9, 7, 5, 3, 1, 0]
    stack.setCurrentWidget(plots)  # shown: they paint on screen, none is painted ahead
    for event in eol_like_events():
        plots.ingest(event)
    plots.redraw()
    plots.clear()
    cleared = unpainted()
    plots.paint_ahead()
    assert cleared == 3 and plots.draw_frame() == 0 and unpainted() == cleared  # the trends had data
