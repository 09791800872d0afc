"""A station's data directory filled with real run records, for the engineer's screen tests.

Records are written with ``rig.records`` in the station's layout and indexed
with their hashes, as the runner and the index hook do, so certificates
issued from them verify. No tests here; the engineer's test files import it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

if not os.environ.get("QT_QPA_PLATFORM"):  # an empty value aborts Qt: test for it, not for absence
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from rig.audit import AuditLog  # noqa: E402
from rig.engineering import Engineering  # noqa: E402
from rig.index import ResultsIndex  # noqa: E402
from rig.model import Measurement, RunSummary, Verdict  # noqa: E402
from rig.paths import DataDir  # noqa: E402
from rig.records import RecordHeader, RecordWriter, write_summary  # noqa: E402
from rig.spec_store import SpecStore  # noqa: E402
from rig.users import User  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PRODUCT = "general-purpose"
ENGINEER = User("eng1", "Dana Whitfield", "engineer")
TECHNICIAN = User("t1", "Tess Tech", "technician")
STEPS = {"eol": ("spin_up", "low", "medium", "high"),
         "sample": ("spin_up", "low", "medium", "high", "thermal", "durability")}
INSTRUMENTS = [{"role": "supply", "make": "RIGOL TECHNOLOGIES", "model": "DP832",
                "serial": "DP8B2400101", "firmware": "00.01.16", "calibration_due": "2027-09-30"}]
HIGH_CURRENT_A = (0.61, 0.025)  # mean and spread of the units' running current at high speed
# Defects of a production run and their share of units: shorted turns draw more current,
# a loose eccentric shakes the head too hard, worn bearings add broadband vibration.
DEFECTS = ((0.05, {"high.current": 0.79}), (0.02, {"high.current": 0.77, "high.head1_accel": 3.3}),
           (0.02, {"high.broadband": 0.21}))
DRIFT_A_PER_BATCH = 0.008  # the motors of later batches draw a little more (a supplier drift)


class StationData:
    """Runs of General Purpose Massagers recorded and indexed under one data directory."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.data_dir = DataDir(root)
        self.index = ResultsIndex(self.data_dir.index_url)
        self.specs = SpecStore(self.data_dir.spec_revisions, seed_dir=REPO / "specs")
        self.audit = AuditLog(self.data_dir.audit_log)
        self.engineering = Engineering(self.data_dir, self.specs, self.index, self.audit)
        self.rng = np.random.default_rng(11)
        self.clock = datetime(2026, 11, 18, 7, 30, tzinfo=UTC)
        self.count = 0

    def run(self, serial: str, batch: str, *, sequence: str = "eol",
            high_current_a: float | None = None,
            overrides: dict[str, float] | None = None) -> RunSummary:
        """Record and index one run; it fails when a value falls outside the current spec."""
        spec = self.specs.current(PRODUCT)
        self.count += 1
        self.clock += timedelta(minutes=7)
        started = self.clock.isoformat(timespec="milliseconds")
        run_id = f"{self.clock:%Y%m%dT%H%M%S}-{self.count:04d}"
        values = dict(overrides or {})
        if high_current_a is not None:
            values["high.current"] = high_current_a
        measurements = self._measurements(spec, sequence, values)
        verdict = Verdict.FAIL if any(m.verdict is Verdict.FAIL for m in measurements) else Verdict.PASS
        header = RecordHeader(
            run_id=run_id, serial=serial, product=PRODUCT, sequence=sequence, operator="t1",
            batch=batch, station="sim-bench-1", software_version="0.1.0", started_at=started,
            spec_id=PRODUCT, spec_revision=spec.revision, spec_sha256=spec.sha256,
            spec_text=spec.text, instruments=INSTRUMENTS, steps=STEPS[sequence])
        writer = RecordWriter.create(self.data_dir.records, header)
        for t_s, measurement in enumerate(measurements):
            writer.add_measurement(measurement, float(t_s))
        finished = (self.clock + timedelta(seconds=40)).isoformat(timespec="milliseconds")
        path = writer.finish(verdict, finished, None)
        summary = RunSummary(
            run_id=run_id, serial=serial, product=PRODUCT, sequence=sequence, operator="t1",
            batch=batch, station="sim-bench-1", verdict=verdict, started_at=started,
            finished_at=finished, spec_id=PRODUCT, spec_revision=spec.revision,
            spec_sha256=spec.sha256, record_path=str(path), software_version="0.1.0",
            measurements=measurements, instruments=INSTRUMENTS)
        write_summary(summary, path)
        self.index.add(summary, hashlib.sha256(path.read_bytes()).hexdigest())
        return summary

    def _measurements(self, spec, sequence: str, values: dict[str, float]) -> list[Measurement]:
        out = []
        for step in STEPS[sequence]:
            for name in spec.steps[step].limits:
                full = f"{step}.{name}"
                limits = spec.limits(full)
                if full in values:
                    value = values[full]
                elif full == "high.current":
                    value = float(self.rng.normal(*HIGH_CURRENT_A))
                else:
                    value = self._typical(limits.low, limits.high)
                out.append(Measurement(full, value, limits.unit, limits.low, limits.high,
                                       limits.judge(value), step))
        return out

    def _typical(self, low: float | None, high: float | None) -> float:
        if low is not None and high is not None:
            return float((low + high) / 2 + self.rng.normal(0, (high - low) / 12))
        bound = high if high is not None else low
        if bound == 0:  # a count that must stay at zero
            return 0.0
        return float(bound - abs(bound) * 0.5 - 0.1 * abs(self.rng.normal()))

    def good_batch(self, batch: str, units: int, sampled: int, first: int = 100) -> list[str]:
        """Record a batch whose units all pass (first ``sampled`` with the sample sequence)."""
        serials = [f"GPM-{first + n:06d}" for n in range(units)]
        for number, serial in enumerate(serials):
            self.run(serial, batch, sequence="sample" if number < sampled else "eol",
                     high_current_a=0.6)
        return serials

    def production(self, batches: int = 3, units: int = 25) -> None:
        """Record a batch a day around the design values, drifting a little, with a few defects."""
        for b in range(batches):
            for n in range(units):
                values = {"high.current": float(self.rng.normal(*HIGH_CURRENT_A))
                          + b * DRIFT_A_PER_BATCH}
                values.update(self._defect())
                self.run(f"GPM-{1000 + b * 100 + n:06d}", f"L26-{b + 1:03d}", overrides=values)
            self.clock += timedelta(days=1)

    def _defect(self) -> dict[str, float]:
        draw = self.rng.random()
        for share, values in DEFECTS:
            if draw < share:
                return values
            draw -= share
        return {}


def station_data_in(tmp_path: Path) -> Iterator[StationData]:
    """Yield a fresh data directory under tmp_path; close its index afterwards (fixture body)."""
    data = StationData(tmp_path / "data")
    yield data
    data.index.close()
