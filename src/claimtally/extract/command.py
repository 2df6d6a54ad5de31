"""`claimtally extract`: run the extractor over files or standard input (spec section 6)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from claimtally.extract import DEFAULT_MAX_CHARS, InputTooLarge, UnsupportedLanguage, extract
from claimtally.extract.slavic.morph import MorphologyMissing
from claimtally.model import FIGURE_FIELDS
from claimtally.output import write_records

TABLE_COLUMNS = ("doc", "text", "value", "low", "high", "metric", "subject", "claimant", "claim_date")


def iso_date(value: str) -> date:
    """argparse type for YYYY-MM-DD with an error that says what was wrong."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="extract attributed figures from plain-text files")
    p.add_argument("files", nargs="+", metavar="FILE", help="text files, or - for standard input")
    p.add_argument("--published", type=iso_date, help="publication date for relative dates")
    p.add_argument("--doc-id", help="document id (default: the file stem; '-' for stdin)")
    p.add_argument("--format", choices=("jsonl", "table", "csv", "json"), default="jsonl")
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, help="refuse larger inputs")
    p.add_argument(
        "--lang",
        choices=("auto", "en", "ru", "uk"),
        default="auto",
        help="the texts' language (default auto: told from the alphabet, per paragraph where mixed)",
    )
    p.set_defaults(func=run)


def _read(name: str) -> str:
    """The text as given: UTF-8 (a byte-order mark stays, so offsets count it); other bytes are read
    as cp1252 with a warning, since scraped files without a declared encoding are often Windows text."""
    data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        print(f"claimtally extract: {name}: not UTF-8, read as cp1252", file=sys.stderr)
        return data.decode("cp1252", errors="replace")


def run(args: argparse.Namespace) -> int:
    status = 0
    records = []
    for name in args.files:
        doc_id = args.doc_id or ("-" if name == "-" else Path(name).stem)
        try:
            text = _read(name)
            figures = extract(text, args.published, doc_id, max_chars=args.max_chars, lang=args.lang)
        except MorphologyMissing as exc:
            print(f"claimtally extract: {name}: {exc}", file=sys.stderr)
            return 2  # no other file of this language could be read either
        except (OSError, InputTooLarge, UnsupportedLanguage) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            print(f"claimtally extract: {name}: {reason}", file=sys.stderr)
            status = 1
            continue
        except Exception as exc:  # a bug must not cost the other files their figures
            print(f"claimtally extract: {name}: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
            status = 1
            continue
        rows = [f.to_dict() for f in figures]
        if args.format == "jsonl":
            write_records(rows, "jsonl", FIGURE_FIELDS)
            sys.stdout.flush()
        else:
            records.extend(rows)
    if args.format != "jsonl":
        write_records(records, args.format, FIGURE_FIELDS, table_columns=TABLE_COLUMNS)
    return status
