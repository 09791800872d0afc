"""The shape of a run record: names, row types and the layout version.

Every object is created before the writer switches to SWMR mode (SWMR cannot
create objects later), so captures of any number and shape go into one
growing sample stream with an index table beside it. docs/hdf5-layout.md
describes the layout for readers outside this package.
"""

from __future__ import annotations

import numpy as np

from rig.model import HEADER_FIELDS

LAYOUT_VERSION = 1

# Fixed-length UTF-8 byte strings keep every table appendable under SWMR.
MEASUREMENT = np.dtype([
    ("name", "S64"), ("value", "f8"), ("unit", "S16"), ("low", "f8"), ("high", "f8"),
    ("verdict", "S8"), ("step", "S32"), ("t_s", "f8"),
])
# Values a step saw but did not judge, for the diagnosis (added in layout 1; older records lack it).
OBSERVATION = np.dtype([("name", "S64"), ("value", "f8"), ("unit", "S16"), ("step", "S32"), ("t_s", "f8")])
# The diagnosis of a PASS (watch note) or FAIL; ``cause`` empty when the run has none.
DIAGNOSIS = np.dtype([("cause", "S32"), ("motor", "S4"), ("confidence", "f8"), ("runner_up", "S32"),
                      ("watch", "i1")])
DIAGNOSIS_EVIDENCE = np.dtype([("text", "S256")])
DIAGNOSIS_FITTED = np.dtype([("name", "S32"), ("value", "f8")])
STEP = np.dtype([
    ("step", "S32"), ("kind", "S32"), ("verdict", "S8"), ("message", "S512"),
    ("started_s", "f8"), ("finished_s", "f8"),
])
EVENT = np.dtype([("t_s", "f8"), ("kind", "S24"), ("text", "S488")])
# error_instrument came later: a reader finds it missing in older records and reads None.
OUTCOME = np.dtype([("verdict", "S8"), ("finished_at", "S32"), ("error", "S1024"),
                    ("error_instrument", "S32")])
INSTRUMENT = np.dtype([
    ("role", "S32"), ("make", "S64"), ("model", "S32"), ("serial", "S64"),
    ("firmware", "S64"), ("calibration_due", "S16"),
])
CAPTURE = np.dtype([
    ("name", "S64"), ("channels", "S256"), ("units", "S128"), ("sample_rate_hz", "f8"),
    ("start_s", "f8"), ("first_sample", "i8"), ("n_samples", "i8"), ("n_channels", "i4"),
    ("offset", "i8"),
])
TREND = np.dtype([("name", "S64"), ("unit", "S16"), ("offset", "i8"), ("n_points", "i8")])

SAMPLES_CHUNK = 1 << 16  # float32 samples per chunk: 256 KiB, one lzf call each
TABLE_CHUNK = 64  # rows per chunk of the small tables

HEADER_ATTRS = HEADER_FIELDS  # the file's root attributes: the run header, field for field


def encode(text: str, size: int) -> bytes:
    """Return text as UTF-8 cut to ``size`` bytes without splitting a character."""
    raw = text.encode("utf-8")
    if len(raw) <= size:
        return raw
    return raw[:size].decode("utf-8", errors="ignore").encode("utf-8")


def decode(raw: bytes | np.bytes_) -> str:
    """Return the text of a fixed-length byte string field."""
    return bytes(raw).decode("utf-8", errors="replace")


def field_size(dtype: np.dtype, field: str) -> int:
    """Return the byte length of a string field of a row type."""
    return dtype.fields[field][0].itemsize


def nan_for_none(value: float | None) -> float:
    """Store an open limit as NaN (a real limit is never NaN)."""
    return float("nan") if value is None else float(value)


def none_for_nan(value: float) -> float | None:
    """Read an open limit back as None."""
    return None if value != value else float(value)
