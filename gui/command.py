"""``rig gui``: the technician's station app (plugged into ``rig`` by an entry point).

Qt is imported only when a window is actually opened, so ``rig --help`` and
the headless demo stay light.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from rig.cli.demo_cmd import DEMO_UNITS


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``gui`` sub-command."""
    parser = subparsers.add_parser("gui", help="open the technician's station app",
                                   description="Open the station app; without a display, run a short "
                                               "headless demo through the same session core.")
    parser.add_argument("--station", default="stations/sim.yaml", help="station file")
    parser.add_argument("--specs", default="specs", help="directory of product spec files")
    parser.add_argument("--data-dir", default=None, help="data directory (default $RIG_DATA_DIR or ./data)")
    parser.add_argument("--demo", action="store_true", help="run the headless demo even with a display")
    parser.add_argument("--demo-units", type=int, default=DEMO_UNITS, help="units in the headless demo")
    parser.set_defaults(handler=run_gui)


def display_available(environ: Mapping[str, str]) -> bool:
    """Return True when Qt has somewhere to draw: a display, or the offscreen platform asked for."""
    if environ.get("QT_QPA_PLATFORM", "") == "offscreen":
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def run_gui(args: argparse.Namespace) -> int:
    """Open the station and the window (or the demo); return an exit code."""
    from rig.paths import DataDir
    from rig.users import station_users

    headless = args.demo or not display_available(os.environ)
    if headless and not args.demo:
        units = f"{args.demo_units} unit{'s' if args.demo_units != 1 else ''}"
        print("No display (DISPLAY, WAYLAND_DISPLAY unset; QT_QPA_PLATFORM is not 'offscreen'): "
              f"running a headless demo of {units} instead.", flush=True)
    users = station_users(DataDir.resolve(args.data_dir))
    announce_first_start(users.ensure_administrator())
    # The sign-in window shows before the station opens (that takes seconds).
    early = None if headless else _early_sign_in(args, users)
    from rig.app import open_station_app  # the station core: imported once the sign-in is on screen

    with open_station_app(args.station, data_dir=args.data_dir, specs_dir=args.specs) as app:
        if headless:
            from rig.cli.demo import run_demo

            return run_demo(app.session, args.demo_units, sys.stdout)
        from gui.app import run_window
        from gui.station_settings import load_settings, settings_path_for

        return run_window(app.session, app.users, app.engineering(), early=early,
                          settings=load_settings(settings_path_for(args.station)),
                          history=lambda serial: app.index.runs(serial=serial))


def announce_first_start(one_time_pin: str | None) -> None:
    """Print the administrator's one-time PIN the first time the station starts."""
    if one_time_pin is not None:
        print(f"First start: created the administrator 'admin' with the one-time PIN {one_time_pin}.\n"
              "Write it down now; it is not shown again.", flush=True)


def _early_sign_in(args: argparse.Namespace, users):
    """Put the sign-in window on screen before the station opens."""
    from gui.early_sign_in import EarlySignIn
    from gui.station_settings import load_settings, settings_path_for

    return EarlySignIn(users, _station_name(Path(args.station)), load_settings(settings_path_for(args.station)))


def _station_name(path: Path) -> str:
    """Return the station's name from its file with the one YAML reader (checked in full later)."""
    from instruments.station_config import StationFileError
    from instruments.yaml_nodes import read_document

    try:
        value = read_document(path.read_text(encoding="utf-8"), str(path), StationFileError).value
    except (OSError, StationFileError):
        return path.stem  # the station file's loader says what is wrong with it
    name = value.get("station") if isinstance(value, dict) else None
    return str(name) if name else path.stem
