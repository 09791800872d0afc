"""Batch certificates: issue for a batch of real records, read the PDF back, verify, tamper."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import h5py
import numpy as np
import pytest
import yaml
from pypdf import PdfReader

from rig.audit import AuditLog
from rig.certificates import (
    CertificateRefused,
    issue_certificate,
    read_manifest,
    verify_certificate,
)
from rig.index import ResultsIndex
from rig.model import Measurement, RunSummary, Verdict
from rig.paths import DataDir
from rig.records import RecordHeader, RecordWriter, write_summary
from rig.users import User

SPEC_PATH = Path(__file__).resolve().parents[2] / "specs" / "general-purpose.yaml"
ENGINEER = User("eng1", "Dana Whitfield", "engineer")
STEPS_BY_SEQUENCE = {"eol": ("spin_up", "low", "medium", "high"),
                     "sample": ("spin_up", "low", "medium", "high", "thermal", "durability")}
INSTRUMENTS = [
    {"role": "supply", "make": "RIGOL TECHNOLOGIES", "model": "DP832", "serial": "DP8B2400101",
     "firmware": "00.01.16", "calibration_due": "2027-09-30"},
    {"role": "thermometer", "make": "Keysight Technologies", "model": "DAQ970A",
     "serial": "MY58012345", "firmware": "A.03.02", "calibration_due": "2027-03-31"},
]


class Bench:
    """Writes run records in the station's layout and indexes them, as the runner would."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.data_dir = DataDir(root)
        self.index = ResultsIndex(self.data_dir.index_url)
        self.spec_text = SPEC_PATH.read_text(encoding="utf-8")
        self.spec = yaml.safe_load(self.spec_text)
        self.spec_sha256 = hashlib.sha256(self.spec_text.encode("utf-8")).hexdigest()
        self.rng = np.random.default_rng(7)
        self.clock = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
        self.runs = 0

    def run(self, serial: str, batch: str, verdict: Verdict = Verdict.PASS,
            sequence: str = "eol", error: str | None = None) -> RunSummary:
        self.runs += 1
        self.clock += timedelta(minutes=3)
        started = self.clock.isoformat(timespec="milliseconds")
        run_id = f"{self.clock:%Y%m%dT%H%M%S}-{self.runs:04d}"
        measurements = self._measurements(sequence, fail=verdict is Verdict.FAIL)
        header = RecordHeader(
            run_id=run_id, serial=serial, product="general-purpose", sequence=sequence,
            operator="op7", batch=batch, station="sim-bench-1", software_version="0.1.0",
            started_at=started, spec_id="general-purpose", spec_revision=1,
            spec_sha256=self.spec_sha256, spec_text=self.spec_text, instruments=INSTRUMENTS,
            steps=STEPS_BY_SEQUENCE[sequence])
        writer = RecordWriter.create(self.data_dir.records, header)
        for t_s, measurement in enumerate(measurements):
            writer.add_measurement(measurement, float(t_s))
        finished = (self.clock + timedelta(seconds=40)).isoformat(timespec="milliseconds")
        path = writer.finish(verdict, finished, error)
        summary = RunSummary(
            run_id=run_id, serial=serial, product="general-purpose", sequence=sequence,
            operator="op7", batch=batch, station="sim-bench-1", verdict=verdict,
            started_at=started, finished_at=finished, spec_id="general-purpose",
            spec_revision=1, spec_sha256=self.spec_sha256, record_path=str(path),
            software_version="0.1.0", measurements=measurements, error=error,
            instruments=INSTRUMENTS)
        write_summary(summary, path)
        self.index.add(summary, hashlib.sha256(path.read_bytes()).hexdigest())
        return summary

    def _measurements(self, sequence: str, fail: bool) -> list[Measurement]:
        out = []
        for step in STEPS_BY_SEQUENCE[sequence]:
            for name, limit in self.spec["steps"][step]["limits"].items():
                low, high = limit.get("min"), limit.get("max")
                centre = (low + high) / 2 if low is not None else high * 0.6
                spread = (high - low) / 10 if low is not None else abs(high) * 0.05
                value = float(centre + self.rng.normal(0, spread))
                if fail and step == "high" and name == "fundamental":
                    value = high + 2.0
                verdict = Verdict.FAIL if (fail and step == "high" and name == "fundamental") \
                    else Verdict.PASS
                out.append(Measurement(f"{step}.{name}", value, limit["unit"], low, high,
                                       verdict, step))
        return out

    def good_batch(self, batch: str, units: int, sampled: int) -> list[str]:
        serials = [f"GPM-{100 + n:06d}" for n in range(units)]
        for number, serial in enumerate(serials):
            self.run(serial, batch, sequence="sample" if number < sampled else "eol")
        return serials


