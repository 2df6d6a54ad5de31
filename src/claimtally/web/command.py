"""`claimtally serve` (the dashboard and JSON API) and `claimtally user` (reviewer accounts).

The web stack is imported only when one of these commands runs, so other commands stay fast.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from claimtally.ledger import LedgerError, add_db_argument, open_ledger
from claimtally.output import add_format_arguments, chosen_format, write_records
from claimtally.web.credentials import ENV_SECRETS, SUFFIX, CredentialsError


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"port {port} is outside 1-65535")
    return port


def register(subparsers: Any) -> None:
    serve = subparsers.add_parser(
        "serve",
        help="serve the dashboard, JSON API and review on a local port",
        description="Serve the dashboard, JSON API (schema at /openapi.json) and human review.",
    )
    add_db_argument(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--private", action="store_true", help="require sign-in for every page (default: read-only for all)"
    )
    serve.add_argument(
        "--workers", type=int, default=1,
        help="server processes (default 1); each opens the ledger, so use PostgreSQL or a local SQLite file",
    )
    serve.add_argument(
        "--secure-cookies", action="store_true", help="send the session cookie over HTTPS only (behind TLS)"
    )
    _add_secrets_argument(serve)
    serve.set_defaults(func=run_serve)

    user = subparsers.add_parser("user", help="manage reviewer accounts", description="Reviewer accounts.")
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    for action, helptext in (("add", "create a reviewer account"), ("passwd", "set a new password")):
        p = user_sub.add_parser(action, help=helptext)
        add_db_argument(p)
        p.add_argument("name", help="the account name")
        p.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input instead of prompting",
        )
        _add_secrets_argument(p)
        p.set_defaults(func=run_user, user_action=action)
    lst = user_sub.add_parser("list", help="list accounts")
    add_db_argument(lst)
    add_format_arguments(lst)
    lst.set_defaults(func=run_user, user_action="list")
    rot = user_sub.add_parser(
        "rotate-key", help="make a new session-signing key and sign every reviewer out",
        description="Make a new session-signing key and end every session at once (after a leak, or "
                    "routinely). Restart running servers so that they sign new sessions with it.",
    )
    add_db_argument(rot)
    _add_secrets_argument(rot)
    rot.set_defaults(func=run_user, user_action="rotate-key")


def _add_secrets_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--secrets", metavar="FILE", default=None,
        help="the credentials file: session key, and a SQLite ledger's password hashes (default: "
             f"${ENV_SECRETS}, else DB{SUFFIX} beside a SQLite ledger, ~/.config/claimtally/ for PostgreSQL)",
    )


class UsageError(ValueError):
    """The command line cannot work as given (exit 2); the message says what to do instead."""


def _read_password(from_stdin: bool) -> str:
    """The new password: from standard input's first line, or asked twice on a terminal.

    Without a terminal there is no one to ask (getpass would read the piped input, or die at
    its end), so that case must say --password-stdin rather than guess.
    """
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError("password: standard input is not a terminal, so there is no one to ask; "
                         "send the password on standard input with --password-stdin")
    try:
        first = getpass.getpass("Password: ")
        again = getpass.getpass("Repeat password: ")
    except EOFError:
        raise UsageError("password: no password entered") from None
    if again != first:
        raise ValueError("password: the two entries differ")
    return first


def run_user(args: argparse.Namespace) -> int:
    from claimtally.web.auth import check_name, hash_password
    from claimtally.web.credentials import Credentials
    from claimtally.web.store import NotFound, ReviewError, WebStore

    try:
        if args.user_action in ("add", "passwd"):  # asked first: a refusal leaves no ledger behind
            name = check_name(args.name)
            digest = hash_password(_read_password(args.password_stdin))
        with open_ledger(args.db, create=args.user_action == "add") as ledger:
            store = WebStore(ledger, Credentials.for_ledger(ledger.target, getattr(args, "secrets", None)))
            if args.user_action == "list":
                rows = [{**r, "active": bool(r["active"])} for r in store.list_users()]
                write_records(rows, chosen_format(args), ("name", "created_at", "active"))
            elif args.user_action == "rotate-key":
                ended = store.rotate_key()
                print(f"claimtally: new session key in {store.credentials.path}; {ended} session(s) ended; "
                      "restart running servers to use it", file=sys.stderr)
            elif args.user_action == "add":
                store.add_user(name, digest)
                print(f"claimtally: user {name!r} added to {ledger.display}", file=sys.stderr)
            else:
                ended = store.set_password(name, digest)
                print(f"claimtally: password of {name!r} changed; {ended} session(s) ended", file=sys.stderr)
            return 0
    except UsageError as exc:
        print(f"claimtally user: {exc}", file=sys.stderr)
        return 2
    except (LedgerError, CredentialsError, ValueError, NotFound, ReviewError) as exc:
        print(f"claimtally user: {exc}", file=sys.stderr)
        return 1


def run_serve(args: argparse.Namespace) -> int:
    import json
    import os

    import uvicorn

    from claimtally.web.app import ENV_CONFIG, create_app

    if not 1 <= args.workers <= 64:
        print(f"claimtally serve: --workers {args.workers} is outside 1-64", file=sys.stderr)
        return 2
    settings = {"db": args.db, "private": args.private, "secure_cookies": args.secure_cookies,
                "secrets": args.secrets}
    try:
        # Opened here even with several workers: a bad --db fails now, with one clear line,
        # and the schema is migrated once before the workers start.
        app = create_app(**settings)
    except (LedgerError, CredentialsError) as exc:
        print(f"claimtally serve: {exc}", file=sys.stderr)
        return 1
    print(f"claimtally: serving on http://{args.host}:{args.port}/", file=sys.stderr)
    target: Any = app
    if args.workers > 1:
        os.environ[ENV_CONFIG] = json.dumps(settings)  # the workers build their own app from it
        target = "claimtally.web.app:app_from_env"
    try:
        uvicorn.run(target, host=args.host, port=args.port, log_level="warning", access_log=False,
                    workers=args.workers, factory=args.workers > 1)
    except OSError as exc:  # e.g. the port is taken
        print(f"claimtally serve: cannot listen on {args.host}:{args.port} ({exc.strerror})", file=sys.stderr)
        return 1
    return 0
