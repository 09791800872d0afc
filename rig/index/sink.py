"""The results index as a record sink: each finished run goes in with its record's hash."""

from __future__ import annotations

from rig.hashing import sha256_file
from rig.index.store import ResultsIndex
from rig.model import RunSummary


class IndexSink:
    """Add each finished run to a results index, with the SHA-256 of its record file."""

    name = "results index"

    def __init__(self, index: ResultsIndex) -> None:
        self.index = index

    def __call__(self, summary: RunSummary) -> None:
        self.index.add(summary, sha256_file(summary.record_path))
