"""The spec loader: the committed product specs, lookups, and the malformed-file corpus."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from rig.model import Limits, Verdict
from rig.specs import SpecError, load_spec, load_spec_text

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).with_name("spec_corpus")
EXPECTED: dict[str, str] = yaml.safe_load((CORPUS / "expected.yaml").read_text())


def test_general_purpose_spec_loads_with_its_values():
    path = ROOT / "specs" / "general-purpose.yaml"
    spec = load_spec(path)
    assert (spec.product, spec.model, spec.revision, spec.motors, spec.heads) == ("general-purpose", "GPM", 1, 1, 1)
    assert spec.operating_points == {"low": 7.0, "medium": 9.5, "high": 12.0}
    assert spec.supply_current_limit_a == 3.0
    assert spec.safety.max_temperature_c == 70.0 and spec.safety.over_current_for_s == 1.0
    assert (spec.retest.allowed, spec.retest.then) == (1, "repair")
    assert spec.sequence("eol").step_ids == ("spin_up", "low", "medium", "high")
    assert spec.sequence("sample").stop_on_fail is True
    assert spec.limits("high.fundamental") == Limits(55.0, 63.0, "Hz")
    assert spec.limits("spin_up.spin_up_time") == Limits(None, 0.4, "s")
    assert spec.steps["high"].operating_point_v == 12.0
    assert spec.text == path.read_text()
    assert spec.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert spec.source == str(path)


def test_quad_head_spec_has_four_heads_and_their_limits():
    spec = load_spec(ROOT / "specs" / "quad-head.yaml")
    assert (spec.motors, spec.heads, spec.head_coupling) == (2, 4, 0.3)
    names = spec.measurement_names()
    assert [n for n in names if n.startswith("high.head")] == [
        "high.head1_accel", "high.head2_accel", "high.head3_accel", "high.head4_accel", "high.head_balance"]
    assert spec.limits("high.motor_split").judge(1.6) is Verdict.FAIL


def test_measurement_names_follow_the_file_order():
    spec = load_spec(CORPUS / "valid" / "minimal.yaml")
    assert spec.measurement_names() == ["spin_up.spin_up_time", "high.current", "high.fundamental"]


def test_params_get_their_defaults_and_keep_given_values():
    spec = load_spec(CORPUS / "valid" / "minimal.yaml")
    assert dict(spec.steps["high"].params) == {"settle_s": 0.3, "capture_s": 1.0, "sample_rate_hz": 10000.0,
                                               "tach_gate_s": 0.1}
    assert spec.steps["spin_up"].params["capture_s"] == 0.5


def test_serial_pattern_must_match_the_whole_serial():
    spec = load_spec(ROOT / "specs" / "general-purpose.yaml")
    assert spec.serial_matches("GPM-000123")
    assert not spec.serial_matches("GPM-0001234")
    assert not spec.serial_matches("XGPM-000123")
    assert not spec.serial_matches("QHM-000123")


def test_unknown_sequence_is_a_key_error_naming_the_choices():
    spec = load_spec(ROOT / "specs" / "general-purpose.yaml")
    with pytest.raises(KeyError) as caught:
        spec.sequence("eool")
    assert str(caught.value) == "general-purpose spec r1 has no sequence 'eool' (it has: eol, sample)"


def test_unknown_measurement_is_a_key_error():
    spec = load_spec(ROOT / "specs" / "general-purpose.yaml")
    with pytest.raises(KeyError, match="no measurement 'high.motor_split'"):
        spec.limits("high.motor_split")
    with pytest.raises(KeyError, match="no measurement 'nowhere.current'"):
        spec.limits("nowhere.current")


def test_the_corpus_and_its_table_name_the_same_files():
    files = {p.name for p in CORPUS.glob("*.yaml")} - {"expected.yaml"}
    assert files == set(EXPECTED)
    assert len(files) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_spec_is_refused_with_its_exact_message(name):
    with pytest.raises(SpecError) as caught:
        load_spec_text((CORPUS / name).read_text(), name)
    assert str(caught.value) == EXPECTED[name]
    error = caught.value
    assert f"{error.source}:{error.line}: {error.field}: {error.message}" == EXPECTED[name]


def test_load_spec_names_the_path_it_was_given():
    path = CORPUS / "inverted_limits.yaml"
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert str(caught.value) == EXPECTED["inverted_limits.yaml"].replace("inverted_limits.yaml", str(path), 1)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"format: 1\nname: Massageger\xe4t\n")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert str(caught.value) == f"{path}:2: spec: the file is not UTF-8 text"


def test_every_corpus_file_differs_from_a_valid_spec():
    # The corpus files are the valid minimal spec with one fault each: that spec must load.
    spec = load_spec_text((CORPUS / "valid" / "minimal.yaml").read_text(), "minimal.yaml")
    assert spec.source == "minimal.yaml"


# --- bounds: a spec cannot switch safety off or ask the bench for the impossible ----------

def _minimal_with(old: str, new: str) -> str:
    text = (CORPUS / "valid" / "minimal.yaml").read_text()
    assert old in text
    return text.replace(old, new)


def test_every_parameter_of_every_step_kind_has_a_bound_its_default_keeps():
    from rig.specs.bounds import PARAM_BOUNDS
    from rig.steps.kinds import STEP_KINDS

    for kind in STEP_KINDS.values():
        for name, param in kind.params.items():
            assert name in PARAM_BOUNDS, f"{kind.name}.{name} has no bound"
            assert PARAM_BOUNDS[name].problem(param.default) is None, f"{kind.name}.{name}"


def test_the_supply_bounds_are_the_supply_drivers_ratings():
    from instruments.rigol_dp832 import RigolDP832
    from instruments.siglent_spd3303x import SiglentSPD3303X
    from rig.specs.bounds import SUPPLY_MAX_A, SUPPLY_MAX_V

    for driver in (RigolDP832("supply", None, channel="CH1"), SiglentSPD3303X("supply", None, channel="CH1")):
        assert (driver.max_voltage_v, driver.max_current_a) == (SUPPLY_MAX_V, SUPPLY_MAX_A)


def test_a_quad_head_shares_the_daq_rate_between_its_four_heads():
    text = (ROOT / "specs" / "quad-head.yaml").read_text()
    assert "sample_rate_hz: 10000}" in text
    with pytest.raises(SpecError) as caught:
        load_spec_text(text.replace("sample_rate_hz: 10000}", "sample_rate_hz: 200000}", 1), "qhm.yaml")
    assert caught.value.field.endswith(".params.sample_rate_hz")
    assert "at most 125000 Hz" in caught.value.message and "4 enabled channels" in caught.value.message
    one_head = _minimal_with("capture_s: 1.0}", "capture_s: 1.0, sample_rate_hz: 200000}")
    assert load_spec_text(one_head, "gpm.yaml").steps["high"].params["sample_rate_hz"] == 200000


def test_a_wait_longer_than_its_capture_window_is_refused():
    text = _minimal_with("    kind: spin_up\n", "    kind: spin_up\n    params: {capture_s: 0.5, inrush_window_s: 0.9}\n")
    with pytest.raises(SpecError, match=r"steps.spin_up.params.inrush_window_s: 0.9 s is longer than capture_s"):
        load_spec_text(text, "x.yaml")


def test_the_shipped_specs_are_inside_every_bound():
    for name in ("general-purpose.yaml", "quad-head.yaml"):
        load_spec(ROOT / "specs" / name)


@pytest.mark.timeout(60)  # the backtracking engine this replaces did not return for hours
def test_a_catastrophic_serial_pattern_is_matched_in_linear_time():
    # Issue 12, seen 7: `(a+)+$` hung `rig run` at 100 % CPU on a 41-character serial.
    spec = load_spec_text(_minimal_with('"GPM-[0-9]{6}"', '"(a+)+$"'), "x.yaml")
    assert not spec.serial_matches("a" * 41 + "b")
    assert not spec.serial_matches("a" * 100_000 + "b")
    assert spec.serial_matches("a" * 41)


def test_an_out_of_bounds_spec_makes_rig_run_exit_4_before_anything_is_powered(tmp_path, capsys):
    from rig.cli import main

    spec = tmp_path / "hot.yaml"
    spec.write_text(_minimal_with("max_temperature_c: 70.0", "max_temperature_c: 10000"))
    station = tmp_path / "no-station.yaml"  # never opened: the spec is refused first
    code = main(["run", "--station", str(station), "--product", "general-purpose", "--serial",
                 "GPM-000001", "--spec", str(spec), "--data-dir", str(tmp_path / "data")])
    assert code == 4
    assert f"{spec}:13: safety.max_temperature_c: 10000 degC is out of range" in capsys.readouterr().err
    assert not (tmp_path / "data" / "records").exists() or not any((tmp_path / "data" / "records").iterdir())


def test_a_spec_with_an_alias_bomb_is_refused_at_the_anchor_line():
    text = _minimal_with("retest: {allowed: 1, then: repair}",
                         "retest: {allowed: 1, then: repair}\nx: &a [1, 1]\ny: &b [*a, *a]\nz: [*b, *b]")
    with pytest.raises(SpecError) as caught:
        load_spec_text(text, "bomb.yaml")
    assert (caught.value.line, caught.value.message) == (15, "anchors and aliases (&, *) are not allowed")


def test_a_spec_nested_too_deeply_is_refused_not_a_recursion_error():
    with pytest.raises(SpecError, match=r"^deep.yaml:1: yaml: not valid YAML: nested deeper"):
        load_spec_text("format: " + "[" * 5000 + "]" * 5000, "deep.yaml")


def test_an_impossible_date_in_a_spec_names_its_field():
    with pytest.raises(SpecError, match=r"^x.yaml:4: model: cannot read '2027-13-45'"):
        load_spec_text(_minimal_with("model: GPM", "model: 2027-13-45"), "x.yaml")


@pytest.mark.timeout(60)
def test_the_station_sessions_serial_check_is_linear_time_too():
    from rig.station_session import product_rules

    rules = product_rules(load_spec_text(_minimal_with('"GPM-[0-9]{6}"', '"(a+)+$"'), "x.yaml"))
    assert "is not a General Purpose Massager serial" in rules.refusal("a" * 41 + "b")
    assert rules.refusal("a" * 41) is None


def test_a_spec_beyond_the_connected_supply_is_refused_before_the_run(tmp_path):
    from instruments.station import build_station, load_station
    from rig.runner import BadRequest, check_supply_range

    text = (ROOT / "stations" / "sim.yaml").read_text().replace("channel: CH1", "channel: CH3")
    (tmp_path / "ch3.yaml").write_text(text)
    station = build_station(load_station(tmp_path / "ch3.yaml"))  # no I/O: nothing is powered
    spec = load_spec(ROOT / "specs" / "general-purpose.yaml")
    with pytest.raises(BadRequest) as caught:
        check_supply_range(station, spec)
    message = str(caught.value)
    assert message.startswith(f"{spec.source}:19: operating_points.low: 7 V is above what this "
                              f"station's supply gives (5.3 V)"), message
    assert f"{spec.source}:21: operating_points.high: 12 V" in message
    check_supply_range(build_station(load_station(ROOT / "stations" / "sim.yaml")), spec)


def test_the_committed_specs_name_their_certificates_key_measurements():
    for product in ("general-purpose", "quad-head"):
        spec = load_spec(ROOT / "specs" / f"{product}.yaml")
        assert spec.key_measurements == ("high.fundamental", "high.current", "high.head1_accel")
        assert all(spec.limits(name) for name in spec.key_measurements)


def test_a_spec_without_a_certificate_section_loads_with_no_key_measurements():
    spec = load_spec_text((CORPUS / "valid" / "minimal.yaml").read_text(), "minimal.yaml")
    assert spec.key_measurements == ()


def test_a_new_product_needs_no_code_only_a_consistent_shape():
    text = (CORPUS / "valid" / "minimal.yaml").read_text()
    text = text.replace("product: general-purpose", "product: twin-head-2")
    text = text.replace("heads: 1", "heads: 2")  # one motor may drive two heads
    spec = load_spec_text(text, "twin.yaml")
    assert (spec.product, spec.motors, spec.heads) == ("twin-head-2", 1, 2)
