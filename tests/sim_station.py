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
