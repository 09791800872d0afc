"""The unit physics against BENCH.md's figures for a nominal unit."""

from __future__ import annotations

import numpy as np
import pytest
from sim_model_helpers import Rig, tone_amplitude

from instruments.sim.history import I_SUPPLY, MOTOR_COLUMNS, V_OUT
from instruments.sim.population import Population, nominal_truth

# speed setting volts -> (shaft Hz, amps, g) from BENCH.md
GPM_FIGURES = {7.0: (33.0, 0.44, 0.75), 9.5: (46.0, 0.52, 1.4), 12.0: (59.0, 0.59, 2.3)}


@pytest.mark.parametrize("volts", sorted(GPM_FIGURES))
def test_nominal_general_purpose_unit_gives_the_bench_figures(volts):
    want_hz, want_a, want_g = GPM_FIGURES[volts]
    rig = Rig(nominal_truth("GPM"))
    rig.power(volts, 3.0)
    rig.run_for(2.0)
    speed_hz = rig.speed_hz()
    accel_g = tone_amplitude(rig.heads_g(1.0, 5000.0)[:, 0], 5000.0, speed_hz)
    assert speed_hz == pytest.approx(want_hz, rel=0.03)
    assert rig.current_a() == pytest.approx(want_a, rel=0.03)
    assert accel_g == pytest.approx(want_g, rel=0.05)


def test_nominal_quad_head_draws_about_twice_the_current_at_the_same_speed():
    single = Rig(nominal_truth("GPM"))
    quad = Rig(nominal_truth("QHM"))
    for rig, limit_a in ((single, 3.0), (quad, 3.2)):
        rig.power(12.0, limit_a)
        rig.run_for(2.0)
    assert quad.current_a() / single.current_a() == pytest.approx(2.0, rel=0.03)
    assert quad.speed_hz(motor=0) == pytest.approx(59.0, rel=0.03)
    assert quad.speed_hz(motor=1) == pytest.approx(59.0, rel=0.03)


def _time_to_90_percent(rig: Rig, motor: int = 0) -> float:
    speed = MOTOR_COLUMNS[motor][1]
    s = rig.world.history.at(np.arange(0.0, rig.clock.t_s, 1e-4))
    final = s[-1, speed]
    return float(s[np.argmax(s[:, speed] >= 0.9 * final), 0])


def test_spin_up_reaches_90_percent_speed_in_about_0_15_s():
    rig = Rig(nominal_truth("GPM"))
    rig.power(12.0, 3.0)
    rig.run_for(1.0)
    assert 0.12 <= _time_to_90_percent(rig) <= 0.18


def test_quad_head_spins_up_within_its_limit():
    rig = Rig(nominal_truth("QHM"))
    rig.power(12.0, 3.2)
    rig.run_for(1.5)
    assert 0.15 < _time_to_90_percent(rig) < 0.6
    assert 0.15 < _time_to_90_percent(rig, motor=1) < 0.6


def test_inrush_is_clamped_at_the_current_limit_and_the_voltage_sags():
    rig = Rig(nominal_truth("GPM"))
    rig.power(12.0, 3.0)
    rig.run_for(0.05)
    inrush = rig.world.history.at(np.arange(0.001, 0.05, 1e-4))
    assert inrush[:, I_SUPPLY].max() == pytest.approx(3.0, abs=1e-3)
    assert inrush[:, V_OUT].min() < 6.0  # constant current: far below the 12 V set
    rig.run_for(1.0)
    assert rig.terminal_v(0.2).min() == pytest.approx(12.0)  # back in constant voltage


def test_fifteen_minutes_at_high_speed_heats_each_point_by_the_bench_figures():
    rig = Rig(nominal_truth("GPM"))
    rig.power(12.0, 3.0)
    for _ in range(90):
        rig.run_for(10.0)
    temps = rig.world.temperatures_c()
    rise = {point: temps[point] - temps["ambient"] for point in ("housing", "handle", "head")}
    assert rise["housing"] == pytest.approx(22.0, abs=2.0)
    assert rise["handle"] == pytest.approx(8.0, abs=1.0)
    assert rise["head"] == pytest.approx(13.0, abs=1.5)


def test_resistance_rises_with_housing_temperature_and_slows_the_motor_slightly():
    rig = Rig(nominal_truth("GPM"))
    rig.power(12.0, 3.0)
    rig.run_for(2.0)
    cold_hz = rig.speed_hz()
    for _ in range(60):
        rig.run_for(10.0)
    assert rig.speed_hz() < cold_hz
    assert rig.speed_hz() > 0.98 * cold_hz


def _predicted_speed_rad_s(p: dict[str, float], suffix: str, volts: float = 12.0) -> float:
    r, k, i0, b = p[f"R25{suffix}"], p[f"Ke{suffix}"], p[f"I0{suffix}"], p[f"b{suffix}"]
    return (volts - i0 * r) / (k + b * r / k)


def test_quad_head_motors_beat_on_every_head():
    population = Population(2026, 0.0)
    for number in range(200):  # a unit whose pair is a fraction of a hertz apart
        truth = population.truth("QHM", f"QHM-{number:06d}")
        gap_hz = abs(_predicted_speed_rad_s(truth.params, "") - _predicted_speed_rad_s(truth.params, "_b")) / (2 * np.pi)
        if 0.4 < gap_hz < 1.5:
            break
    rig = Rig(truth)
    rig.power(12.0, 3.2)
    rig.run_for(6.0)
    assert abs(rig.speed_hz(motor=0) - rig.speed_hz(motor=1)) == pytest.approx(gap_hz, rel=0.2)
    heads = rig.heads_g(4.0, 2000.0)
    for head in range(4):
        windows = heads[:, head].reshape(-1, 100)  # 50 ms windows
        envelope = np.sqrt(2) * windows.std(axis=1)
        assert envelope.max() / envelope.min() > 1.5, f"head {head + 1} shows no beat"
