"""What stands behind a station's addresses: a simulated bench started with it, or hardware.

Each bench kind is a launcher: a context manager that yields the resources the
drivers should open (by role) and the running bench object (None on hardware).
A station file picks one by name; no driver or step knows which.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from instruments.clock import Clock, WallClock

if TYPE_CHECKING:
    from instruments.station_config import StationConfig

_SOCKET = re.compile(r"^TCPIP(\d*)::([^:]+)::(\d+)::SOCKET$", re.IGNORECASE)


@dataclass(frozen=True)
class RunningBench:
    """Where the drivers find their instruments, and the bench object if one was started."""

    resources: Mapping[str, str | None]  # by role
    bench: Any = None
    clock: Clock = field(default_factory=WallClock)  # the time the station waits on


def parse_socket_resource(resource: str) -> tuple[str, int] | None:
    """Return (host, port) of a ``TCPIP0::<host>::<port>::SOCKET`` resource, else None."""
    match = _SOCKET.match(resource.strip())
    return (match.group(2), int(match.group(3))) if match else None


@contextmanager
def hardware_bench(config: StationConfig) -> Iterator[RunningBench]:
    """Use the addresses the station file gives; nothing to start or stop."""
    yield RunningBench({role: inst.resource for role, inst in config.instruments.items()})


@contextmanager
def simulated_bench(config: StationConfig) -> Iterator[RunningBench]:
    """Start the simulated bench on the file's host and ports (0 = any free port) and stop it after."""
    # Imported here so a hardware station never loads the simulator.
    from instruments.sim.from_station import bench_for_station

    bench = bench_for_station(config, virtual_time=True)
    with bench:
        served = dict(bench.resources)
        yield RunningBench({role: served.get(role) if inst.resource is not None else None
                            for role, inst in config.instruments.items()}, bench, bench.clock)


Launcher = Callable[["StationConfig"], AbstractContextManager[RunningBench]]

BENCH_LAUNCHERS: Mapping[str, Launcher] = MappingProxyType({
    "simulated": simulated_bench,
    "hardware": hardware_bench,
})
BENCH_KINDS = tuple(BENCH_LAUNCHERS)


@dataclass(frozen=True)
class BenchRules:
    """What a station file may say for one bench kind."""

    sockets_only: bool  # every resource must be TCPIP0::<host>::<port>::SOCKET
    free_ports: bool  # port 0 means "pick a free port"
    settings: tuple[str, ...]  # bench fields besides ``kind``


BENCH_RULES: Mapping[str, BenchRules] = MappingProxyType({
    "simulated": BenchRules(sockets_only=True, free_ports=True,
                            settings=("time_scale", "seed", "defect_share")),
    "hardware": BenchRules(sockets_only=False, free_ports=False, settings=()),
})
