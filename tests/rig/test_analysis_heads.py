"""Per-head levels and motor frequencies, including the quad head's beating motors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rig.analysis import synthetic as syn
from rig.analysis.heads import analyse_heads, decouple_heads

FS = 10000.0
COUPLING = 0.3


@pytest.fixture
def rng():
    return np.random.default_rng(7)


def expected_head_levels(own):
    return [math.hypot(own[h], COUPLING * own[(h + 2) % 4]) for h in range(4)]


def test_single_head_level_frequency_and_harmonics(rng):
    x = syn.vibration_g(rng, 59.3, 2.3, FS, 1.0, second_db=-30.0)
    result = analyse_heads(x[:, None], FS, motors=1, coupling=0.0)
    assert result.fundamental_hz == pytest.approx(59.3, abs=0.01)
    assert result.head_g[0] == pytest.approx(2.3, rel=0.01)
    assert result.second_harmonic_db == pytest.approx(-30.0, abs=0.5)
    assert result.turning


def test_quad_levels_do_not_depend_on_where_the_capture_falls_in_the_beat(rng):
    worst_level, worst_hz = 0.0, 0.0
    for _ in range(25):
        fa = rng.uniform(55.0, 63.0)
        fb = fa + rng.uniform(-0.8, 0.8)
        own = rng.uniform(0.9, 1.6, 4)
        heads = syn.quad_heads_g(rng, fa, fb, own, COUPLING, FS, rng.uniform(1.0, 2.0))
        result = analyse_heads(heads, FS, motors=2, coupling=COUPLING)
        expected = expected_head_levels(own)
        worst_level = max(worst_level, np.max(np.abs(np.subtract(result.head_g, expected)) / expected))
        worst_hz = max(worst_hz, abs(result.motor_hz[0] - fa), abs(result.motor_hz[1] - fb))
    assert worst_level < 0.01
    assert worst_hz < 0.05


def test_a_naive_peak_of_the_raw_head_would_swing_with_the_beat(rng):
    # The reason for decoupling: the raw head's 1x level over one short capture
    # moves with the beat phase, far beyond what the decoupled level does.
    own = [1.3, 1.3, 1.3, 1.3]
    long = syn.quad_heads_g(rng, 59.0, 59.25, own, COUPLING, FS, 5.0)  # one beat lasts 4 s
    naive = []
    for start_s in np.arange(0.0, 4.0, 0.5):
        heads = long[int(start_s * FS):int((start_s + 1.0) * FS)]
        window = np.hanning(heads.shape[0])
        naive.append(np.abs(np.fft.rfft(heads[:, 0] * window)).max() * 2 / window.sum())
        result = analyse_heads(heads, FS, motors=2, coupling=COUPLING)
        assert result.head_g[0] == pytest.approx(expected_head_levels(own)[0], rel=0.01)
    assert (max(naive) - min(naive)) / np.mean(naive) > 0.2


def test_motor_split_and_balance(rng):
    own = [1.4, 1.4, 1.0, 1.0]
    heads = syn.quad_heads_g(rng, 58.0, 59.5, own, COUPLING, FS, 2.0)
    result = analyse_heads(heads, FS, motors=2, coupling=COUPLING)
    assert result.motor_split_hz == pytest.approx(1.5, abs=0.02)
    levels = expected_head_levels(own)
    expected = max(abs(v - np.mean(levels)) for v in levels) / np.mean(levels) * 100
    assert result.balance_percent == pytest.approx(expected, abs=0.5)


def test_dead_motor_b_leaves_heads_three_and_four_with_only_the_coupled_share(rng):
    heads = syn.quad_heads_g(rng, 59.0, 59.3, [1.3, 1.3, 0.0, 0.0], COUPLING, FS, 2.0)
    result = analyse_heads(heads, FS, motors=2, coupling=COUPLING)
    assert result.head_g[2] == pytest.approx(0.3 * 1.3, rel=0.02)
    assert result.own_g[2] < 0.02
    assert not result.turning


def test_decoupling_recovers_each_motor_exactly():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(2, 500))
    heads = np.column_stack([a + COUPLING * b, 0.8 * a + COUPLING * b, b + COUPLING * a, b + COUPLING * 0.8 * a])
    own = decouple_heads(heads, motors=2, coupling=COUPLING)
    np.testing.assert_allclose(own[:, 0], a, atol=1e-12)
    np.testing.assert_allclose(own[:, 2], b, atol=1e-12)


def test_a_still_unit_is_not_turning(rng):
    noise = rng.normal(0, 0.005, (10000, 1))
    assert not analyse_heads(noise, FS, motors=1, coupling=0.0).turning
