"""`claimtally eval GOLD_DIR --corpus DIR [--half A|B] [--by COLUMN] [--json] [--show-misses]`: score
the extractor (spec 7).

The text report is for a person deciding whether a rule change helped; `--json` is the same
numbers for scripts (it always carries the missed, spurious and wrong-field lists).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from claimtally.eval.runner import EvalInputError, ExtractorFailed, evaluate
from claimtally.eval.scoring import SCORED_FIELDS, Report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score the extractor against gold records (spec section 7)")
    p.add_argument("gold_dir", metavar="GOLD_DIR", help="directory of gold <doc>.jsonl files")
    p.add_argument("--corpus", required=True, metavar="DIR",
                   help="directory of <doc>.txt article texts (and INDEX.tsv with publication dates)")
    p.add_argument("--half", choices=("A", "B"),
                   help="score only one fixed half of the documents (split by a hash of the doc id), "
                        "to develop on one half and measure on the untouched other")
    p.add_argument("--by", metavar="COLUMN", action="append", default=[],
                   help="also report scores per value of this INDEX.tsv column (e.g. topic, lang); repeatable")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.add_argument("--show-misses", action="store_true",
                   help="list missed gold records, spurious predictions and wrong fields")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        report = evaluate(Path(args.gold_dir), Path(args.corpus), half=args.half)
    except EvalInputError as exc:
        print(f"claimtally eval: {exc}", file=sys.stderr)
        return 2
    except ExtractorFailed as exc:
        print(f"claimtally eval: {exc}", file=sys.stderr)
        return 1
    known = {k for meta in report.meta.values() for k in meta}
    unknown = [c for c in args.by if c not in known]
    if unknown:
        print(f"claimtally eval: --by {unknown[0]}: no such column in {Path(args.corpus) / 'INDEX.tsv'}"
              f" (columns: {', '.join(sorted(known)) or 'none'})", file=sys.stderr)
        return 2
    if args.json:
        out = report.to_dict(details=True)
        out["by"] = {c: report.by_group(c) for c in args.by}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        write_text_report(report, sys.stdout, show_misses=args.show_misses, by=args.by)
    return 0


def _pct(x: float) -> str:
    return f"{x:.3f}"


def write_text_report(report: Report, out: TextIO, show_misses: bool = False,
                      by: tuple[str, ...] | list[str] = ()) -> None:
    """The human-readable report: headline, per-field scores, per-document table, misses."""
    det, full = report.detection, report.full_record
    n_full = sum(m.full for m in report.matches)
    out.write(f"gold {len(report.gold)}  predicted {len(report.predicted)}  matched {len(report.matches)}"
              f"  fully right {n_full}\n\n")
    out.write(f"{'score':<22}{'precision':>10}{'recall':>10}{'f1':>10}\n")
    out.write(f"{'full-record (headline)':<22}{_pct(full.precision):>10}{_pct(full.recall):>10}"
              f"{_pct(full.f1):>10}\n")
    out.write(f"{'detection':<22}{_pct(det.precision):>10}{_pct(det.recall):>10}{_pct(det.f1):>10}\n\n")
    out.write("accuracy over matched records\n")
    labels = {"claimant": "attribution (claimant)"}
    for name in SCORED_FIELDS:
        right = sum(m.fields[name] for m in report.matches)
        out.write(f"  {labels.get(name, name):<24}{_pct(report.accuracy(name)):>8}"
                  f"  ({right}/{len(report.matches)})\n")
    out.write("\nper document\n")
    rows = report.per_document()
    width = max([len("doc"), *(len(r["doc"]) for r in rows)])
    out.write(f"  {'doc':<{width}}  gold  pred  match  full  miss  spur  det-f1  full-f1\n")
    for r in rows:
        out.write(f"  {r['doc']:<{width}}  {r['gold']:>4}  {r['predicted']:>4}  {r['matched']:>5}"
                  f"  {r['full']:>4}  {r['missed']:>4}  {r['spurious']:>4}"
                  f"  {_pct(r['detection_f1']):>6}  {_pct(r['full_record_f1']):>7}\n")
    for column in by:
        rows = report.by_group(column)
        width = max([len(column), *(len(r["group"]) for r in rows)])
        out.write(f"\nper {column}\n  {column:<{width}}  docs  gold  pred  match  full  det-f1  full-f1\n")
        for r in rows:
            out.write(f"  {r['group']:<{width}}  {r['docs']:>4}  {r['gold']:>4}  {r['predicted']:>4}"
                      f"  {r['matched']:>5}  {r['full']:>4}  {_pct(r['detection_f1']):>6}"
                      f"  {_pct(r['full_record_f1']):>7}\n")
    if show_misses:
        write_misses(report, out)


def _number(rec: dict[str, Any]) -> str:
    v, lo, hi = rec.get("value"), rec.get("low"), rec.get("high")
    return f"value={_fmt(v)} low={_fmt(lo)} high={_fmt(hi)}"


def _fmt(x: Any) -> str:
    if x is None:
        return "null"
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def _head(rec: dict[str, Any]) -> str:
    return f"{rec.get('doc')} [{rec.get('start')}:{rec.get('end')}] {rec.get('text')!r}"


def _context(rec: dict[str, Any], limit: int = 160) -> str:
    s = " ".join(str(rec.get("sentence") or "").split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def write_misses(report: Report, out: TextIO) -> None:
    """Missed gold, spurious predictions and wrong fields, one block per record."""
    out.write(f"\nmissed gold records ({len(report.missed)})\n")
    for g in report.missed:
        out.write(f"  MISSED    {_head(g)}  {_number(g)}  {g.get('metric')} / {g.get('subject')!r}"
                  f" / claimant {g.get('claimant')!r}\n")
        out.write(f"            in: {_context(g)}\n")
    out.write(f"\nspurious predictions ({len(report.spurious)})\n")
    for p in report.spurious:
        out.write(f"  SPURIOUS  {_head(p)}  {_number(p)}  {p.get('metric')} / {p.get('subject')!r}"
                  f" / claimant {p.get('claimant')!r}\n")
        out.write(f"            in: {_context(p)}\n")
    wrong = report.wrong_fields()
    out.write(f"\nwrong fields on matched records ({len(wrong)})\n")
    for w in wrong:
        alts = f"  (alts: {', '.join(map(repr, w['alts']))})" if w["alts"] else ""
        out.write(f"  WRONG     {_head(w)}  {w['field']}: expected {w['expected']!r}, "
                  f"got {w['got']!r}{alts}\n")
