"""Each motor's own commutation ripple, from the current of two motors in parallel."""

from __future__ import annotations

import numpy as np
import pytest

from rig.analysis import synthetic as syn
from rig.analysis.ripple import motor_ripple_percent, ripple_percent

FS = 10000.0


def two_motor_current(rng, ripple_a: float, ripple_b: float, fa_hz: float, fb_hz: float) -> np.ndarray:
    """Return the supply current of two motors of 0.55 A each with their own ripple."""
    return (syn.motor_current_a(rng, 0.55, ripple_a, fa_hz, FS, 1.0)
            + syn.motor_current_a(rng, 0.55, ripple_b, fb_hz, FS, 1.0, noise_a=0.0))


@pytest.mark.parametrize("fb_hz", [57.0, 58.7, 58.95])  # 6x tones 12, 1.8 and 0.3 Hz apart
def test_a_worn_motor_shows_its_own_ripple_not_one_diluted_by_its_partner(fb_hz):
    rng = np.random.default_rng(11)
    current_a = two_motor_current(rng, 32.0, 8.0, 59.0, fb_hz)
    assert ripple_percent(current_a, FS) < 25.0  # the whole current dilutes motor A's ripple
    ripple_a, ripple_b = motor_ripple_percent(current_a, FS, (59.0, fb_hz))
    assert ripple_a == pytest.approx(32.0, abs=1.0)
    assert ripple_b == pytest.approx(8.0, abs=1.0)


def test_good_motors_read_their_ripple_over_many_captures():
    rng = np.random.default_rng(12)
    worst = 0.0
    for _ in range(30):
        fa_hz = rng.uniform(57.0, 61.0)
        fb_hz = fa_hz + rng.uniform(-0.4, 0.4)
        worst = max(worst, *motor_ripple_percent(two_motor_current(rng, 8.0, 8.0, fa_hz, fb_hz), FS,
                                                 (fa_hz, fb_hz)))
    assert 7.0 < worst < 10.0


def test_tones_too_close_to_separate_read_their_joint_ripple_over_the_whole_current():
    rng = np.random.default_rng(13)
    current_a = two_motor_current(rng, 8.0, 8.0, 59.0, 59.01)  # 6x tones 0.06 Hz apart in 1 s
    joint = motor_ripple_percent(current_a, FS, (59.0, 59.01))
    assert joint[0] == joint[1] <= 8.0 + 0.5  # at most the two ripples in phase: 8 % of the whole
