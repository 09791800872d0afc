"""`rig index rebuild|query`: the results index, recreated from the records or searched."""

from __future__ import annotations

import argparse
import json
import sys

from rig.cli.exit_codes import BAD_INPUT, FAIL
from rig.cli.users_cmd import REFUSALS, add_user_arguments, authenticate
from rig.index import ResultsIndex
from rig.index.rebuild import rebuild_records
from rig.paths import DataDir
from rig.protected import station_audit

REBUILDING_ROLES = ("engineer", "administrator")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `index` command and its sub-commands."""
    index = subparsers.add_parser("index", help="the results index")
    actions = index.add_subparsers(dest="index_command", required=True, parser_class=type(index))
    rebuild = actions.add_parser("rebuild", help="drop the index and recreate it from the "
                                                 "records (engineers; audited)")
    rebuild.add_argument("--data-dir", default=None)
    rebuild.add_argument("--url", default=None, help="database URL (default the data dir's SQLite)")
    rebuild.add_argument("--shared", action="store_true",
                         help="a line's shared index: replace only this station's runs, keep the others'")
    add_user_arguments(rebuild)
    rebuild.set_defaults(handler=rebuild_command)
    query = actions.add_parser("query", help="list runs")
    for key in ("product", "batch", "serial", "station", "measurement", "verdict"):
        query.add_argument(f"--{key}", default=None)
    query.add_argument("--since", default=None, help="ISO date or time, inclusive")
    query.add_argument("--until", default=None, help="ISO date or time, exclusive")
    query.add_argument("--final", action="store_true", help="only the latest attempt per serial")
    query.add_argument("--json", action="store_true", help="print full run summaries as JSON")
    query.add_argument("--data-dir", default=None)
    query.add_argument("--url", default=None)
    query.set_defaults(handler=query_command)


def _open(args: argparse.Namespace) -> tuple[DataDir, ResultsIndex]:
    data_dir = DataDir.resolve(args.data_dir)
    data_dir.root.mkdir(parents=True, exist_ok=True)
    return data_dir, ResultsIndex(args.url or data_dir.index_url)


def rebuild_command(args: argparse.Namespace) -> int:
    """Recreate the index from every record; exit 1 when a record does not stand as indexed."""
    data_dir = DataDir.resolve(args.data_dir)
    try:
        user = authenticate(args, data_dir)
        if user.role not in REBUILDING_ROLES:
            raise PermissionError(f"{user.user_id} ({user.role}) may not rebuild the index; "
                                  f"an engineer or administrator may")
    except REFUSALS as exc:
        print(f"rig index rebuild: {exc}", file=sys.stderr)
        return BAD_INPUT
    data_dir, index = _open(args)
    try:
        report = rebuild_records(index, data_dir.records, keep_other_stations=args.shared)
    finally:
        index.close()
    station_audit(data_dir, args.url).append(
        actor=user.user_id, role=user.role, action="index.rebuild",
        details={"shared": args.shared, **report.to_dict()})
    print(f"indexed {report.indexed} run(s) from {data_dir.records}")
    for finding in report.findings:
        print(f"  finding: {finding}")
    if report.findings:
        print(f"{len(report.findings)} finding(s): no stored hash was replaced")
        return FAIL
    return 0


def query_command(args: argparse.Namespace) -> int:
    """Print the matching runs, oldest first."""
    _, index = _open(args)
    try:
        found = index.runs(product=args.product, batch=args.batch, serial=args.serial,
                           station=args.station, measurement=args.measurement,
                           since=args.since, until=args.until, verdict=args.verdict)
    finally:
        index.close()
    if args.final:
        latest = {s.serial: s for s in found}
        found = [s for s in found if latest[s.serial] is s]
    if args.json:
        print(json.dumps([s.to_dict() for s in found], indent=2))
        return 0
    for s in found:
        failed = ",".join(m.name for m in s.failed_measurements)
        print(f"{s.started_at}  {s.run_id}  {s.serial}  {s.product} r{s.spec_revision}  "
              f"{s.batch or '-'}  {s.station}  {s.verdict.value}  {failed}")
    print(f"{len(found)} run(s)")
    return 0
