"""``python -m gui``: the station app without the rest of the ``rig`` command line.

``rig gui`` first builds the parser of every ``rig`` command, which imports
the analysis and the statistics; this entry builds only the ``gui`` command's,
so the sign-in window comes sooner. Same options as ``rig gui``.
"""

from __future__ import annotations

import argparse
import sys

from gui.command import register


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["gui", *(sys.argv[1:] if argv is None else argv)])
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
