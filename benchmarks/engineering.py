"""Engineer's workspace: statistics and what-if over 100,000 indexed runs."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from rig.index import ResultsIndex
from rig.model import Limits, Measurement, RunSummary, Verdict
from rig.stats import capability_report, control_report, pareto_report, yield_report
from rig.whatif import what_if

RUNS = 100_000
PRODUCT = "general-purpose"
# (name, mean, std, limits): the eol measurements of one speed point and spin-up.
MEASUREMENTS = [
    ("spin_up.inrush_peak", 2.6, 0.15, Limits(None, 3.15, "A")),
    ("spin_up.spin_up_time", 0.25, 0.04, Limits(None, 0.4, "s")),
    ("high.current", 0.60, 0.045, Limits(0.45, 0.75, "A")),
    ("high.ripple", 12.0, 3.0, Limits(None, 25.0, "%")),
    ("high.fundamental", 59.0, 1.1, Limits(55.0, 63.0, "Hz")),
    ("high.tach_delta", 0.1, 0.08, Limits(None, 0.5, "Hz")),
    ("high.head1_accel", 2.3, 0.18, Limits(1.6, 3.0, "g")),
    ("high.second_harmonic", -30.0, 3.0, Limits(None, -20.0, "dB")),
    ("high.broadband", 0.08, 0.02, Limits(None, 0.15, "g")),
]


def _synthetic_runs(first: int, count: int, seed: int = 1) -> list[tuple[RunSummary, None]]:
    rng = np.random.default_rng(seed + first)
    values = np.stack([rng.normal(mean, std, count) for _, mean, std, _ in MEASUREMENTS], 1)
    start = np.datetime64("2026-01-01T06:00:00")
    items = []
    for n in range(first, first + count):
        measured = [Measurement(name, float(v), lim.unit, lim.low, lim.high, lim.judge(float(v)),
                                name.split(".")[0])
                    for (name, _, _, lim), v in zip(MEASUREMENTS, values[n - first], strict=True)]
        verdict = Verdict.FAIL if any(m.verdict is Verdict.FAIL for m in measured) else Verdict.PASS
        started = str(start + np.timedelta64(n * 20, "s")) + "+00:00"
        items.append((RunSummary(
            run_id=f"run{n:07d}", serial=f"GPM-{n % 95_000:06d}", product=PRODUCT,
            sequence="eol", operator="op", batch=f"B{n // 2000:03d}", station=f"st{n % 3}",
            verdict=verdict, started_at=started, finished_at=started, spec_id=PRODUCT,
            spec_revision=1 + n // 50_000, spec_sha256="", record_path="",
            software_version="bench", measurements=measured), None))
    return items


def _timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def run() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "index.sqlite"
        index = ResultsIndex(f"sqlite:///{path}")
        chunk = 5_000
        insert_s = 0.0
        for first in range(0, RUNS, chunk):  # build a chunk at a time: only the inserts count
            items = _synthetic_runs(first, chunk)
            seconds, _ = _timed(lambda items=items: index.add_many(items))
            insert_s += seconds
        del items
        n_meas = RUNS * len(MEASUREMENTS)
        rows.append((f"bulk insert {RUNS:,} runs ({n_meas:,} measurements)",
                     f"{insert_s:.1f} s ({RUNS / insert_s:,.0f} runs/s)"))
        rows.append(("index file size", f"{path.stat().st_size / 1e6:.0f} MB"))
        args = (index, PRODUCT, "high.current")
        for label, action in [
            ("capability + histogram of one measurement", lambda: capability_report(*args)),
            ("I-MR chart + 8 run rules of one measurement", lambda: control_report(*args)),
            ("what-if of one limit (high.current max 0.72)",
             lambda: what_if(*args, Limits(0.45, 0.72, "A"))),
            ("first-pass yield by day", lambda: yield_report(index, PRODUCT, "day")),
            ("Pareto of failing measurements", lambda: pareto_report(index, PRODUCT)),
        ]:
            _timed(action)  # warm the page cache once, then take the median of five
            times = sorted(_timed(action)[0] for _ in range(5))
            rows.append((label, f"{times[2] * 1000:.0f} ms median ({times[0] * 1000:.0f}-"
                                f"{times[-1] * 1000:.0f})"))
        result = what_if(*args, Limits(0.45, 0.72, "A"))
        rows.append(("what-if result (yield before -> after)",
                     f"{result.yield_before:.3%} -> {result.yield_after:.3%}, "
                     f"{len(result.pass_to_fail):,} pass->fail"))
        index.close()
    return rows
