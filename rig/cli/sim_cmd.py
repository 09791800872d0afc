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
    from instruments.sim.bench import serve
    from instruments.sim.from_station import bench_for_station
    from instruments.station import StationFileError, load_station

    try:
        config = load_station(args.station)
        bench = bench_for_station(config)
    except (StationFileError, OSError, ValueError) as exc:
        print(f"rig: {exc}", file=sys.stderr)
        return exit_codes.BAD_INPUT
    print(f"rig: serving the simulated bench of {config.name} at time scale "
          f"{config.bench.time_scale:g}; Ctrl-C stops it", file=sys.stderr, flush=True)
    serve(bench, sys.stdout)
    return exit_codes.PASS
