"""The JSON summary beside each finished record: ``RunSummary.to_json()``, written atomically."""

from __future__ import annotations

import os
from pathlib import Path

from rig.model import RunSummary


def summary_path_for(record_path: Path | str) -> Path:
    """Return the JSON summary's path for a record (``x.h5`` or ``x.h5.partial`` -> ``x.json``)."""
    path = Path(record_path)
    name = path.name.removesuffix(".partial").removesuffix(".h5")
    return path.with_name(name + ".json")


def write_summary(summary: RunSummary, record_path: Path | str) -> Path:
    """Write the summary beside the record, never leaving a half-written file; return its path."""
    target = summary_path_for(record_path)
    temporary = target.with_name(target.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as stream:
        stream.write(summary.to_json())
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, target)
    return target
