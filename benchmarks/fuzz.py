"""Fuzzing figures: inputs tried per target, how many were refused by name, and tracebacks (target 0).

Runs the targets of tests/fuzz with fresh random inputs (the tests run a
fixed, derandomized set). ``RIG_FUZZ_EXAMPLES`` sets the inputs per target.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.cert_targets import attempt_certificate, damage, issue_one
from tests.fuzz.scpi_targets import attempt_scpi, scpi_dialogues
from tests.fuzz.targets import Outcome, attempt_spec, attempt_station, spec_files, station_files

EXAMPLES = int(os.environ.get("RIG_FUZZ_EXAMPLES", "400"))


def _count(strategy: st.SearchStrategy[Any], attempt: Callable[[Any], Any],
           examples: int) -> tuple[Counter, list[str]]:
    counts: Counter = Counter()
    tracebacks: list[str] = []
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its complaints about damaged files are expected

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def probe(value: Any) -> None:
        result = attempt(value)
        counts[result.outcome] += 1
        if result.outcome is Outcome.TRACEBACK:
            tracebacks.append(result.detail.strip().splitlines()[-1][:160])

    probe()
    return counts, tracebacks


def run() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    total_tracebacks = 0
    with tempfile.TemporaryDirectory() as folder:
        issued = issue_one(Path(folder))
        targets = {
            "station files": (station_files(), attempt_station),
            "spec files": (spec_files(), attempt_spec),
            "SCPI replies": (scpi_dialogues(), attempt_scpi),
            # accepted: verify reported findings; refused: CertificateUnreadable naming the file
            "certificate PDFs": (damage(len(issued.pdf)), lambda how: attempt_certificate(issued, how)),
        }
        for name, (strategy, attempt) in targets.items():
            counts, tracebacks = _count(strategy, attempt, EXAMPLES)
            tried = sum(counts.values())
            total_tracebacks += len(tracebacks)
            rows.append((f"{name}: inputs tried", str(tried)))
            rows.append((f"{name}: accepted / refused by name",
                         f"{counts[Outcome.ACCEPTED]} / {counts[Outcome.REFUSED]}"))
            if counts[Outcome.UNDETECTED]:
                rows.append((f"{name}: damage undetected (target 0)", str(counts[Outcome.UNDETECTED])))
            rows.append((f"{name}: tracebacks (target 0)", str(len(tracebacks))))
            for line in sorted(set(tracebacks))[:3]:
                rows.append((f"{name}:   e.g.", line))
    rows.append(("tracebacks in all (target 0)", str(total_tracebacks)))
    return rows
