"""The `claimtally` command: a thin dispatcher over the subcommands each pipeline stage registers.

Each module listed in COMMAND_MODULES exposes `register(subparsers)`, which adds its parser and
sets `func` to a callable taking the parsed arguments and returning an exit status. Modules are
imported lazily so `claimtally extract` does not pay for the web stack.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from claimtally import __version__

COMMAND_MODULES: tuple[str, ...] = (
    "claimtally.extract.command",
    "claimtally.ingest.command",
    "claimtally.eval.command",
    "claimtally.ledger.command",
    "claimtally.compare.command",
    "claimtally.web.command",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimtally", description="Extract and compare attributed figures from news text."
    )
    parser.add_argument("--version", action="version", version=f"claimtally {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("claimtally: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
