"""The `rig` command line.

Each module of this package whose name ends in ``_cmd`` adds its sub-commands
through ``register(subparsers)``; front ends outside the core (the GUI) add
theirs through the ``rig.commands`` entry-point group, so the core never
imports them.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from importlib.metadata import entry_points

from rig.cli.exit_codes import BAD_INPUT


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2, which means ERROR here
        self.print_usage(sys.stderr)
        self.exit(BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Assemble the parser from every command module and plug-in."""
    parser = _Parser(prog="rig", description="Massager QA test station")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in pkgutil.iter_modules(__path__):
        if module.name.endswith("_cmd"):
            importlib.import_module(f"{__name__}.{module.name}").register(subparsers)
    for plugin in entry_points(group="rig.commands"):
        plugin.load()(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
