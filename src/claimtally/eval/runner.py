"""Running the extractor over a gold directory and its corpus, then scoring (spec section 7).

Gold files are `GOLD_DIR/*.jsonl`, one per document, named by `doc`; the article text is
`CORPUS/<doc>.txt`. The publication date passed to the extractor is each gold record's
`published`, or for a document whose gold file is empty (no figures: everything predicted
there is spurious) the `published` column of `CORPUS/INDEX.tsv`.

Bad input stops the run with `EvalInputError`, whose one-line message names the file (and
line) at fault: a score computed over half the data would be worse than no score.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from claimtally.eval.scoring import Report, score
from claimtally.model import Figure

#: Fields every gold record must carry for scoring to mean anything.
REQUIRED_GOLD_FIELDS: tuple[str, ...] = (
    "doc", "start", "end", "text", "value", "low", "high", "approx", "metric", "subject", "claimant",
    "claim_date", "period_start", "period_end",
)

Extractor = Callable[..., list[Figure]]


class EvalInputError(ValueError):
    """Gold or corpus input that cannot be scored; the message names the input."""


class ExtractorFailed(RuntimeError):
    """The extractor raised on a document; the message names the document."""


@dataclass(slots=True)
class GoldDocument:
    doc: str
    path: Path
    records: list[dict[str, Any]]
    published: str | None
    meta: dict[str, str]


def half_of(doc: str) -> str:
    """"A" or "B": a fixed split of documents into two halves by a hash of the document id, so
    rules can be developed on one half and scored on the other without anyone choosing which
    documents land where."""
    return "AB"[hashlib.sha1(doc.encode("utf-8")).digest()[0] & 1]


def read_index(corpus: Path) -> dict[str, dict[str, str]]:
    """doc -> its row of `CORPUS/INDEX.tsv` (published, lang, topic, ...); empty when absent."""
    path = corpus / "INDEX.tsv"
    if not path.exists():
        return {}
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t")
            if not reader.fieldnames or "doc" not in reader.fieldnames:
                raise EvalInputError(f"{path}: no 'doc' column in the header")
            return {row["doc"]: {k: (v or "").strip() for k, v in row.items() if k}
                    for row in reader if row.get("doc")}
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EvalInputError(f"{path}: cannot read: {exc}") from None


def _check_date(value: Any, where: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise EvalInputError(f"{where}: 'published' is not a date (YYYY-MM-DD): {value!r}") from None


def read_gold_file(path: Path) -> list[dict[str, Any]]:
    """The records of one gold file, each checked for the fields scoring needs."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalInputError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    records = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalInputError(f"{where}: not valid JSON ({exc.msg})") from None
        if not isinstance(rec, dict):
            raise EvalInputError(f"{where}: a gold record must be a JSON object")
        missing = [k for k in REQUIRED_GOLD_FIELDS if k not in rec]
        if missing:
            raise EvalInputError(f"{where}: missing field(s) {', '.join(missing)}")
        if not all(isinstance(rec[k], int) and not isinstance(rec[k], bool) for k in ("start", "end")):
            raise EvalInputError(f"{where}: start and end must be integers")
        if rec["doc"] != path.stem:
            raise EvalInputError(f"{where}: doc {rec['doc']!r} does not match the file name")
        rec["published"] = _check_date(rec.get("published"), where)
        rec["_where"] = where
        records.append(rec)
    return records


def load_gold(gold_dir: Path, corpus: Path, half: str | None = None) -> list[GoldDocument]:
    """Every gold document in `gold_dir` (or only those of `half`, see `half_of`), with the
    publication date to extract with and its INDEX.tsv row."""
    if not gold_dir.is_dir():
        raise EvalInputError(f"{gold_dir}: not a directory of gold *.jsonl files")
    paths = sorted(gold_dir.glob("*.jsonl"))
    if not paths:
        raise EvalInputError(f"{gold_dir}: no gold *.jsonl files")
    if not corpus.is_dir():
        raise EvalInputError(f"{corpus}: corpus directory not found")
    index = read_index(corpus)
    docs = []
    for path in paths:
        if half is not None and half_of(path.stem) != half:
            continue
        records = read_gold_file(path)
        meta = index.get(path.stem, {})
        published = next((r["published"] for r in records if r["published"]), None)
        if published is None and meta.get("published"):
            published = _check_date(meta["published"], f"{corpus / 'INDEX.tsv'} ({path.stem})")
        docs.append(GoldDocument(path.stem, path, records, published, meta))
    return docs


def read_text(corpus: Path, doc: str) -> str:
    """The article text for `doc`, exactly as the gold offsets index it."""
    path = corpus / f"{doc}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvalInputError(f"{path}: corpus text for gold document {doc!r} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalInputError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None


def default_extractor() -> Extractor:
    """`claimtally.extract`, looked up at call time (tests replace this function, not the extractor)."""
    from claimtally.extract import extract

    return extract


def evaluate(gold_dir: Path | str, corpus: Path | str, extractor: Extractor | None = None,
             warn: Callable[[str], None] | None = None, half: str | None = None) -> Report:
    """Extract every gold document's text and score the predictions against the gold.

    The document's language (INDEX.tsv `lang`) is passed to the extractor as `lang=` when the
    index states one, as ingest passes a detected language. `half` ("A"/"B") scores one half.

    `extractor` defaults to `claimtally.extract` (injectable so tests can score a fixed
    prediction set). Gold records whose `text` differs from the corpus at their offsets are
    reported through `warn` (stderr by default): their scores would be meaningless.
    """
    if extractor is None:
        extractor = default_extractor()
    if warn is None:
        def warn(msg: str) -> None:
            print(f"claimtally eval: warning: {msg}", file=sys.stderr)
    gold_dir, corpus = Path(gold_dir), Path(corpus)
    gold: list[dict[str, Any]] = []
    predicted: list[dict[str, Any]] = []
    documents = load_gold(gold_dir, corpus, half)
    for gd in documents:
        text = read_text(corpus, gd.doc)
        for rec in gd.records:
            if text[rec["start"]:rec["end"]] != rec["text"]:
                warn(f"{rec['_where']}: text {rec['text']!r} is not what the corpus has at "
                     f"[{rec['start']}:{rec['end']}] ({text[rec['start']:rec['end']]!r})")
            gold.append({k: v for k, v in rec.items() if k != "_where"})
        try:
            lang = {"lang": gd.meta["lang"]} if gd.meta.get("lang") else {}
            figures = extractor(text, published=gd.published, doc_id=gd.doc, **lang)
        except Exception as exc:  # a crash is a finding to report, naming the document
            raise ExtractorFailed(f"{gd.doc}: extractor raised {type(exc).__name__}: {exc}") from exc
        predicted.extend(f.to_dict() if isinstance(f, Figure) else dict(f) for f in figures)
    report = score(gold, predicted, docs=[gd.doc for gd in documents])
    report.meta = {gd.doc: gd.meta for gd in documents}
    return report
