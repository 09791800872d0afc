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
