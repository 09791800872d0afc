"""The safety watch: thermocouples and supply current read between measurements, all run long."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from instruments.interlock import open_interlock
from instruments.station import Station
from rig.events import Event, SamplesAcquired
from rig.records import RecordWriter
from rig.run_clock import RunClock
from rig.safety import SafetyMonitor
from rig.steps.context import RunAborted

WATCH_INTERVAL_S = 2.0  # instrument seconds between the safety watch's readings during waits
# A watch reading (a four-channel thermocouple scan, about 0.1 s, and a current
# readback) is taken only inside a wait at least this long, so it adds no takt.
WATCH_MIN_WAIT_S = 0.2
WATCH_CURRENT = "supply_current"


def check_cutting_power(station: Station, safety: SafetyMonitor, now_s: float,
                        temperatures_c: Mapping[str, float] | None, current_a: float | None) -> None:
    """Judge readings; over a safety limit open the interlock at once, then raise RunAborted."""
    try:
        safety.check(now_s, temperatures_c=temperatures_c, current_a=current_a)
    except RunAborted as abort:
        # The power goes before the step unwinds, whatever the supply does next.
        cut = open_interlock(station)
        if cut:
            abort.reason = f"{abort.reason}; {cut}"
            abort.args = (abort.reason,)
        raise


class SafetyWatch:
    """Read the thermocouples and the supply current between measurements, for the whole run.

    Every reading goes through the safety interlock, is shown live (one point
    per thermocouple) and kept, to be stored as the run's watch trends.
    """

    def __init__(self, station: Station, safety: SafetyMonitor, clock: RunClock,
                 notify: Callable[[Event], None], interval_s: float = WATCH_INTERVAL_S) -> None:
        self.station, self.safety, self.clock, self.notify = station, safety, clock, notify
        self.interval_s = interval_s
        self.channels = {name: signal.channel for name, signal in station.signals.items()
                         if signal.unit == "degC"}
        self.last_read_s: float | None = None
        self._t_s: dict[str, list[float]] = {}
        self._values: dict[str, list[float]] = {}

    def due(self, now_s: float) -> bool:
        """Return True when no reading was taken yet or the last one is an interval old."""
        return self.last_read_s is None or now_s - self.last_read_s >= self.interval_s

    def read(self, *, with_current: bool = True) -> None:
        """Take one reading now and judge it; raise RunAborted(safety=True) over a limit."""
        temperatures_c = {}
        if self.channels:
            by_channel = self.station.thermometer.read_temperatures_c(tuple(self.channels.values()))
            temperatures_c = {name: by_channel[channel] for name, channel in self.channels.items()}
        current_a = self.station.supply.measure_current() if with_current else None
        now_s = self.clock.now_s()
        self.last_read_s = now_s
        for name, value_c in temperatures_c.items():
            self._keep(name, now_s, value_c)
            self.notify(SamplesAcquired(signal=name, unit="degC", t0_s=now_s, sample_rate_hz=0.0,
                                        values=np.array([value_c])))
        if current_a is not None:
            self._keep(WATCH_CURRENT, now_s, current_a)
        check_cutting_power(self.station, self.safety, now_s, temperatures_c, current_a)

    def first_reading(self, signal: str) -> float | None:
        """Return the first value the watch read of a signal (None when it read none)."""
        values = self._values.get(signal)
        return values[0] if values else None

    def _keep(self, name: str, t_s: float, value: float) -> None:
        self._t_s.setdefault(name, []).append(t_s)
        self._values.setdefault(name, []).append(value)

    def save(self, record: RecordWriter) -> None:
        """Store every watched signal in the record as a trend named ``watch.<signal>``."""
        for name, times_s in self._t_s.items():
            unit = "A" if name == WATCH_CURRENT else "degC"
            record.add_trend(f"watch.{name}", np.array(times_s), np.array(self._values[name]), unit)
