"""Soak: many consecutive units in one station session, mixed products and defects.

Opens the default station through the composition root at time scale 15 and
tests units one after another, as a line would: no injected instrument fault,
so every unit must end PASS or FAIL (a FAIL only where the simulator gave the
unit a defect). Prints the verdict counts, ERRORs on units without a fault
(target 0), and the growth of open file descriptors, threads and resident
memory from the first units to the last (targets: none, none, under 50 MB).
``RIG_SOAK_UNITS`` sets the count (``make soak``: 1000).
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from rig.app import open_station_app
from rig.model import RunRequest, Verdict
from tests.sim_station import sim_station_file

TIME_SCALE = 15.0
DEFAULT_UNITS = 200
# Defects the EOL sequence cannot see: they show only in the sample sequence's thermal rise
# and durability steps, so an EOL PASS on such a unit is right.
SAMPLE_ONLY_DEFECTS = frozenset({"blocked_vent", "wear_out"})
WARM_UP_UNITS = 20  # imports, caches and the first records settle before the baseline


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _request(number: int) -> RunRequest:
    product, prefix = (("quad-head", "QHM") if number % 2 else ("general-purpose", "GPM"))
    return RunRequest(f"{prefix}-{800000 + number:06d}", product, operator="soak", batch="SOAK")


def soak(units: int) -> list[tuple[str, str]]:
    """Run ``units`` units; return the figure rows."""
    verdicts: Counter[str] = Counter()
    errors_without_fault: list[str] = []
    wrong: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        station_file = sim_station_file(Path(tmp), TIME_SCALE)
        started = time.perf_counter()
        with open_station_app(station_file, data_dir=Path(tmp) / "data") as app:
            baseline = None
            for number in range(units):
                if number == WARM_UP_UNITS:
                    baseline = (_open_fds(), threading.active_count(), _rss_mb())
                request = _request(number)
                truth = app.station.bench.truth(request.product, request.serial)
                summary = app.session.run(request).summary
                verdicts[summary.verdict.value] += 1
                if summary.verdict is Verdict.ERROR:
                    errors_without_fault.append(f"{request.serial}: {summary.error}")
                elif (summary.verdict is Verdict.FAIL) != bool(set(truth.defects) - SAMPLE_ONLY_DEFECTS):
                    failed = ", ".join(f"{m.name} = {m.value:.4g}" for m in summary.failed_measurements)
                    wrong.append(f"{request.serial} {summary.verdict.value} "
                                 f"({', '.join(truth.defects) or 'good'}) {failed}".rstrip())
            end = (_open_fds(), threading.active_count(), _rss_mb())
        wall_s = time.perf_counter() - started
    baseline = baseline or end
    rows = [
        (f"units in one station session, time scale {TIME_SCALE:g}", f"{units} in {wall_s:.0f} s "
                                                                      f"({wall_s / units:.2f} s a unit)"),
        ("verdicts", ", ".join(f"{n} {v}" for v, n in sorted(verdicts.items()))),
        ("ERROR on units without an injected fault (target 0)", str(len(errors_without_fault))),
        ("verdicts against the simulator's truth (FAIL = has a defect EOL can see)",
         f"{units - len(wrong) - len(errors_without_fault)} right, {len(wrong)} not"),
        (f"open file descriptors, unit {WARM_UP_UNITS} -> {units}", f"{baseline[0]} -> {end[0]}"),
        (f"threads, unit {WARM_UP_UNITS} -> {units}", f"{baseline[1]} -> {end[1]}"),
        (f"resident memory, unit {WARM_UP_UNITS} -> {units} (growth target < 50 MB)",
         f"{baseline[2]:.0f} -> {end[2]:.0f} MB ({end[2] - baseline[2]:+.0f} MB)"),
    ]
    rows += [("  ERROR", line) for line in errors_without_fault[:10]]
    rows += [("  not as the truth", line) for line in wrong[:10]]
    return rows


def run() -> list[tuple[str, str]]:
    return soak(int(os.environ.get("RIG_SOAK_UNITS", DEFAULT_UNITS)))
