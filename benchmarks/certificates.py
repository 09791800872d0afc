"""Figures of batch certificates: issue and verify time, PDF size and pages, by batch size."""

from __future__ import annotations

import hashlib
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader

from rig.certificates import issue_certificate, verify_certificate
from rig.index import ResultsIndex
from rig.model import Measurement, RunSummary, Verdict
from rig.paths import DataDir
from rig.records import RecordHeader, RecordWriter, write_summary
from rig.users import User

_SPEC = Path(__file__).resolve().parents[1] / "specs" / "general-purpose.yaml"
_LIMITS = {"high.fundamental": (59.0, 55.0, 63.0, "Hz"), "high.current": (0.6, 0.45, 0.75, "A"),
           "high.head1_accel": (2.3, 1.6, 3.0, "g")}


def _write_run(data_dir: DataDir, index: ResultsIndex, spec_text: str, serial: str,
               sequence: str, started: datetime, number: int) -> None:
    sha = hashlib.sha256(spec_text.encode("utf-8")).hexdigest()
    run_id = f"{started:%Y%m%dT%H%M%S}-{number:05d}"
    header = RecordHeader(run_id=run_id, serial=serial, product="general-purpose",
                          sequence=sequence, operator="bench", batch="BENCH", station="bench-1",
                          software_version="bench", started_at=started.isoformat(),
                          spec_id="general-purpose", spec_revision=1, spec_sha256=sha,
                          spec_text=spec_text)
    measurements = [Measurement(name, centre + 0.01 * (number % 7), unit, low, high,
                                Verdict.PASS, name.split(".")[0])
                    for name, (centre, low, high, unit) in _LIMITS.items()]
    writer = RecordWriter.create(data_dir.records, header)
    for measurement in measurements:
        writer.add_measurement(measurement, 0.0)
    path = writer.finish(Verdict.PASS, started.isoformat(), None)
    summary = RunSummary(**header.header_fields(), verdict=Verdict.PASS,
                         finished_at=started.isoformat(), record_path=str(path),
                         measurements=measurements)
    write_summary(summary, path)
    index.add(summary, hashlib.sha256(path.read_bytes()).hexdigest())


def _one_batch(units: int) -> list[tuple[str, str]]:
    spec_text = _SPEC.read_text(encoding="utf-8")
    issuer = User("bench", "Bench Engineer", "engineer")
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = DataDir(Path(tmp))
        index = ResultsIndex(data_dir.index_url)
        start = datetime(2026, 11, 25, tzinfo=UTC)
        for n in range(units):
            sequence = "sample" if n < 50 else "eol"  # at least any plan's sample up to lot 500
            _write_run(data_dir, index, spec_text, f"GPM-{n:06d}", sequence,
                       start + timedelta(seconds=n), n)
        out = Path(tmp) / "cert.pdf"
        began = time.perf_counter()
        cert = issue_certificate(index, data_dir, "BENCH", issuer, out)
        issue_s = time.perf_counter() - began
        began = time.perf_counter()
        verified = verify_certificate(out, data_dir).verified
        verify_s = time.perf_counter() - began
        pages = len(PdfReader(out).pages)
        size_kib = out.stat().st_size / 1024
        index.close()
    plan = cert.sampling.plan if cert.sampling else None
    label = f"{units} units"
    return [
        (f"{label}: issue", f"{issue_s * 1000:.0f} ms"),
        (f"{label}: verify", f"{verify_s * 1000:.0f} ms ({'verified' if verified else 'FAILED'})"),
        (f"{label}: PDF", f"{pages} pages, {size_kib:.0f} KiB"),
        (f"{label}: Z1.4 plan", f"letter {plan.code_letter}, n {plan.sample_size}, "
                                f"Ac {plan.accept}" if plan else "-"),
    ]


def run() -> list[tuple[str, str]]:
    """Issue and verify certificates for a small and a large batch."""
    rows: list[tuple[str, str]] = []
    for units in (25, 200):
        rows += _one_batch(units)
    return rows
