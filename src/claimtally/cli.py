"""The `claimtally` command: a thin dispatcher over the subcommands each pipeline stage registers.

Each module named in COMMAND_OWNERS exposes `register(subparsers)`, which adds its parser and
sets `func` to a callable taking the parsed arguments and returning an exit status. When the
command line names a known command only its module is imported, so `claimtally extract` does not
pay for the database and web stacks; `--help` and unknown commands load them all.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from claimtally import __version__

#: Which module registers each command, so one command can load alone.
COMMAND_OWNERS: dict[str, str] = {
    "extract": "claimtally.extract.command",
    "ingest": "claimtally.ingest.command",
    "eval": "claimtally.eval.command",
    "figures": "claimtally.ledger.command",
    "export": "claimtally.ledger.command",
    "compare": "claimtally.compare.command",
    "chart": "claimtally.compare.command",
    "serve": "claimtally.web.command",
    "user": "claimtally.web.command",
}
COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMAND_OWNERS.values()))


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimtally", description="Extract and compare attributed figures from news text."
    )
    parser.add_argument("--version", action="version", version=f"claimtally {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def _modules_for(argv: Sequence[str]) -> Sequence[str]:
    first = next((a for a in argv if not a.startswith("-")), None)
    owner = COMMAND_OWNERS.get(first or "")
    return (owner,) if owner else COMMAND_MODULES


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_modules_for(argv))
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
