"""`claimtally compare` and `claimtally chart`: competing claims from the ledger, as a table or a chart."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

from claimtally.compare.normalise import AliasError, AliasTable, SubjectRules, load_aliases, load_subject_rules
from claimtally.model import METRICS


class CompareError(Exception):
    """A problem the user can fix; printed as one line."""


def _iso(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _common(p: argparse.ArgumentParser) -> None:
    from claimtally.ledger import add_db_argument

    add_db_argument(p)
    p.add_argument("--metric", help="one metric (killed, detained, ...) or family (losses, displacement, ...)")
    p.add_argument("--since", type=_iso, metavar="YYYY-MM-DD", help="figures claimed on or after this day")
    p.add_argument("--until", type=_iso, metavar="YYYY-MM-DD", help="figures claimed on or before this day")
    p.add_argument("--any-place", action="store_true",
                   help="group figures of one subject whatever place they name (default: per place)")
    p.add_argument("--aliases", action="append", default=[], metavar="FILE",
                   help="extra claimant alias file (JSON, same shape as the bundled one); repeatable")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="line up competing figures per quantity and claimant")
    p.add_argument("query", nargs="?", help="words that must appear in a quantity's subject, place, metric or claimants")
    _common(p)
    p.add_argument("--format", choices=("table", "jsonl", "csv", "json"), default="table")
    p.set_defaults(func=run_compare)

    c = sub.add_parser("chart", help="chart one quantity's figures over time, one series per claimant")
    c.add_argument("quantity", metavar="QUANTITY",
                   help="a quantity key from `compare --format jsonl` (e.g. 'losses:russian troops') or words naming one")
    c.add_argument("--out", required=True, metavar="FILE", help="output file: .html (offline), .svg or .png")
    _common(c)
    c.set_defaults(func=run_chart)


def _check_metric(metric: str | None, rules: SubjectRules) -> list[str] | None:
    if not metric:
        return None
    if metric in METRICS:
        return [metric]
    members = sorted(m for m, fam in rules.family_of.items() if fam == metric)
    if members:
        return members
    families = sorted(set(rules.family_of.values()))
    raise CompareError(f"--metric {metric!r}: not a metric or family (metrics: {', '.join(METRICS)}; "
                       f"families: {', '.join(families)})")


def load_rows(db: str | None, metrics: Sequence[str] | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The ledger's figures (latest document versions) and its claimants table, for compare.

    A database file that does not exist is an error, not a new empty ledger: comparing nothing
    would only hide a mistyped path.
    """
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from claimtally.ledger import LedgerError, open_ledger, resolve_db
    from claimtally.ledger.schema import claimants

    try:
        target = resolve_db(db)
        if target.path is not None and not target.path.exists():
            raise CompareError(f"database {target.display}: no such ledger (run `claimtally ingest` first)")
        with open_ledger(db) as ledger:
            rows = ledger.query_figures(metric=list(metrics) if metrics else None)
            try:
                with ledger.engine.connect() as conn:
                    extra = [
                        {"name": r.name, "kind": r.kind, "aliases": json.loads(r.aliases or "[]")}
                        for r in conn.execute(select(claimants.c.name, claimants.c.kind, claimants.c.aliases)
                                              .where(claimants.c.aliases != "[]"))
                    ]
            except (SQLAlchemyError, ValueError):
                extra = []
    except LedgerError as exc:
        raise CompareError(str(exc)) from None
    return rows, extra


def _setup(args: argparse.Namespace) -> tuple[list[dict[str, Any]], AliasTable, SubjectRules, list[str] | None]:
    rules = load_subject_rules()
    metrics = _check_metric(args.metric, rules)
    if args.since and args.until and args.since > args.until:
        raise CompareError(f"--since {args.since} is after --until {args.until}")
    rows, extra = load_rows(args.db, metrics)
    aliases = load_aliases(args.aliases, extra)
    return rows, aliases, rules, metrics


def run_compare(args: argparse.Namespace) -> int:
    from claimtally.compare.core import COMPARE_COLUMNS, TABLE_COLUMNS, compare, table_view
    from claimtally.output import write_records

    try:
        rows, aliases, rules, _ = _setup(args)
    except (CompareError, AliasError) as exc:
        print(f"claimtally compare: {exc}", file=sys.stderr)
        return 1
    result = compare(rows, aliases, rules, query=args.query, metric=args.metric, since=args.since,
                     until=args.until, any_place=args.any_place)
    if not result:
        print("claimtally compare: no figures match" + (f" {args.query!r}" if args.query else ""), file=sys.stderr)
    if args.format == "table":
        write_records((table_view(r) for r in result), "table", TABLE_COLUMNS)
    else:
        write_records(result, args.format, COMPARE_COLUMNS)
    return 0


def run_chart(args: argparse.Namespace) -> int:
    from claimtally.compare.chart import ChartError, build_chart, check_out, write_chart
    from claimtally.compare.core import annotate, group_quantities
    from claimtally.compare.normalise import fold

    try:
        check_out(args.out)
        rows, aliases, rules, _ = _setup(args)
        annotated = annotate(rows, aliases, rules)
        quantities = group_quantities(annotated, metric=args.metric, since=args.since, until=args.until,
                                      any_place=args.any_place)
        wanted = args.quantity.strip()
        exact = [q for q in quantities if q.key == wanted or fold(q.label) == fold(wanted)]
        matches = exact or group_quantities(annotated, query=wanted, metric=args.metric, since=args.since,
                                            until=args.until, any_place=args.any_place)
        if not matches:
            raise CompareError(f"quantity {wanted!r}: no figures match (see `claimtally compare`)")
        if len(matches) > 1:
            names = ", ".join(repr(q.key) for q in matches[:8]) + (" ..." if len(matches) > 8 else "")
            raise CompareError(f"quantity {wanted!r} matches {len(matches)} quantities ({names}); name one")
        q = matches[0]
        spec = build_chart(q, args.metric if args.metric in METRICS else None)
        path = write_chart(spec, args.out, title=f"{q.label} ({q.family})")
    except (CompareError, AliasError, ChartError) as exc:
        print(f"claimtally chart: {exc}", file=sys.stderr)
        return 1
    claimants = sorted({a.claimant.name for a in q.figures if a.date})
    print(f"claimtally chart: wrote {path} ({q.key}: {len(claimants)} claimants)", file=sys.stderr)
    return 0
