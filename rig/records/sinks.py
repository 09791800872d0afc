"""Where a finished record goes: sinks the runner hands each run's summary to, in order.

The runner owns the record; once the HDF5 file is final it calls every sink
with the run's summary (whose ``record_path`` names the file). The JSON
summary beside the record is the first sink; the results index (with the
file's hash) is the next; a line's central store can be another. A sink that
fails does not undo the record: the runner reports it as ``RecordSinkFailed``.
"""

from __future__ import annotations

from typing import Protocol

from rig.model import RunSummary
from rig.records.summary import write_summary


class RecordSink(Protocol):
    """Takes a finished run; raises when it could not keep it."""

    name: str

    def __call__(self, summary: RunSummary) -> None: ...


class JsonSummarySink:
    """Write the JSON summary beside the record, atomically."""

    name = "json summary"

    def __call__(self, summary: RunSummary) -> None:
        write_summary(summary, summary.record_path)


DEFAULT_SINKS: tuple[RecordSink, ...] = (JsonSummarySink(),)
