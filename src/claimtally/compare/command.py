"""`claimtally compare` and `claimtally chart`: competing claims from the ledger, as a table or a chart."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from claimtally.compare.claimants import AliasError, load_aliases
from claimtally.compare.subjects import SubjectRules, load_subject_rules
from claimtally.model import METRICS
from claimtally.output import add_format_arguments

if TYPE_CHECKING:
    from claimtally.compare.quantities import Quantity

#: Quantities a terminal table shows by default: a person reads the contested ones first, and a
#: ledger of 100,000 figures holds thousands of quantities nobody scrolls through.
TABLE_LIMIT = 25


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
    add_format_arguments(p)
    p.add_argument("--limit", type=int, default=None, metavar="N",
                   help=f"show the N quantities with most claimants (table default {TABLE_LIMIT}; "
                        "other formats: all); 0 for all")
    p.set_defaults(func=run_compare)

    c = sub.add_parser("chart", help="chart one quantity's figures over time, one series per claimant")
    c.add_argument("quantity", metavar="QUANTITY",
                   help="a quantity key from `compare --format jsonl` (e.g. 'losses:russian troops') or words naming one")
    c.add_argument("--out", required=True, metavar="FILE", help="output file: .html (offline), .svg or .png")
    _common(c)
    c.set_defaults(func=run_chart)


def _family_metrics(metric: str | None, rules: SubjectRules) -> list[str] | None:
    """The metrics to read for `--metric`: the whole family of the metric or family named, so
    quantities are built from all their figures whatever is shown."""
    if not metric:
        return None
    family = rules.family(metric) if metric in METRICS else metric
    members = sorted(m for m in METRICS if rules.family(m) == family)
    if members:
        return members
    families = sorted(set(rules.family_of.values()))
    raise CompareError(f"--metric {metric!r}: not a metric or family (metrics: {', '.join(METRICS)}; "
                       f"families: {', '.join(families)})")


def compare_ledger(args: argparse.Namespace, top: int = 0) -> tuple[list[Quantity], int]:
    """The quantities of the ledger `--db` names that match the filters, most contested first,
    and how many matched. With `top` > 0 and no filters only the `top` first are returned
    (read from the cache alone when it holds the grouping).

    A database file that does not exist is an error, not a new empty ledger: comparing nothing
    would only hide a mistyped path.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from claimtally.compare.quantities import select_quantities
    from claimtally.compare.source import ledger_comparison
    from claimtally.ledger import LedgerError, open_ledger, resolve_db

    rules = load_subject_rules()
    metrics = _family_metrics(args.metric, rules)
    if args.since and args.until and args.since > args.until:
        raise CompareError(f"--since {args.since} is after --until {args.until}")
    for path in args.aliases:  # a bad alias file is named before the ledger is read
        load_aliases([path], use_env=False)
    if _dataset(args.db):
        found = _dataset_quantities(args.db, args.aliases, metrics, args.any_place)
        found = select_quantities(found, query=getattr(args, "query", None), metric=args.metric, since=args.since,
                                  until=args.until)
        return (found[:top] if top else found), len(found)
    try:
        target = resolve_db(args.db)
        if target.path is not None and not target.path.exists():
            raise CompareError(f"database {target.display}: no such ledger (run `claimtally ingest` first)")
        plain = not (getattr(args, "query", None) or args.metric or args.since or args.until or args.any_place)
        with open_ledger(args.db) as ledger:
            try:
                found, total, *_ = ledger_comparison(ledger, args.aliases, metrics, args.any_place,
                                                     top=top if plain else 0)
            except (SQLAlchemyError, Exception) as exc:  # the driver's own errors come from its cursor
                if isinstance(exc, CompareError | LedgerError | AliasError):
                    raise
                raise CompareError(f"database {target.display}: cannot read figures ({exc})") from None
    except LedgerError as exc:
        raise CompareError(str(exc)) from None
    if plain and top:
        return select_quantities(found)[:top], total
    found = select_quantities(found, query=getattr(args, "query", None), metric=args.metric, since=args.since,
                              until=args.until)
    return found, len(found)


def load_details(db: str | None, ids: Sequence[Any]) -> dict[Any, dict[str, Any]]:
    """Sentence, text, remarks and offset of the given figures (figure id -> dict)."""
    from claimtally.compare.source import figure_details
    from claimtally.ledger import LedgerError, open_ledger

    if _dataset(db):
        wanted = {i for i in ids if i is not None}
        return {r["id"]: {k: r[k] for k in ("sentence", "text", "remarks", "start")}
                for r in _dataset_figures(db, None) if r["id"] in wanted}
    try:
        with open_ledger(db) as ledger:
            return figure_details(ledger, ids)
    except LedgerError as exc:
        raise CompareError(str(exc)) from None


