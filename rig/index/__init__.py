"""The results index: runs and measurements in SQL, always rebuildable from the records."""

from rig.index.store import ReplayRow, ResultsIndex, RunHead

__all__ = ["ReplayRow", "ResultsIndex", "RunHead"]
