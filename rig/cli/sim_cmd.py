"""`rig sim`: serve the simulated bench a station file describes, standalone, until stopped."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rig.cli import exit_codes


def register(subparsers: Any) -> None:
    """Add `rig sim`."""
    sim = subparsers.add_parser(
        "sim", help="serve the station file's simulated bench standalone",
        description="Start the simulated bench the station file describes and print one "
                    "'<role> <port> <resource>' line per instrument; Ctrl-C or SIGTERM stops it.")
    sim.add_argument("--station", required=True, help="station file with bench.kind: simulated")
    sim.set_defaults(handler=sim_command)


def sim_command(args: argparse.Namespace) -> int:
    """Build the bench from the station file and serve it; return the exit code."""
    from instruments.benches import parse_socket_resource
    from instruments.sim.bench import SimulatedBench, serve
    from instruments.station import StationFileError, load_station

    try:
        config = load_station(args.station)
    except (StationFileError, OSError) as exc:
        print(f"rig: {exc}", file=sys.stderr)
        return exit_codes.BAD_INPUT
    if config.bench.kind != "simulated":
        print(f"rig: {args.station}: bench.kind is {config.bench.kind!r}; only a simulated bench "
              f"can be served", file=sys.stderr)
        return exit_codes.BAD_INPUT
    addresses = {role: parse_socket_resource(inst.resource)
                 for role, inst in config.instruments.items() if inst.resource}
    hosts = {address[0] for address in addresses.values() if address}
    bench = SimulatedBench(
        time_scale=config.bench.time_scale, seed=config.bench.seed,
        defect_share=config.bench.defect_share, host=hosts.pop() if len(hosts) == 1 else "127.0.0.1",
        ports={role: address[1] for role, address in addresses.items() if address},
        supply_dialect=config.instruments["supply"].driver)
    print(f"rig: serving the simulated bench of {config.name} at time scale "
          f"{config.bench.time_scale:g}; Ctrl-C stops it", file=sys.stderr, flush=True)
    serve(bench, sys.stdout)
    return exit_codes.PASS
