"""The default simulated station at a chosen time scale, for tests that need the real bench."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from instruments.station import Station, StationConfig, load_station, open_station

SIM_STATION = Path(__file__).resolve().parents[1] / "stations" / "sim.yaml"


def sim_station_config(time_scale: float = 1.0) -> StationConfig:
    """Return stations/sim.yaml with its bench running ``time_scale`` times faster than the wall clock."""
    config = load_station(SIM_STATION)
    return dataclasses.replace(config, bench=dataclasses.replace(config.bench, time_scale=time_scale))


@contextmanager
def open_sim_station(time_scale: float = 1.0) -> Iterator[Station]:
    """Open the default station (its simulated bench starts with it) at ``time_scale``."""
    with open_station(sim_station_config(time_scale)) as station:
        yield station


def bench_fixtures(time_scale: float, good_serial: str):
    """Return a module's ``station`` fixture and a ``bench`` fixture that resets it per test.

    ``bench`` clears every fault before and after a test and makes
    ``good_serial`` a good unit.
    """
    import pytest

    @pytest.fixture(scope="module")
    def station() -> Iterator[Station]:
        with open_sim_station(time_scale) as opened:
            yield opened

    @pytest.fixture
    def bench(station: Station):
        station.bench.clear_faults()
        station.bench.force_defect(good_serial, "none")
        yield station.bench
        station.bench.clear_faults()

    return station, bench


def sim_station_file(directory: Path, time_scale: float) -> Path:
    """Write stations/sim.yaml with its bench at ``time_scale`` into ``directory``; return the path."""
    text = SIM_STATION.read_text(encoding="utf-8")
    assert "time_scale: 1.0" in text
    path = Path(directory) / f"sim-x{time_scale:g}.yaml"
    path.write_text(text.replace("time_scale: 1.0", f"time_scale: {time_scale}"), encoding="utf-8")
    return path
