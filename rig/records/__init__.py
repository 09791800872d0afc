"""Run records: one HDF5 file per run, written as the run goes, plus a JSON summary.

See docs/hdf5-layout.md for the layout and docs/decisions/0007-hdf5-layout.md for why.
"""

from rig.records.layout import LAYOUT_VERSION
from rig.records.reader import Capture, Record, Trend, read_record, read_summary
from rig.records.summary import summary_path_for, write_summary
from rig.records.writer import RecordHeader, RecordWriter, record_path_for

__all__ = [
    "LAYOUT_VERSION", "Capture", "Record", "RecordHeader", "RecordWriter", "Trend",
    "read_record", "read_summary", "record_path_for", "summary_path_for", "write_summary",
]
