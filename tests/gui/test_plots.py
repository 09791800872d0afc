"""The plot buffers: fast signals become an envelope that keeps peaks; the ring keeps the latest."""

from __future__ import annotations

import numpy as np

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


def test_speed_panel_gets_one_point_per_step_from_the_fundamental(qtbot):
    from gui.plots import LivePlots
    from rig.events import MeasurementMade
    from rig.model import Measurement, Verdict

    plots = LivePlots()
    qtbot.addWidget(plots)
    for step, hz in (("low", 33.0), ("high", 59.0)):
        plots.ingest(MeasurementMade(Measurement(f"{step}.fundamental", hz, "Hz", 1, 99, Verdict.PASS, step)))
        plots.ingest(MeasurementMade(Measurement(f"{step}.current", 0.5, "A", 0, 1, Verdict.PASS, step)))
    plots.redraw()
    x, y = plots.curve_data("speed by step")
    assert list(x) == [1.0, 2.0] and list(y) == [1980.0, 3540.0]