@pytest.fixture
def bench(tmp_path: Path):
    bench = Bench(tmp_path / "data")
    yield bench
    bench.index.close()


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_certificate_lists_every_unit_and_verifies_until_one_record_changes(bench, tmp_path):
    serials = bench.good_batch("B-2611-01", units=12, sampled=5)  # lot 12: B -> C, 5 units
    audit = AuditLog(bench.data_dir.audit_log)
    out = tmp_path / "certs" / "b-2611-01.pdf"

    cert = issue_certificate(bench.index, bench.data_dir, "B-2611-01", ENGINEER, out,
                             audit=audit, now=datetime(2026, 11, 25, 9, 30, tzinfo=UTC))

    assert cert.number == "COC-20261125-0001"
    text = pdf_text(out)
    compact = text.replace("\n", "")
    for serial in serials:
        assert serial in text
    assert bench.spec_sha256 in compact
    assert cert.digest in compact
    for fact in ("Trigger Point Therapeutics", "General Purpose Massager", "GPM", "COC-20261125-0001",
                 "Dana Whitfield", "engineer", "code letter", "Ac 0", "Re 1", "2027-09-30",
                 "DP832", "Statement of conformance"):
        assert fact in text, fact
    assert "5 unit(s) tested with the 'sample' sequence (required 5), 5 passed" in text
    entry = audit.entries()[-1]
    assert (entry.action, entry.actor, entry.details["digest"]) == ("cert.issue", "eng1", cert.digest)
    assert verify_certificate(out, bench.data_dir).verified

    altered = bench.index.runs(batch="B-2611-01", serial=serials[7])[-1]
    with h5py.File(altered.record_path, "r+") as f:
        f["measurements"][0] = f["measurements"][1]
    result = verify_certificate(out, bench.data_dir)
    assert not result.verified
    assert result.serials_at_fault == [serials[7]]
    assert result.findings[0].kind == "changed"


def test_a_batch_with_failed_errored_aborted_and_untested_units_is_refused(bench, tmp_path):
    bench.good_batch("B-2", units=8, sampled=5)
    bench.run("GPM-000900", "B-2", Verdict.FAIL)
    bench.run("GPM-000901", "B-2", Verdict.ERROR, error="DAQ buffer overrun")
    bench.run("GPM-000902", "B-2", Verdict.ABORTED, error="operator stop")

    with pytest.raises(CertificateRefused) as refused:
        issue_certificate(bench.index, bench.data_dir, "B-2", ENGINEER, tmp_path / "c.pdf",
                          expected_serials=["GPM-000903"])

    message = str(refused.value)
    assert "GPM-000900: FAIL" in message and "high.fundamental" in message
    assert "GPM-000901: ERROR" in message and "DAQ buffer overrun" in message
    assert "GPM-000902: ABORTED" in message and "operator stop" in message
    assert "GPM-000903: untested" in message
    assert {p.serial for p in refused.value.problems} == {f"GPM-00090{n}" for n in range(4)}
    assert not (tmp_path / "c.pdf").exists()


def test_an_excluded_unit_is_listed_with_its_reason_and_not_certified(bench, tmp_path):
    serials = bench.good_batch("B-3", units=8, sampled=5)
    bench.run("GPM-000950", "B-3", Verdict.FAIL)
    out = tmp_path / "b3.pdf"

    cert = issue_certificate(bench.index, bench.data_dir, "B-3", ENGINEER, out,
                             exclusions={"GPM-000950": "failed high.fundamental; sent to repair"})

    text = pdf_text(out)
    assert "Units excluded (1)" in text
    assert "failed high.fundamental; sent to repair" in text
    assert cert.quantity == len(serials)
    manifest, _ = read_manifest(out)
    assert manifest.exclusions == {"GPM-000950": "failed high.fundamental; sent to repair"}
    assert "GPM-000950" not in {entry.serial for entry in manifest.certified}
    assert verify_certificate(out, bench.data_dir).verified


