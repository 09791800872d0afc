"""The results index on a real PostgreSQL server, as a line's shared database.

One throwaway cluster serves the module (``tests/rig/postgres_server.py``);
each test gets a database of its own. The same API tests as on SQLite, the
statistics compared with SQLite's on the same data, two stations writing at
once, and ``rig run`` putting its run into the server the station file names.
"""

from __future__ import annotations

import itertools
import json
import math
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from rig.cli import exit_codes, main
from rig.index import ResultsIndex
from rig.index.rebuild import file_sha256
from rig.index.schema import measurements as measurements_table
from rig.model import Limits, Measurement, RunSummary, Verdict
from rig.records import read_summary
from rig.stats import capability_report, control_report, pareto_report, yield_report
from rig.whatif import ATTEMPTS, what_if
from tests.rig.local_index import assert_no_runs_indexed_locally
from tests.rig.postgres_server import PostgresServer, PostgresUnavailable, running_postgres
from tests.rig.test_cli_run import serial_with, station_file_naming_index
from tests.rig.test_index import (
    test_a_rebuild_forgets_runs_whose_records_are_gone as check_rebuild_forgets,
)
from tests.rig.test_index import (
    test_a_run_round_trips_and_adding_again_replaces_it as check_round_trip,
)
from tests.rig.test_index import (
    test_nan_values_survive_the_round_trip as check_nan,
)
from tests.rig.test_index import (
    test_queries_filter_by_every_key as check_filters,
)
from tests.rig.test_index import (
    test_the_index_is_the_same_before_and_after_a_rebuild_from_records as check_rebuild,
)

CURRENT = Limits(0.45, 0.75, "A")
RIPPLE = Limits(None, 25.0, "%")
SPIN_UP = Limits(0.05, 0.40, "s")
_database_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def pg_server() -> Iterator[PostgresServer]:
    try:
        with running_postgres() as server:
            yield server
    except PostgresUnavailable as exc:
        pytest.fail(f"no PostgreSQL server for the index tests: {exc}", pytrace=False)


@pytest.fixture()
def pg_url(pg_server: PostgresServer) -> str:
    return pg_server.create_database(f"rig_{next(_database_numbers)}")


@pytest.fixture()
def pg_index(pg_url: str) -> Iterator[ResultsIndex]:
    index = ResultsIndex(pg_url)
    yield index
    index.close()


@pytest.fixture()
def sqlite_index(tmp_path: Path) -> Iterator[ResultsIndex]:
    index = ResultsIndex(f"sqlite:///{tmp_path / 'index.sqlite'}")
    yield index
    index.close()


def test_the_server_is_postgresql(pg_index):
    assert pg_index.engine.dialect.name == "postgresql"
    assert pg_index.count() == 0


# -- the API, with the very checks the SQLite tests make ------------------------

def test_a_run_round_trips_and_adding_again_replaces_it(pg_index):
    check_round_trip(pg_index)


def test_queries_filter_by_every_key(pg_index):
    check_filters(pg_index)


def test_nan_values_survive_the_round_trip(pg_index):
    check_nan(pg_index)


def test_a_rebuild_from_real_records_equals_the_index_built_run_by_run(pg_index, tmp_path):
    check_rebuild(pg_index, tmp_path)


def test_a_rebuild_forgets_runs_whose_records_are_gone(pg_index, tmp_path):
    check_rebuild_forgets(pg_index, tmp_path)


# -- the statistics: the same answers as SQLite on the same data ----------------

def _measure(name: str, value: float, limits: Limits) -> Measurement:
    return Measurement(name, value, limits.unit, limits.low, limits.high, limits.judge(value),
                       name.split(".")[0])


