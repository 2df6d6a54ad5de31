"""Writing records to standard output in the formats every read command shares.

The conventions (issue 11) are sqlite-utils': `--format FMT` or a shortcut (`--table`, `--nl`,
`--json`, `--csv`, `--tsv`); without either, a table when standard output is a terminal and
JSON Lines when it is piped, so `claimtally figures | jq` works without options. CSV and TSV
write list cells (remarks) as a JSON list, the one form that reads back. The table is for a
person: text from the ledger is hostile, so control characters are shown escaped rather than
sent to the terminal, and long cells are cut, except those naming the source and the sentence.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from claimtally.safetext import escape_controls

FORMATS = ("jsonl", "json", "csv", "tsv", "table")
#: The shortcut options and the format each selects.
SHORTCUTS = {"table": "table", "nl": "jsonl", "json": "json", "csv": "csv", "tsv": "tsv"}
#: Longest table cell before it is cut with "…".
CELL_WIDTH = 40
#: Table columns never cut: what identifies a record's source, and the sentence (shown last).
UNCUT = frozenset({"id", "doc", "source", "url", "figure_id", "document_id", "sentence"})
#: Characters JSON may hold raw that a terminal could act on (DEL, C1) or that break JavaScript
#: (U+2028/9): written as \\u escapes, which every JSON reader decodes to the same text.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def add_format_arguments(parser: argparse.ArgumentParser, formats: Sequence[str] = FORMATS) -> None:
    """`--format` and its shortcuts; read the choice back with `chosen_format(args)`."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--format", choices=formats, default=None,
                       help="output format (default: table on a terminal, jsonl when piped)")
    for option, fmt in SHORTCUTS.items():
        if fmt in formats:
            group.add_argument(f"--{option}", dest="format", action="store_const", const=fmt,
                               help=f"same as --format {fmt}")


def chosen_format(args: argparse.Namespace, stream: TextIO | None = None) -> str:
    """The format asked for, else the default for where the output goes."""
    if getattr(args, "format", None):
        return str(args.format)
    out = stream or sys.stdout
    try:
        return "table" if out.isatty() else "jsonl"
    except (AttributeError, ValueError):  # a closed or unusual stream is not a terminal
        return "jsonl"


def json_text(value: Any, indent: int | None = None) -> str:
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False, indent=indent))


def csv_cell(value: Any) -> Any:
    """A CSV/TSV cell: lists as a JSON list (round-trippable), whole floats as integers."""
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _table_cell(value: Any, column: str) -> str:
    if value is None:
        text = ""
    elif isinstance(value, list):
        text = "; ".join(str(v) for v in value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = escape_controls(text)
    if column not in UNCUT and len(text) > CELL_WIDTH:
        text = text[: CELL_WIDTH - 1] + "…"
    return text


def write_records(
    records: Iterable[dict[str, Any]],
    fmt: str,
    columns: Sequence[str],
    stream: TextIO | None = None,
    table_columns: Sequence[str] | None = None,
) -> int:
    """Write dict records as jsonl, json, csv, tsv or an aligned text table; returns how many.

    jsonl and json keep every key of the record; csv and tsv write `columns`; the table, meant
    for a person at a terminal, writes `table_columns` (default `columns`).
    """
    out = stream or sys.stdout
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    count = 0
    if fmt == "jsonl":
        for rec in records:
            out.write(json_text(rec) + "\n")
            count += 1
        return count
    if fmt in ("csv", "tsv"):
        writer = csv.writer(out, lineterminator="\n", delimiter="," if fmt == "csv" else "\t")
        writer.writerow(columns)
        for rec in records:
            writer.writerow([csv_cell(rec.get(c)) for c in columns])
            count += 1
        return count
    rows = list(records)
    if fmt == "json":
        out.write(json_text(rows, indent=2) + "\n")
        return len(rows)
    cols = list(table_columns or columns)
    cells = [[_table_cell(rec.get(c), c) for c in cols] for rec in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    out.write("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip() + "\n")
    for row in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
    return len(rows)
