"""The composition root: one function puts a station together for every front end.

``rig run``, ``rig gui`` (window and headless demo), the benchmarks and the
tests all open a station through ``open_station_app``, so each guarantee
(records hashed into the index, the retest policy, current spec revisions,
the user store) holds whichever front end is used. See
docs/decisions/0016-composition-root.md.

    with open_station_app("stations/sim.yaml", data_dir="data") as app:
        outcome = app.session.run(RunRequest("GPM-000123", "general-purpose"))
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from instruments.manual_fixture import Confirm
from instruments.station import Station, StationConfig, load_station, open_station
from rig.audit import AuditLog
from rig.batches import BatchGuard
from rig.index import ResultsIndex
from rig.index.sink import IndexSink
from rig.model import RunSummary
from rig.paths import DataDir
from rig.protected import station_audit
from rig.records.sinks import JsonSummarySink, RecordSink
from rig.shift import start_of_day, tally_from_index
from rig.spec_store import SpecStore
from rig.station_session import StationSession, product_rules
from rig.users import UserStore

REPO_SPECS = Path(__file__).resolve().parents[1] / "specs"


@dataclass
class StationApp:
    """One opened station with everything its front ends use."""

    data: DataDir
    config: StationConfig
    station: Station
    specs: SpecStore
    index: ResultsIndex
    users: UserStore
    audit: AuditLog
    session: StationSession

    def engineering(self):
        """Return the engineer's workspace: specs, index, audit log and the signing keys."""
        from rig.engineering import Engineering  # the statistics stack: only when asked for
        from rig.keys import KeyStore, default_key_dir

        keys = KeyStore(default_key_dir(), self.data, self.audit)
        return Engineering(self.data, self.specs, self.index, self.audit, keys=keys)


def default_specs_dir() -> Path:
    """Return ./specs when run from a checkout's root, else the shipped specs."""
    return Path("specs") if Path("specs").is_dir() else REPO_SPECS


def record_sinks(index: ResultsIndex) -> tuple[RecordSink, ...]:
    """Return where each finished record goes: its JSON summary, then the index with its hash."""
    return (JsonSummarySink(), IndexSink(index))


def attempts_in(index: ResultsIndex) -> Callable[[str, str], Sequence[RunSummary]]:
    """Return a serial's earlier runs of a product from the index, oldest first."""
    return lambda product, serial: index.runs(product=product, serial=serial)


@contextmanager
def open_station_app(station_file: str | os.PathLike[str], *,
                     data_dir: str | os.PathLike[str] | None = None,
                     specs_dir: str | os.PathLike[str] | None = None,
                     spec_file: str | os.PathLike[str] | None = None,
                     index_url: str | None = None,
                     confirm: Confirm | None = None,
                     today: Callable[[], date] = date.today) -> Iterator[StationApp]:
    """Open a station, its bench, specs, index, users and session; close it all on exit.

    ``spec_file`` runs one product against a given spec file instead of the
    published revisions. Raise StationFileError or SpecError for bad files
    and FileNotFoundError when there is no spec at all, before anything is
    switched on.
    """
    data = DataDir.resolve(data_dir)
    data.root.mkdir(parents=True, exist_ok=True)
    # The audit log is anchored where the station's own commands anchor it (decision 0025);
    # the users and the spec revisions are checked against it on every use.
    audit = station_audit(data)
    specs = SpecStore(data.spec_revisions, seed_dir=Path(specs_dir or default_specs_dir()),
                      audit=audit)
    products = [product_rules(_load_spec(spec_file))] if spec_file is not None else specs
    if spec_file is None and not specs.products():
        raise FileNotFoundError(f"no product specs (*.yaml) in {specs_dir or default_specs_dir()}")
    config = load_station(Path(station_file))
    index = ResultsIndex(index_url or data.index_url_for(config.results_index))
    try:
        with open_station(config, confirm=confirm) as station:
            run_unit = _runner()
            one_blas_thread()
            session = StationSession(station, products, run_unit=run_unit,
                                     records_dir=data.records, sinks=record_sinks(index),
                                     attempts=attempts_in(index), today=today,
                                     shift=tally_from_index(index, station.name, start_of_day()),
                                     batch_guard=BatchGuard(index, data.certificates))
            yield StationApp(data=data, config=config, station=station, specs=specs, index=index,
                             users=UserStore(data.users, audit=audit), audit=audit,
                             session=session)
    finally:
        index.close()


def _load_spec(path: str | os.PathLike[str]):
    from rig.specs import load_spec

    return load_spec(Path(path))


def one_blas_thread() -> None:
    """Let the linear algebra libraries loaded by now use one thread each.

    A run's matrices are a few columns wide, so extra BLAS threads add
    nothing; after each product they spin on a core, the one the window and
    the simulated bench need (decision 0038).
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def _runner():
    # Imported late: the step kinds pull in the analysis, which `rig --help` does not need.
    from rig.runner import run_unit

    return run_unit
