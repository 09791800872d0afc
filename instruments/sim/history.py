"""A ring buffer of the model's state over time, read back by interpolation."""

from __future__ import annotations

import numpy as np

# Columns of a history row.
T, V_OUT, I_SUPPLY = 0, 1, 2
MOTOR_COLUMNS = ((3, 4, 5), (6, 7, 8))  # (current, speed, shaft angle) of motors A and B
N_COLUMNS = 9


class History:
    """The last ``capacity`` model steps; any recent instant can be interpolated."""

    def __init__(self, capacity: int = 1 << 18) -> None:
        self._rows = np.zeros((capacity, N_COLUMNS))
        self._capacity = capacity
        self._count = 0  # rows ever written

    def append(self, rows: list[tuple[float, ...]]) -> None:
        """Append rows in time order."""
        if not rows:
            return
        block = np.asarray(rows, dtype=float)[-self._capacity:]
        start = self._count % self._capacity
        first = min(len(block), self._capacity - start)
        self._rows[start:start + first] = block[:first]
        self._rows[: len(block) - first] = block[first:]
        self._count += len(rows)

    def last(self) -> np.ndarray:
        """Return the newest row (zeros before any step)."""
        if self._count == 0:
            return np.zeros(N_COLUMNS)
        return self._rows[(self._count - 1) % self._capacity].copy()

    def ordered(self, t0_s: float, t1_s: float) -> np.ndarray:
        """Return the rows covering [t0_s, t1_s] in time order, with one row either side."""
        held = min(self._count, self._capacity)
        if held == 0:
            return np.zeros((1, N_COLUMNS))
        start = (self._count - held) % self._capacity
        times = np.concatenate((self._rows[start:held, T], self._rows[: start if held == self._capacity else 0, T]))
        lo = max(0, int(np.searchsorted(times, t0_s, side="right")) - 1)
        hi = min(held, int(np.searchsorted(times, t1_s, side="left")) + 1)
        index = (start + np.arange(lo, max(hi, lo + 1))) % self._capacity
        return self._rows[index]

    def at(self, t_s: np.ndarray) -> np.ndarray:
        """Return the state interpolated at each time, shape (len(t_s), N_COLUMNS).

        Past the newest row the state is held and the shaft angles run on at
        the last speed: the model lags "now" by at most one (steady) step.
        """
        t_s = np.asarray(t_s, dtype=float)
        if t_s.size == 0:
            return np.zeros((0, N_COLUMNS))
        rows = self.ordered(float(t_s.min()), float(t_s.max()))
        out = np.empty((t_s.size, N_COLUMNS))
        for column in range(N_COLUMNS):
            out[:, column] = np.interp(t_s, rows[:, T], rows[:, column])
        out[:, T] = t_s
        beyond = np.maximum(t_s - rows[-1, T], 0.0)
        for _, speed, angle in MOTOR_COLUMNS:
            out[:, angle] += beyond * rows[-1, speed]
        return out

    def mean(self, t0_s: float, t1_s: float, column: int, points: int = 64) -> float:
        """Return the average of one column over [t0_s, t1_s]."""
        return float(np.mean(self.at(np.linspace(t0_s, t1_s, points))[:, column]))
