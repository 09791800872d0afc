"""`rig demo`: a few units through the station core on the simulated bench, printed."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rig.cli import exit_codes

DEMO_UNITS = 3


def register(subparsers: Any) -> None:
    """Add `rig demo`."""
    demo = subparsers.add_parser("demo", help="test a few units headless and print them",
                                 description="Open the station as the app does and test a few "
                                             "units, one per product in turn.")
    demo.add_argument("--station", default="stations/sim.yaml", help="station file")
    demo.add_argument("--specs", default=None, help="directory of product spec files")
    demo.add_argument("--data-dir", default=None, help="data directory (default $RIG_DATA_DIR or ./data)")
    demo.add_argument("--units", type=int, default=DEMO_UNITS, help="how many units")
    demo.set_defaults(handler=demo_command)


def demo_command(args: argparse.Namespace) -> int:
    """Run the demo; return the exit code."""
    from instruments.station import StationFileError
    from rig.app import open_station_app
    from rig.cli.demo import run_demo
    from rig.specs import SpecError

    try:
        with open_station_app(args.station, data_dir=args.data_dir, specs_dir=args.specs) as app:
            return run_demo(app.session, args.units, sys.stdout)
    except (StationFileError, SpecError, FileNotFoundError) as exc:
        print(f"rig: {exc}", file=sys.stderr)
        return exit_codes.BAD_INPUT
