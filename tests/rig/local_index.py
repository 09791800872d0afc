"""What a station that names a shared results index keeps in its data directory's own one."""

from __future__ import annotations

from pathlib import Path

from rig.index import ResultsIndex


def assert_no_runs_indexed_locally(data: Path) -> None:
    """Check the data directory's own index (kept for the audit anchor) holds no run."""
    local = data / "index.sqlite"
    if not local.exists():
        return
    index = ResultsIndex(f"sqlite:///{local}")
    try:
        assert index.count() == 0, "runs went to the data directory's own index"
    finally:
        index.close()
