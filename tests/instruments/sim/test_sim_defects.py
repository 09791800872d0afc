"""Each defect moves what BENCH.md says it moves, compared with the unit's good twin.

The twin is the same serial forced good: same production spread, no defect.
"""

from __future__ import annotations

import numpy as np
import pytest
from sim_model_helpers import Rig, tone_amplitude

from instruments.sim.population import Population

SERIAL = "UNIT-000321"
RATE_HZ = 10000.0


def twins(defect: str, product: str = "GPM") -> tuple[Rig, Rig]:
    """Return (good twin, defective unit), both running at 12 V for 3 s."""
    rigs = []
    for forced in ("none", defect):
        population = Population(2026, 0.0)
        population.force_defect(SERIAL, forced)
        rig = Rig(population.truth(product, SERIAL), population)
        rig.power(12.0, 3.2 if product == "QHM" else 3.0)
        rig.run_for(3.0)
        rigs.append(rig)
    return rigs[0], rigs[1]


def harmonic(rig: Rig, order: float, head: int = 0) -> float:
    signal = rig.heads_g(2.0, RATE_HZ)[:, head]
    return tone_amplitude(signal, RATE_HZ, order * rig.speed_hz())


def housing_rise_k(rig: Rig, span_s: float = 300.0) -> float:
    for _ in range(int(span_s / 10)):
        rig.run_for(10.0)
    temps = rig.world.temperatures_c()
    return temps["housing"] - temps["ambient"]


def test_weak_magnet_runs_faster_and_draws_more_current():
    good, bad = twins("weak_magnet")
    assert bad.speed_hz() > 1.1 * good.speed_hz()
    assert bad.current_a() > 1.1 * good.current_a()


def test_bearing_wear_draws_more_current_and_adds_a_tone_and_broadband():
    good, bad = twins("bearing_wear")
    assert bad.current_a() > 1.3 * good.current_a()
    ratio = bad.world.unit.truth.params["bearing_ratio"]
    assert harmonic(bad, ratio) > 0.1 * harmonic(bad, 1)
    assert harmonic(good, ratio) < 0.01 * harmonic(good, 1)

    def floor(rig):  # the noise floor: the median spectrum bin above every line
        signal = rig.heads_g(2.0, RATE_HZ)[:, 0]
        spectrum = np.abs(np.fft.rfft(signal * np.hanning(len(signal))))
        return np.median(spectrum[np.fft.rfftfreq(len(signal), 1 / RATE_HZ) > 1000.0])

    assert floor(bad) / floor(good) == pytest.approx(4.0, rel=0.25)


def test_shorted_turns_run_faster_draw_more_and_run_hotter():
    good, bad = twins("shorted_turns")
    assert bad.speed_hz() > 1.05 * good.speed_hz()
    assert bad.current_a() > 1.2 * good.current_a()
    assert housing_rise_k(bad) > 1.2 * housing_rise_k(good)


def test_brush_wear_quadruples_the_ripple_and_adds_spikes():
    good, bad = twins("brush_wear")

    def ripple_pp(rig):
        current = rig.probe_a(2.0, RATE_HZ)
        return 2 * tone_amplitude(current, RATE_HZ, 6 * rig.speed_hz()) / current.mean()

    def spikes(rig):
        current = rig.probe_a(2.0, RATE_HZ)
        return int(np.sum(current > 1.25 * current.mean()))

    assert ripple_pp(good) == pytest.approx(0.08, rel=0.1)
    assert ripple_pp(bad) == pytest.approx(0.32, rel=0.1)
    assert spikes(good) == 0
    assert spikes(bad) > 0


def test_loose_eccentric_moves_the_amplitude_by_40_percent_and_raises_higher_harmonics():
    good, bad = twins("loose_eccentric")
    ratio = harmonic(bad, 1) / harmonic(good, 1)
    assert min(abs(ratio - 0.6), abs(ratio - 1.4)) < 0.05
    for order in (3, 4, 5):
        relative_bad = harmonic(bad, order) / harmonic(bad, 1)
        relative_good = harmonic(good, order) / harmonic(good, 1)
        assert relative_bad / relative_good == pytest.approx(10.0, rel=0.2)


def test_misalignment_raises_the_second_harmonic_by_20_db():
    good, bad = twins("misalignment")
    gain_db = 20 * np.log10(harmonic(bad, 2) / harmonic(good, 2))
    assert gain_db == pytest.approx(20.0, abs=1.0)
    assert 20 * np.log10(harmonic(good, 2) / harmonic(good, 1)) == pytest.approx(-30.0, abs=1.0)


def test_blocked_vent_runs_hot():
    good, bad = twins("blocked_vent")
    assert housing_rise_k(bad) == pytest.approx(1.6 * housing_rise_k(good), rel=0.03)


def test_dead_motor_b_halves_the_current_and_weakens_heads_3_and_4():
    good, bad = twins("dead_motor_b", product="QHM")
    assert bad.current_a() == pytest.approx(0.5 * good.current_a(), rel=0.05)
    heads = [harmonic(bad, 1, head) for head in range(4)]
    assert max(heads[2:]) < 0.4 * min(heads[:2])


def test_seized_rotor_stands_still_at_the_current_limit_and_trips_an_armed_ocp():
    good, bad = twins("seized_rotor")
    assert bad.speed_hz() == 0.0
    assert bad.current_a() == pytest.approx(3.0, abs=0.01)
    for rig in (good, bad):
        rig.world.change_supply(output_on=False)
        rig.run_for(1.0)
        rig.power(12.0, 3.0, ocp_a=3.0, ocp_armed=True)
        rig.run_for(1.0)
    assert bad.world.supply.ocp_tripped and not bad.world.supply.output_on
    assert not good.world.supply.ocp_tripped and good.world.supply.output_on


def test_intermittent_cord_drops_the_motor_out_within_a_few_seconds():
    good, bad = twins("intermittent_cord")

    def longest_dropout_s(rig):
        current = rig.states(3.0, 1000.0)[:, 2]
        dead = np.concatenate(([0], (current < 0.05).astype(int), [0]))
        edges = np.flatnonzero(np.diff(dead))
        return max(np.diff(edges)[::2], default=0) / 1000.0

    assert longest_dropout_s(good) == 0.0
    bad.run_for(1.0)
    assert 0.04 <= longest_dropout_s(bad) <= 0.21


def test_wear_out_drifts_the_current_over_a_durability_run():
    good, bad = twins("wear_out")

    def drift(rig):
        first = rig.current_a(1.0)
        for _ in range(180):
            rig.run_for(10.0)
        return rig.current_a(1.0) / first - 1

    assert drift(bad) > 0.15
    assert abs(drift(good)) < 0.03


def test_wear_out_ages_both_motors_of_a_quad_head():
    good, bad = twins("wear_out", "QHM")
    params = bad.world.unit.truth.params
    assert params["wear_i0_per_h"] == params["wear_i0_per_h_b"] > 0.0
    assert params["wear_ripple_per_h"] == params["wear_ripple_per_h_b"] > 0.0

    def drift(rig):
        first = rig.current_a(1.0)
        for _ in range(180):
            rig.run_for(10.0)
        return rig.current_a(1.0) / first - 1

    assert drift(bad) > 0.15  # both motors' friction grows: not diluted by a fresh motor B
    assert abs(drift(good)) < 0.03
