"""`rig run`: test one unit on a station; `rig show`: print a run record."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rig.cli import exit_codes
from rig.model import RunRequest, RunSummary, Verdict

EXIT_FOR_VERDICT = {
    Verdict.PASS: exit_codes.PASS,
    Verdict.FAIL: exit_codes.FAIL,
    Verdict.ERROR: exit_codes.ERROR,
    Verdict.ABORTED: exit_codes.ABORTED,
}


def register(subparsers: Any) -> None:
    """Add `rig run` and `rig show`."""
    run = subparsers.add_parser("run", help="test one unit",
                                description="Test one unit; exit 0 PASS, 1 FAIL, 2 ERROR, "
                                            "3 ABORTED, 4 bad input.")
    run.add_argument("--station", required=True, help="station file (e.g. stations/sim.yaml)")
    run.add_argument("--product", required=True, help="product id, e.g. general-purpose")
    run.add_argument("--serial", required=True, help="the unit's serial number")
    run.add_argument("--sequence", default="eol", help="sequence of the spec (eol, sample)")
    run.add_argument("--batch", default="")
    run.add_argument("--operator", default="")
    run.add_argument("--json", action="store_true", help="print the run summary as JSON")
    run.add_argument("--data-dir", help="data directory (default $RIG_DATA_DIR or ./data)")
    run.add_argument("--spec", help="spec file (default: the product's current published revision)")
    run.set_defaults(handler=run_command)

    show = subparsers.add_parser("show", help="print a run record")
    show.add_argument("record", help="a record file (.h5 or .h5.partial)")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=show_command)


def _fail(message: str, code: int = exit_codes.BAD_INPUT) -> int:
    print(f"rig: {message}", file=sys.stderr)
    return code


@contextmanager
def stop_on_ctrl_c(stop: threading.Event) -> Iterator[None]:
    """Turn the first Ctrl-C into a cooperative stop; a second one interrupts at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        stop.set()
        print("\nrig: stopping: switching the supply off (Ctrl-C again to interrupt)",
              file=sys.stderr)
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_command(args: argparse.Namespace) -> int:
    """Load spec and station, run the unit, print the result; return the exit code."""
    try:
        return _run(args)
    except KeyboardInterrupt:  # the second Ctrl-C: the runner has recorded ABORTED, supply off
        return _fail("interrupted; the run is recorded as ABORTED", exit_codes.ABORTED)
    except Exception as exc:  # noqa: BLE001 - Python's own exit status 1 would read as FAIL
        traceback.print_exc()
        return _fail(f"the rig could not run: {type(exc).__name__}: {exc}", exit_codes.ERROR)


def _run(args: argparse.Namespace) -> int:
    from instruments.errors import InstrumentError
    from instruments.station import StationFileError
    from rig.app import open_station_app
    from rig.runner import BadRequest, CalibrationExpired
    from rig.specs import SpecError

    request = RunRequest(serial=args.serial, product=args.product, sequence=args.sequence,
                         operator=args.operator, batch=args.batch)
    stop = threading.Event()
    observers = _observers()
    try:
        with stop_on_ctrl_c(stop), open_station_app(args.station, data_dir=args.data_dir,
                                                    spec_file=args.spec) as app:
            check = app.session.check_serial(request.product, request.serial)
            if not check.accepted:
                return _fail(check.message, _refusal_code(app, request.product))
            outcome = app.session.run(request, observers=observers, stop=stop)
    except (BadRequest, SpecError, StationFileError, FileNotFoundError) as exc:
        return _fail(str(exc))
    except (CalibrationExpired, InstrumentError) as exc:
        return _fail(str(exc), exit_codes.ERROR)
    finally:
        for observer in observers:
            observer.close()
    summary = outcome.summary
    print(summary.to_json() if args.json else format_summary(summary))
    if not args.json:
        print(outcome.disposition.message)
    return EXIT_FOR_VERDICT[summary.verdict]


def _refusal_code(app, product: str) -> int:
    """A refusal the station causes (calibration, a faulty instrument) is ERROR; the rest, bad input."""
    if product in app.session.products and app.session.station_refusal() is not None:
        return exit_codes.ERROR
    return exit_codes.BAD_INPUT


def _observers() -> list:
    from rig.cli.progress import ProgressBar, SinkWarnings

    observers: list = [SinkWarnings(sys.stderr)]
    if sys.stderr.isatty():
        observers.append(ProgressBar(sys.stderr))
    return observers


def _limits(low: float | None, high: float | None) -> str:
    return f"[{'' if low is None else f'{low:g}'}, {'' if high is None else f'{high:g}'}]"


def format_summary(summary: RunSummary) -> str:
    """Return the human form of a run summary."""
    lines = [
        f"{summary.serial}  {summary.product}  sequence {summary.sequence}  =>  {summary.verdict.value}",
        f"spec {summary.spec_id} r{summary.spec_revision} sha256 {summary.spec_sha256[:16]}  "
        f"station {summary.station}  operator {summary.operator or '-'}  batch {summary.batch or '-'}",
    ]
    if summary.error:
        lines.append(f"{'error' if summary.verdict is Verdict.ERROR else 'stopped'}: {summary.error}")
    width = max((len(m.name) for m in summary.measurements), default=0)
    for m in summary.measurements:
        lines.append(f"  {m.name.ljust(width)}  {m.value:>10.4g} {m.unit:<5} "
                     f"{_limits(m.low, m.high):<16} {m.verdict.value}")
    if summary.diagnosis is not None:
        from rig.diagnosis import describe

        lines.append(f"probable cause: {describe(summary.diagnosis)}"
                     + (f"  (next: {summary.diagnosis.runner_up})" if summary.diagnosis.runner_up else ""))
        lines += [f"  - {line}" for line in summary.diagnosis.evidence]
    lines.append(f"record: {summary.record_path}")
    return "\n".join(lines)


def show_command(args: argparse.Namespace) -> int:
    """Print a record: header, measurements, steps, signals."""
    from rig.records import read_record

    try:
        record = read_record(args.record)
    except (OSError, KeyError) as exc:
        return _fail(f"{args.record}: not a readable run record ({exc})")
    signals = [{"name": c.name, "channels": list(c.channels), "units": list(c.units),
                "sample_rate_hz": c.sample_rate_hz, "n_samples": int(c.data.shape[0]),
                "start_s": c.start_s} for c in record.captures]
    trends = [{"name": t.name, "unit": t.unit, "n_points": int(t.t_s.size)} for t in record.trends]
    if args.json:
        data = {**record.summary.to_dict(), "layout_version": record.layout_version,
                "signals": signals, "trends": trends,
                "steps": [{"step": s.step, "kind": s.kind, "verdict": s.verdict.value,
                           "message": s.message} for s in record.steps]}
        print(json.dumps(data, indent=2))
        return exit_codes.PASS
    print(format_summary(record.summary))
    print(f"started {record.summary.started_at}  finished {record.summary.finished_at}  "
          f"software {record.summary.software_version}  layout {record.layout_version}")
    for s in record.steps:
        print(f"  step {s.step:<12} {s.kind:<14} {s.verdict.value:<8} {s.message}")
    for sig in signals:
        print(f"  signal {sig['name']:<28} {','.join(sig['channels']):<16} "
              f"{sig['sample_rate_hz']:>8g} Hz  {sig['n_samples']} samples")
    for t in trends:
        print(f"  trend  {t['name']:<28} {t['unit']:<6} {t['n_points']} points")
    return exit_codes.PASS
