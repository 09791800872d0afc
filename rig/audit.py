"""The audit trail: an append-only JSON-lines log whose entries are hash-chained.

Each entry carries the hash of the one before it and its own hash, the
SHA-256 of the previous hash and the entry's canonical JSON. A head file
beside the log keeps the number and hash of the last entry, so a cut-off tail
is found as well as an edited, deleted or reordered entry. An anchor kept
elsewhere (``rig.protected.IndexAnchor``: a copy of the head in the results
index) finds a log deleted together with its head.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from rig.file_lock import exclusive_lock
from rig.hashing import sha256_bytes, sha256_text

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One thing someone did: who, in which role, what, and the details."""

    seq: int  # 1-based position in the log
    time: str  # ISO 8601, UTC
    actor: str
    role: str
    action: str  # e.g. "spec.set", "user.add"
    details: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS_HASH
    hash: str = ""

    def content(self) -> dict[str, Any]:
        """Return the fields the hash covers (everything but the hash itself)."""
        # Built by hand: dataclasses.asdict deep-copies and was most of verify()'s time.
        return {"seq": self.seq, "time": self.time, "actor": self.actor, "role": self.role,
                "action": self.action, "details": self.details, "prev_hash": self.prev_hash}


def canonical_json(data: Any) -> str:
    """Return the one JSON text of a value that the hash is computed over."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: AuditEntry) -> str:
    """Return the SHA-256 of the previous hash followed by the entry's canonical JSON."""
    return sha256_text(entry.prev_hash + canonical_json(entry.content()))


class AuditAnchor(Protocol):
    """A copy of the log's head kept outside the log's directory."""

    def read_head(self) -> tuple[int, str] | None:
        """Return the anchored (seq, hash), or None when nothing was ever anchored."""

    def write_head(self, seq: int, hash_: str) -> None:
        """Keep (seq, hash) as the newest head."""


