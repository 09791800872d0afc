"""The run's safety interlock: over-temperature and sustained over-current abort the run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rig.steps.context import RunAborted

# A supply in constant-current mode reads back its limit only to within its
# readback accuracy (a DP832 reads 2.99x A at a 3 A clamp), so "at the limit"
# allows this share below it.
AT_LIMIT_FRACTION = 0.98


@dataclass
class SafetyMonitor:
    """Judge readings against the spec's safety limits; remember how long the current sat at its limit."""

    max_temperature_c: float
    current_limit_a: float
    over_current_for_s: float
    _at_limit_since_s: float | None = None

    def check(self, now_s: float, *, temperatures_c: Mapping[str, float] | None = None,
              current_a: float | None = None) -> None:
        """Raise RunAborted(safety=True) when a limit is crossed; ``now_s`` is run time."""
        for point, value_c in (temperatures_c or {}).items():
            if value_c > self.max_temperature_c:
                raise RunAborted(
                    f"safety: {point} at {value_c:.1f} degC is above {self.max_temperature_c:.1f} degC",
                    safety=True)
        if current_a is None:
            return
        if current_a < self.current_limit_a * AT_LIMIT_FRACTION:
            self._at_limit_since_s = None
            return
        if self._at_limit_since_s is None:
            self._at_limit_since_s = now_s
        held_s = now_s - self._at_limit_since_s
        if held_s >= self.over_current_for_s:
            raise RunAborted(
                f"safety: current {current_a:.3f} A held at the {self.current_limit_a:.2f} A limit "
                f"for {held_s:.2f} s (allowed {self.over_current_for_s:.2f} s)", safety=True)
