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
from collections.abc import Callable
from functools import partial
from importlib.metadata import entry_points

from rig.cli.exit_codes import BAD_INPUT


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2, which means ERROR here
        self.print_usage(sys.stderr)
        self.exit(BAD_INPUT, f"{self.prog}: error: {message}\n")


def command_loaders() -> dict[str, Callable[[], Callable[[argparse._SubParsersAction], None]]]:
    """Return, by command name, how to load each command module's ``register`` (nothing imported yet).

    A module ``<name>_cmd`` registers the command ``<name>`` (and may add more,
    as ``run_cmd`` adds ``show``); a plug-in registers its entry point's name.
    """
    loaders: dict[str, Callable[[], Callable[[argparse._SubParsersAction], None]]] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name.endswith("_cmd"):
            loaders[module.name.removesuffix("_cmd")] = partial(_register_of, f"{__name__}.{module.name}")
    for plugin in entry_points(group="rig.commands"):
        loaders[plugin.name] = plugin.load
    return loaders


def _register_of(module: str) -> Callable[[argparse._SubParsersAction], None]:
    return importlib.import_module(module).register


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Assemble the parser: of ``command`` alone when it is a module's or plug-in's name, else of all.

    Loading one command only keeps a start such as ``rig gui`` from importing
    what every other command needs (the analysis, the statistics).
    """
    parser = _Parser(prog="rig", description="Massager QA test station")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    loaders = command_loaders()
    for load in [loaders[command]] if command in loaders else loaders.values():
        load()(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
