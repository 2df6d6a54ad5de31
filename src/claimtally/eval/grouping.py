"""Scoring compare's grouping against hand-judged figure pairs: same-quantity precision and recall.

A judgement file (tests/compare/data/judged_quantities.json) names gold sets and groups of gold
figures a person judged to count one quantity; every other pair of same-metric figures within
one gold set is judged to be two quantities. Compare groups the figures (from their gold fields,
or from what the extractor gives for them) and each pair is scored: predicted same when both
figures land in one quantity. Precision is the share of predicted-same pairs judged same,
recall the share of judged-same pairs predicted same.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from claimtally.eval.runner import load_gold, read_text
from claimtally.eval.scoring import is_match


@dataclass
class PairScore:
    """Counts of judged pairs and the precision and recall they give."""

    pairs: int = 0
    judged_same: int = 0
    predicted_same: int = 0
    both_same: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, figure a, figure b)

    @property
    def precision(self) -> float:
        return self.both_same / self.predicted_same if self.predicted_same else 1.0

    @property
    def recall(self) -> float:
        return self.both_same / self.judged_same if self.judged_same else 1.0

    def line(self) -> str:
        return (f"{self.pairs:,} same-metric pairs, {self.judged_same} judged one quantity; "
                f"precision {self.precision:.3f} ({self.both_same}/{self.predicted_same}), "
                f"recall {self.recall:.3f} ({self.both_same}/{self.judged_same})")


def _ref(rec: dict[str, Any]) -> str:
    return f"{rec['doc']}@{rec['start']}-{rec['end']}"


def load_judgements(path: Path, shared: Path) -> tuple[list[list[dict[str, Any]]], dict[str, int], list[dict[str, str]]]:
    """The gold sets (lists of gold records with their document's text and date), the group
    number of each judged figure, and the gold sets' paths. Unknown figure names are errors."""
    data = json.loads(path.read_text(encoding="utf-8"))
    sets = []
    for spec in data["gold_sets"]:
        records = []
        for gd in load_gold(shared / spec["gold"], shared / spec["texts"]):
            text = read_text(shared / spec["texts"], gd.doc)
            for rec in gd.records:
                rec = {k: v for k, v in rec.items() if k != "_where"}
                rec["published"] = rec.get("published") or gd.published
                rec["_text"] = text
                records.append(rec)
        sets.append(records)
    known = {_ref(r) for s in sets for r in s}
    group_of: dict[str, int] = {}
    for n, g in enumerate(data["groups"]):
        for ref in g["figures"]:
            if ref not in known:
                raise ValueError(f"{path}: group {g['why']!r} names {ref}, which no gold set holds")
            group_of[ref] = n
    return sets, group_of, data["gold_sets"]


def _rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figure records as compare's input rows (one document id per doc, figure ids in order)."""
    rows = []
    doc_ids: dict[str, int] = {}
    for n, r in enumerate(records, 1):
        row = {k: v for k, v in r.items() if not k.startswith("_")}
        row["id"] = n
        row["document_id"] = doc_ids.setdefault(r["doc"], len(doc_ids) + 1)
        rows.append(row)
    return rows


def quantity_of_gold(records: list[dict[str, Any]]) -> dict[str, str]:
    """Figure name -> the quantity key compare gives it, grouping the gold fields as they are."""
    from claimtally.compare.claimants import load_aliases
    from claimtally.compare.core import annotate
    from claimtally.compare.quantities import build_quantities
    from claimtally.compare.subjects import load_subject_rules

    rules = load_subject_rules()
    rows = _rows(records)
    by_id = {row["id"]: _ref(rec) for row, rec in zip(rows, records, strict=True)}
    out = {}
    for q in build_quantities(annotate(rows, load_aliases(use_env=False), rules), rules):
        for a in q.figures:
            out[by_id[a.id]] = q.key
    return out


def quantity_of_extracted(records: list[dict[str, Any]], extractor: Callable[..., list[Any]]) -> dict[str, str]:
    """Figure name -> quantity key, grouping what the extractor gives for each document (every
    extracted figure is grouped; gold figures the extractor found take their match's key)."""
    from claimtally.compare.claimants import load_aliases
    from claimtally.compare.core import annotate
    from claimtally.compare.quantities import build_quantities
    from claimtally.compare.subjects import load_subject_rules

    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_doc.setdefault(r["doc"], []).append(r)
    predicted: list[dict[str, Any]] = []
    for doc, recs in by_doc.items():
        figs = extractor(recs[0]["_text"], published=recs[0]["published"], doc_id=doc)
        for f in figs:
            d = f.to_dict() if hasattr(f, "to_dict") else dict(f)
            d["published"] = recs[0]["published"]
            predicted.append(d)
    rules = load_subject_rules()
    rows = _rows(predicted)
    key_of: dict[int, str] = {}
    for q in build_quantities(annotate(rows, load_aliases(use_env=False), rules), rules):
        for a in q.figures:
            key_of[a.id] = q.key
    out = {}
    taken: set[int] = set()
    for r in records:
        hit = next((row for row in rows if row["doc"] == r["doc"] and row["id"] not in taken and is_match(r, row)), None)
        if hit is not None:
            taken.add(hit["id"])
            out[_ref(r)] = key_of[hit["id"]]
    return out


def score_pairs(sets: list[list[dict[str, Any]]], group_of: dict[str, int], quantity: dict[str, str]) -> PairScore:
    """Score every same-metric pair of each gold set whose two figures have a quantity."""
    s = PairScore()
    for records in sets:
        for a, b in combinations(records, 2):
            if a["metric"] != b["metric"]:
                continue
            ra, rb = _ref(a), _ref(b)
            if ra not in quantity or rb not in quantity:
                continue
            judged = ra in group_of and group_of.get(ra) == group_of.get(rb)
            predicted = quantity[ra] == quantity[rb]
            s.pairs += 1
            s.judged_same += judged
            s.predicted_same += predicted
            s.both_same += judged and predicted
            if judged != predicted:
                s.misses.append(("merged" if predicted else "split", ra, rb))
    return s


def fingerprint(path: Path) -> str:
    """A short hash of the judgement file, printed with scores so a reader knows which."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
