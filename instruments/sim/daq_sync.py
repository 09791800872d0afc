"""Keep DAQ starts and supply changes as far apart as on the line, whatever the time scale.

A spin-up capture starts the vibration DAQ, then the current DAQ, then
switches the supply on: three commands, one after the other. On the line each
follows the one before by its round trip, a millisecond or two. The simulated
clock runs ``time_scale`` times faster than the wall clock, so the same round
trips would put the second capture and the switch-on ``time_scale`` times
further on (about 0.1 s and 0.3 s at time scale 200): the spin-up read from
the current's switch-on and the heads' speed would then depend on the time
scale, and a late switch-on could fall outside the capture.

So a DAQ start that follows the other DAQ's unread acquisition within a short
wall-clock window begins that wall-clock gap after it; and a supply change
(output or voltage) that follows unread acquisitions within the window moves
their starts to that wall-clock gap before the change. At time scale 1
nothing moves. Samples are synthesised from the model's history as simulated
time passes, so a start moved into the past or the future is served exactly;
only acquisitions not yet complete and not yet read are moved, so no reader
sees one change.
"""

from __future__ import annotations

from dataclasses import dataclass

WINDOW_WALL_S = 0.05  # commands further apart than this are separate actions


@dataclass
class _Start:
    arrived_s: float  # simulated instant the start command arrived
    t0_s: float  # simulated instant the acquisition begins
    unread: bool = True


class DaqStartSync:
    """When each DAQ's acquisition begins, relative to the other DAQ and to supply changes."""

    def __init__(self, time_scale: float) -> None:
        self.time_scale = float(time_scale)
        self._starts: dict[str, _Start] = {}

    def start_s(self, daq: str, now_s: float) -> float:
        """Return when an acquisition that ``daq`` starts at simulated ``now_s`` begins, and note it."""
        t0_s = now_s
        for name, other in self._starts.items():
            gap_wall_s = self._gap_wall_s(other, now_s)
            if name != daq and gap_wall_s is not None:
                t0_s = min(t0_s, other.t0_s + gap_wall_s)
        self._starts[daq] = _Start(now_s, t0_s)
        return t0_s

    def supply_changed(self, now_s: float) -> None:
        """Move the unread starts just before this change to their wall-clock gap before it."""
        for start in self._starts.values():
            gap_wall_s = self._gap_wall_s(start, now_s)
            if gap_wall_s is not None:
                start.t0_s = now_s - gap_wall_s

    def t0_s(self, daq: str) -> float | None:
        """Return when ``daq``'s unread acquisition begins now (None once it has been read)."""
        start = self._starts.get(daq)
        return start.t0_s if start is not None and start.unread else None

    def read(self, daq: str) -> None:
        """Note that ``daq``'s acquisition has been read (or ended): it no longer moves."""
        start = self._starts.get(daq)
        if start is not None:
            start.unread = False

    def _gap_wall_s(self, start: _Start, now_s: float) -> float | None:
        gap_wall_s = (now_s - start.arrived_s) / self.time_scale
        return gap_wall_s if start.unread and 0.0 <= gap_wall_s < WINDOW_WALL_S else None
