"""A signal's recent history, kept as a min/max envelope so a frame draws a few thousand points."""

from __future__ import annotations

import numpy as np

DISPLAY_BUCKETS_PER_S = 500  # fast signals are kept as min/max per 2 ms: 1000 points/s
TREND_CAPACITY = 30_000  # points kept per signal: 30 s of a fast signal


class TrendBuffer:
    """The recent history of one signal, kept as a min/max envelope for drawing.

    Fast signals (current at 20 kSa/s, an accelerometer at 50 kSa/s) are cut
    into buckets of ``1 / DISPLAY_BUCKETS_PER_S`` and kept as each bucket's
    minimum and maximum, so a frame draws a few thousand points whatever the
    rate, and peaks (inrush, spikes) still show. Slow signals are kept as is.
    """

    def __init__(self, capacity: int = TREND_CAPACITY) -> None:
        self._t = np.empty(capacity)
        self._y = np.empty(capacity)
        self._start = 0
        self._count = 0
        self._end_s = float("-inf")  # run time just after the last chunk's last sample
        self.samples_seen = 0

    def append(self, t0_s: float, sample_rate_hz: float, values: np.ndarray) -> None:
        """Add a chunk of evenly spaced samples starting at ``t0_s`` (a rate of 0: one reading).

        Chunks arrive in run time. One that starts before the kept data ends
        belongs to a new clock (a new run): it replaces what was kept. A fast
        chunk that starts after a gap is drawn apart from the one before (a
        NaN point breaks the line), so no line crosses a wait between captures.
        """
        values = np.asarray(values, dtype=float).ravel()
        self.samples_seen += len(values)
        if self._count and t0_s < self.last_t_s:
            self._start = self._count = 0
        period_s = 1.0 / sample_rate_hz if sample_rate_hz > 0 else 0.0
        if self._count and period_s and t0_s > self._end_s + 1.5 * period_s:
            self._put(np.array([t0_s]), np.array([np.nan]))
        self._end_s = t0_s + len(values) * period_s
        times, values = _envelope(t0_s, sample_rate_hz, values)
        self._put(times[-len(self._y):], values[-len(self._y):])

    @property
    def last_t_s(self) -> float:
        """Return the run time of the latest kept point (-inf when empty)."""
        if not self._count:
            return float("-inf")
        return float(self._t[(self._start + self._count - 1) % len(self._t)])

    def _put(self, times: np.ndarray, values: np.ndarray) -> None:
        n, capacity = len(values), len(self._y)
        end = (self._start + self._count) % capacity
        first = min(n, capacity - end)
        self._t[end:end + first], self._y[end:end + first] = times[:first], values[:first]
        self._t[:n - first], self._y[:n - first] = times[first:], values[first:]
        overflow = max(0, self._count + n - capacity)
        self._start = (self._start + overflow) % capacity
        self._count = min(capacity, self._count + n)

    def view(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the kept points in time order."""
        index = (self._start + np.arange(self._count)) % len(self._y)
        return self._t[index], self._y[index]


def _envelope(t0_s: float, sample_rate_hz: float, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Reduce a chunk to min/max pairs per display bucket (unchanged when already slow)."""
    if sample_rate_hz <= 0:
        return np.full(len(values), t0_s), values
    per_bucket = int(sample_rate_hz // DISPLAY_BUCKETS_PER_S)
    times = t0_s + np.arange(len(values)) / sample_rate_hz
    if per_bucket < 4 or len(values) < 2 * per_bucket:
        return times, values
    buckets = len(values) // per_bucket
    shaped = values[:buckets * per_bucket].reshape(buckets, per_bucket)
    bucket_t = times[:buckets * per_bucket:per_bucket]
    half_s = 0.5 * per_bucket / sample_rate_hz
    t = np.column_stack((bucket_t, bucket_t + half_s)).ravel()
    y = np.column_stack((shaped.min(axis=1), shaped.max(axis=1))).ravel()
    rest_t, rest_y = times[buckets * per_bucket:], values[buckets * per_bucket:]
    return np.concatenate((t, rest_t)), np.concatenate((y, rest_y))
