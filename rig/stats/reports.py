"""The statistics of stored results, read from the index: what the CLI and the GUI show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from rig.index import ResultsIndex
from rig.index.store import TimeBound
from rig.model import Limits
from rig.stats.capability import Capability, Histogram, capability, histogram
from rig.stats.causes import CauseRow, cause_pareto
from rig.stats.control import ControlChart, individuals_chart
from rig.stats.pareto import ParetoRow, pareto
from rig.stats.yields import YieldRow, first_pass_yield, total_yield


@dataclass(frozen=True)
class CapabilityReport:
    """Capability and histogram of one measurement of one product."""

    product: str
    measurement: str
    spec_revision: int | None
    capability: Capability
    histogram: Histogram

    def to_dict(self) -> dict[str, Any]:
        return {"product": self.product, "measurement": self.measurement,
                "spec_revision": self.spec_revision, "capability": self.capability.to_dict(),
                "histogram": self.histogram.to_dict()}


@dataclass(frozen=True)
class ControlReport:
    """The I-MR chart of one measurement in time order, with the runs behind each point."""

    product: str
    measurement: str
    spec_revision: int | None
    run_ids: list[str]
    chart: ControlChart

    def to_dict(self) -> dict[str, Any]:
        return {"product": self.product, "measurement": self.measurement,
                "spec_revision": self.spec_revision, "run_ids": self.run_ids,
                "chart": self.chart.to_dict()}


@dataclass(frozen=True)
class YieldReport:
    """Yield of a product's units per group, and over all groups."""

    product: str | None
    by: str
    rows: list[YieldRow]
    total: YieldRow

    def to_dict(self) -> dict[str, Any]:
        return {"product": self.product, "by": self.by,
                "rows": [r.to_dict() for r in self.rows], "total": self.total.to_dict()}


@dataclass(frozen=True)
class ParetoReport:
    """Failing measurements of a product, most first."""

    product: str | None
    rows: list[ParetoRow]

    def to_dict(self) -> dict[str, Any]:
        return {"product": self.product, "rows": [r.to_dict() for r in self.rows]}


def capability_report(index: ResultsIndex, product: str, measurement: str, *,
                      spec_revision: int | None = None, limits: Limits | None = None,
                      since: TimeBound = None, until: TimeBound = None,
                      batch: str | None = None, confidence: float = 0.95) -> CapabilityReport:
    """Return capability and histogram; limits default to those of the latest run."""
    values = _values(index, product, measurement, spec_revision, since, until, batch)
    limits = limits or _latest_limits(index, product, measurement, spec_revision)
    return CapabilityReport(product, measurement, spec_revision,
                            capability(values, limits, confidence), histogram(values, limits))


def control_report(index: ResultsIndex, product: str, measurement: str, *,
                   spec_revision: int | None = None, since: TimeBound = None,
                   until: TimeBound = None, batch: str | None = None,
                   last: int | None = None) -> ControlReport:
    """Return the I-MR chart of the measurement over its runs, oldest first."""
    rows = index.measurement_values(product, measurement, spec_revision, since, until, batch)
    rows = [row for row in rows if row[2] == row[2]]  # NaN: the rig could not measure
    if last is not None:
        rows = rows[-last:]
    if len(rows) < 2:
        raise LookupError(f"{product} {measurement}: {len(rows)} values, a chart needs 2")
    chart = individuals_chart(np.fromiter((row[2] for row in rows), float, len(rows)))
    return ControlReport(product, measurement, spec_revision, [row[0] for row in rows], chart)


def yield_report(index: ResultsIndex, product: str | None = None, by: str = "day", *,
                 since: TimeBound = None, until: TimeBound = None,
                 batch: str | None = None, station: str | None = None) -> YieldReport:
    """Return first-pass and final yield grouped by day, batch or station."""
    heads = index.run_heads(product=product, batch=batch, station=station, since=since,
                            until=until)
    rows = first_pass_yield(heads, by)
    return YieldReport(product, by, rows, total_yield(rows))


def pareto_report(index: ResultsIndex, product: str | None = None, *,
                  spec_revision: int | None = None, since: TimeBound = None,
                  until: TimeBound = None, batch: str | None = None) -> ParetoReport:
    """Return the Pareto of failing measurements over the matching runs."""
    counts = index.failure_counts(product=product, batch=batch, since=since, until=until,
                                  spec_revision=spec_revision)
    return ParetoReport(product, pareto(counts))


@dataclass(frozen=True)
class CauseParetoReport:
    """The Pareto of diagnosed causes over the matching FAIL runs."""

    product: str | None
    rows: list[CauseRow]

    def to_dict(self) -> dict[str, Any]:
        return {"product": self.product, "by": "cause", "rows": [r.to_dict() for r in self.rows]}


def cause_pareto_report(index: ResultsIndex, product: str | None = None, *,
                        spec_revision: int | None = None, since: TimeBound = None,
                        until: TimeBound = None, batch: str | None = None) -> CauseParetoReport:
    """Return the Pareto of diagnosed causes over the matching FAIL runs."""
    counts = index.cause_counts(product=product, batch=batch, since=since, until=until,
                                spec_revision=spec_revision)
    return CauseParetoReport(product, cause_pareto(counts))


def _values(index: ResultsIndex, product: str, measurement: str, spec_revision: int | None,
            since: TimeBound, until: TimeBound, batch: str | None) -> np.ndarray:
    rows = index.measurement_values(product, measurement, spec_revision, since, until, batch)
    if not rows:
        raise LookupError(f"no values of {measurement} for {product}"
                          + (f" revision {spec_revision}" if spec_revision else ""))
    return np.fromiter((row[2] for row in rows), float, len(rows))


def _latest_limits(index: ResultsIndex, product: str, measurement: str,
                   spec_revision: int | None) -> Limits:
    limits = index.measurement_limits(product, measurement, spec_revision)
    if limits is None:
        raise LookupError(f"no values of {measurement} for {product}")
    return limits
