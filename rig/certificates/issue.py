"""Issue a batch certificate of conformance: review, hash, number, print, embed, audit."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from pypdf import PdfReader, PdfWriter

from rig.certificates.batch import (
    DEFAULT_AQL_PERCENT,
    BatchReview,
    BatchRuns,
    SamplingResult,
    UnitProblem,
    review_batch,
)
from rig.certificates.content import DEFAULT_KEY_MEASUREMENTS, build_content, read_product
from rig.certificates.document import render_pdf
from rig.certificates.manifest import (
    MANIFEST_NAME,
    Manifest,
    RecordEntry,
    RecordRole,
    record_reference,
    resolve_record,
)
from rig.certificates.signing import sign_pdf
from rig.hashing import sha256_file
from rig.index.rebuild import summary_problem
from rig.keys import SigningKey
from rig.model import RunSummary
from rig.paths import DataDir
from rig.records import read_summary
from rig.users import Signature

ISSUING_ROLES = ("engineer", "administrator")
METADATA_DIGEST_KEY = "/RigBatchDigest"
METADATA_NUMBER_KEY = "/RigCertificateNumber"


class CertificateRefused(Exception):
    """The batch cannot be certified as it stands; ``problems`` names each unit and why."""

    def __init__(self, batch: str, problems: list[UnitProblem]) -> None:
        self.batch = batch
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"batch {batch!r} cannot be certified:\n{lines}\n"
                         f"(exclude a unit with a recorded reason to leave it out)")


class Issuer(Protocol):
    """The signed-in person issuing the certificate (``rig.users.User`` fits)."""

    user_id: str
    name: str
    role: str


class Audit(Protocol):
    def append(self, *, actor: str, role: str, action: str, details: dict | None = None): ...


@dataclass(frozen=True)
class Certificate:
    """An issued certificate: its number, file, manifest and what it found."""

    number: str
    path: Path
    manifest: Manifest
    sampling: SamplingResult | None
    quantity: int

    @property
    def digest(self) -> str:
        return self.manifest.digest


def issue_certificate(index: BatchRuns, data_dir: DataDir, batch: str, issuer: Issuer,
                      out_path: str | os.PathLike[str], *,
                      exclusions: Mapping[str, str] | None = None, audit: Audit | None = None,
                      expected_serials: Iterable[str] = (),
                      aql_percent: float = DEFAULT_AQL_PERCENT,
                      key_measurements: tuple[str, ...] = DEFAULT_KEY_MEASUREMENTS,
                      now: datetime | None = None, signing_key: SigningKey | None = None,
                      signature: Signature | None = None, location: str = "") -> Certificate:
    """Certify a batch and write the PDF; raise CertificateRefused naming every problem.

    Only engineers and administrators may issue (PermissionError otherwise). The
    audit log, when given, gets a ``cert.issue`` entry. With ``signing_key`` the
    PDF is signed (PAdES); ``signature`` is the issuer's electronic signature,
    meaning "released", recorded in the signature and the audit entry.
    """
    if issuer.role not in ISSUING_ROLES:
        raise PermissionError(f"{issuer.user_id} ({issuer.role}) may not issue certificates; "
                              f"an engineer or administrator may")
    if signature is not None and (signature.user_id != issuer.user_id
                                  or signature.meaning != "released"):
        raise PermissionError(f"issuing needs {issuer.user_id}'s own signature meaning "
                              f"'released'")
    review = review_batch(index, batch, exclusions=exclusions, expected_serials=expected_serials,
                          aql_percent=aql_percent)
    entries = _record_entries(review, data_dir)
    problems = review.problems + _index_hash_problems(index, review, entries)
    if problems:
        raise CertificateRefused(batch, problems)
    issued_at = (now or datetime.now(UTC)).astimezone(UTC)
    number = allocate_number(data_dir.certificates, issued_at)
    registry_copy = data_dir.certificates / f"{number}.json"
    out = Path(out_path)
    try:
        manifest = _manifest(review, entries, number, issued_at, issuer)
        spec_record = resolve_record(data_dir.root, next(e.record for e in manifest.certified))
        content = build_content(review, manifest, read_product(spec_record),
                                issuer_name=issuer.name, issuer_role=issuer.role,
                                key_measurements=key_measurements,
                                signature_note=_signature_note(signature, signing_key))
        pdf = _with_manifest(render_pdf(content), manifest)
        if signing_key is not None:
            pdf = sign_pdf(pdf, signing_key, meaning="released", signer_name=issuer.name,
                           location=location or "test station")
        _write_atomically(out, pdf)
    except BaseException as exc:
        # The number stays taken and says why: a gap in the sequence is explained, never reused.
        registry_copy.write_text(json.dumps({"number": number, "void": f"not issued: "
                                             f"{type(exc).__name__}: {exc}"}), encoding="utf-8")
        raise
    registry_copy.write_text(manifest.to_json(), encoding="utf-8")
    if audit is not None:
        audit.append(actor=issuer.user_id, role=issuer.role, action="cert.issue",
                     details=_audit_details(manifest, out) | {
                         "signature": signature.to_dict() if signature else None,
                         "signing_key": signing_key.fingerprint if signing_key else None,
                         "pdf_sha256": sha256_file(out)})
    return Certificate(number, out, manifest, review.sampling, len(manifest.certified))


def allocate_number(certificates_dir: Path, issued_at: datetime) -> str:
    """Reserve the next number COC-<yyyymmdd>-<nnnn> of the day (safe against a parallel issue)."""
    certificates_dir.mkdir(parents=True, exist_ok=True)
    day = issued_at.strftime("%Y%m%d")
    taken = len(list(certificates_dir.glob(f"COC-{day}-*.json")))
    for sequence in range(taken + 1, taken + 10_000):
        number = f"COC-{day}-{sequence:04d}"
        try:
            # O_EXCL: two stations issuing at once cannot take the same number.
            os.close(os.open(certificates_dir / f"{number}.json", os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            continue
        return number
    raise RuntimeError(f"no free certificate number for {day} in {certificates_dir}")


def _record_entries(review: BatchReview, data_dir: DataDir) -> list[RecordEntry]:
    certified = {run.run_id for run in review.certified}
    final = {run.run_id for run in review.final.values()}
    entries = []
    for run in review.all_runs:
        if run.run_id in certified:
            role = RecordRole.CERTIFIED
        elif run.run_id in final:
            role = RecordRole.EXCLUDED
        else:
            role = RecordRole.EARLIER
        path = Path(run.record_path)
        sha = sha256_file(path) if path.is_file() else ""
        entries.append(RecordEntry(run.serial, run.run_id, run.sequence, run.verdict.value, role,
                                   record_reference(data_dir.root, path), sha, run.spec_sha256))
    return entries


def _index_hash_problems(index: BatchRuns, review: BatchReview,
                         entries: list[RecordEntry]) -> list[UnitProblem]:
    """Name units whose record is missing, unhashed, changed since indexed, or summary edited."""
    known = getattr(index, "record_sha256", None)
    problems = []
    for entry, run in zip(entries, review.all_runs, strict=True):
        if not entry.record_sha256:
            problems.append(UnitProblem(entry.serial, f"record of run {entry.run_id} is missing "
                                                      f"({entry.record})"))
            continue
        indexed = known(entry.run_id) if known is not None else entry.record_sha256
        if indexed is None:
            problems.append(UnitProblem(entry.serial, f"record of run {entry.run_id} has no hash "
                                                      f"in the results index, so nothing shows "
                                                      f"it is unchanged since the run "
                                                      f"({entry.record})"))
        elif indexed != entry.record_sha256:
            problems.append(UnitProblem(entry.serial, f"record of run {entry.run_id} changed "
                                                      f"since it was indexed ({entry.record})"))
        elif (summary := summary_problem(Path(run.record_path),
                                         read_summary(run.record_path))) is not None:
            problems.append(UnitProblem(entry.serial, f"run {entry.run_id}: {summary}"))
    return problems


def _manifest(review: BatchReview, entries: list[RecordEntry], number: str, issued_at: datetime,
              issuer: Issuer) -> Manifest:
    spec: RunSummary = review.spec_run
    return Manifest(
        number=number, issued_at=issued_at.isoformat(timespec="seconds"), batch=review.batch,
        product=spec.product, spec_id=spec.spec_id, spec_revision=spec.spec_revision,
        spec_sha256=spec.spec_sha256, issuer=issuer.user_id, records=entries,
        exclusions=dict(sorted(review.excluded.items())),
    ).with_digest()


def _signature_note(signature: Signature | None, key: SigningKey | None) -> str:
    parts = []
    if signature is not None:
        when = signature.signed_at[:16].replace("T", " ")
        parts.append(f"Signed electronically (PIN), meaning \u201c{signature.meaning}\u201d, "
                     f"{when} UTC.")
    if key is not None:
        parts.append(f"PAdES digital signature by {key.holder}: see the stamp below.")
    return " ".join(parts)


def _with_manifest(pdf: bytes, manifest: Manifest) -> bytes:
    """Return the PDF with the manifest attached and the digest stamped into the metadata."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_attachment(MANIFEST_NAME, manifest.to_json().encode("utf-8"))
    writer.add_metadata({METADATA_DIGEST_KEY: manifest.digest,
                         METADATA_NUMBER_KEY: manifest.number})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _write_atomically(out: Path, pdf: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(out.name + ".tmp")
    with open(temporary, "wb") as stream:
        stream.write(pdf)
    os.replace(temporary, out)


def _audit_details(manifest: Manifest, out: Path) -> dict:
    return {"number": manifest.number, "batch": manifest.batch, "digest": manifest.digest,
            "quantity": len(manifest.certified), "spec_id": manifest.spec_id,
            "spec_revision": manifest.spec_revision, "spec_sha256": manifest.spec_sha256,
            "exclusions": manifest.exclusions, "file": str(out.resolve())}
