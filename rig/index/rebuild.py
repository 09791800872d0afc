"""Recreate the results index from the HDF5 records: the records are the truth."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

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


def rebuild_from_records(index: ResultsIndex, records_dir: str | os.PathLike[str], *,
                         keep_other_stations: bool = False) -> int:
    """Index every record under records_dir anew; return the run count.

    By default the index is dropped first. On a line's shared database each
    station holds only its own records: ``keep_other_stations`` replaces just
    the runs of the stations whose records are read and leaves the rest.
    """
    found = [(read_summary(path), file_sha256(path)) for path in record_paths(Path(records_dir))]
    if keep_other_stations:
        index.forget_stations({summary.station for summary, _ in found})
    else:
        index.clear()
    return sum(index.add_many(found[i:i + _BATCH_RUNS]) for i in range(0, len(found), _BATCH_RUNS))
