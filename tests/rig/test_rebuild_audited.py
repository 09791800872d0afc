"""`rig index rebuild` needs an engineer, is audited and never launders a record (items 1, 2, 12)."""

from __future__ import annotations

import json
from pathlib import Path

import h5py
import pytest

from rig.audit import AuditLog
from rig.certificates import CertificateRefused, issue_certificate, verify_certificate
from rig.cli import exit_codes, main
from rig.index.rebuild import rebuild_records
from rig.protected import file_sha256
from rig.records import read_summary, summary_path_for
from rig.users import User
from tests.rig.accounts import station_user
from tests.rig.test_certificates import Bench

ENGINEER = User("eve", "Eve", "engineer")


@pytest.fixture
def bench(tmp_path: Path):
    bench = Bench(tmp_path / "data")
    station_user(bench.data_dir, "eve", "engineer", "135792")
    station_user(bench.data_dir, "tim", "technician", "975310")
    yield bench
    bench.index.close()


def rebuild(bench: Bench, *credentials: str) -> int:
    return main(["index", "rebuild", "--data-dir", str(bench.data_dir.root), *credentials])


def alter(record_path: str) -> None:
    with h5py.File(record_path, "r+") as f:
        f.attrs["operator"] = "someone else"


def test_item2_rebuild_needs_an_engineer_and_is_audited(bench, capsys):
    bench.good_batch("B-1", units=3, sampled=0)
    assert rebuild(bench) == exit_codes.BAD_INPUT
    assert rebuild(bench, "--user", "tim", "--pin", "975310") == exit_codes.BAD_INPUT
    assert "may not rebuild" in capsys.readouterr().err
    assert rebuild(bench, "--user", "eve", "--pin", "135792") == 0
    entry = AuditLog(bench.data_dir.audit_log).entries()[-1]
    assert (entry.action, entry.actor, entry.details["indexed"]) == ("index.rebuild", "eve", 3)


def test_item2_an_altered_record_is_a_finding_and_keeps_its_stored_hash(bench, tmp_path,
                                                                        capsys):
    serials = bench.good_batch("B-2", units=6, sampled=5)
    run = bench.index.runs(batch="B-2", serial=serials[1])[-1]
    stored = bench.index.record_sha256(run.run_id)
    alter(run.record_path)
    with pytest.raises(CertificateRefused, match="changed since it was indexed"):
        issue_certificate(bench.index, bench.data_dir, "B-2", ENGINEER, tmp_path / "a.pdf")

    assert rebuild(bench, "--user", "eve", "--pin", "135792") == exit_codes.FAIL
    out = capsys.readouterr().out
    assert f"{serials[1]} run {run.run_id}: changed" in out
    assert bench.index.record_sha256(run.run_id) == stored  # never replaced silently
    with pytest.raises(CertificateRefused, match="changed since it was indexed"):
        issue_certificate(bench.index, bench.data_dir, "B-2", ENGINEER, tmp_path / "b.pdf")
    findings = AuditLog(bench.data_dir.audit_log).entries()[-1].details["findings"]
    assert {f["kind"] for f in findings} == {"changed", "summary"}  # the summary names the edit


def test_item1_a_record_the_index_never_hashed_cannot_be_certified(bench, tmp_path):
    serials = bench.good_batch("B-3", units=6, sampled=5)
    run = bench.index.runs(batch="B-3", serial=serials[0])[-1]
    summaries = _summaries(bench)
    bench.index.clear()  # indexed again as a session that took no hash would leave one run
    for summary in summaries:
        bench.index.add(summary, None if summary.serial == serials[0] else
                        _sha(summary.record_path))
    alter(run.record_path)
    with pytest.raises(CertificateRefused, match="has no hash in the results index"):
        issue_certificate(bench.index, bench.data_dir, "B-3", ENGINEER, tmp_path / "c.pdf")
    report = rebuild_records(bench.index, bench.data_dir.records)
    assert {(f.serial, f.kind) for f in report.findings} == {(serials[0], "unhashed"),
                                                             (serials[0], "summary")}
    assert bench.index.record_sha256(run.run_id) is None  # no hash taken from the altered file
    with pytest.raises(CertificateRefused, match="has no hash"):
        issue_certificate(bench.index, bench.data_dir, "B-3", ENGINEER, tmp_path / "d.pdf")


def test_item12_an_edited_json_summary_is_found_by_rebuild_and_refused_at_issue(bench,
                                                                               tmp_path):
    serials = bench.good_batch("B-4", units=6, sampled=5)
    run = bench.index.runs(batch="B-4", serial=serials[2])[-1]
    path = summary_path_for(run.record_path)
    summary = json.loads(path.read_text())
    summary["verdict"] = "PASS" if summary["verdict"] != "PASS" else "FAIL"
    path.write_text(json.dumps(summary))
    with pytest.raises(CertificateRefused, match="JSON summary .* differs from its record in "
                                                 "verdict"):
        issue_certificate(bench.index, bench.data_dir, "B-4", ENGINEER, tmp_path / "e.pdf")
    report = rebuild_records(bench.index, bench.data_dir.records)
    assert [(f.serial, f.kind) for f in report.findings] == [(serials[2], "summary")]


def test_a_deleted_record_is_a_finding_of_the_rebuild(bench):
    serials = bench.good_batch("B-5", units=3, sampled=0)
    run = bench.index.runs(batch="B-5", serial=serials[0])[-1]
    Path(run.record_path).unlink()
    report = rebuild_records(bench.index, bench.data_dir.records)
    assert [(f.serial, f.kind) for f in report.findings] == [(serials[0], "missing")]
    assert report.indexed == 2


def _summaries(bench: Bench):
    return [read_summary(p) for p in sorted(bench.data_dir.records.rglob("*.h5"))]


def _sha(path: str) -> str:
    return file_sha256(Path(path))



def test_item12_a_summary_edited_after_issue_fails_the_certificate(bench, tmp_path):
    serials = bench.good_batch("B-6", units=6, sampled=5)
    out = tmp_path / "f.pdf"
    issue_certificate(bench.index, bench.data_dir, "B-6", ENGINEER, out)
    run = bench.index.runs(batch="B-6", serial=serials[4])[-1]
    path = summary_path_for(run.record_path)
    path.write_text(path.read_text().replace('"operator": "op7"', '"operator": "op8"'))
    result = verify_certificate(out, bench.data_dir)
    assert [(f.serial, f.kind) for f in result.findings] == [(serials[4], "summary")]
