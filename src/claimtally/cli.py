"""The `claimtally` command: a thin dispatcher over the subcommands each pipeline stage registers.

Each module named in COMMAND_OWNERS exposes `register(subparsers)`, which adds its parser and
sets `func` to a callable taking the parsed arguments and returning an exit status. When the
command line names a known command only its module is imported, so `claimtally extract` does not
pay for the database and web stacks; `--help` and unknown commands load them all.

A command whose optional extra is not installed (`claimtally.extras`) is not imported at all: it
answers with the `pip install` line that fixes it (exit 2), and `--help` still lists it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from claimtally import __version__
from claimtally.extras import COMMAND_EXTRAS, MISSING_EXTRA_STATUS, missing_extras, missing_message

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
        commands = [c for c, owner in COMMAND_OWNERS.items() if owner == name]
        # What all of a module's commands need is what importing and registering it may need.
        shared = set.intersection(*(set(COMMAND_EXTRAS[c]) for c in commands))
        if not missing_extras(sorted(shared)):
            importlib.import_module(name).register(sub)
            continue
        for command in commands:  # still listed by --help, with the line that installs it
            needs = missing_extras(COMMAND_EXTRAS[command])
            sub.add_parser(command, help=f"(not installed) {missing_message(command, needs)}")
    return parser


def _modules_for(argv: Sequence[str]) -> Sequence[str]:
    owner = COMMAND_OWNERS.get(_command(argv) or "")
    return (owner,) if owner else COMMAND_MODULES


def _command(argv: Sequence[str]) -> str | None:
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = _command(argv)
    needs = missing_extras(COMMAND_EXTRAS.get(command or "", ()))
    if needs:
        print(missing_message(str(command), needs), file=sys.stderr)
        return MISSING_EXTRA_STATUS
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