def _dataset(db: str | None) -> bool:
    from claimtally.scale.dataset import is_dataset

    return is_dataset(db)


def _dataset_figures(db: Any, metrics: Sequence[str] | None) -> list[dict[str, Any]]:
    """The figure dicts of a Parquet dataset (`ingest --engine dask`), as `query_figures` gives them."""
    from claimtally.ledger import LedgerError
    from claimtally.scale.reader import DatasetReader

    try:
        with DatasetReader(db) as reader:
            return list(reader.iter_figures(metric=metrics))
    except LedgerError as exc:
        raise CompareError(str(exc)) from None


def _dataset_quantities(db: Any, alias_files: Sequence[str], metrics: Sequence[str] | None,
                        any_place: bool) -> list[Quantity]:
    """Compare's quantities over a Parquet dataset: its figure records through compare's own
    entry points (a dataset holds no reviewers' corrections or claimant aliases)."""
    from claimtally.compare.core import annotate
    from claimtally.compare.corrections import Corrections
    from claimtally.compare.quantities import build_quantities

    rules = load_subject_rules()
    rows = _dataset_figures(db, metrics)
    return build_quantities(annotate(rows, load_aliases(alias_files), rules), rules, Corrections(), any_place)


def _no_gc(func: Any) -> Any:
    """Run without the cyclic garbage collector: compare allocates an object per figure and
    frees nothing until it ends, so collections on the way only cost time (half of it at
    100,000 figures). Reference counting still frees everything as usual."""
    import functools
    import gc

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        was = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return wrapper


@_no_gc
def run_compare(args: argparse.Namespace) -> int:
    from claimtally.compare.claims import COMPARE_COLUMNS, TABLE_COLUMNS, attach_details, compare_quantity, table_view
    from claimtally.output import chosen_format, write_records

    fmt = chosen_format(args)
    limit = args.limit if args.limit is not None else (TABLE_LIMIT if fmt == "table" else 0)
    if limit < 0:
        print(f"claimtally compare: --limit {limit}: must be 0 (all) or more", file=sys.stderr)
        return 1
    try:
        quantities, total = compare_ledger(args, top=limit)
    except (CompareError, AliasError) as exc:
        print(f"claimtally compare: {exc}", file=sys.stderr)
        return 1
    shown = quantities[:limit] if limit else quantities
    result = [r for q in shown for r in compare_quantity(q, links=False, full=fmt != "table")]
    if len(shown) < total:
        print(f"claimtally compare: showing {len(shown):,} of {total:,} quantities (most claimants "
              "first; --limit 0 for all)", file=sys.stderr)
    if fmt != "table" and result:
        try:
            ids = [r["figure_id"] for r in result] + [s["figure_id"] for r in result for s in r["sources"]]
            attach_details(result, load_details(args.db, ids))
        except CompareError as exc:
            print(f"claimtally compare: {exc}", file=sys.stderr)
            return 1
    if not result:
        print("claimtally compare: no figures match" + (f" {args.query!r}" if args.query else ""), file=sys.stderr)
    if fmt == "table":
        write_records((table_view(r) for r in result), "table", TABLE_COLUMNS)
    else:
        write_records(result, fmt, COMPARE_COLUMNS)
    return 0


@_no_gc
def run_chart(args: argparse.Namespace) -> int:
    from claimtally.compare.chart import ChartError, build_chart, check_out, write_chart
    from claimtally.compare.quantities import find_quantity
    from claimtally.safetext import escape_controls

    try:
        check_out(args.out)
        quantities, _ = compare_ledger(args)
        wanted = args.quantity.strip()
        matches = find_quantity(quantities, wanted)
        if not matches:
            raise CompareError(f"quantity {wanted!r}: no figures match (see `claimtally compare`)")
        if len(matches) > 1:
            names = ", ".join(repr(q.key) for q in matches[:8]) + (" ..." if len(matches) > 8 else "")
            raise CompareError(f"quantity {wanted!r} matches {len(matches)} quantities ({names}); name one")
        q = matches[0]
        details = load_details(args.db, [a.id for a in q.figures])
        for a in q.figures:  # sentences for the hover text
            a.row.update(details.get(a.id, {}))
        spec = build_chart(q, args.metric if args.metric in METRICS else None)
        path = write_chart(spec, args.out, title=f"{q.label} ({q.family})")
    except (CompareError, AliasError, ChartError) as exc:
        print(f"claimtally chart: {exc}", file=sys.stderr)
        return 1
    claimants = sorted({c.claimant.name for c in q.claims if c.date})
    print(f"claimtally chart: wrote {path} ({escape_controls(q.key)}: {len(claimants)} claimants)", file=sys.stderr)
    return 0
