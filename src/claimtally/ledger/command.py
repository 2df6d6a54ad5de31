"""`claimtally figures` and `claimtally export`: reading the ledger.

`figures` is for looking things up (a table at a terminal, or jsonl/csv/json for scripts);
`export` writes a whole (optionally filtered) ledger to a file for other tools, Parquet
included. Both stream from the database, write data only to stdout or OUT, and report
problems as one line on stderr.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from claimtally.ledger.store import Ledger, LedgerError, add_db_argument, open_ledger
from claimtally.model import FIGURE_FIELDS, METRICS
from claimtally.output import FORMATS, write_records

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
TABLE_COLUMNS = ("id", "published", "claim_date", "metric", "value", "low", "high", "subject",
                 "claimant", "site")
EXPORT_FORMATS = ("csv", "jsonl", "parquet")


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
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--limit", type=int, help="at most this many figures")
    p.add_argument("--offset", type=int, default=0, help="skip this many figures first")
    p.set_defaults(func=run_figures)

    e = sub.add_parser("export", help="write the ledger's figures to a csv, jsonl or parquet file")
    add_filter_arguments(e)
    e.add_argument("--format", choices=EXPORT_FORMATS, help="default: from OUT's extension")
    e.add_argument("out", metavar="OUT", help="output file (- for standard output, csv/jsonl only)")
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
            count = write_records(rows, args.format, COLUMNS, table_columns=TABLE_COLUMNS)
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
    try:
        with open_reader(args.db) as ledger:
            count = export(ledger, args.out, fmt, **_filters(args))
    except (LedgerError, ExportError) as exc:
        print(f"claimtally export: {exc}", file=sys.stderr)
        return 1
    print(f"claimtally export: {count} figure(s) to {args.out}", file=sys.stderr)
    return 0


class ExportError(Exception):
    """The export could not be written (OUT unwritable, pyarrow missing)."""


def _format_from_name(name: str) -> str | None:
    suffix = Path(name).suffix.lower().lstrip(".")
    return {"csv": "csv", "jsonl": "jsonl", "ndjson": "jsonl", "parquet": "parquet", "pq": "parquet"}.get(
        suffix
    )


def export(ledger: Ledger, out: str, fmt: str, **filters: Any) -> int:
    """Write the matching figures to OUT (atomically: a failed export leaves OUT as it was)."""
    rows = ledger.iter_figures(**filters)
    if out == "-":
        return _write_text(rows, fmt, sys.stdout)
    target = Path(out)
    if target.is_dir():
        raise ExportError(f"{out}: is a directory")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ExportError("parquet export needs pyarrow (pip install 'claimtally[parquet]')") from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    except OSError as exc:
        raise ExportError(f"{out}: cannot write ({exc.strerror})") from None
    try:
        if fmt == "parquet":
            os.close(fd)
            count = _write_parquet(rows, tmp)
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
    if fmt == "jsonl":
        return write_records(rows, "jsonl", COLUMNS, stream=stream)
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in COLUMNS])
        count += 1
    return count


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)  # remarks: a JSON list, round-trippable
    return "" if value is None else value


def _parquet_schema() -> Any:
    import pyarrow as pa

    types: dict[str, Any] = {name: pa.string() for name in COLUMNS}
    for name in ("id", "document_id", "start", "end", "duplicate_of"):
        types[name] = pa.int64()
    for name in ("value", "low", "high"):
        types[name] = pa.float64()
    types["approx"] = pa.bool_()
    types["remarks"] = pa.list_(pa.string())
    return pa.schema([(name, types[name]) for name in COLUMNS])


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_parquet(rows: Iterable[dict[str, Any]], path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(rows, 10_000):
            columns = {name: [row.get(name) for row in batch] for name in COLUMNS}
            writer.write_table(pa.table(columns, schema=schema))
            count += len(batch)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count
