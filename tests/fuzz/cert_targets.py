"""Damaged certificate PDFs: one byte flipped, or the file cut short, then verified.

A damaged certificate must never verify clean and never end in a traceback:
``verify_certificate`` either refuses the file (CertificateUnreadable naming
it) or reports findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import strategies as st

from tests.fuzz.targets import Outcome, Result, _judge


@dataclass(frozen=True)
class IssuedCertificate:
    """A certificate issued for a small batch of real records, and where its data lives."""

    pdf: bytes = field(repr=False)
    data_dir: object  # rig.paths.DataDir
    folder: Path


def issue_one(folder: Path) -> IssuedCertificate:
    """Write a batch of real records in ``folder`` and issue its certificate."""
    from rig.audit import AuditLog
    from rig.certificates import issue_certificate
    from rig.users import User
    from tests.rig.test_certificates import Bench

    bench = Bench(folder / "data")
    try:
        bench.good_batch("B-FUZZ-01", units=8, sampled=5)
        out = folder / "cert.pdf"
        issue_certificate(bench.index, bench.data_dir, "B-FUZZ-01", User("eng1", "Dana Whitfield", "engineer"),
                          out, audit=AuditLog(bench.data_dir.audit_log),
                          now=datetime(2026, 11, 25, 9, 30, tzinfo=UTC))
    finally:
        bench.index.close()
    return IssuedCertificate(out.read_bytes(), bench.data_dir, folder)


def damage(size: int) -> st.SearchStrategy[tuple[str, int, int]]:
    """Return ("flip", offset, xor mask) or ("cut", length, 0) for a file of ``size`` bytes."""
    return st.one_of(st.tuples(st.just("flip"), st.integers(0, size - 1), st.integers(1, 255)),
                     st.tuples(st.just("cut"), st.integers(0, size - 1), st.just(0)))


def damaged(pdf: bytes, how: tuple[str, int, int]) -> bytes:
    kind, at, mask = how
    if kind == "cut":
        return pdf[:at]
    return pdf[:at] + bytes([pdf[at] ^ mask]) + pdf[at + 1:]


def attempt_certificate(issued: IssuedCertificate, how: tuple[str, int, int]) -> Result:
    """Verify a damaged copy: refused by name, or ACCEPTED with findings; verified clean is UNDETECTED."""
    from rig.certificates import CertificateUnreadable, verify_certificate

    path = issued.folder / "damaged.pdf"
    path.write_bytes(damaged(issued.pdf, how))
    verdict: list[bool] = []
    result = _judge(lambda: verdict.append(verify_certificate(path, issued.data_dir).verified),
                    CertificateUnreadable, f"{path}:")
    if result.outcome is Outcome.ACCEPTED and verdict == [True]:
        return Result(Outcome.UNDETECTED, f"{how}: a damaged certificate verified clean")
    return result
