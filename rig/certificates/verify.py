"""Check an issued certificate against the records it rests on, unit by unit."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import h5py
from pypdf import PdfReader

from rig.certificates.manifest import (
    MANIFEST_NAME,
    Manifest,
    RecordEntry,
    RecordRole,
    batch_digest,
    record_reference,
    resolve_record,
    sha256_file,
)
from rig.paths import DataDir

_PRINTED_CHECK_PAGES = 6  # the digest is printed on the last page; read at most this many


class CertificateUnreadable(Exception):
    """The file is not a certificate this program issued (no readable manifest)."""


@dataclass(frozen=True)
class Finding:
    """One discrepancy: which unit (or "" for the certificate itself), and what."""

    serial: str
    kind: str  # changed | missing | extra | certificate
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
    """Re-read every record a certificate lists and report changed, missing and extra data."""
    manifest, reader = read_manifest(pdf_path)
    result = Verification(manifest.number, manifest.batch, manifest.digest,
                          units_checked=len({e.serial for e in manifest.records}))
    result.findings += _self_consistency(manifest, reader, data_dir)
    for entry in manifest.records:
        result.findings += _check_record(entry, data_dir)
    result.findings += _extra_records(manifest, data_dir)
    return result


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
    return []


def _extra_records(manifest: Manifest, data_dir: DataDir) -> list[Finding]:
    """Name runs of the batch found among the records that the certificate does not list."""
    listed = {entry.run_id for entry in manifest.records}
    findings = []
    for path in sorted(data_dir.records.rglob("*.h5")):
        header = _record_header(path)
        if header is None or header.get("batch") != manifest.batch:
            continue
        if header.get("run_id") not in listed:
            findings.append(Finding(str(header.get("serial", "")), "extra",
                                    f"run {header.get('run_id')} of this batch is not on the "
                                    f"certificate ({record_reference(data_dir.root, path)})"))
    return findings


def _record_header(path: Path) -> dict[str, str] | None:
    try:
        with h5py.File(path, "r") as f:
            return {key: _text(f.attrs.get(key, "")) for key in ("batch", "run_id", "serial")}
    except OSError:  # not an HDF5 file we can read: the listed-record checks name it if needed
        return None


def _text(value: object) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
