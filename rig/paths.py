"""Where a station keeps its data: records, index, audit log, users, spec revisions."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataDir:
    """The layout of a station's data directory."""

    root: Path

    @classmethod
    def resolve(cls, explicit: str | os.PathLike[str] | None = None) -> DataDir:
        """Use the explicit path, else $RIG_DATA_DIR, else ./data."""
        chosen = explicit or os.environ.get("RIG_DATA_DIR") or "data"
        return cls(Path(chosen).resolve())

    @property
    def records(self) -> Path:  # records/YYYY-MM-DD/<serial>_<run_id>.h5 (+ .json summary)
        return self.root / "records"

    @property
    def index_url(self) -> str:
        """Return $RIG_INDEX_URL (a line's shared database), else the SQLite file here."""
        return os.environ.get("RIG_INDEX_URL") or f"sqlite:///{self.root / 'index.sqlite'}"

    def index_url_for(self, station_results_index: str | None) -> str:
        """Return the station file's results index if it names one, else ``index_url``."""
        return station_results_index or self.index_url

    @property
    def audit_log(self) -> Path:
        return self.root / "audit.jsonl"

    @property
    def users(self) -> Path:
        return self.root / "users.json"

    @property
    def spec_revisions(self) -> Path:  # spec_revisions/<product>/r0001.yaml ...
        return self.root / "spec_revisions"

    @property
    def certificates(self) -> Path:
        return self.root / "certificates"
