"""The production population: deterministic per seed, with about the asked share of defects."""

from __future__ import annotations

from collections import Counter

import pytest

from instruments.sim.defects import DEFECTS
from instruments.sim.population import Population


def test_a_serial_maps_to_the_same_unit_for_a_seed():
    first = Population(2026, 0.12).truth("GPM", "GPM-000042")
    again = Population(2026, 0.12).truth("GPM", "GPM-000042")
    other_seed = Population(2027, 0.12).truth("GPM", "GPM-000042")
    assert first == again
    assert first.params != other_seed.params


def test_units_spread_like_production():
    population = Population(2026, 0.0)
    r25 = [population.truth("GPM", f"GPM-{n:06d}").params["R25"] for n in range(400)]
    mean = sum(r25) / len(r25)
    sigma = (sum((r - mean) ** 2 for r in r25) / len(r25)) ** 0.5
    assert mean == pytest.approx(1.6, rel=0.01)
    assert sigma / mean == pytest.approx(0.03, rel=0.2)


def test_quad_head_motors_are_a_matched_pair():
    population = Population(2026, 0.0)
    ratios = []
    for n in range(300):
        p = population.truth("QHM", f"QHM-{n:06d}").params
        ratios.append(p["R25_b"] / p["R25"] - 1)
    sigma = (sum(r * r for r in ratios) / len(ratios)) ** 0.5
    assert sigma == pytest.approx(0.005, rel=0.2)


@pytest.mark.parametrize("product", ["GPM", "QHM"])
def test_defect_share_is_about_right_and_every_applicable_defect_occurs(product):
    population = Population(2026, 0.12)
    counts = Counter()
    for n in range(3000):
        counts.update(population.truth(product, f"X-{n:06d}").defects or ("good",))
    share = 1 - counts["good"] / 3000
    assert 0.10 < share < 0.14
    expected = set(DEFECTS) if product == "QHM" else set(DEFECTS) - {"dead_motor_b"}
    assert set(counts) - {"good"} == expected


def test_forcing_a_defect_keeps_the_units_spread():
    population = Population(2026, 0.12)
    good = population.truth("GPM", "GPM-000007")
    population.force_defect("GPM-000007", "weak_magnet")
    bad = population.truth("GPM", "GPM-000007")
    assert bad.defects == ("weak_magnet",)
    assert bad.params["Ke"] == pytest.approx(0.85 * good.params["Ke"])
    assert bad.params["R25"] == good.params["R25"]
    population.force_defect("GPM-000007", "none")
    assert population.truth("GPM", "GPM-000007").defects == ()


def test_unknown_names_are_refused():
    population = Population(2026, 0.12)
    with pytest.raises(ValueError):
        population.force_defect("GPM-1", "gremlins")
    with pytest.raises(ValueError):
        population.truth("percussion", "GPM-1")
    population.force_defect("GPM-1", "dead_motor_b")
    with pytest.raises(ValueError):
        population.truth("GPM", "GPM-1")
