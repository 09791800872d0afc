"""Spec revisions: new revision per change, reasons, refusal for technicians, audit, diff."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rig.audit import AuditLog
from rig.spec_store import SpecStore, edit_limit_text
from rig.specs import SpecError, load_spec_text
from rig.users import User

REPO = Path(__file__).resolve().parents[2]
ENGINEER = User("eve", "Eve", "engineer")
TECHNICIAN = User("tim", "Tim", "technician")


@pytest.fixture()
def seed_dir(tmp_path):
    seeds = tmp_path / "seed"
    seeds.mkdir()
    for name in ("general-purpose.yaml", "quad-head.yaml"):
        shutil.copy(REPO / "specs" / name, seeds / name)
    return seeds


@pytest.fixture()
def store(tmp_path, seed_dir):
    return SpecStore(tmp_path / "spec_revisions", seed_dir=seed_dir)


@pytest.fixture()
def audit(tmp_path):
    return AuditLog(tmp_path / "audit.jsonl")


def changes(audit):
    """Return the audit entries other than seeding revision 1 from the shipped file."""
    return [entry for entry in audit.entries() if entry.action != "spec.seed"]


def test_revision_one_is_seeded_from_the_shipped_file(store, seed_dir):
    assert store.revisions("general-purpose") == [1]
    spec = store.current("general-purpose")
    assert spec.revision == 1
    assert spec.text == (seed_dir / "general-purpose.yaml").read_text()
    assert store.products() == ["general-purpose", "quad-head"]


def test_a_limit_change_makes_a_new_revision_and_keeps_the_old(store, audit):
    before = store.current("general-purpose")
    spec = store.set_limit(ENGINEER, "general-purpose", "high.current", high=0.80,
                           reason="supplier B motors draw more; ECN-114", audit=audit)
    assert spec.revision == 2
    assert spec.limits("high.current").high == 0.80
    assert spec.limits("high.current").low == 0.45
    assert store.revisions("general-purpose") == [1, 2]
    assert store.revision("general-purpose", 1).text == before.text
    assert store.revision("general-purpose", 1).limits("high.current").high == 0.75
    assert store.find("general-purpose", before.sha256).revision == 1
    # only the changed value and the revision number differ; comments survive
    changed = [(a, b) for a, b in zip(before.text.splitlines(), spec.text.splitlines(),
                                      strict=True) if a != b]
    assert changed == [
        ("revision: 1", "revision: 2"),
        ("      current: {min: 0.45, max: 0.75, unit: A}",
         "      current: {min: 0.45, max: 0.8, unit: A}"),
    ]
    assert "# Specification of the General Purpose Massager" in spec.text
    info = store.history("general-purpose")[-1]
    assert (info.author, info.reason, info.revision) == ("eve", "supplier B motors draw more; ECN-114", 2)


def test_every_change_lands_in_the_audit_log(store, audit):
    store.set_limit(ENGINEER, "general-purpose", "low.ripple", high=22, reason="tighten",
                    audit=audit)
    store.set_limit(ENGINEER, "general-purpose", "low.ripple", high=None, low=1,
                    reason="ripple floor instead", audit=audit)
    entries = changes(audit)
    assert [e.action for e in entries] == ["spec.set", "spec.set"]
    assert entries[0].details["from"] == {"min": None, "max": 25.0}
    assert entries[0].details["to"] == {"min": None, "max": 22.0}
    assert entries[1].details["to_revision"] == 3
    assert entries[1].actor == "eve" and entries[1].role == "engineer"
    assert audit.verify() == []
    limits = store.current("general-purpose").limits("low.ripple")
    assert (limits.low, limits.high) == (1.0, None)


def test_technicians_are_refused_and_nothing_is_written(store, audit):
    with pytest.raises(PermissionError):
        store.set_limit(TECHNICIAN, "general-purpose", "high.current", high=0.9,
                        reason="line is stopped", audit=audit)
    assert store.revisions("general-purpose") == [1]
    assert changes(audit) == []


def test_a_reason_is_required_and_bad_limits_are_refused(store, audit):
    with pytest.raises(ValueError, match="reason"):
        store.set_limit(ENGINEER, "general-purpose", "high.current", high=0.9, reason="  ",
                        audit=audit)
    with pytest.raises(SpecError, match="min 0.9 is above max 0.75"):
        store.set_limit(ENGINEER, "general-purpose", "high.current", low=0.9, reason="x",
                        audit=audit)
    with pytest.raises(ValueError, match="already"):
        store.set_limit(ENGINEER, "general-purpose", "high.current", high=0.75, reason="x",
                        audit=audit)
    with pytest.raises(KeyError):
        store.set_limit(ENGINEER, "general-purpose", "high.nothing", high=1, reason="x",
                        audit=audit)
    assert store.revisions("general-purpose") == [1]
    assert changes(audit) == []


def test_diff_names_each_changed_limit(store, audit):
    store.set_limit(ENGINEER, "quad-head", "high.current", low=0.9, reason="a", audit=audit)
    store.set_limit(ENGINEER, "quad-head", "high.ripple", high=20, reason="b", audit=audit)
    lines = store.diff("quad-head", 1, 3)
    assert len(lines) == 2
    assert lines[0].startswith("high.current: [") and "-> [0.9," in lines[0]
    assert lines[1].startswith("high.ripple: [-, 25] % -> [-, 20] %")
    assert store.diff("quad-head", 3, 3) == []
    assert any(line.startswith("+revision: 3") for line in store.text_diff("quad-head", 1, 3))


BLOCK_SPEC_LIMIT = """\
      current:            # block style, with comments
        min: 0.32
        unit: A
"""


def test_block_style_limits_are_edited_in_place():
    text = (REPO / "specs" / "general-purpose.yaml").read_text()
    flow = "      current: {min: 0.32, max: 0.58, unit: A}\n"
    assert flow in text
    text = text.replace(flow, BLOCK_SPEC_LIMIT, 1)
    edited = edit_limit_text(text, "low", "current", 0.30, 0.60, 2)
    assert "        min: 0.3\n        max: 0.6\n        unit: A\n" in edited
    spec = load_spec_text(edited, "edited")
    assert (spec.revision, spec.limits("low.current").high) == (2, 0.60)
    opened = edit_limit_text(edited, "low", "current", None, 0.60, 3)
    assert load_spec_text(opened, "opened").limits("low.current").low is None
    assert "# block style, with comments" in opened
