"""Recreate the results index from the HDF5 records: the records are the truth.

A rebuild re-reads every record but never launders one: a record hash the
index already holds is kept, and a file that no longer matches it is reported
as a finding; a record the index never hashed stays without a hash (and so
cannot be certified) rather than getting the hash of the file as it is now.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from rig.hashing import sha256_file as file_sha256
from rig.index.schema import runs
from rig.model import RunSummary
from rig.records import read_summary, summary_path_for

if TYPE_CHECKING:
    from rig.index.store import ResultsIndex

__all__ = ["RebuildFinding", "RebuildReport", "file_sha256", "rebuild_from_records",
           "rebuild_records", "record_paths", "summary_problem"]

_BATCH_RUNS = 500


@dataclass(frozen=True)
class RebuildFinding:
    """A record that does not stand as the index knew it: which run, what kind, what."""

    run_id: str
    serial: str
    kind: str  # changed | missing | unhashed | summary | unreadable
    detail: str

    def __str__(self) -> str:
        return f"{self.serial or '?'} run {self.run_id or '?'}: {self.kind}: {self.detail}"


@dataclass
class RebuildReport:
    """What a rebuild indexed and what it found."""

    indexed: int = 0
    findings: list[RebuildFinding] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"indexed": self.indexed, "findings": [vars(f) for f in self.findings]}


def record_paths(records_dir: Path) -> Iterator[Path]:
    """Yield every record file under records_dir in a stable order."""
    yield from sorted(records_dir.rglob("*.h5"))


def summary_problem(record_path: Path, summary: RunSummary) -> str | None:
    """Return why the JSON summary beside a record differs from the record, or None."""
    path = summary_path_for(record_path)
    if not path.exists():
        return None  # a view, regenerated from the record when wanted
    try:
        written = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"JSON summary {path.name} unreadable ({exc})"
    expected = summary.to_dict()
    differing = sorted(k for k in set(written) | set(expected)
                       if k != "record_path" and written.get(k) != expected.get(k))
    if differing:
        return (f"JSON summary {path.name} differs from its record in "
                f"{', '.join(differing)} (edited)")
    return None


def rebuild_records(index: ResultsIndex, records_dir: str | os.PathLike[str], *,
                    keep_other_stations: bool = False) -> RebuildReport:
    """Index every record under records_dir anew, keeping the hashes the index held.

    By default the index is dropped first. On a line's shared database each
    station holds only its own records: ``keep_other_stations`` replaces just
    the runs of the stations whose records are read and leaves the rest.
    """
    known = _known_hashes(index)
    report = RebuildReport()
    found: list[tuple[RunSummary, str | None]] = []
    for path in record_paths(Path(records_dir)):
        try:
            summary = read_summary(path)
        except Exception as exc:  # h5py raises many kinds on a damaged file
            report.findings.append(RebuildFinding("", "", "unreadable", f"{path.name}: {exc}"))
            continue
        found.append((summary, _kept_hash(path, summary, known, report)))
        if (problem := summary_problem(path, summary)) is not None:
            report.findings.append(RebuildFinding(summary.run_id, summary.serial, "summary",
                                                  problem))
    stations = {summary.station for summary, _ in found}
    seen = {summary.run_id for summary, _ in found}
    for run_id, (serial, station, record_path, _) in sorted(known.items()):
        if run_id not in seen and (not keep_other_stations or station in stations):
            report.findings.append(RebuildFinding(run_id, serial, "missing",
                                                  f"indexed record {record_path} not found; "
                                                  f"its run leaves the index"))
    if keep_other_stations:
        index.forget_stations(stations)
    else:
        index.clear()
    report.indexed = sum(index.add_many(found[i:i + _BATCH_RUNS])
                         for i in range(0, len(found), _BATCH_RUNS))
    return report


def rebuild_from_records(index: ResultsIndex, records_dir: str | os.PathLike[str], *,
                         keep_other_stations: bool = False) -> int:
    """Index every record under records_dir anew (see rebuild_records); return the run count."""
    return rebuild_records(index, records_dir, keep_other_stations=keep_other_stations).indexed


def _kept_hash(path: Path, summary: RunSummary, known: dict, report: RebuildReport) -> str | None:
    stored = known.get(summary.run_id, (None, None, None, None))[3]
    if stored is None:
        report.findings.append(RebuildFinding(
            summary.run_id, summary.serial, "unhashed",
            f"{path.name} had no hash in the index; none is taken from the file as it is now, "
            f"so it cannot be certified"))
        return None
    if file_sha256(path) != stored:
        report.findings.append(RebuildFinding(
            summary.run_id, summary.serial, "changed",
            f"{path.name} no longer matches the hash the index took; the stored hash is kept"))
    return stored


def _known_hashes(index: ResultsIndex) -> dict[str, tuple[str, str, str, str | None]]:
    """Return run_id -> (serial, station, record path, record hash) as the index holds them."""
    query = select(runs.c.run_id, runs.c.serial, runs.c.station, runs.c.record_path,
                   runs.c.record_sha256)
    with index.engine.connect() as conn:
        return {row[0]: tuple(row[1:]) for row in conn.execute(query)}
