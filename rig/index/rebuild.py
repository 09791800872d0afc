"""Recreate the results index from the HDF5 records: the records are the truth."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rig.model import RunSummary
from rig.records import read_summary

if TYPE_CHECKING:
    from rig.index.store import ResultsIndex

_BATCH_RUNS = 500


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record_paths(records_dir: Path) -> Iterator[Path]:
    """Yield every record file under records_dir in a stable order."""
    yield from sorted(records_dir.rglob("*.h5"))


def rebuild_from_records(index: ResultsIndex, records_dir: str | os.PathLike[str]) -> int:
    """Drop the index, read every record's summary and index it; return the run count."""
    index.clear()
    pending: list[tuple[RunSummary, str | None]] = []
    count = 0
    for path in record_paths(Path(records_dir)):
        pending.append((read_summary(path), file_sha256(path)))
        if len(pending) >= _BATCH_RUNS:
            count += index.add_many(pending)
            pending = []
    count += index.add_many(pending)
    return count
