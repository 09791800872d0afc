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
