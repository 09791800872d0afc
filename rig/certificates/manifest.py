"""The machine-readable content of a certificate: which records it rests on, and their hashes.

The manifest travels inside the PDF (an embedded ``manifest.json``) and a copy
stays in the station's certificates directory. Its batch digest is the SHA-256
of one canonical text: a line ``<serial> <record sha256> <spec sha256>`` per
certified unit, sorted by serial, each ending in a newline.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from rig.hashing import sha256_text

MANIFEST_FORMAT = 1
MANIFEST_NAME = "manifest.json"


class RecordRole:
    """Why a record is listed in a manifest."""

    CERTIFIED = "certified"  # the unit's final run, covered by the certificate
    EXCLUDED = "excluded"  # the final run of a unit the engineer left out, with a reason
    EARLIER = "earlier"  # an earlier attempt of a unit (superseded by a retest)


@dataclass(frozen=True)
class RecordEntry:
    """One run record of the batch as it was when the certificate was issued."""

    serial: str
    run_id: str
    sequence: str
    verdict: str
    role: str  # a RecordRole value
    record: str  # path relative to the data directory (absolute when outside it)
    record_sha256: str
    spec_sha256: str


@dataclass(frozen=True)
class Manifest:
    """Everything a verifier needs to re-check a certificate against the records."""

    number: str
    issued_at: str  # ISO 8601, UTC
    batch: str
    product: str
    spec_id: str
    spec_revision: int
    spec_sha256: str
    issuer: str
    records: list[RecordEntry] = field(default_factory=list)
    exclusions: dict[str, str] = field(default_factory=dict)  # serial -> reason
    digest: str = ""
    format: int = MANIFEST_FORMAT

    @property
    def certified(self) -> list[RecordEntry]:
        return [entry for entry in self.records if entry.role == RecordRole.CERTIFIED]

    def with_digest(self) -> Manifest:
        """Return a copy carrying the batch digest of its certified records."""
        return replace(self, digest=batch_digest(self.certified))

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        if data.get("format") != MANIFEST_FORMAT:
            raise ValueError(f"manifest format {data.get('format')!r} is not {MANIFEST_FORMAT}")
        data["records"] = [RecordEntry(**entry) for entry in data["records"]]
        return cls(**data)


def canonical_lines(entries: list[RecordEntry]) -> str:
    """Return the text the batch digest is computed over."""
    lines = sorted(f"{e.serial} {e.record_sha256} {e.spec_sha256}\n" for e in entries)
    return "".join(lines)


def batch_digest(entries: list[RecordEntry]) -> str:
    """Return the SHA-256 over the canonical list of certified units."""
    return sha256_text(canonical_lines(entries))


def record_reference(root: Path, path: Path) -> str:
    """Return how a manifest names a record: relative to the data directory when inside it."""
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:  # a record kept outside the data directory
        return str(Path(path).resolve())


def resolve_record(root: Path, record: str) -> Path:
    """Return the file a manifest's record reference points to under a data directory."""
    path = Path(record)
    return path if path.is_absolute() else root / path
