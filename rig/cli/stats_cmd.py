"""`rig stats capability|control|yield|pareto`: the numbers behind the GUI's statistics views."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rig.cli.exit_codes import BAD_INPUT
from rig.index import ResultsIndex
from rig.paths import DataDir
from rig.stats import (
    GROUPINGS,
    capability_report,
    control_report,
    pareto_report,
    yield_report,
)
from rig.stats.reports import cause_pareto_report


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `stats` command and its sub-commands."""
    stats = subparsers.add_parser("stats", help="capability, control charts, yield, Pareto")
    actions = stats.add_subparsers(dest="stats_command", required=True, parser_class=type(stats))
    capability = actions.add_parser("capability", help="histogram, mean, std, Cp, Cpk")
    capability.add_argument("--confidence", type=float, default=0.95)
    control = actions.add_parser("control", help="I-MR chart with the run rules")
    control.add_argument("--last", type=int, default=None, help="only the latest N values")
    for parser in (capability, control):
        parser.add_argument("--product", required=True)
        parser.add_argument("--measurement", required=True,
                            help="e.g. high.current, or fit.Ke_Vs_rad (the fitted motor model)")
        parser.add_argument("--revision", type=int, default=None)
    yields = actions.add_parser("yield", help="first-pass and final yield")
    yields.add_argument("--product", default=None)
    yields.add_argument("--by", choices=tuple(GROUPINGS), default="day")
    yields.add_argument("--station", default=None)
    pareto = actions.add_parser("pareto", help="failing measurements (or diagnosed causes), most first")
    pareto.add_argument("--product", default=None)
    pareto.add_argument("--by", choices=("measurement", "cause"), default="measurement",
                        help="count failing measurements, or FAIL runs by diagnosed cause")
    pareto.add_argument("--revision", type=int, default=None)
    handlers = {capability: capability_command, control: control_command,
                yields: yield_command, pareto: pareto_command}
    for parser, handler in handlers.items():
        parser.add_argument("--batch", default=None)
        parser.add_argument("--since", default=None, help="ISO date or time, inclusive")
        parser.add_argument("--until", default=None, help="ISO date or time, exclusive")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--data-dir", default=None)
        parser.set_defaults(handler=handler)


def _run(args: argparse.Namespace, build: Any, show: Any) -> int:
    index = ResultsIndex(DataDir.resolve(args.data_dir).index_url)
    try:
        report = build(index)
    except (LookupError, ValueError) as exc:
        print(f"rig stats {args.stats_command}: {exc}", file=sys.stderr)
        return BAD_INPUT
    finally:
        index.close()
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        show(report)
    return 0


def capability_command(args: argparse.Namespace) -> int:
    """Print the capability of one measurement."""
    def build(index: ResultsIndex) -> Any:
        return capability_report(index, args.product, args.measurement,
                                 spec_revision=args.revision, since=args.since,
                                 until=args.until, batch=args.batch,
                                 confidence=args.confidence)

    def show(report: Any) -> None:
        c = report.capability
        print(f"{report.product} {report.measurement}: n {c.n}  mean {c.mean:.6g}  "
              f"std {c.std:.4g} {c.unit}  limits [{_num(c.low)}, {_num(c.high)}]")
        for label, value, ci in (("Cp ", c.cp, c.cp_interval), ("Cpk", c.cpk, c.cpk_interval)):
            interval = f"  {ci.confidence:.0%} CI [{ci.low:.3f}, {ci.high:.3f}]" if ci else ""
            print(f"{label} {_num(value, '.3f')}{interval}")
        print(f"out of limits {c.observed_out}; expected {_num(c.expected_out_ppm, '.1f')} ppm")

    return _run(args, build, show)


def control_command(args: argparse.Namespace) -> int:
    """Print the I-MR chart limits and the broken run rules."""
    def build(index: ResultsIndex) -> Any:
        return control_report(index, args.product, args.measurement,
                              spec_revision=args.revision, since=args.since,
                              until=args.until, batch=args.batch, last=args.last)

    def show(report: Any) -> None:
        c = report.chart
        print(f"{report.product} {report.measurement}: n {c.n}")
        print(f"X   centre {c.center:.6g}  UCL {c.ucl:.6g}  LCL {c.lcl:.6g}  sigma {c.sigma:.4g}")
        print(f"MR  MR-bar {c.mr_bar:.4g}  UCL {c.ucl_mr:.4g}  above: {len(c.mr_out)}")
        for v in c.violations:
            runs = ", ".join(report.run_ids[p] for p in v.points[:5])
            more = f" (+{len(v.points) - 5} more)" if len(v.points) > 5 else ""
            print(f"rule {v.rule}: {v.description}: {len(v.points)} point(s): {runs}{more}")
        if not c.violations:
            print("no run rule broken")

    return _run(args, build, show)


def yield_command(args: argparse.Namespace) -> int:
    """Print first-pass and final yield per group."""
    def build(index: ResultsIndex) -> Any:
        return yield_report(index, args.product, args.by, since=args.since, until=args.until,
                            batch=args.batch, station=args.station)

    def show(report: Any) -> None:
        print(f"{args.by:<12} {'units':>6} {'first pass':>11} {'final':>8} {'unjudged':>9}")
        for r in [*report.rows, report.total]:
            print(f"{r.group:<12} {r.units:>6} {_pct(r.first_pass_yield):>11} "
                  f"{_pct(r.final_yield):>8} {r.unjudged_runs:>9}")

    return _run(args, build, show)


def pareto_command(args: argparse.Namespace) -> int:
    """Print the failing measurements, most first."""
    by_cause = getattr(args, "by", "measurement") == "cause"

    def build(index: ResultsIndex) -> Any:
        report = cause_pareto_report if by_cause else pareto_report
        return report(index, args.product, spec_revision=args.revision,
                      since=args.since, until=args.until, batch=args.batch)

    def show(report: Any) -> None:
        for r in report.rows:
            print(f"{r.cause if by_cause else r.measurement:<28} {r.failures:>7} {r.percent:>6.1f} % "
                  f"{r.cumulative_percent:>6.1f} %")
        if not report.rows:
            print("no diagnosed failures" if by_cause else "no failures")

    return _run(args, build, show)


def _num(value: float | None, fmt: str = "g") -> str:
    return "-" if value is None else format(value, fmt)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f} %"
