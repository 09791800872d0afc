"""`rig audit verify|show`: check and read the hash-chained audit log."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from rig.audit import AuditLog
from rig.cli.exit_codes import FAIL
from rig.paths import DataDir
from rig.protected import sealed_file_problems, station_audit
from rig.spec_store import SpecStore
from rig.specs import SpecError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `audit` command and its sub-commands."""
    audit = subparsers.add_parser("audit", help="the audit trail of who changed what")
    actions = audit.add_subparsers(dest="audit_command", required=True, parser_class=type(audit))
    verify = actions.add_parser("verify", help="check the chain, its anchor and every protected "
                                               "file; exit 1 when tampered with")
    verify.add_argument("--data-dir", default=None)
    verify.add_argument("--specs-dir", default="specs", help="shipped spec files (revision 1)")
    verify.set_defaults(handler=verify_command)
    show = actions.add_parser("show", help="print the entries")
    show.add_argument("--last", type=int, default=None, help="only the last N entries")
    show.add_argument("--action", default=None, help="only this action, e.g. spec.set")
    show.add_argument("--json", action="store_true")
    show.add_argument("--data-dir", default=None)
    show.set_defaults(handler=show_command)


def verify_command(args: argparse.Namespace) -> int:
    """Print the problems of the chain and the protected files; exit 0 intact, 1 otherwise."""
    data_dir = DataDir.resolve(args.data_dir)
    log = station_audit(data_dir)
    problems = log.verify() + sealed_file_problems(log)
    if not problems:
        problems += _revision_problems(data_dir, Path(args.specs_dir), log)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return FAIL
    anchored = log.anchor.read_head() if log.anchor is not None else None
    note = "" if anchored else " (head not anchored yet: the next audited change anchors it)"
    print(f"audit log intact: {len(log.entries())} entries, every protected file matches{note}")
    return 0


def _revision_problems(data_dir: DataDir, seed_dir: Path, log: AuditLog) -> list[str]:
    """Name every stored spec revision the station would refuse to test against."""
    store = SpecStore(data_dir.spec_revisions, seed_dir=seed_dir, audit=log)
    problems = []
    for folder in sorted(p for p in data_dir.spec_revisions.glob("*") if p.is_dir()):
        for path in sorted(folder.glob("r*.yaml")):
            number = path.stem[1:]
            if not number.isdigit():
                continue
            try:
                store.revision(folder.name, int(number))
            except SpecError as exc:
                problems.append(str(exc))
    return problems


def show_command(args: argparse.Namespace) -> int:
    """Print the entries, oldest first."""
    entries = AuditLog(DataDir.resolve(args.data_dir).audit_log).entries()
    if args.action:
        entries = [e for e in entries if e.action == args.action]
    if args.last is not None:
        entries = entries[-args.last:] if args.last > 0 else []
    if args.json:
        print(json.dumps([asdict(e) for e in entries], indent=2))
        return 0
    for e in entries:
        details = json.dumps(e.details, sort_keys=True)
        print(f"{e.seq:>5} {e.time} {e.actor} ({e.role}) {e.action} {details}")
    return 0
