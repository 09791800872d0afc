"""Batch guards on a real results index (SQLite) and a real certificates directory."""

from __future__ import annotations

import json

import pytest

from rig.batches import BatchGuard, certified_batches
from rig.index import ResultsIndex
from rig.model import RunSummary, Verdict
from rig.station_session import StationSession
from tests.gui.conftest import GPM, ScriptedRunner, fake_station


def summary(run_id: str, serial: str, product: str, batch: str, verdict=Verdict.PASS,
            started_at="2026-12-01T08:00:00.000+00:00") -> RunSummary:
    return RunSummary(run_id=run_id, serial=serial, product=product, sequence="eol", operator="t1",
                      batch=batch, station="s1", verdict=verdict, started_at=started_at,
                      finished_at=started_at, spec_id=product, spec_revision=1, spec_sha256="0" * 64,
                      record_path="", software_version="test")


@pytest.fixture
def index(tmp_path):
    store = ResultsIndex(f"sqlite:///{tmp_path / 'index.db'}")
    yield store
    store.close()


def certify(folder, number: str, batch: str, serials: list[str]) -> None:
    folder.mkdir(exist_ok=True)
    records = [{"serial": s, "role": "certified"} for s in serials]
    (folder / f"{number}.json").write_text(json.dumps({"number": number, "batch": batch,
                                                       "product": "general-purpose", "records": records}))


def test_a_batch_of_one_product_refuses_a_unit_of_another(index, tmp_path):
    index.add(summary("r1", "GPM-000001", "general-purpose", "PT-1"))
    guard = BatchGuard(index, tmp_path / "certificates")
    refusal = guard.refusal("quad-head", "QHM-000001", "PT-1", product_name="Ultimate Quad Head Massager")
    assert refusal is not None and refusal.code == "mixed_product"
    assert "general-purpose" in refusal.message and "new batch" in refusal.message
    assert guard.refusal("general-purpose", "GPM-000002", "PT-1") is None
    assert guard.refusal("quad-head", "QHM-000001", "PT-2") is None
    assert guard.refusal("quad-head", "QHM-000001", "") is None


def test_a_certified_batch_is_closed_and_names_its_certificate(index, tmp_path):
    folder = tmp_path / "certificates"
    index.add(summary("r1", "GPM-000001", "general-purpose", "PT-1"))
    certify(folder, "COC-2026-0001", "PT-1", ["GPM-000001"])
    (folder / "COC-2026-0002.json").write_text(json.dumps({"number": "COC-2026-0002", "void": "not issued"}))
    guard = BatchGuard(index, folder)
    again = guard.refusal("general-purpose", "GPM-000001", "PT-1")
    assert again is not None and again.code == "certified" and again.other == "COC-2026-0001"
    assert "on that certificate" in again.message
    assert guard.refusal("general-purpose", "GPM-000009", "PT-1").code == "certified"
    assert guard.refusal("general-purpose", "GPM-000001", "PT-1-REWORK") is None
    assert set(certified_batches(folder)) == {"PT-1"}


def test_the_session_refuses_a_scan_into_a_closed_batch_and_run_enforces_it(index, tmp_path):
    folder = tmp_path / "certificates"
    certify(folder, "COC-2026-0001", "PT-1", ["GPM-000001"])
    session = StationSession(fake_station(), [GPM], run_unit=ScriptedRunner(), records_dir=tmp_path,
                             batch_guard=BatchGuard(index, folder))
    check = session.check_serial("general-purpose", "gpm-000001", "PT-1")
    assert not check.accepted and check.code == "certified"
    assert check.args[:3] == ("GPM-000001", "PT-1", "COC-2026-0001")
    assert session.check_serial("general-purpose", "GPM-000001", "PT-2").accepted
    from rig.model import RunRequest

    with pytest.raises(ValueError, match="closed"):
        session.run(RunRequest(serial="GPM-000001", product="general-purpose", sequence="eol",
                               operator="t1", batch="PT-1"))
