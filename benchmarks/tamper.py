"""Tamper cases tried against a station's protected state, and how many were detected.

One station is built (users, a signing key outside the data directory, a
published spec revision, a batch of records, a signed certificate), then each
case works on a fresh copy: alter one thing as someone at the station PC
could, and ask the station's own checks whether they notice. Target: 100 %.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import h5py

from benchmarks.certificates import _write_run
from rig.audit import AuditLog
from rig.certificates import CertificateUnreadable, issue_certificate, verify_certificate
from rig.index import ResultsIndex
from rig.index.rebuild import rebuild_records
from rig.keys import KeyStore
from rig.paths import DataDir
from rig.protected import (
    ProtectedFileError,
    check_sealed,
    seal,
    sealed_file_problems,
    station_audit,
)
from rig.spec_store import SpecStore
from rig.specs import SpecError
from rig.users import AuthenticationError, UserStore

_SPECS = Path(__file__).resolve().parents[1] / "specs"
_PIN = {"admin": "802461", "eve": "135792", "tim": "975310"}
_RECORD_FLIPS = 40
_PDF_FLIPS = 80

Case = tuple[str, Callable[[DataDir], None], Callable[[DataDir], bool]]


def _station(root: Path) -> None:
    data = DataDir(root / "data")
    data.root.mkdir(parents=True)
    users = UserStore(data.users, station_audit(data))
    users.set_pin(users.authenticate("admin", users.ensure_administrator()), _PIN["admin"])
    admin = users.authenticate("admin", _PIN["admin"])
    for user_id, role in (("eve", "engineer"), ("tim", "technician")):
        handed = users.add_user(by=admin, user_id=user_id, name=user_id.title(), role=role)
        users.set_pin(users.authenticate(user_id, handed), _PIN[user_id])
    eve = users.authenticate("eve", _PIN["eve"])
    specs = SpecStore(data.spec_revisions, seed_dir=_SPECS, audit=station_audit(data))
    specs.set_limit(eve, "general-purpose", "high.current", high=0.8, reason="ECN-1",
                    signature=users.sign("eve", _PIN["eve"], "approved"))
    key = KeyStore(root / "keys", data, station_audit(data)).create(by=admin, holder="Q. Manager")
    index = ResultsIndex(data.index_url)
    spec_text = (_SPECS / "general-purpose.yaml").read_text(encoding="utf-8")
    start = datetime(2026, 11, 25, tzinfo=UTC)
    for n in range(8):
        _write_run(data, index, spec_text, f"GPM-{n:06d}", "sample" if n < 5 else "eol",
                   start + timedelta(seconds=n), n)
    issue_certificate(index, data, "BENCH", eve, root / "cert.pdf", audit=station_audit(data),
                      signing_key=key, signature=users.sign("eve", _PIN["eve"], "released"),
                      now=start + timedelta(hours=1))
    index.close()


# -- the station's checks ----------------------------------------------------------------------

def _users_refused(data: DataDir) -> bool:
    try:
        UserStore(data.users, station_audit(data)).authenticate("tim", _PIN["tim"])
        UserStore(data.users, station_audit(data)).ensure_administrator()
    except AuthenticationError:
        return True
    return False


def _spec_refused(data: DataDir) -> bool:
    store = SpecStore(data.spec_revisions, seed_dir=_SPECS, audit=station_audit(data))
    try:
        store.current("general-purpose")
        store.history("general-purpose")
    except (SpecError, ProtectedFileError):
        return True
    return False


def _audit_fails(data: DataDir) -> bool:
    log = station_audit(data)
    return bool(log.verify() or sealed_file_problems(log))


def _certificate_fails(data: DataDir) -> bool:
    try:
        return not verify_certificate(data.root.parent / "cert.pdf", data).verified
    except CertificateUnreadable:
        return True


def _rebuild_finds(data: DataDir) -> bool:
    index = ResultsIndex(data.index_url)
    try:
        return bool(rebuild_records(index, data.records).findings)
    finally:
        index.close()


# -- the tampering -----------------------------------------------------------------------------

def _edit_json(path: Path, change: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _raise_role(d: DataDir) -> None:
    _edit_json(d.users, lambda u: u["users"]["tim"].update(role="administrator"))


def _copy_pin(d: DataDir) -> None:
    _edit_json(d.users, lambda u: u["users"]["tim"].update(pin=u["users"]["admin"]["pin"]))


def _revision(d: DataDir, number: int) -> Path:
    return d.spec_revisions / "general-purpose" / f"r{number:04d}.yaml"


def _edit_revision(d: DataDir) -> None:
    path = _revision(d, 2)
    path.write_text(path.read_text().replace("max: 0.8", "max: 5.0"))


def _forge_revision(d: DataDir) -> None:
    _revision(d, 3).write_text(_revision(d, 2).read_text().replace("revision: 2", "revision: 3")
                               .replace("max: 0.8", "max: 5.0"))


def _edit_meta(d: DataDir) -> None:
    _edit_json(_revision(d, 2).with_suffix(".json"), lambda m: m.update(author="admin"))


def _audit_lines(d: DataDir) -> list[str]:
    return d.audit_log.read_text(encoding="utf-8").splitlines(keepends=True)


def _edit_entry(d: DataDir) -> None:
    lines = _audit_lines(d)
    at = next(n for n, line in enumerate(lines) if '"action":"spec.set"' in line)
    edited = lines[at].replace('"to":{"max":0.8', '"to":{"max":5.0')
    assert edited != lines[at], "the tamper must change the entry"
    lines[at] = edited
    d.audit_log.write_text("".join(lines))


def _delete_entry(d: DataDir) -> None:
    lines = _audit_lines(d)
    d.audit_log.write_text("".join(lines[:2] + lines[3:]))


def _cut_tail_and_head(d: DataDir) -> None:
    lines = _audit_lines(d)[:-3]
    d.audit_log.write_text("".join(lines))
    last = json.loads(lines[-1])
    d.audit_log.with_name("audit.jsonl.head").write_text(
        json.dumps({"hash": last["hash"], "seq": last["seq"]}))


def _delete_log_and_head(d: DataDir) -> None:
    d.audit_log.unlink()
    d.audit_log.with_name("audit.jsonl.head").unlink()


def _rewrite_log(d: DataDir) -> None:
    count = len(_audit_lines(d))
    _delete_log_and_head(d)
    forged = AuditLog(d.audit_log)
    for n in range(count):
        forged.append(actor="admin", role="administrator", action="note", details={"n": n})


def _records(d: DataDir) -> list[Path]:
    return sorted(d.records.rglob("*.h5"))


def _alter_record(d: DataDir) -> None:
    with h5py.File(_records(d)[2], "r+") as f:
        f.attrs["operator"] = "someone else"


def _alter_record_and_index(d: DataDir) -> None:
    _alter_record(d)
    index = ResultsIndex(d.index_url)
    path = _records(d)[2]
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with index.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE runs SET record_sha256 = ? WHERE record_path LIKE ?",
                             (sha, f"%{path.name}"))
    index.close()


def _edit_summary(d: DataDir) -> None:
    _edit_json(_records(d)[1].with_suffix(".json"), lambda s: s.update(verdict="FAIL"))


def _edit_manifest_copy(d: DataDir) -> None:
    copy = next(d.certificates.glob("COC-*.json"))
    _edit_json(copy, lambda m: m.update(batch="OTHER"))


def _flip(path: Path, position: int) -> None:
    data = bytearray(path.read_bytes())
    data[position] ^= 0x5A
    path.write_bytes(bytes(data))


def _cases(base: Path) -> list[Case]:
    pdf_size = (base / "cert.pdf").stat().st_size
    record = sorted((base / "data" / "records").rglob("*.h5"))[3]
    record_name, record_size = record.relative_to(base / "data"), record.stat().st_size
    rng = random.Random(12)
    cases: list[Case] = [
        ("users.json: technician made administrator", _raise_role, _users_refused),
        ("users.json: PIN hash copied from another user", _copy_pin, _users_refused),
        ("users.json: deleted for a fresh administrator", lambda d: d.users.unlink(),
         _users_refused),
        ("spec revision edited in place", _edit_revision, _spec_refused),
        ("spec revision forged as the next one", _forge_revision, _spec_refused),
        ("spec revision author rewritten", _edit_meta, _spec_refused),
        ("audit entry edited", _edit_entry, _audit_fails),
        ("audit entry deleted", _delete_entry, _audit_fails),
        ("audit tail cut and head rewritten", _cut_tail_and_head, _audit_fails),
        ("audit log and head deleted", _delete_log_and_head, _audit_fails),
        ("audit log rewritten as a consistent chain", _rewrite_log, _audit_fails),
        ("record altered", _alter_record, _certificate_fails),
        ("record altered: rebuild", _alter_record, _rebuild_finds),
        ("record altered and its index hash replaced", _alter_record_and_index,
         _certificate_fails),
        ("record deleted", lambda d: _records(d)[4].unlink(), _certificate_fails),
        ("JSON summary edited: rebuild", _edit_summary, _rebuild_finds),
        ("station's manifest copy edited", _edit_manifest_copy, _certificate_fails),
    ]
    for position in sorted(rng.sample(range(record_size), _RECORD_FLIPS)):
        cases.append((f"record byte {position} flipped",
                      lambda d, p=position: _flip(d.root / record_name, p), _certificate_fails))
    for position in sorted(rng.sample(range(pdf_size), _PDF_FLIPS)):
        cases.append((f"certificate byte {position} flipped",
                      lambda d, p=position: _flip(d.root.parent / "cert.pdf", p),
                      _certificate_fails))
    return cases


def _check_cost(tmp: Path, entries: int) -> tuple[str, str]:
    """Time one check on use (chain verified, then the file hashed) with a log this long."""
    log = AuditLog(tmp / f"cost{entries}" / "audit.jsonl")
    target = log.path.with_name("users.json")
    target.parent.mkdir(parents=True)
    target.write_text("{}")
    for n in range(entries):
        log.append(actor="admin", role="administrator", action="note", details={"n": n})
    log.append(actor="admin", role="administrator", action="user.add",
               details={"sealed": seal(log, target)})
    times_ms = []
    for _ in range(2):  # the first reads the whole chain; the next sees the same bytes
        began = time.perf_counter()
        check_sealed(log, target)
        times_ms.append((time.perf_counter() - began) * 1000)
    return (f"check on use, {entries + 1} audit entries",
            f"{times_ms[0]:.1f} ms first, {times_ms[1]:.1f} ms unchanged log")


def run() -> list[tuple[str, str]]:
    """Try every case on a fresh copy of one station; print tried, detected, and any missed."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged PDFs are the point here
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        _station(base)
        assert not _audit_fails(DataDir(base / "data")), "the untouched station must verify"
        assert not _certificate_fails(DataDir(base / "data"))
        missed, tracebacks = [], 0
        cases = _cases(base)
        for number, (name, tamper, detected) in enumerate(cases):
            copy = Path(tmp) / f"case{number}"
            shutil.copytree(base, copy)
            data = DataDir(copy / "data")
            tamper(data)
            try:
                if not detected(data):
                    missed.append(name)
            except Exception as exc:  # a check that crashes is a traceback, not a detection
                tracebacks += 1
                missed.append(f"{name} ({type(exc).__name__}: {exc})")
            shutil.rmtree(copy)
    detected_count = len(cases) - len(missed)
    rows = [("tamper cases tried", str(len(cases))),
            ("detected", f"{detected_count} ({100 * detected_count / len(cases):.1f} %)"),
            ("tracebacks", str(tracebacks))]
    rows += [("missed", name) for name in missed]
    with tempfile.TemporaryDirectory() as tmp:
        rows += [_check_cost(Path(tmp), entries) for entries in (100, 10_000)]
    return rows
