"""``rig gui``: the technician's station app (plugged into ``rig`` by an entry point).

Qt is imported only when a window is actually opened, so ``rig --help`` and
the headless demo stay light.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path

from rig.paths import DataDir

DEMO_UNITS = 3


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
    from rig.users import UserStore

    data = DataDir.resolve(args.data_dir)
    data.root.mkdir(parents=True, exist_ok=True)
    users = UserStore(data.users)
    one_time_pin = users.ensure_administrator()
    if one_time_pin is not None:
        print(f"First start: created the administrator 'admin' with the one-time PIN {one_time_pin}.\n"
              "Write it down now; it is not shown again.", flush=True)
    headless = args.demo or not display_available(os.environ)
    if headless and not args.demo:
        units = f"{args.demo_units} unit{'s' if args.demo_units != 1 else ''}"
        print("No display (DISPLAY, WAYLAND_DISPLAY unset; QT_QPA_PLATFORM is not 'offscreen'): "
              f"running a headless demo of {units} instead.", flush=True)
    early = None if headless else _early_sign_in(args, users)
    with ExitStack() as stack:
        from instruments.station import load_station
        from rig.index import ResultsIndex
        from rig.spec_store import SpecStore

        # Each run takes the current revision, so a limit published meanwhile holds from the next run.
        specs = SpecStore(data.spec_revisions, seed_dir=Path(args.specs))
        if not specs.products():
            raise FileNotFoundError(f"no product specs (*.yaml) in {args.specs}")
        station_config = load_station(Path(args.station))
        index = ResultsIndex(data.index_url_for(station_config.results_index))
        stack.callback(index.close)
        session = _open_session(stack, station_config, specs, data, index)
        _guard_and_tally(session, index, data)
        if headless:
            from gui.headless import run_demo

            return run_demo(session, args.demo_units, sys.stdout)
        from gui.app import run_window
        from gui.station_settings import load_settings, settings_path_for
        from rig.audit import AuditLog
        from rig.engineering import Engineering

        audit = AuditLog(data.audit_log)
        return run_window(session, users, Engineering(data, specs, index, audit), early=early,
                          settings=load_settings(settings_path_for(args.station)),
                          history=lambda serial: index.runs(serial=serial), audit=audit)


def _early_sign_in(args: argparse.Namespace, users):
    """Put the sign-in window on screen before the station opens (that takes seconds)."""
    from gui.early_sign_in import EarlySignIn
    from gui.station_settings import load_settings, settings_path_for

    return EarlySignIn(users, _station_name(Path(args.station)), load_settings(settings_path_for(args.station)))


def _station_name(path: Path) -> str:
    """Return the station's name from its file, cheaply (the file is checked in full later)."""
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("station:"):
                return line.split(":", 1)[1].split("#", 1)[0].strip().strip("'\"")
    except OSError:
        pass  # load_station says what is wrong with the file
    return path.stem


def _guard_and_tally(session, index, data: DataDir) -> None:
    """Guard the session's batches, and start its tally from the day's runs in the index."""
    from rig.batches import BatchGuard
    from rig.shift import start_of_day, tally_from_index

    session.batch_guard = BatchGuard(index, data.certificates)
    session.shift = tally_from_index(index, session.station.name, start_of_day())


def _open_session(stack: ExitStack, station_config, specs, data: DataDir, index):
    """Open the station (and its simulated bench, if it names one) and build the session."""
    from instruments.station import open_station
    from rig.runner import run_unit
    from rig.station_session import StationSession

    station = stack.enter_context(open_station(station_config))
    # Each finished run goes into the results index, and the index remembers a
    # serial's earlier attempts across restarts (the retest policy counts them).
    return StationSession(station, specs, run_unit=run_unit, records_dir=data.records,
                          on_finished=index.add, attempts=attempts_in(index))


def attempts_in(index):
    """Return the session's attempt history: a serial's runs of a product in the index, oldest first."""
    return lambda product, serial: index.runs(product=product, serial=serial)
