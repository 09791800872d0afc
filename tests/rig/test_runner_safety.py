"""The safety interlock on its own: temperature at once, current only when held."""

from __future__ import annotations

import pytest

from rig.safety import SafetyMonitor
from rig.steps.context import RunAborted


def monitor() -> SafetyMonitor:
    return SafetyMonitor(max_temperature_c=70.0, current_limit_a=3.0, over_current_for_s=1.0)


def test_a_temperature_above_the_limit_aborts_at_once() -> None:
    m = monitor()
    m.check(0.0, temperatures_c={"housing_temp": 70.0})  # at the limit is allowed
    with pytest.raises(RunAborted) as raised:
        m.check(0.1, temperatures_c={"handle_temp": 70.2})
    assert raised.value.safety and "handle_temp at 70.2 degC" in raised.value.reason


def test_current_at_the_limit_aborts_only_when_held_long_enough() -> None:
    m = monitor()
    m.check(10.0, current_a=2.97)  # within readback accuracy of the 3 A clamp
    m.check(10.9, current_a=3.0)
    with pytest.raises(RunAborted, match="held at the 3.00 A limit for 1.00 s"):
        m.check(11.0, current_a=3.0)


def test_a_dip_below_the_limit_restarts_the_count() -> None:
    m = monitor()
    m.check(0.0, current_a=3.0)
    m.check(0.8, current_a=1.0)
    m.check(1.0, current_a=3.0)
    m.check(1.9, current_a=3.0)
    with pytest.raises(RunAborted):
        m.check(2.0, current_a=3.0)
