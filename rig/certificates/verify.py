"""Check an issued certificate against the records it rests on, unit by unit, and its signature.

A damaged or foreign file is CertificateUnreadable with a message, never a
traceback. Runs of the batch tested after the certificate was issued are
named as notes: the certificate stands for the runs it certified.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import h5py
from pypdf import PdfReader

from rig.audit import AuditLog
from rig.certificates.manifest import (
    MANIFEST_NAME,
    Manifest,
    RecordEntry,
    RecordRole,
    batch_digest,
    record_reference,
    resolve_record,
)
from rig.certificates.signing import SignatureCheck, check_signature
from rig.hashing import sha256_bytes, sha256_file
from rig.index.rebuild import summary_problem
from rig.keys import trusted_keys
from rig.paths import DataDir
from rig.protected import ProtectedFileError
from rig.records import read_summary

_PRINTED_CHECK_PAGES = 6  # the digest is printed on the last page; read at most this many


class CertificateUnreadable(Exception):
    """The file is not a certificate this program issued (no readable manifest)."""


@dataclass(frozen=True)
class Finding:
    """One discrepancy: which unit (or "" for the certificate itself), and what."""

    serial: str
    kind: str  # changed | missing | summary | extra | certificate | signature
    detail: str

    def __str__(self) -> str:
        who = self.serial or "certificate"
        return f"{who}: {self.kind}: {self.detail}"


@dataclass
class Verification:
    """The outcome of checking one certificate."""

    number: str
    batch: str
    digest: str
    units_checked: int
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # facts that do not undo the certificate
    signature: SignatureCheck | None = None

    @property
    def verified(self) -> bool:
        return not self.findings

    @property
    def serials_at_fault(self) -> list[str]:
        return sorted({f.serial for f in self.findings if f.serial})


def read_manifest(pdf_path: str | os.PathLike[str]) -> tuple[Manifest, PdfReader]:
    """Return the manifest embedded in a certificate PDF, and the open reader."""
    try:
        reader = PdfReader(pdf_path)
        attached = reader.attachments.get(MANIFEST_NAME)
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise CertificateUnreadable(f"{pdf_path}: not a readable PDF ({exc})") from exc
    if not attached:
        raise CertificateUnreadable(f"{pdf_path}: no {MANIFEST_NAME} attached")
    try:
        return Manifest.from_json(attached[0].decode("utf-8")), reader
    except (ValueError, TypeError, KeyError) as exc:
        raise CertificateUnreadable(f"{pdf_path}: {MANIFEST_NAME} unreadable ({exc})") from exc


def verify_certificate(pdf_path: str | os.PathLike[str], data_dir: DataDir) -> Verification:
    """Check the signature, re-read every listed record, report changed, missing and extra data.

    Raise CertificateUnreadable (with the file's name) for a file that cannot
    be read as a certificate, however it is damaged.
    """
    manifest, reader = read_manifest(pdf_path)
    result = Verification(manifest.number, manifest.batch, manifest.digest,
                          units_checked=len({e.serial for e in manifest.records}))
    try:
        result.findings += _self_consistency(manifest, reader, data_dir)
        result.signature, signature_findings = _signature(Path(pdf_path), data_dir,
                                                          manifest.number)
        result.findings += signature_findings
    except CertificateUnreadable:
        raise
    except Exception as exc:  # pypdf and pyHanko raise many kinds on a damaged file
        raise CertificateUnreadable(f"{pdf_path}: damaged PDF ({type(exc).__name__}: "
                                    f"{exc})") from exc
    for entry in manifest.records:
        result.findings += _check_record(entry, data_dir)
    extra, later = _unlisted_records(manifest, data_dir)
    result.findings += extra
    result.notes += later
    return result


def _signature(pdf_path: Path, data_dir: DataDir,
               number: str) -> tuple[SignatureCheck | None, list[Finding]]:
    """Check the signature against the station's keys, and the file against the one issued."""
    log = AuditLog(data_dir.audit_log)
    try:
        trusted = trusted_keys(log)
    except ProtectedFileError as exc:
        return None, [Finding("", "certificate", f"the station's list of signing keys cannot "
                                                 f"be trusted ({exc.message})")]
    pdf = pdf_path.read_bytes()
    issued = [e for e in log.entries()
              if e.action == "cert.issue" and e.details.get("number") == number]
    check = check_signature(pdf, trusted, issued[-1].seq if issued else None)
    findings = [Finding("", "signature", problem) for problem in check.problems]
    issued_sha = issued[-1].details.get("pdf_sha256") if issued else None
    if issued_sha and sha256_bytes(pdf) != issued_sha:
        findings.append(Finding("", "certificate", "the file differs from the PDF this station "
                                                   "issued under this number"))
    return check, findings


def _self_consistency(manifest: Manifest, reader: PdfReader, data_dir: DataDir) -> list[Finding]:
    """Check the manifest against its own digest, the printed pages and the station's copy."""
    findings = []
    if batch_digest(manifest.certified) != manifest.digest:
        findings.append(Finding("", "certificate", "the attached manifest does not match its "
                                                   "batch digest (the manifest was edited)"))
    metadata_digest = (reader.metadata or {}).get("/RigBatchDigest")
    if metadata_digest != manifest.digest:
        findings.append(Finding("", "certificate", "the digest in the PDF metadata differs from "
                                                   "the manifest"))
    pages = reader.pages[-_PRINTED_CHECK_PAGES:]
    printed = "".join(page.extract_text() or "" for page in pages).replace("\n", "")
    if manifest.digest not in printed:
        findings.append(Finding("", "certificate", "the printed batch digest differs from the "
                                                   "manifest"))
    copy = data_dir.certificates / f"{manifest.number}.json"
    if copy.is_file() and copy.read_text(encoding="utf-8") != manifest.to_json():
        findings.append(Finding("", "certificate", f"the manifest differs from the station's "
                                                   f"copy {copy.name}"))
    return findings


def _check_record(entry: RecordEntry, data_dir: DataDir) -> list[Finding]:
    path = resolve_record(data_dir.root, entry.record)
    what = "certified record" if entry.role == RecordRole.CERTIFIED else f"{entry.role} record"
    if not path.is_file():
        return [Finding(entry.serial, "missing", f"{what} of run {entry.run_id} not found "
                                                 f"({entry.record})")]
    if sha256_file(path) != entry.record_sha256:
        return [Finding(entry.serial, "changed", f"{what} of run {entry.run_id} no longer "
                                                 f"matches its SHA-256 ({entry.record})")]
    problem = summary_problem(path, read_summary(path))
    if problem is not None:
        return [Finding(entry.serial, "summary", f"run {entry.run_id}: {problem}")]
    return []


def _unlisted_records(manifest: Manifest, data_dir: DataDir) -> tuple[list[Finding], list[str]]:
    """Name runs of the batch that the certificate does not list.

    One that started before the certificate was issued was left off: a
    finding. One tested later does not change what was certified: a note.
    """
    listed = {entry.run_id for entry in manifest.records}
    findings, later = [], []
    for path in sorted(data_dir.records.rglob("*.h5")):
        header = _record_header(path)
        if header is None or header.get("batch") != manifest.batch:
            continue
        if header.get("run_id") in listed:
            continue
        where = record_reference(data_dir.root, path)
        if _after(header.get("started_at", ""), manifest.issued_at):
            later.append(f"{header.get('serial')}: run {header.get('run_id')} of this batch was "
                         f"tested after the certificate was issued ({where}); not certified")
        else:
            findings.append(Finding(str(header.get("serial", "")), "extra",
                                    f"run {header.get('run_id')} of this batch is not on the "
                                    f"certificate ({where})"))
    return findings, later


def _after(started_at: str, issued_at: str) -> bool:
    try:
        return datetime.fromisoformat(started_at) > datetime.fromisoformat(issued_at)
    except ValueError:  # an unreadable time cannot show the run came later
        return False


def _record_header(path: Path) -> dict[str, str] | None:
    keys = ("batch", "run_id", "serial", "started_at")
    try:
        with h5py.File(path, "r") as f:
            return {key: _text(f.attrs.get(key, "")) for key in keys}
    except Exception:  # h5py raises OSError, KeyError, ... on a damaged file
        return None  # not one we can read: the listed-record checks name it if it is listed


def _text(value: object) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
