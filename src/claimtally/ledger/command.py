"""`claimtally figures` and `claimtally export`: reading the ledger.

`figures` is for looking things up (a table at a terminal, JSON Lines when piped, or any format
of `claimtally.output`); `export` writes a whole (optionally filtered) ledger to a file for other tools, Parquet
included. Both stream from the database, write data only to stdout or OUT, and report
problems as one line on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from claimtally.extras import MISSING_EXTRA_STATUS, missing_extras, missing_message
from claimtally.ledger.store import Ledger, LedgerError, add_db_argument, open_ledger
from claimtally.model import FIGURE_FIELDS, METRICS
from claimtally.output import add_format_arguments, chosen_format, write_records

#: Columns of every figure row the ledger returns, in output order.
COLUMNS: tuple[str, ...] = (
    "id",
    "document_id",
    *FIGURE_FIELDS,
    "url",
    "title",
    "site",
    "published",
    "duplicate_of",
    "extractor_version",
)
#: What the table shows: the figure, who claims it, the document it is in and its sentence.
TABLE_COLUMNS = ("id", "published", "claim_date", "metric", "value", "low", "high", "subject",
                 "claimant", "doc", "sentence")
EXPORT_FORMATS = ("csv", "tsv", "jsonl", "parquet")


def iso_date(value: str) -> str:
    """argparse type for YYYY-MM-DD with an error that says what was wrong."""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def metric_name(value: str) -> str:
    if value not in METRICS:
        raise argparse.ArgumentTypeError(f"unknown metric {value!r} (one of: {', '.join(METRICS)})")
    return value


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The figure filters, shared by `figures` and `export`."""
    parser.add_argument("--metric", type=metric_name, action="append",
                        help="only this metric (repeat for several)")
    parser.add_argument("--claimant", help="claimant contains this text (case-insensitive)")
    parser.add_argument("--subject", help="subject contains this text (case-insensitive)")
    parser.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD",
                        help="claimed (else published) on or after this day")
    parser.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD",
                        help="claimed (else published) on or before this day")
    parser.add_argument("--doc", help="only figures of this document id")
    parser.add_argument("--all-versions", action="store_true",
                        help="include figures of superseded document versions")
    add_db_argument(parser)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("figures", help="list figures from the ledger")
    add_filter_arguments(p)
    add_format_arguments(p)
    p.add_argument("--limit", type=int, help="at most this many figures")
    p.add_argument("--offset", type=int, default=0, help="skip this many figures first")
    p.set_defaults(func=run_figures)

    e = sub.add_parser("export", help="write the ledger's figures to a csv, tsv, jsonl or parquet file")
    add_filter_arguments(e)
    e.add_argument("--format", choices=EXPORT_FORMATS, help="default: from OUT's extension")
    e.add_argument("out", metavar="OUT", help="output file (- for standard output, not parquet)")
    e.set_defaults(func=run_export)


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "metric": args.metric,
        "claimant": args.claimant,
        "subject": args.subject,
        "since": args.since,
        "until": args.until,
        "doc": args.doc,
        "all_versions": args.all_versions,
    }


def open_reader(db: str | None) -> Any:
    """The ledger at `db`, or the Parquet dataset of `ingest --engine dask` when `db` names one."""
    from claimtally.scale.dataset import is_dataset

    if is_dataset(db):
        from claimtally.scale.reader import DatasetReader

        return DatasetReader(db)  # type: ignore[arg-type]
    return open_ledger(db, create=False)


