"""The tables of the results index: one row per run, one per judged measurement."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from rig.model import HEADER_TYPES

# 2: runs.error_instrument; 3: the whole run header (time_scale), runs.retries, runs.cause and
# the fitted motor model
SCHEMA_VERSION = 3

metadata = MetaData()
_SQL_TYPES = {str: lambda: String(128), int: Integer, float: Float}


def _header_columns() -> list[Column]:
    """Return a column per field of the run header, in its order; a field added later is nullable."""
    defaulted = {"time_scale"}  # fields that older indexes lack: filled on read with the default
    return [Column(name, _SQL_TYPES[kind](), nullable=name in defaulted,
                   unique=name == "run_id")
            for name, kind in HEADER_TYPES.items()]


runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    # The run header, field for field (started_at: ISO 8601 UTC text, which sorts by time).
    *_header_columns(),
    Column("verdict", String(8), nullable=False),
    Column("finished_at", String(40), nullable=False),
    Column("record_path", Text, nullable=False),
    Column("record_sha256", String(64)),
    Column("error", Text),
    Column("error_instrument", String(64)),  # the role that could not answer (ERROR runs)
    Column("retries", Integer),  # transient instrument faults a second attempt got past
    Column("instruments", Text, nullable=False),  # JSON list of identities
    # The diagnosis (FAIL, or a PASS's watch note) and the motor model fitted to every PASS and FAIL:
    # a supplier's drift (Ke creeping down) shows here before any unit fails.
    Column("cause", String(32)),
    Column("cause_motor", String(4)),
    Column("fit_r_ohm", Float),
    Column("fit_ke_vs_rad", Float),
    Column("fit_i0_a", Float),
    # Derived at insert so a what-if needs no scan of every measurement.
    Column("measurement_count", Integer, nullable=False),
    Column("failed_count", Integer, nullable=False),
)
Index("ix_runs_product_started", runs.c.product, runs.c.started_at)
Index("ix_runs_product_revision", runs.c.product, runs.c.spec_revision)
Index("ix_runs_batch", runs.c.batch)
Index("ix_runs_serial", runs.c.serial)
Index("ix_runs_started", runs.c.started_at)

measurements = Table(
    "measurements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_pk", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # order within the run
    Column("name", String(128), nullable=False),
    Column("step", String(64), nullable=False),
    Column("value", Float),  # NULL stands for NaN: SQL has no NaN
    Column("unit", String(16), nullable=False),
    Column("low", Float),
    Column("high", Float),
    Column("verdict", String(8), nullable=False),
)
Index("ix_measurements_name_run", measurements.c.name, measurements.c.run_pk)
Index("ix_measurements_run", measurements.c.run_pk, measurements.c.position)

meta = Table(
    "index_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
