"""Files that decide behaviour or prove a result, checked against their audited hash on use.

Every command that writes a protected file (the users store, a spec revision)
appends an audit entry whose ``details["sealed"]`` maps the file's name,
relative to the data directory, to its SHA-256. The newest such entry is the
file's audited hash. Reading a protected file checks the audit chain first
(so a forged seal needs the whole chain and its anchor rewritten) and then
the file against its seal; any difference is refused with the file's name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select

from rig.audit import AuditLog
from rig.hashing import sha256_file as file_sha256
from rig.paths import DataDir

SEALED_KEY = "sealed"

_anchor_metadata = MetaData()
_anchors = Table(
    "audit_anchor", _anchor_metadata,
    Column("chain", String, primary_key=True),  # which audit log (see station_audit)
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("time", String, nullable=False),
)


class ProtectedFileError(Exception):
    """A protected file does not match its audited hash (or the audit trail is broken)."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = Path(path)
        self.message = message


def seal(log: AuditLog, *paths: Path) -> dict[str, str]:
    """Return the ``sealed`` details naming each file's hash, for the entry that wrote them."""
    return {_name(log, path): file_sha256(path) for path in paths}


def sealed_hashes(log: AuditLog) -> dict[str, str]:
    """Return every protected file's audited hash, after checking the chain; raise when broken."""
    hashes: dict[str, str] = {}
    for entry in verified_entries(log, "no protected file"):
        hashes.update(entry.details.get(SEALED_KEY) or {})
    return hashes


def verified_entries(log: AuditLog, what: str) -> list:
    """Return the log's entries once its chain verifies; else raise naming what cannot be trusted."""
    problems = log.verify()
    if problems:
        raise ProtectedFileError(log.path, f"the audit log fails verification, so {what} "
                                           "can be trusted: " + "; ".join(problems))
    return log.entries()


def check_sealed(log: AuditLog, path: Path, hashes: dict[str, str] | None = None) -> bool:
    """Return True when the file matches its audited hash; False when it was never sealed.

    Raise ProtectedFileError when it differs, or is gone although it was sealed.
    """
    hashes = sealed_hashes(log) if hashes is None else hashes
    name = _name(log, path)
    expected = hashes.get(name)
    if expected is None:
        return False
    if not path.exists():
        raise ProtectedFileError(path, "missing, but the audit log holds its hash "
                                       "(deleted outside the station's commands)")
    actual = file_sha256(path)
    if actual != expected:
        raise ProtectedFileError(path, f"does not match its audited hash ({actual[:12]}... is "
                                       f"not {expected[:12]}...): changed outside the "
                                       f"station's commands; refused")
    return True


def sealed_file_problems(log: AuditLog) -> list[str]:
    """Return every protected file that no longer matches its audited hash (for `audit verify`)."""
    try:
        hashes = sealed_hashes(log)
    except ProtectedFileError:
        return []  # the chain's own problems are reported by verify()
    problems = []
    for name in sorted(hashes):
        path = Path(name) if Path(name).is_absolute() else log.path.parent / name
        try:
            check_sealed(log, path, hashes)
        except ProtectedFileError as exc:
            problems.append(f"{name}: {exc.message}")
    return problems


def _name(log: AuditLog, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(log.path.parent.resolve()).as_posix()
    except ValueError:  # kept outside the data directory
        return str(Path(path).resolve())


class IndexAnchor:
    """A copy of the audit head in the results index, so a deleted log and head are found."""

    def __init__(self, url: str, chain: str) -> None:
        self.url = url
        self.chain = chain

    def read_head(self) -> tuple[int, str] | None:
        """Return the anchored (seq, hash), or None when this log was never anchored."""
        engine = self._engine()
        try:
            with engine.connect() as conn:
                row = conn.execute(select(_anchors.c.seq, _anchors.c.hash)
                                   .where(_anchors.c.chain == self.chain)).first()
        finally:
            engine.dispose()
        return None if row is None else (int(row[0]), str(row[1]))

    def write_head(self, seq: int, hash_: str) -> None:
        """Keep (seq, hash) as the newest head of this log."""
        engine = self._engine()
        values = {"seq": seq, "hash": hash_,
                  "time": datetime.now(UTC).isoformat(timespec="seconds")}
        try:
            with engine.begin() as conn:
                updated = conn.execute(_anchors.update().where(_anchors.c.chain == self.chain)
                                       .values(**values)).rowcount
                if not updated:
                    conn.execute(_anchors.insert().values(chain=self.chain, **values))
        finally:
            engine.dispose()

    def _engine(self):
        engine = create_engine(self.url)
        _anchor_metadata.create_all(engine)
        return engine


def station_audit(data_dir: DataDir, index_url: str | None = None) -> AuditLog:
    """Return the station's audit log with its head anchored in the results index.

    The data directory's own SQLite index names the log simply ``audit.jsonl``
    (a copied data directory keeps verifying); a line's shared index names it
    by its absolute path, one anchor per station.
    """
    url = index_url or data_dir.index_url
    own = url == f"sqlite:///{data_dir.root / 'index.sqlite'}"
    chain = data_dir.audit_log.name if own else str(data_dir.audit_log)
    return AuditLog(data_dir.audit_log, anchor=IndexAnchor(url, chain))