class AuditLog:
    """An append-only, hash-chained log of who changed what."""

    def __init__(self, path: str | os.PathLike[str], anchor: AuditAnchor | None = None) -> None:
        self.path = Path(path)
        self.head_path = self.path.with_name(self.path.name + ".head")
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self.anchor = anchor
        self._memo: _Chain | None = None

    def append(self, *, actor: str, role: str, action: str,
               details: dict[str, Any] | None = None) -> AuditEntry:
        """Add an entry at the end of the chain and return it."""
        with self._locked():
            seq, prev_hash = self._tail()
            entry = AuditEntry(
                seq=seq + 1,
                time=datetime.now(UTC).isoformat(timespec="microseconds"),
                actor=actor,
                role=role,
                action=action,
                details=json.loads(canonical_json(details or {})),  # JSON-safe copy
                prev_hash=prev_hash,
            )
            entry = AuditEntry(**{**asdict(entry), "hash": entry_hash(entry)})
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(canonical_json(asdict(entry)) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            self._write_head(entry)
            if self.anchor is not None:
                self.anchor.write_head(entry.seq, entry.hash)
            return entry

    def entries(self) -> list[AuditEntry]:
        """Return every entry in file order (unchecked: use verify() for trust)."""
        return list(self._read().entries)

    def verify(self) -> list[str]:
        """Return the problems found in the chain; an empty list means intact."""
        chain = self._read()
        problems = list(chain.problems) + self._check_head(len(chain.hashes), chain.last_hash)
        problems.extend(self._check_anchor(list(chain.hashes)))
        return problems

    def _read(self) -> _Chain:
        """Parse and check the log, reusing the last answer while its bytes are the same.

        Protected files are checked against the chain on every use, so a long
        log must not be parsed again each time nothing has changed.
        """
        data = self.path.read_bytes() if self.path.exists() else b""
        digest = sha256_bytes(data)
        if self._memo is None or self._memo.digest != digest:
            self._memo = _check_chain(digest, data)
        return self._memo

    def _check_anchor(self, hashes: list[str]) -> list[str]:
        if self.anchor is None:
            return []
        anchored = self.anchor.read_head()
        if anchored is None:
            # Entries written before the anchor existed (or by a front end without one):
            # the next anchored append adopts them.
            return []
        seq, hash_ = anchored
        if seq > len(hashes):
            return [f"the anchor says the log had {seq} entries; {len(hashes)} remain "
                    f"(the log, or the log and its head, deleted or cut)"]
        if hashes[seq - 1] != hash_:
            return [f"entry {seq}: differs from the copy of the head anchored at the time "
                    f"(the log was rewritten)"]
        return []

    def _check_head(self, count: int, last_hash: str) -> list[str]:
        if not self.head_path.exists():
            return [] if count == 0 else [f"head file {self.head_path.name} is missing"]
        head = json.loads(self.head_path.read_text(encoding="utf-8"))
        if head["seq"] > count:
            return [f"entry {count + 1}: missing; the head says the log has {head['seq']} "
                    f"entries but only {count} remain (tail cut off)"]
        if head["seq"] < count:
            return [f"entry {head['seq'] + 1}: not recorded in the head file "
                    f"(appended outside the audit log)"]
        if head["hash"] != last_hash:
            return [f"entry {count}: its hash differs from the one kept in the head file"]
        return []

    def _tail(self) -> tuple[int, str]:
        """Return the number and hash of the last entry (from the head, else the log)."""
        last = self._last_entry()
        if not self.head_path.exists():
            return (last.seq, last.hash) if last else (0, GENESIS_HASH)
        head = json.loads(self.head_path.read_text(encoding="utf-8"))
        seq, hash_ = int(head["seq"]), str(head["hash"])
        if (last is not None and last.seq == seq + 1 and last.prev_hash == hash_
                and entry_hash(last) == last.hash):
            # A crash between writing the line and the head: the entry is whole
            # and follows the head, so adopt it rather than fork the chain.
            return last.seq, last.hash
        return seq, hash_

    def _last_entry(self) -> AuditEntry | None:
        if not self.path.exists():
            return None
        with self.path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - 65536))
            lines = handle.read().decode("utf-8", errors="replace").splitlines()
        for line in reversed(lines):
            if line.strip():
                try:
                    return AuditEntry(**json.loads(line))
                except (ValueError, TypeError):
                    return None
        return None

    def _write_head(self, entry: AuditEntry) -> None:
        temporary = self.head_path.with_name(self.head_path.name + ".tmp")
        temporary.write_text(canonical_json({"seq": entry.seq, "hash": entry.hash}) + "\n",
                             encoding="utf-8")
        os.replace(temporary, self.head_path)

    def _locked(self):
        # The GUI and a CLI may append at the same moment; one writer at a time
        # keeps the chain linear.
        return exclusive_lock(self._lock_path)


@dataclass(frozen=True)
class _Chain:
    """One reading of the log: its entries, the chain's own problems, each entry's hash."""

    digest: bytes
    entries: tuple[AuditEntry, ...]
    problems: tuple[str, ...]
    hashes: tuple[str, ...]  # "" for an unreadable line
    last_hash: str  # of the last readable entry


def _check_chain(digest: bytes, data: bytes) -> _Chain:
    problems: list[str] = []
    entries: list[AuditEntry] = []
    hashes: list[str] = []
    prev_hash = GENESIS_HASH
    for line_no, entry, error in _parse_lines(data):
        position = len(hashes) + 1
        if entry is None:
            problems.append(f"entry {position} (line {line_no}): unreadable: {error}")
            hashes.append("")
            continue
        problems.extend(_check_entry(entry, position, prev_hash))
        prev_hash = entry.hash
        hashes.append(entry.hash)
        entries.append(entry)
    return _Chain(digest, tuple(entries), tuple(problems), tuple(hashes), prev_hash)


def _parse_lines(data: bytes) -> Iterator[tuple[int, AuditEntry | None, str]]:
    for line_no, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield line_no, AuditEntry(**json.loads(line)), ""
        except (ValueError, TypeError) as exc:
            yield line_no, None, str(exc)


def _check_entry(entry: AuditEntry, position: int, prev_hash: str) -> list[str]:
    problems = []
    if entry.seq != position:
        problems.append(f"entry {position}: numbered {entry.seq} "
                        f"(an entry before it was deleted or the order changed)")
    if entry.prev_hash != prev_hash:
        problems.append(f"entry {position}: does not follow the entry before it "
                        f"(previous hash differs: deleted, inserted or reordered)")
    if entry_hash(entry) != entry.hash:
        problems.append(f"entry {position}: content does not match its hash (edited)")
    return problems
