"""Figures of transient-fault retries on the simulated bench: what one retry costs a query."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from instruments.station import load_station, open_station

ROUNDS = 50
FOUR = ("101", "102", "103", "104")
SIM_STATION = Path(__file__).resolve().parents[1] / "stations" / "sim.yaml"


def _median_ms(action, before=None) -> float:
    spans = []
    for _ in range(ROUNDS):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        spans.append((time.perf_counter() - started) * 1e3)
    return statistics.median(spans)


def run() -> list[tuple[str, str]]:
    with open_station(load_station(SIM_STATION)) as station:
        scanner, bench = station.thermometer, station.bench
        scan = lambda: scanner.read_temperatures_c(FOUR)  # noqa: E731 - a one-line action
        clean_ms = _median_ms(scan)
        retried_ms = _median_ms(scan, lambda: bench.inject_fault("thermometer", "garbled_once"))
        retries = len(station.retries.drain())
    return [
        ("thermocouple scan, clean", f"{clean_ms:.2f} ms (median of {ROUNDS})"),
        ("thermocouple scan, one garbled reply retried",
         f"{retried_ms:.2f} ms (median of {ROUNDS}; {retries} retries reported)"),
        ("cost of one retry (resync by *IDN? + the query again)", f"{retried_ms - clean_ms:.2f} ms"),
    ]
