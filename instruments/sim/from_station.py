"""Build the simulated bench a station file describes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from instruments.sim.bench import SimulatedBench

if TYPE_CHECKING:
    from instruments.station_config import StationConfig


def bench_for_station(config: StationConfig, *, virtual_time: bool = False) -> SimulatedBench:
    """Return an unstarted bench on the file's host and ports (0 = any free port).

    ``virtual_time``: the bench runs its own time, for a station opened with it
    (the rig waits on ``bench.clock``); otherwise the wall clock, for a rig elsewhere.
    Raise ValueError when the file does not describe a simulated bench, or
    names more than one host.
    """
    from instruments.benches import parse_socket_resource

    if config.bench.kind != "simulated":
        raise ValueError(f"{config.source}: bench.kind is {config.bench.kind!r}; only a simulated "
                         f"bench can be served")
    addresses = {role: parse_socket_resource(inst.resource)
                 for role, inst in config.instruments.items() if inst.resource is not None}
    hosts = {host for host, _ in addresses.values()}
    if len(hosts) != 1:
        raise ValueError(f"{config.source}: a simulated bench serves one host, the file names "
                         f"{sorted(hosts)}")
    return SimulatedBench(
        time_scale=config.bench.time_scale, seed=config.bench.seed,
        defect_share=config.bench.defect_share, host=hosts.pop(),
        ports={role: port for role, (_, port) in addresses.items()},
        supply_dialect=config.instruments["supply"].driver,
        interlock="interlock" in config.instruments, virtual_time=virtual_time)
