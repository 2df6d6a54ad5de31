"""Writing records to standard output in the formats every read command shares."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMATS = ("jsonl", "json", "csv", "table")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_records(
    records: Iterable[dict[str, Any]],
    fmt: str,
    columns: Sequence[str],
    stream: TextIO | None = None,
    table_columns: Sequence[str] | None = None,
) -> int:
    """Write dict records as jsonl, json, csv or an aligned text table; returns how many.

    jsonl and json keep every key of the record; csv writes `columns`; the table, meant for a
    person at a terminal, writes `table_columns` (default `columns`) with long cells cut.
    """
    out = stream or sys.stdout
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    count = 0
    if fmt == "jsonl":
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            count += 1
        return count
    rows = list(records)
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return len(rows)
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for rec in rows:
            writer.writerow([_cell(rec.get(c)) for c in columns])
        return len(rows)
    cols = list(table_columns or columns)
    cells = [[_cell(rec.get(c)).replace("\n", " ") for c in cols] for rec in rows]
    cells = [[c if len(c) <= 40 else c[:39] + "…" for c in row] for row in cells]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    out.write("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip() + "\n")
    for row in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
    return len(rows)
