"""`claimtally compare` and `claimtally chart`: competing claims from the ledger, as a table or a chart."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

from claimtally.compare.core import RECORD_KEYS
from claimtally.compare.normalise import AliasError, AliasTable, SubjectRules, load_aliases, load_subject_rules
from claimtally.model import METRICS
from claimtally.output import add_format_arguments

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


#: The figure columns grouping and picking the latest figure need (the first columns of
#: `RECORD_KEYS`); sentences and remarks are fetched afterwards for the figures a comparison
#: actually shows (`load_details`).
LEAN_COLUMNS: tuple[str, ...] = RECORD_KEYS[:14]


def _figures_source(ledger: Any) -> Any:
    """The ledger's figures as readers should see them: the web stage's reviewed view when the
    ledger has one (`Ledger._figures`), else the figures table."""
    from claimtally.ledger.schema import figures

    return getattr(ledger, "_figures", figures)


def _lean_rows(ledger: Any, metrics: Sequence[str] | None) -> list[tuple[Any, ...]]:
    """`query_figures` rows as tuples in `RECORD_KEYS` order, read in two plain scans.

    Same rows as `query_figures` (latest document versions, reviewed values), several times
    faster on a large ledger because no sentence, text or JSON is materialised per figure.
    """
    from sqlalchemy import select

    from claimtally.ledger.schema import documents as d

    f = _figures_source(ledger)
    with ledger.engine.connect() as conn:
        docs = conn.execute(select(d.c.id, d.c.doc_key, d.c.published, d.c.duplicate_of, d.c.url, d.c.site,
                                   d.c.title, d.c.previous_version_id)).all()
        stmt = select(*[f.c[c] for c in LEAN_COLUMNS])
        if metrics:
            stmt = stmt.where(f.c.metric.in_(list(metrics)))
        # The statement is built with SQLAlchemy (one text for SQLite and PostgreSQL) but run on
        # the driver's cursor: its plain tuples cost half of SQLAlchemy's rows at 100,000 figures.
        compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
        params: Any = compiled.params
        if compiled.positional:
            params = tuple(params[k] for k in compiled.positiontup or ())
        cursor = conn.connection.driver_connection.cursor()
        try:
            cursor.execute(str(compiled), params)
            figs = cursor.fetchall()
        finally:
            cursor.close()
    superseded = {r.previous_version_id for r in docs if r.previous_version_id is not None}
    doc_info = {r.id: (r.doc_key, r.published, r.duplicate_of, r.url, r.site, r.title)
                for r in docs if r.id not in superseded}
    # Plain tuples, no dict per figure (this runs 100,000 times on a big ledger); compare makes
    # dicts only for the figures it shows, and tidies 498.0 to 498 there.
    return [(*t, *info) for t in figs if (info := doc_info.get(t[1])) is not None]


def load_details(db: str | None, ids: Sequence[Any]) -> dict[Any, dict[str, Any]]:
    """Sentence, text, remarks and offset of the given figures (figure id -> dict)."""
    from sqlalchemy import select

    from claimtally.ledger import LedgerError, open_ledger

    out: dict[Any, dict[str, Any]] = {}
    wanted = sorted({i for i in ids if i is not None})
    if _dataset(db):
        return _dataset_details(db, wanted)
    try:
        with open_ledger(db) as ledger:
            f = _figures_source(ledger)
            with ledger.engine.connect() as conn:
                for i in range(0, len(wanted), 900):
                    stmt = select(f.c.id, f.c.sentence, f.c.text, f.c.remarks, f.c.start).where(
                        f.c.id.in_(wanted[i : i + 900]))
                    for r in conn.execute(stmt):
                        try:
                            remarks = json.loads(r.remarks) if r.remarks else []
                        except ValueError:
                            remarks = []
                        out[r.id] = {"sentence": r.sentence, "text": r.text, "remarks": remarks, "start": r.start}
    except LedgerError as exc:
        raise CompareError(str(exc)) from None
    return out


def load_rows(db: str | None, metrics: Sequence[str] | None) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]]]:
    """The ledger's figures (latest document versions, as `RECORD_KEYS` tuples) and its claimants table.

    A database file that does not exist is an error, not a new empty ledger: comparing nothing
    would only hide a mistyped path.
    """
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from claimtally.ledger import LedgerError, open_ledger, resolve_db
    from claimtally.ledger.schema import claimants

    if _dataset(db):
        return _dataset_rows(db, metrics), []
    try:
        target = resolve_db(db)
        if target.path is not None and not target.path.exists():
            raise CompareError(f"database {target.display}: no such ledger (run `claimtally ingest` first)")
        with open_ledger(db) as ledger:
            try:
                rows = _lean_rows(ledger, metrics)
            except (SQLAlchemyError, Exception) as exc:  # the driver's own errors come from its cursor
                if isinstance(exc, CompareError | LedgerError):
                    raise
                raise CompareError(f"database {target.display}: cannot read figures ({exc})") from None
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


def _dataset(db: str | None) -> bool:
    from claimtally.scale.dataset import is_dataset

    return is_dataset(db)


def _dataset_rows(db: Any, metrics: Sequence[str] | None) -> list[dict[str, Any]]:
    """The figure dicts of a Parquet dataset (`ingest --engine dask`), as `query_figures` gives them."""
    from claimtally.ledger import LedgerError
    from claimtally.scale.reader import DatasetReader

    try:
        with DatasetReader(db) as reader:
            return list(reader.iter_figures(metric=metrics))
    except LedgerError as exc:
        raise CompareError(str(exc)) from None


def _dataset_details(db: Any, ids: Sequence[Any]) -> dict[Any, dict[str, Any]]:
    wanted = set(ids)
    return {r["id"]: {k: r[k] for k in ("sentence", "text", "remarks", "start")}
            for r in _dataset_rows(db, None) if r["id"] in wanted}


def _setup(args: argparse.Namespace) -> tuple[list[tuple[Any, ...]], AliasTable, SubjectRules, list[str] | None]:
    rules = load_subject_rules()
    metrics = _check_metric(args.metric, rules)
    if args.since and args.until and args.since > args.until:
        raise CompareError(f"--since {args.since} is after --until {args.until}")
    rows, extra = load_rows(args.db, metrics)
    aliases = load_aliases(args.aliases, extra)
    return rows, aliases, rules, metrics


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
    from claimtally.compare.core import COMPARE_COLUMNS, TABLE_COLUMNS, attach_details, compare_limited, table_view
    from claimtally.output import chosen_format, write_records

    fmt = chosen_format(args)
    try:
        rows, aliases, rules, _ = _setup(args)
    except (CompareError, AliasError) as exc:
        print(f"claimtally compare: {exc}", file=sys.stderr)
        return 1
    limit = args.limit if args.limit is not None else (TABLE_LIMIT if fmt == "table" else 0)
    if limit < 0:
        print(f"claimtally compare: --limit {limit}: must be 0 (all) or more", file=sys.stderr)
        return 1
    result, shown, total = compare_limited(
        rows, aliases, rules, query=args.query, metric=args.metric, since=args.since, until=args.until,
        any_place=args.any_place, full=fmt != "table", limit=limit)
    if shown < total:
        print(f"claimtally compare: showing {shown:,} of {total:,} quantities (most claimants first; "
              "--limit 0 for all)", file=sys.stderr)
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
    from claimtally.compare.core import annotate_any, group_quantities
    from claimtally.compare.normalise import fold
    from claimtally.safetext import escape_controls

    try:
        check_out(args.out)
        rows, aliases, rules, _ = _setup(args)
        annotated = annotate_any(rows, aliases, rules)
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
        details = load_details(args.db, [a.row.get("id") for a in q.figures])
        for a in q.figures:  # sentences for the hover text
            a.row.update(details.get(a.row.get("id"), {}))
        spec = build_chart(q, args.metric if args.metric in METRICS else None)
        path = write_chart(spec, args.out, title=f"{q.label} ({q.family})")
    except (CompareError, AliasError, ChartError) as exc:
        print(f"claimtally chart: {exc}", file=sys.stderr)
        return 1
    claimants = sorted({a.claimant.name for a in q.figures if a.date})
    print(f"claimtally chart: wrote {path} ({escape_controls(q.key)}: {len(claimants)} claimants)", file=sys.stderr)
    return 0
