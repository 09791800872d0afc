"""`rig spec show|set|diff|history|whatif`: spec revisions and proposed limits."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rig.cli.exit_codes import BAD_INPUT
from rig.cli.users_cmd import REFUSALS, add_user_arguments, authenticate, sign
from rig.index import ResultsIndex
from rig.model import Limits
from rig.paths import DataDir
from rig.protected import station_audit
from rig.spec_store import KEEP, SpecStore
from rig.specs import SpecError
from rig.whatif import ATTEMPTS, what_if


def limit_value(text: str) -> float | None:
    """Parse a limit argument: a number, or "none" to open that side."""
    if text.strip().lower() in ("none", "open", "-"):
        return None
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is neither a number nor 'none'") from None


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--specs-dir", default="specs", help="shipped spec files (revision 1)")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `spec` command and its sub-commands."""
    spec = subparsers.add_parser("spec", help="product specs and their revisions")
    actions = spec.add_subparsers(dest="spec_command", required=True, parser_class=type(spec))
    show = actions.add_parser("show", help="print a revision (default the current one)")
    show.add_argument("product")
    show.add_argument("--revision", type=int, default=None)
    show.add_argument("--limits", action="store_true", help="only the limits, one a line")
    show.set_defaults(handler=show_command)
    change = actions.add_parser("set", help="change a limit: a new revision (engineers, signed "
                                            "'approved')")
    change.add_argument("product")
    change.add_argument("measurement", help="<step>.<measurement>, e.g. high.current")
    change.add_argument("--min", type=limit_value, default=KEEP, dest="low")
    change.add_argument("--max", type=limit_value, default=KEEP, dest="high")
    change.add_argument("--reason", required=True)
    add_user_arguments(change, signs=True)
    change.set_defaults(handler=set_command)
    diff = actions.add_parser("diff", help="limit changes between two revisions")
    diff.add_argument("product")
    diff.add_argument("rev_a", type=int)
    diff.add_argument("rev_b", type=int)
    diff.add_argument("--text", action="store_true", help="the unified diff of the YAML text")
    diff.set_defaults(handler=diff_command)
    history = actions.add_parser("history", help="every revision: who, when, why")
    history.add_argument("product")
    history.add_argument("--json", action="store_true")
    history.set_defaults(handler=history_command)
    whatif = actions.add_parser("whatif", help="replay a proposed limit on stored results")
    whatif.add_argument("product")
    whatif.add_argument("measurement")
    whatif.add_argument("--min", type=limit_value, default=KEEP, dest="low")
    whatif.add_argument("--max", type=limit_value, default=KEEP, dest="high")
    whatif.add_argument("--revision", type=int, default=None, help="only runs of this revision")
    whatif.add_argument("--batch", default=None)
    whatif.add_argument("--since", default=None)
    whatif.add_argument("--until", default=None)
    whatif.add_argument("--attempts", choices=ATTEMPTS, default="all")
    whatif.add_argument("--json", action="store_true")
    whatif.set_defaults(handler=whatif_command)
    for parser in (show, change, diff, history, whatif):
        _common(parser)


def _store(args: argparse.Namespace) -> tuple[DataDir, SpecStore]:
    data_dir = DataDir.resolve(args.data_dir)
    return data_dir, SpecStore(data_dir.spec_revisions, seed_dir=Path(args.specs_dir),
                               audit=station_audit(data_dir))


def show_command(args: argparse.Namespace) -> int:
    """Print a revision's text, or its limits."""
    _, store = _store(args)
    try:
        spec = (store.current(args.product) if args.revision is None
                else store.revision(args.product, args.revision))
    except (KeyError, SpecError) as exc:
        print(f"rig spec show: {exc}", file=sys.stderr)
        return BAD_INPUT
    if not args.limits:
        print(spec.text, end="")
        return 0
    print(f"# {spec.product} revision {spec.revision} sha256 {spec.sha256}")
    for name in spec.measurement_names():
        limits = spec.limits(name)
        print(f"{name:<28} min {_side(limits.low):>8}  max {_side(limits.high):>8}  {limits.unit}")
    return 0


def set_command(args: argparse.Namespace) -> int:
    """Make a new revision with one limit changed; technicians are refused."""
    data_dir, store = _store(args)
    if args.low is KEEP and args.high is KEEP:
        print("rig spec set: give --min, --max or both", file=sys.stderr)
        return BAD_INPUT
    try:
        user = authenticate(args, data_dir)
        signature = sign(args, data_dir, user, "approved")
        spec = store.set_limit(user, args.product, args.measurement, low=args.low,
                               high=args.high, reason=args.reason, signature=signature)
    except (*REFUSALS, SpecError) as exc:
        print(f"rig spec set: {exc}", file=sys.stderr)
        return BAD_INPUT
    print(f"{spec.product} revision {spec.revision}: {args.measurement} "
          f"{_limits_text(spec.limits(args.measurement))} (sha256 {spec.sha256[:12]})")
    return 0


def diff_command(args: argparse.Namespace) -> int:
    """Print the changes between two revisions."""
    _, store = _store(args)
    try:
        lines = (store.text_diff if args.text else store.diff)(args.product, args.rev_a,
                                                                args.rev_b)
    except (KeyError, SpecError) as exc:
        print(f"rig spec diff: {exc}", file=sys.stderr)
        return BAD_INPUT
    print("\n".join(lines) if lines else "no differences")
    return 0


def history_command(args: argparse.Namespace) -> int:
    """Print every revision of a product with its author and reason."""
    _, store = _store(args)
    try:
        infos = store.history(args.product)
    except (KeyError, SpecError) as exc:
        print(f"rig spec history: {exc}", file=sys.stderr)
        return BAD_INPUT
    if args.json:
        print(json.dumps([info.to_dict() for info in infos], indent=2))
        return 0
    for info in infos:
        print(f"r{info.revision:<4} {info.time or '-':<26} {info.author or '-':<10} "
              f"{info.change or '-'}  ({info.reason})")
    return 0


def whatif_command(args: argparse.Namespace) -> int:
    """Print yield before and after a proposed limit and the runs that flip."""
    data_dir, store = _store(args)
    try:
        current = store.current(args.product).limits(args.measurement)
    except (KeyError, SpecError) as exc:
        print(f"rig spec whatif: {exc}", file=sys.stderr)
        return BAD_INPUT
    proposed = Limits(current.low if args.low is KEEP else args.low,
                      current.high if args.high is KEEP else args.high, current.unit)
    index = ResultsIndex(data_dir.index_url)
    try:
        result = what_if(index, args.product, args.measurement, proposed,
                         spec_revision=args.revision, batch=args.batch, since=args.since,
                         until=args.until, attempts=args.attempts)
    finally:
        index.close()
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
        return 0
    print(f"{args.product} {args.measurement}: {_limits_text(current)} -> {_limits_text(proposed)}")
    print(f"runs replayed {result.runs} (measured {result.measured})")
    print(f"yield before {_percent(result.yield_before)}  after {_percent(result.yield_after)}")
    for title, flips in (("pass -> fail", result.pass_to_fail),
                         ("fail -> pass", result.fail_to_pass)):
        print(f"{title}: {len(flips)} run(s)")
        for flip in flips:
            note = "  (stopped here: later steps untested)" if flip.incomplete else ""
            print(f"  {flip.serial}  {flip.run_id}  {flip.value:g}{note}")
    return 0


def _side(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _limits_text(limits: Limits) -> str:
    return f"[{_side(limits.low)}, {_side(limits.high)}] {limits.unit}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f} %"
