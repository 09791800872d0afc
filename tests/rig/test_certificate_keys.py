"""A certificate prints the key measurements its records' spec names, and no others."""

from __future__ import annotations

from pathlib import Path

import h5py

from rig.certificates.content import read_product

REPO = Path(__file__).resolve().parents[2]


def record_with_spec(path: Path, text: str) -> Path:
    with h5py.File(path, "w") as f:
        f.create_dataset("spec/text", data=text.encode("utf-8"))
    return path


def test_key_measurements_come_from_the_spec_text_in_the_record(tmp_path: Path) -> None:
    text = (REPO / "specs" / "quad-head.yaml").read_text(encoding="utf-8")
    text = text.replace("key_measurements: [high.fundamental, high.current, high.head1_accel]",
                        "key_measurements: [high.motor_split, high.head4_accel]")
    product = read_product(record_with_spec(tmp_path / "r.h5", text))
    assert (product.model, product.key_measurements) == ("QHM", ("high.motor_split", "high.head4_accel"))


def test_a_spec_from_before_the_certificate_section_names_none(tmp_path: Path) -> None:
    text = (REPO / "tests" / "rig" / "spec_corpus" / "valid" / "minimal.yaml").read_text()
    assert read_product(record_with_spec(tmp_path / "r.h5", text)).key_measurements == ()