def run_figures(args: argparse.Namespace) -> int:
    if (args.limit is not None and args.limit < 0) or args.offset < 0:
        print("claimtally figures: --limit and --offset must not be negative", file=sys.stderr)
        return 2
    try:
        with open_reader(args.db) as ledger:
            rows = ledger.iter_figures(limit=args.limit, offset=args.offset, **_filters(args))
            count = write_records(rows, chosen_format(args), COLUMNS, table_columns=TABLE_COLUMNS)
    except LedgerError as exc:
        print(f"claimtally figures: {exc}", file=sys.stderr)
        return 1
    print(f"claimtally figures: {count} figure(s)", file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    fmt = args.format or _format_from_name(args.out)
    if fmt is None:
        print(f"claimtally export: {args.out}: cannot tell the format from the name; give --format "
              f"({', '.join(EXPORT_FORMATS)})", file=sys.stderr)
        return 2
    if args.out == "-" and fmt == "parquet":
        print("claimtally export: parquet cannot go to standard output; name a file", file=sys.stderr)
        return 2
    if fmt == "parquet" and missing_extras(["parquet"]):
        print(missing_message("export --format parquet", ["parquet"]), file=sys.stderr)
        return MISSING_EXTRA_STATUS
    try:
        with open_reader(args.db) as ledger:
            count = export(ledger, args.out, fmt, **_filters(args))
    except (LedgerError, ExportError) as exc:
        print(f"claimtally export: {exc}", file=sys.stderr)
        return 1
    print(f"claimtally export: {count} figure(s) to {args.out}", file=sys.stderr)
    return 0


class ExportError(Exception):
    """The export could not be written (OUT unwritable, a row Parquet cannot type)."""


def _format_from_name(name: str) -> str | None:
    suffix = Path(name).suffix.lower().lstrip(".")
    return {"csv": "csv", "tsv": "tsv", "jsonl": "jsonl", "ndjson": "jsonl", "parquet": "parquet",
            "pq": "parquet"}.get(suffix)


def export(ledger: Ledger, out: str, fmt: str, **filters: Any) -> int:
    """Write the matching figures to OUT (atomically: a failed export leaves OUT as it was)."""
    rows = ledger.iter_figures(**filters)
    if out == "-":
        return _write_text(rows, fmt, sys.stdout)
    target = Path(out)
    if target.is_dir():
        raise ExportError(f"{out}: is a directory")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    except OSError as exc:
        raise ExportError(f"{out}: cannot write ({exc.strerror})") from None
    try:
        if fmt == "parquet":
            os.close(fd)
            count = _write_parquet(rows, tmp, whole_counts=_whole_counts(ledger, filters))
        else:
            with open(fd, "w", encoding="utf-8", newline="") as fh:
                count = _write_text(rows, fmt, fh)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        raise ExportError(f"{out}: cannot write ({exc.strerror})") from None
    finally:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
    return count


def _write_text(rows: Iterable[dict[str, Any]], fmt: str, stream: TextIO) -> int:
    return write_records(rows, fmt, COLUMNS, stream=stream)


#: Figure fields that are days; Parquet stores them as dates, not text.
DATE_COLUMNS = ("claim_date", "period_start", "period_end", "published")
COUNT_COLUMNS = ("value", "low", "high")


def _whole_counts(ledger: Ledger, filters: dict[str, Any]) -> bool:
    """Whether every value, low and high to export is a whole number (one aggregate query).

    Counts are nearly always whole, and then Parquet gets integer columns, as the JSON has; a
    fractional figure ("1.5 million" is whole, "12.7 per cent" is not) keeps them float.
    """
    from sqlalchemy import func, or_, select

    answer = getattr(ledger, "whole_counts", None)
    if answer is not None:  # a Parquet dataset (claimtally.scale.reader) answers for itself
        return bool(answer(**filters))
    sub = ledger._figures_select(**{k: filters.get(k) for k in (
        "metric", "claimant", "subject", "since", "until", "doc", "all_versions")}).subquery()
    fractional = or_(*(sub.c[c] != func.round(sub.c[c]) for c in COUNT_COLUMNS))
    with ledger.engine.connect() as conn:
        return not conn.execute(select(func.count()).select_from(sub).where(fractional)).scalar()


def _parquet_schema(whole_counts: bool) -> Any:
    import pyarrow as pa

    types: dict[str, Any] = {name: pa.string() for name in COLUMNS}
    for name in ("id", "document_id", "start", "end", "duplicate_of"):
        types[name] = pa.int64()
    for name in COUNT_COLUMNS:
        types[name] = pa.int64() if whole_counts else pa.float64()
    for name in DATE_COLUMNS:
        types[name] = pa.date32()
    types["approx"] = pa.bool_()
    types["remarks"] = pa.list_(pa.string())
    return pa.schema([(name, types[name]) for name in COLUMNS])


def _day(row: dict[str, Any], name: str) -> date | None:
    value = row.get(name)
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ExportError(f"figure {row.get('id')}: {name} {value!r} is not a date (YYYY-MM-DD)") from None


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_parquet(rows: Iterable[dict[str, Any]], path: str, *, whole_counts: bool) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema(whole_counts)
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(rows, 10_000):
            columns = {name: [row.get(name) for row in batch] for name in COLUMNS}
            for name in DATE_COLUMNS:
                columns[name] = [_day(row, name) for row in batch]
            if whole_counts:
                for name in COUNT_COLUMNS:
                    columns[name] = [None if v is None else int(v) for v in columns[name]]
            writer.write_table(pa.table(columns, schema=schema))
            count += len(batch)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count