def _production(count: int, seed: int = 7) -> list[RunSummary]:
    """Return a product's runs over four days: spread, NaN, short runs, retests, errors."""
    rng = np.random.default_rng(seed)
    summaries = []
    for n in range(count):
        serial = f"GPM-{rng.integers(1, count * 3 // 4):06d}"  # some serials come back
        measured = [_measure("spin_up.spin_up_time", float(rng.normal(0.2, 0.05)), SPIN_UP)]
        current_a = float(rng.normal(0.62, 0.06)) if rng.random() > 0.02 else math.nan
        measured.append(_measure("high.current", current_a, CURRENT))
        if measured[-1].verdict is Verdict.PASS or rng.random() < 0.5:  # else: stopped there
            measured.append(_measure("high.ripple", float(rng.gamma(6.0, 2.5)), RIPPLE))
        judged = Verdict.FAIL if any(m.verdict is Verdict.FAIL for m in measured) else Verdict.PASS
        verdict = Verdict.ERROR if rng.random() < 0.03 else judged
        day, minute = divmod(n * 17, 600)
        started_at = f"2026-03-{day + 2:02d}T{6 + minute // 60:02d}:{minute % 60:02d}:" \
                     f"{n % 60:02d}.{n % 1000:03d}+00:00"
        summaries.append(RunSummary(
            run_id=f"run-{n:05d}", serial=serial, product="general-purpose", sequence="eol",
            operator="ann", batch=f"B{1 + n // 150}", station=f"st{1 + n % 3}", verdict=verdict,
            started_at=started_at, finished_at=started_at, spec_id="general-purpose",
            spec_revision=1 + n // 250, spec_sha256="ab" * 32, record_path="",
            software_version="0.1.0", measurements=measured,
            error="DAQ overrun" if verdict is Verdict.ERROR else None))
    return summaries


def _same(report_on_pg, report_on_sqlite) -> None:
    # JSON text compares NaN with NaN, which a dict comparison would not.
    assert json.dumps(report_on_pg, sort_keys=True) == json.dumps(report_on_sqlite, sort_keys=True)


def test_what_if_and_statistics_match_sqlite_on_the_same_runs(pg_index, sqlite_index):
    runs = _production(600)
    for index in (pg_index, sqlite_index):
        assert index.add_many((summary, None) for summary in runs) == 600
    both = (pg_index, sqlite_index)

    for proposed in (Limits(0.45, 0.70, "A"), Limits(0.40, 0.80, "A"), Limits(None, 0.65, "A")):
        for attempts in ATTEMPTS:
            on_pg, on_sqlite = (what_if(i, "general-purpose", "high.current", proposed,
                                        attempts=attempts).to_dict() for i in both)
            _same(on_pg, on_sqlite)
    flipped = what_if(pg_index, "general-purpose", "high.current", Limits(0.45, 0.70, "A"))
    assert flipped.runs > 500 and flipped.pass_to_fail and flipped.passed_after < flipped.passed_before

    for name in ("high.current", "high.ripple", "spin_up.spin_up_time"):
        _same(*(capability_report(i, "general-purpose", name).to_dict() for i in both))
        _same(*(control_report(i, "general-purpose", name, spec_revision=2).to_dict()
                for i in both))
    for by in ("day", "batch", "station"):
        _same(*(yield_report(i, "general-purpose", by, since="2026-03-03",
                             until="2026-03-05").to_dict() for i in both))
    _same(*(pareto_report(i, "general-purpose").to_dict() for i in both))
    assert pg_index.final_runs(batch="B2") == sqlite_index.final_runs(batch="B2")
    assert pg_index.measurement_names("general-purpose") == \
        sqlite_index.measurement_names("general-purpose")


# -- two stations on one database ----------------------------------------------

def _station_runs(station: str, count: int) -> list[RunSummary]:
    return [RunSummary(
        run_id=f"{station}-{n:04d}", serial=f"GPM-{n:06d}", product="general-purpose",
        sequence="eol", operator="ann", batch="B1", station=station, verdict=Verdict.PASS,
        started_at=f"2026-03-02T08:{n // 60:02d}:{n % 60:02d}.000+00:00",
        finished_at="", spec_id="general-purpose", spec_revision=1, spec_sha256="",
        record_path="", software_version="0.1.0",
        measurements=[_measure("high.current", 0.6, CURRENT), _measure("high.ripple", 10, RIPPLE)],
    ) for n in range(count)]