def test_a_retest_after_issue_and_a_deleted_record_are_named(bench, tmp_path):
    serials = bench.good_batch("B-4", units=10, sampled=5)
    out = tmp_path / "b4.pdf"
    issue_certificate(bench.index, bench.data_dir, "B-4", ENGINEER, out, now=bench.clock)
    Path(bench.index.runs(batch="B-4", serial=serials[2])[-1].record_path).unlink()
    bench.run(serials[9], "B-4")  # a run of the batch after the certificate
    bench.run("GPM-000999", "B-4")  # a unit added to the batch after the certificate

    result = verify_certificate(out, bench.data_dir)

    assert {(f.serial, f.kind) for f in result.findings} == {(serials[2], "missing")}
    assert [note.split(":")[0] for note in result.notes] == [serials[9], "GPM-000999"]


def test_too_few_sampled_units_or_a_failed_sample_refuse_the_lot(bench, tmp_path):
    bench.good_batch("B-5", units=30, sampled=3)  # lot 30: D -> C, 5 units
    with pytest.raises(CertificateRefused, match="needs 5 unit"):
        issue_certificate(bench.index, bench.data_dir, "B-5", ENGINEER, tmp_path / "x.pdf")
    bench.run("GPM-000104", "B-5", Verdict.FAIL, sequence="sample")
    bench.run("GPM-000104", "B-5", Verdict.PASS, sequence="eol")  # a retest passes...
    bench.run("GPM-000105", "B-5", sequence="sample")
    with pytest.raises(CertificateRefused, match=r"rejects the lot: 1 sampled .*GPM-000104"):
        issue_certificate(bench.index, bench.data_dir, "B-5", ENGINEER, tmp_path / "x.pdf")


def test_only_engineers_and_administrators_issue(bench, tmp_path):
    bench.good_batch("B-6", units=6, sampled=5)
    technician = User("tech1", "Sam Lee", "technician")
    with pytest.raises(PermissionError, match="tech1"):
        issue_certificate(bench.index, bench.data_dir, "B-6", technician, tmp_path / "x.pdf")
    admin = User("admin", "Administrator", "administrator")
    assert issue_certificate(bench.index, bench.data_dir, "B-6", admin, tmp_path / "x.pdf")


def test_numbers_are_unique_per_day_and_an_edited_manifest_copy_is_found(bench, tmp_path):
    bench.good_batch("B-7", units=6, sampled=5)
    day = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    first = issue_certificate(bench.index, bench.data_dir, "B-7", ENGINEER, tmp_path / "1.pdf",
                              now=day)
    second = issue_certificate(bench.index, bench.data_dir, "B-7", ENGINEER, tmp_path / "2.pdf",
                               now=day)
    assert (first.number, second.number) == ("COC-20261125-0001", "COC-20261125-0002")
    copy = bench.data_dir.certificates / f"{second.number}.json"
    copy.write_text(copy.read_text().replace('"B-7"', '"B-8"'))
    findings = verify_certificate(tmp_path / "2.pdf", bench.data_dir).findings
    assert [f.kind for f in findings] == ["certificate"]
    assert verify_certificate(tmp_path / "1.pdf", bench.data_dir).verified


def test_an_exclusion_outside_the_batch_is_bad_input(bench, tmp_path):
    bench.good_batch("B-9", units=6, sampled=5)
    with pytest.raises(ValueError, match="GPM-777777"):
        issue_certificate(bench.index, bench.data_dir, "B-9", ENGINEER, tmp_path / "x.pdf",
                          exclusions={"GPM-777777": "typo"})


def test_a_certificate_that_cannot_be_written_voids_its_number(bench, tmp_path):
    bench.good_batch("B-10", units=6, sampled=5)
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    day = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    with pytest.raises(OSError):
        issue_certificate(bench.index, bench.data_dir, "B-10", ENGINEER, blocker / "c.pdf", now=day)
    void = bench.data_dir.certificates / "COC-20261125-0001.json"
    assert "not issued" in void.read_text()
    cert = issue_certificate(bench.index, bench.data_dir, "B-10", ENGINEER, tmp_path / "c.pdf",
                             now=day)
    assert cert.number == "COC-20261125-0002"
