"""DAQ starts and supply changes keep their wall-clock spacing at any time scale."""

from __future__ import annotations

import pytest

from instruments.sim.daq_sync import WINDOW_WALL_S, DaqStartSync


def test_at_time_scale_one_nothing_moves():
    sync = DaqStartSync(1.0)
    assert sync.start_s("vibration_daq", 10.000) == 10.000
    assert sync.start_s("current_daq", 10.001) == 10.001
    sync.supply_changed(10.002)
    assert sync.t0_s("vibration_daq") == pytest.approx(10.000)
    assert sync.t0_s("current_daq") == pytest.approx(10.001)


def test_a_second_start_keeps_the_wall_clock_skew():
    sync = DaqStartSync(200.0)
    sync.start_s("vibration_daq", 10.0)
    # 1 ms of wall time later: 0.2 s simulated, but the line's skew is 1 ms.
    assert sync.start_s("current_daq", 10.2) == pytest.approx(10.001)


def test_a_supply_change_pulls_unread_starts_to_their_wall_clock_gap_before_it():
    sync = DaqStartSync(200.0)
    sync.start_s("vibration_daq", 10.0)
    sync.start_s("current_daq", 10.2)
    sync.supply_changed(10.6)  # 2 ms of wall time after the first start
    assert sync.t0_s("vibration_daq") == pytest.approx(10.6 - 0.003)
    assert sync.t0_s("current_daq") == pytest.approx(10.6 - 0.002)


def test_read_or_distant_acquisitions_stay_where_they_began():
    sync = DaqStartSync(200.0)
    sync.start_s("vibration_daq", 10.0)
    sync.read("vibration_daq")
    assert sync.start_s("current_daq", 10.2) == 10.2  # the other capture was already read
    assert sync.t0_s("vibration_daq") is None
    later_s = 10.2 + 2 * WINDOW_WALL_S * 200.0
    sync.supply_changed(later_s)  # too long after: a separate action
    assert sync.t0_s("current_daq") == 10.2
    assert sync.start_s("vibration_daq", later_s) == later_s