def test_two_stations_adding_at_once_to_a_fresh_database_lose_no_run(pg_url):
    count = 120
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def station(name: str) -> None:
        try:
            start.wait(timeout=10)
            index = ResultsIndex(pg_url)  # both create the tables at the same moment
            try:
                for summary in _station_runs(name, count):
                    index.add(summary, record_sha256=None)  # one run at a time, as rig run does
            finally:
                index.close()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=station, args=(name,)) for name in ("st1", "st2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    index = ResultsIndex(pg_url)
    try:
        assert index.count() == 2 * count
        for name in ("st1", "st2"):
            assert [s.run_id for s in index.runs(station=name)] == \
                [s.run_id for s in _station_runs(name, count)]
        with index.engine.connect() as conn:
            rows = conn.execute(select(func.count()).select_from(measurements_table)).scalar_one()
        assert rows == 2 * count * 2
    finally:
        index.close()


# -- time bounds: one instant, whatever the collation ---------------------------

_STAMPS = ("2026-01-01T23:59:59.999+00:00", "2026-01-02T08:00:00.000+00:00",
           "2026-01-02T08:00:00.500+00:00", "2026-01-02T08:00:01.000+00:00")
_BOUNDS = (date(2026, 1, 2), "2026-01-02", datetime(2026, 1, 2, 8, tzinfo=UTC),
           "2026-01-02T08:00:00+00:00", "2026-01-02T10:00:00+02:00", "2026-01-02T08:00:00",
           datetime(2026, 1, 2, 10, 0, 0, 500_000, tzinfo=timezone(timedelta(hours=2))))


def _instant(bound: str | date | datetime) -> datetime:
    moment = datetime.fromisoformat(bound) if isinstance(bound, str) else bound
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@pytest.mark.parametrize("bound", _BOUNDS, ids=str)
def test_time_bounds_mean_the_same_instant_on_both_databases(pg_index, sqlite_index, bound):
    stamped = [(run, stamp) for run, stamp in zip(_station_runs("st1", 4), _STAMPS, strict=True)]
    for index in (pg_index, sqlite_index):
        index.add_many((replace(run, started_at=stamp), None)
                       for run, stamp in stamped)
    at = {run.run_id: datetime.fromisoformat(stamp) for run, stamp in stamped}
    since = [run_id for run_id, moment in at.items() if moment >= _instant(bound)]
    until = [run_id for run_id, moment in at.items() if moment < _instant(bound)]
    assert since and until
    for index in (pg_index, sqlite_index):
        assert [s.run_id for s in index.runs(since=bound)] == since
        assert [s.run_id for s in index.runs(until=bound)] == until


# -- end to end: rig run on a station whose file names the server ------------------

def test_rig_run_puts_its_run_into_the_database_the_station_file_names(
        pg_url, tmp_path, capsys, monkeypatch):
    station = station_file_naming_index(tmp_path, 10, pg_url)
    serial = serial_with("general-purpose", None)
    data = tmp_path / "data"

    code = main(["run", "--station", str(station), "--product", "general-purpose",
                 "--serial", serial, "--data-dir", str(data), "--json"])
    output = capsys.readouterr()

    assert code == exit_codes.PASS, output.out + output.err
    assert "not indexed" not in output.err
    assert_no_runs_indexed_locally(data)
    record = Path(json.loads(output.out)["record_path"])
    index = ResultsIndex(pg_url)
    try:
        [indexed] = index.runs()
        assert (indexed.serial, indexed.verdict) == (serial, Verdict.PASS)
        # The index keeps the diagnosis as columns (cause, fitted R, Ke, I0), not the whole of it.
        assert indexed == read_summary(record).with_changes(observations=[], diagnosis=None, fitted={})
        assert index.record_sha256(indexed.run_id) == file_sha256(record)
    finally:
        index.close()

    monkeypatch.setenv("RIG_INDEX_URL", pg_url)  # the engineer's commands on the same server
    assert main(["index", "query", "--serial", serial, "--json",
                 "--data-dir", str(tmp_path / "elsewhere")]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(run["run_id"], run["verdict"]) for run in found] == [(indexed.run_id, "PASS")]
