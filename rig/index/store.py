"""The results index: a queryable copy of the run records in an SQL database."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any, NamedTuple

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.sql import Select

from rig.index.schema import SCHEMA_VERSION, measurements, meta, metadata, runs
from rig.model import Limits, Measurement, RunSummary, Verdict, header_from

TimeBound = str | date | datetime | None
# The fitted motor model, read as measurements of every PASS and FAIL (docs/decisions/0022-*.md).
FITTED_COLUMNS = MappingProxyType({"fit.R_ohm": runs.c.fit_r_ohm, "fit.Ke_Vs_rad": runs.c.fit_ke_vs_rad,
                                   "fit.I0_A": runs.c.fit_i0_a})
_JUDGED = (Verdict.PASS.value, Verdict.FAIL.value)
# Any fixed number: the key of the PostgreSQL advisory lock that creating the tables holds.
_SCHEMA_LOCK_KEY = 0x52494731
# A lookup is ten times faster than calling the enum, which counts over 100,000 rows.
_VERDICT_OF = MappingProxyType({verdict.value: verdict for verdict in Verdict})


class RunHead(NamedTuple):
    """A run without its measurements: enough for yield and listings."""

    run_id: str
    serial: str
    product: str
    sequence: str
    batch: str
    station: str
    verdict: Verdict
    started_at: str
    spec_revision: int


class ReplayRow(NamedTuple):
    """One judged run as a what-if sees it: the chosen measurement and the rest."""

    run_id: str
    serial: str
    sequence: str
    verdict: Verdict
    value: float | None  # None: the run never took this measurement
    other_failures: int  # failed measurements other than the chosen one
    measurement_count: int


class ResultsIndex:
    """Runs and measurements in SQLite (default) or PostgreSQL, rebuilt from records."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine: Engine = create_engine(url, echo=echo)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._create_schema()

    def close(self) -> None:
        self.engine.dispose()

    # -- writing ---------------------------------------------------------------

    def add(self, summary: RunSummary, record_sha256: str | None = None) -> None:
        """Index one run; adding the same run_id again replaces the earlier row."""
        self.add_many([(summary, record_sha256)])

    def add_many(self, items: Iterable[tuple[RunSummary, str | None]]) -> int:
        """Index many runs in one transaction (bulk inserts); return how many."""
        items = list(items)
        if not items:
            return 0
        with self.engine.begin() as conn:
            run_ids = [summary.run_id for summary, _ in items]
            for chunk in _chunks(run_ids, 500):
                conn.execute(delete(runs).where(runs.c.run_id.in_(chunk)))
            statement = insert(runs).returning(runs.c.id, sort_by_parameter_order=True)
            pks = conn.execute(statement, [_run_row(s, sha) for s, sha in items]).scalars().all()
            rows = [
                _measurement_row(pk, position, m)
                for pk, (summary, _) in zip(pks, items, strict=True)
                for position, m in enumerate(summary.measurements)
            ]
            if rows:
                conn.execute(insert(measurements), rows)
        return len(items)

    def clear(self) -> None:
        """Drop and recreate every table (the records stay the truth)."""
        metadata.drop_all(self.engine)
        self._create_schema()

    def forget_stations(self, stations: Iterable[str]) -> None:
        """Delete every run (and its measurements) of these stations."""
        with self.engine.begin() as conn:
            conn.execute(delete(runs).where(runs.c.station.in_(sorted(stations))))

    def rebuild(self, records_dir: str | os.PathLike[str], *, keep_other_stations: bool = False) -> int:
        """Recreate the index from the HDF5 records under records_dir; return the run count.

        ``keep_other_stations``: replace only the runs of the stations whose
        records are read (a line's shared database).
        """
        # Imported here: reading records needs h5py, querying the index does not.
        from rig.index.rebuild import rebuild_from_records

        return rebuild_from_records(self, records_dir, keep_other_stations=keep_other_stations)

    # -- reading runs ----------------------------------------------------------

    def runs(self, product: str | None = None, batch: str | None = None,
             serial: str | None = None, station: str | None = None,
             measurement: str | None = None, since: TimeBound = None,
             until: TimeBound = None, spec_revision: int | None = None,
             verdict: str | None = None) -> list[RunSummary]:
        """Return the matching runs, oldest first, with their measurements.

        ``since`` is inclusive and ``until`` exclusive; both compare against
        ``started_at``. ``measurement`` keeps runs that took that measurement.
        """
        query = _filtered(select(runs), product=product, batch=batch, serial=serial,
                          station=station, measurement=measurement, since=since,
                          until=until, spec_revision=spec_revision, verdict=verdict)
        query = query.order_by(runs.c.started_at, runs.c.id)
        with self.engine.connect() as conn:
            run_rows = conn.execute(query).mappings().all()
            by_pk: dict[int, list[Measurement]] = {row["id"]: [] for row in run_rows}
            pk_query = query.with_only_columns(runs.c.id).order_by(None)
            m_query = (select(measurements).where(measurements.c.run_pk.in_(pk_query))
                       .order_by(measurements.c.run_pk, measurements.c.position))
            for row in conn.execute(m_query).mappings():
                by_pk[row["run_pk"]].append(_measurement_from_row(row))
        return [_summary_from_row(row, by_pk[row["id"]]) for row in run_rows]

    def run(self, run_id: str) -> RunSummary | None:
        """Return one run by its id, or None."""
        return self._run_by_id(run_id)

    def final_runs(self, batch: str | None = None, product: str | None = None) -> list[RunSummary]:
        """Return the latest attempt of every serial (a retest replaces a failure)."""
        latest: dict[str, RunSummary] = {}
        for summary in self.runs(product=product, batch=batch):
            latest[summary.serial] = summary  # oldest first, so the last one wins
        return sorted(latest.values(), key=lambda s: (s.started_at, s.run_id))

    def run_heads(self, product: str | None = None, batch: str | None = None,
                  station: str | None = None, since: TimeBound = None,
                  until: TimeBound = None, spec_revision: int | None = None) -> list[RunHead]:
        """Return runs without measurements, oldest first (cheap for yield)."""
        columns = [runs.c.run_id, runs.c.serial, runs.c.product, runs.c.sequence,
                   runs.c.batch, runs.c.station, runs.c.verdict, runs.c.started_at,
                   runs.c.spec_revision]
        query = _filtered(select(*columns), product=product, batch=batch, station=station,
                          since=since, until=until, spec_revision=spec_revision)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(runs.c.started_at, runs.c.id)).all()
        return [RunHead(*row[:6], _VERDICT_OF[row[6]], row[7], row[8]) for row in rows]

    def record_sha256(self, run_id: str) -> str | None:
        """Return the record hash stored with a run (None when unknown)."""
        with self.engine.connect() as conn:
            return conn.execute(select(runs.c.record_sha256)
                                .where(runs.c.run_id == run_id)).scalar_one_or_none()

    def count(self) -> int:
        """Return the number of indexed runs."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(runs)).scalar_one())

    # -- reading measurements --------------------------------------------------

    def measurement_values(self, product: str, measurement_full_name: str,
                           spec_revision: int | None = None, since: TimeBound = None,
                           until: TimeBound = None, batch: str | None = None,
                           ) -> list[tuple[str, str, float, Verdict, str, str, str]]:
        """Return (run_id, serial, value, verdict, started_at, batch, station), oldest first.

        ``fit.R_ohm``, ``fit.Ke_Vs_rad`` and ``fit.I0_A`` name the motor model fitted
        to every PASS and FAIL (verdict: the run's), for control charts of a drift.
        """
        if measurement_full_name in FITTED_COLUMNS:
            return self._fitted_values(product, FITTED_COLUMNS[measurement_full_name], spec_revision,
                                       since, until, batch)
        query = (
            select(runs.c.run_id, runs.c.serial, measurements.c.value, measurements.c.verdict,
                   runs.c.started_at, runs.c.batch, runs.c.station)
            .join(runs, runs.c.id == measurements.c.run_pk)
            .where(measurements.c.name == measurement_full_name)
        )
        query = _filtered(query, product=product, spec_revision=spec_revision, since=since,
                          until=until, batch=batch)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(runs.c.started_at, runs.c.id)).all()
        return [(r[0], r[1], _nan_if_none(r[2]), _VERDICT_OF[r[3]], r[4], r[5], r[6]) for r in rows]

    def _fitted_values(self, product: str, column: Any, spec_revision: int | None, since: TimeBound,
                       until: TimeBound, batch: str | None) -> list[tuple[str, str, float, Verdict, str, str, str]]:
        query = select(runs.c.run_id, runs.c.serial, column, runs.c.verdict, runs.c.started_at,
                       runs.c.batch, runs.c.station).where(column.is_not(None))
        query = _filtered(query, product=product, spec_revision=spec_revision, since=since,
                          until=until, batch=batch)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(runs.c.started_at, runs.c.id)).all()
        return [(r[0], r[1], float(r[2]), Verdict(r[3]), r[4], r[5], r[6]) for r in rows]

    def measurement_limits(self, product: str, measurement_full_name: str,
                           spec_revision: int | None = None) -> Limits | None:
        """Return the limits the latest matching run judged this measurement with."""
        query = (
            select(measurements.c.low, measurements.c.high, measurements.c.unit)
            .join(runs, runs.c.id == measurements.c.run_pk)
            .where(measurements.c.name == measurement_full_name)
        )
        query = _filtered(query, product=product, spec_revision=spec_revision)
        query = query.order_by(runs.c.started_at.desc(), runs.c.id.desc()).limit(1)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else Limits(row[0], row[1], row[2])

    def measurement_names(self, product: str) -> list[str]:
        """Return the names of every measurement indexed for a product."""
        query = (select(measurements.c.name).distinct()
                 .join(runs, runs.c.id == measurements.c.run_pk)
                 .where(runs.c.product == product).order_by(measurements.c.name))
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def failure_counts(self, product: str | None = None, batch: str | None = None,
                       since: TimeBound = None, until: TimeBound = None,
                       spec_revision: int | None = None) -> list[tuple[str, int]]:
        """Return (measurement name, failures) over the matching runs, most first."""
        failures = func.count().label("failures")
        query = (
            select(measurements.c.name, failures)
            .join(runs, runs.c.id == measurements.c.run_pk)
            .where(measurements.c.verdict == Verdict.FAIL.value)
        )
        query = _filtered(query, product=product, batch=batch, since=since, until=until,
                          spec_revision=spec_revision)
        query = query.group_by(measurements.c.name).order_by(failures.desc(), measurements.c.name)
        with self.engine.connect() as conn:
            return [(name, int(n)) for name, n in conn.execute(query)]

    def cause_counts(self, product: str | None = None, batch: str | None = None,
                     since: TimeBound = None, until: TimeBound = None,
                     spec_revision: int | None = None) -> list[tuple[str, int]]:
        """Return (diagnosed cause, FAIL runs) over the matching runs, most first."""
        failures = func.count().label("failures")
        query = select(runs.c.cause, failures).where(runs.c.verdict == Verdict.FAIL.value,
                                                     runs.c.cause.is_not(None))
        query = _filtered(query, product=product, batch=batch, since=since, until=until,
                          spec_revision=spec_revision)
        query = query.group_by(runs.c.cause).order_by(failures.desc(), runs.c.cause)
        with self.engine.connect() as conn:
            return [(cause, int(n)) for cause, n in conn.execute(query)]

    def replay_rows(self, product: str, measurement_full_name: str,
                    spec_revision: int | None = None, batch: str | None = None,
                    since: TimeBound = None, until: TimeBound = None) -> list[ReplayRow]:
        """Return every judged (PASS or FAIL) run with what a what-if needs to rejudge it."""
        target = measurements.alias("target")
        query = (
            select(runs.c.run_id, runs.c.serial, runs.c.sequence, runs.c.verdict,
                   target.c.value, target.c.verdict, runs.c.failed_count,
                   runs.c.measurement_count)
            .select_from(runs.outerjoin(target, and_(target.c.run_pk == runs.c.id,
                                                     target.c.name == measurement_full_name)))
            .where(runs.c.verdict.in_(_JUDGED))
        )
        query = _filtered(query, product=product, spec_revision=spec_revision, batch=batch,
                          since=since, until=until)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(runs.c.started_at, runs.c.id)).all()
        result = []
        for run_id, serial, sequence, verdict, value, m_verdict, failed, count in rows:
            taken = m_verdict is not None
            others = failed - (1 if m_verdict == Verdict.FAIL.value else 0)
            result.append(ReplayRow(run_id, serial, sequence, _VERDICT_OF[verdict],
                                    _nan_if_none(value) if taken else None, others, count))
        return result

    # -- internals -------------------------------------------------------------

    def _run_by_id(self, run_id: str) -> RunSummary | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(runs).where(runs.c.run_id == run_id)).mappings().first()
            if row is None:
                return None
            m_rows = conn.execute(select(measurements)
                                  .where(measurements.c.run_pk == row["id"])
                                  .order_by(measurements.c.position)).mappings().all()
        return _summary_from_row(row, [_measurement_from_row(m) for m in m_rows])

    def _create_schema(self) -> None:
        """Create the tables and stamp the schema version unless they exist."""
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Stations opening a fresh shared database at once would race to
                # create the same tables; PostgreSQL's DDL is transactional, so
                # the second waits here and then finds the first one's tables.
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                             {"key": _SCHEMA_LOCK_KEY})
            metadata.create_all(conn)
            _add_missing_columns(conn)
            _stamp_version(conn)


def _add_missing_columns(conn: Connection) -> None:
    """Bring an index made by an older version up to date; new columns are nullable."""
    present = {column["name"] for column in inspect(conn).get_columns("runs")}
    for column in runs.columns:
        if column.name not in present:
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE runs ADD COLUMN {column.name} {kind}"))


def _stamp_version(conn: Connection) -> None:
    stamped = {"key": "schema_version", "value": str(SCHEMA_VERSION)}
    found = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    if found is None:
        conn.execute(insert(meta), [stamped])
    elif found[0] != stamped["value"]:
        conn.execute(update(meta).where(meta.c.key == "schema_version").values(value=stamped["value"]))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the GUI read while a run is being indexed; the timeout rides out
    # the moment another process holds the write lock.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _filtered(query: Select, **criteria: Any) -> Select:
    """Add a WHERE clause per given criterion (None means any)."""
    equal = {"product": runs.c.product, "batch": runs.c.batch, "serial": runs.c.serial,
             "station": runs.c.station, "spec_revision": runs.c.spec_revision,
             "verdict": runs.c.verdict}
    for key, column in equal.items():
        if criteria.get(key) is not None:
            query = query.where(column == criteria[key])
    if criteria.get("since") is not None:
        query = query.where(runs.c.started_at >= _time_text(criteria["since"]))
    if criteria.get("until") is not None:
        query = query.where(runs.c.started_at < _time_text(criteria["until"]))
    if criteria.get("measurement") is not None:
        having = select(measurements.c.run_pk).where(measurements.c.name == criteria["measurement"])
        query = query.where(runs.c.id.in_(having))
    return query


def _time_text(bound: str | date | datetime) -> str:
    """Return a time bound as the records write times: UTC ISO 8601 to the millisecond.

    Text in one form sorts in time order under any collation; mixed forms do
    not (an ICU collation, as on a PostgreSQL server, puts "08:00:00.500+00:00"
    before "08:00:00+00:00"). A bound without a zone is taken as UTC.
    """
    if isinstance(bound, str):
        try:
            bound = datetime.fromisoformat(bound)
        except ValueError:
            return bound
    if not isinstance(bound, datetime):
        bound = datetime(bound.year, bound.month, bound.day)
    if bound.tzinfo is None:
        bound = bound.replace(tzinfo=UTC)
    return bound.astimezone(UTC).isoformat(timespec="milliseconds")


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _none_if_nan(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else value


def _nan_if_none(value: float | None) -> float:
    return math.nan if value is None else value


def _run_row(summary: RunSummary, record_sha256: str | None) -> dict[str, Any]:
    return {
        **summary.header_fields(), "verdict": Verdict(summary.verdict).value,
        "finished_at": summary.finished_at, "record_path": summary.record_path,
        "record_sha256": record_sha256,
        "error": summary.error, "error_instrument": summary.error_instrument,
        "retries": summary.retries, "instruments": json.dumps(summary.instruments),
        **_diagnosis_columns(summary),
        "measurement_count": len(summary.measurements),
        "failed_count": len(summary.failed_measurements),
    }


def _diagnosis_columns(summary: RunSummary) -> dict[str, Any]:
    diagnosis, fitted = summary.diagnosis, summary.fitted
    return {
        "cause": diagnosis.cause if diagnosis is not None else None,
        "cause_motor": diagnosis.motor if diagnosis is not None else None,
        "fit_r_ohm": _none_if_nan(fitted.get("R_ohm")), "fit_ke_vs_rad": _none_if_nan(fitted.get("Ke_Vs_rad")),
        "fit_i0_a": _none_if_nan(fitted.get("I0_A")),
    }


def _measurement_row(run_pk: int, position: int, m: Measurement) -> dict[str, Any]:
    return {"run_pk": run_pk, "position": position, "name": m.name, "step": m.step,
            "value": _none_if_nan(m.value), "unit": m.unit, "low": m.low, "high": m.high,
            "verdict": Verdict(m.verdict).value}


def _measurement_from_row(row: Any) -> Measurement:
    return Measurement(name=row["name"], value=_nan_if_none(row["value"]), unit=row["unit"],
                       low=row["low"], high=row["high"], verdict=Verdict(row["verdict"]),
                       step=row["step"])


def _summary_from_row(row: Any, measured: list[Measurement]) -> RunSummary:
    return RunSummary(
        **header_from(row), verdict=Verdict(row["verdict"]), finished_at=row["finished_at"],
        record_path=row["record_path"], measurements=measured,
        error=row["error"], error_instrument=row["error_instrument"],
        retries=row["retries"] or 0,  # NULL in rows from before the column existed
        instruments=json.loads(row["instruments"]),
    )
