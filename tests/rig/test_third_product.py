"""A third product from a spec file and one simulator design entry alone, on the real bench.

The Mini (model MINI: one motor, one head, 5 / 6.5 / 8 V) is known to the rig
only by tests/rig/products/mini.yaml and to the simulated bench only by its
entry in instruments/sim/products.py: no table of products anywhere else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from instruments.sim.products import design
from instruments.station import Station
from rig.certificates.content import read_product
from rig.model import RunRequest, Verdict
from rig.records import read_record
from rig.runner import run_unit
from rig.specs import load_spec
from tests.sim_station import bench_fixtures

MINI_SPEC = Path(__file__).resolve().parent / "products" / "mini.yaml"
GOOD = RunRequest(serial="MINI-000101", product="mini", operator="test")

station, bench = bench_fixtures(20.0, GOOD.serial)


def test_the_mini_spec_states_its_own_shape_and_certificate() -> None:
    spec = load_spec(MINI_SPEC)
    assert (spec.product, spec.model, spec.motors, spec.heads) == ("mini", "MINI", 1, 1)
    assert spec.operating_points == {"low": 5.0, "medium": 6.5, "high": 8.0}
    assert spec.key_measurements == ("high.fundamental", "high.head1_accel")


def test_the_minis_design_says_which_defects_it_can_carry() -> None:
    assert "dead_motor_b" not in design("MINI").defects  # it has no motor B
    assert "dead_motor_b" in design("QHM").defects


def test_a_good_mini_passes_end_of_line(station: Station, bench, tmp_path: Path) -> None:
    summary = run_unit(station, load_spec(MINI_SPEC), GOOD, records_dir=tmp_path)
    assert summary.verdict is Verdict.PASS, summary.failed_measurements or summary.error
    assert station.fixture.loaded() == ("mini", GOOD.serial)  # by product id, as BENCH.md has it
    values = {m.name: m.value for m in summary.measurements}
    assert 55.0 < values["high.fundamental"] < 65.0 and 1.6 < values["high.head1_accel"] < 2.9
    assert values["low.fundamental"] < values["medium.fundamental"] < values["high.fundamental"]
    assert read_product(Path(summary.record_path)).key_measurements == ("high.fundamental",
                                                                        "high.head1_accel")
    assert not bench.supply_output_on


def test_a_mini_with_a_weak_magnet_fails_on_its_speed(station: Station, bench,
                                                     tmp_path: Path) -> None:
    serial = "MINI-000102"
    bench.force_defect(serial, "weak_magnet")  # Ke -15 %: it runs about 17 % fast
    summary = run_unit(station, load_spec(MINI_SPEC), RunRequest(serial, "mini"),
                       records_dir=tmp_path)
    assert summary.verdict is Verdict.FAIL, summary.error
    failed = {m.name.split(".")[1] for m in summary.failed_measurements}
    assert "fundamental" in failed
    assert read_record(summary.record_path).summary.verdict is Verdict.FAIL
    assert not bench.supply_output_on


def test_a_mini_cannot_be_given_a_defect_of_a_two_motor_product(station: Station, bench) -> None:
    bench.force_defect("MINI-000103", "dead_motor_b")
    with pytest.raises(ValueError, match="cannot carry dead_motor_b"):
        bench.truth("MINI", "MINI-000103")
    bench.force_defect("MINI-000103", "none")
