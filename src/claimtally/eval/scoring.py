"""Scoring predicted figures against gold records, exactly as spec section 7 says.

Matching: a prediction matches a gold record when both have the same `doc`, their
`[start, end)` spans overlap, and `value`, `low` and `high` are equal (numbers compared
exactly). A gold *vague amount* ("hundreds", "several", "a few hundred to 2,000": `value`
null and `approx` true) is compared by span only, because its bounds are a convention of
the spec rather than something the text states. A gold range with exact ends ("between
7,000 and 15,000": `value` null, `approx` false) still compares `low` and `high`, since
those are numbers the text states.

Each gold record matches at most one prediction and each prediction at most one gold
record. Where several pairings are possible the scorer picks the one with the most
matches and, among those, the most fields right (an optimal assignment per document), so
a score never depends on the order records happen to be listed in.

Over the matches: metric, attribution (claimant), subject and date accuracies; detection
precision/recall/F1 of matched records; and the headline full-record F1, counting matches
whose metric, claimant and subject are all right over all predictions and all gold records.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Fields whose correctness is scored on matched records, in report order.
SCORED_FIELDS: tuple[str, ...] = ("metric", "claimant", "subject", "date")
#: The fields that make a matched record "fully right" for the headline score.
FULL_RECORD_FIELDS: tuple[str, ...] = ("metric", "claimant", "subject")
DATE_FIELDS: tuple[str, ...] = ("claim_date", "period_start", "period_end")

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_POSSESSIVE = re.compile(r"'s\b")
_SPACES = re.compile(r"\s+")
_EDGE = " \t\n\r.,"


def normalise_name(text: str | None) -> str | None:
    """The spec-7 normal form of a claimant or subject, so trivial spelling differences
    ("The Ukrainian military" vs "Ukrainian military", "Russia’s" vs "Russia's") do not count
    as errors. None stays None."""
    if text is None:
        return None
    s = str(text).lower().translate(_QUOTES)
    s = _SPACES.sub(" ", s).strip(_EDGE)
    s = _ARTICLE.sub("", s)
    s = _POSSESSIVE.sub("", s)
    return _SPACES.sub(" ", s).strip(_EDGE)


def name_matches(predicted: str | None, gold: str | None, alts: Iterable[str] = ()) -> bool:
    """True when both are null, or the prediction equals the gold string or one of its
    alternatives after normalisation."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    want = normalise_name(predicted)
    return any(want == normalise_name(g) for g in (gold, *alts))


def is_vague(record: Mapping[str, Any]) -> bool:
    """A vague amount: no stated value and marked approximate ("hundreds", "several")."""
    return record.get("value") is None and bool(record.get("approx"))


def _same_number(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return False
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return False
    return a == b


def spans_overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Half-open spans [start, end) share at least one character."""
    return a["start"] < b["end"] and b["start"] < a["end"]


def is_match(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """The spec-7 match test for one gold/prediction pair."""
    if gold["doc"] != pred["doc"] or not spans_overlap(gold, pred):
        return False
    if is_vague(gold):
        return True
    return all(_same_number(gold.get(k), pred.get(k)) for k in ("value", "low", "high"))


def _alts(gold: Mapping[str, Any], name: str) -> list[str]:
    alts = gold.get("alts") or {}
    return [a for a in (alts.get(name) or []) if isinstance(a, str)]


def field_results(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> dict[str, bool]:
    """Which scored fields of a matched prediction are right."""
    return {
        "metric": pred.get("metric") == gold.get("metric"),
        "claimant": name_matches(pred.get("claimant"), gold.get("claimant"), _alts(gold, "claimant")),
        "subject": name_matches(pred.get("subject"), gold.get("subject"), _alts(gold, "subject")),
        "date": all(_iso(pred.get(k)) == _iso(gold.get(k)) for k in DATE_FIELDS),
    }


def _iso(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(slots=True)
class Match:
    """A matched pair and which scored fields the prediction got right."""

    gold: dict[str, Any]
    pred: dict[str, Any]
    fields: dict[str, bool]

    @property
    def full(self) -> bool:
        return all(self.fields[f] for f in FULL_RECORD_FIELDS)


@dataclass(slots=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, correct: int, predicted: int, gold: int) -> PRF:
        """Precision/recall/F1; an empty gold set with no predictions scores 1.0 (nothing to
        find, nothing wrongly found), any other zero denominator scores 0.0."""
        if predicted == 0 and gold == 0:
            return cls(1.0, 1.0, 1.0)
        p = correct / predicted if predicted else 0.0
        r = correct / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(p, r, f)

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(slots=True)
class Report:
    """Every number `claimtally eval` prints, plus the records behind them."""

    gold: list[dict[str, Any]]
    predicted: list[dict[str, Any]]
    matches: list[Match]
    missed: list[dict[str, Any]]
    spurious: list[dict[str, Any]]
    docs: list[str] = field(default_factory=list)
    #: doc -> its INDEX.tsv row (topic, lang, ...), for `by_group`.
    meta: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def detection(self) -> PRF:
        return PRF.of(len(self.matches), len(self.predicted), len(self.gold))

    @property
    def full_record(self) -> PRF:
        return PRF.of(sum(m.full for m in self.matches), len(self.predicted), len(self.gold))

    def accuracy(self, name: str) -> float:
        """Share of matched records with `name` right; 0.0 when nothing matched."""
        if not self.matches:
            return 0.0
        return sum(m.fields[name] for m in self.matches) / len(self.matches)

    def headline(self) -> dict[str, float]:
        """The scores the regression gate keeps floors for."""
        out = {"full_record_f1": self.full_record.f1, "detection_f1": self.detection.f1}
        out.update({f"{name}_accuracy": self.accuracy(name) for name in SCORED_FIELDS})
        return out

    def per_document(self) -> list[dict[str, Any]]:
        """Counts and F1s for each document, in the order documents were scored."""
        gold_n: dict[str, int] = defaultdict(int)
        pred_n: dict[str, int] = defaultdict(int)
        match_n: dict[str, int] = defaultdict(int)
        full_n: dict[str, int] = defaultdict(int)
        for g in self.gold:
            gold_n[g["doc"]] += 1
        for p in self.predicted:
            pred_n[p["doc"]] += 1
        for m in self.matches:
            match_n[m.gold["doc"]] += 1
            full_n[m.gold["doc"]] += m.full
        order = list(dict.fromkeys([*self.docs, *gold_n, *pred_n]))
        rows = []
        for doc in order:
            g, p, tp, full = gold_n[doc], pred_n[doc], match_n[doc], full_n[doc]
            rows.append({
                "doc": doc, "gold": g, "predicted": p, "matched": tp, "full": full,
                "missed": g - tp, "spurious": p - tp,
                "detection_f1": PRF.of(tp, p, g).f1, "full_record_f1": PRF.of(full, p, g).f1,
            })
        return rows

    def by_group(self, column: str) -> list[dict[str, Any]]:
        """Per value of an INDEX.tsv column (topic, lang): pooled counts and F1s over its
        documents, so a reader sees which kinds of news the extractor fails on."""
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.per_document():
            groups[(self.meta.get(row["doc"]) or {}).get(column) or "(none)"].append(row)
        out = []
        for value, rows in sorted(groups.items()):
            g, p, tp, full = (sum(r[k] for r in rows) for k in ("gold", "predicted", "matched", "full"))
            out.append({"group": value, "docs": len(rows), "gold": g, "predicted": p, "matched": tp,
                        "full": full, "detection_f1": PRF.of(tp, p, g).f1,
                        "full_record_f1": PRF.of(full, p, g).f1})
        return out

    def wrong_fields(self) -> list[dict[str, Any]]:
        """One row per wrong field of a matched record: what gold says and what was predicted."""
        rows = []
        for m in self.matches:
            for name in SCORED_FIELDS:
                if m.fields[name]:
                    continue
                keys = DATE_FIELDS if name == "date" else (name,)
                rows.append({
                    **_brief(m.gold), "field": name,
                    "expected": {k: m.gold.get(k) for k in keys} if name == "date" else m.gold.get(name),
                    "got": {k: m.pred.get(k) for k in keys} if name == "date" else m.pred.get(name),
                    "alts": _alts(m.gold, name) if name in ("claimant", "subject") else [],
                })
        return rows

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "gold": len(self.gold), "predicted": len(self.predicted), "matched": len(self.matches),
            "full_correct": sum(m.full for m in self.matches),
            "headline": self.headline(),
            "detection": self.detection.to_dict(), "full_record": self.full_record.to_dict(),
            "accuracy": {name: self.accuracy(name) for name in SCORED_FIELDS},
            "documents": self.per_document(),
        }
        if details:
            out["missed"] = [_brief(g) for g in self.missed]
            out["spurious"] = [_brief(p) for p in self.spurious]
            out["wrong"] = self.wrong_fields()
        return out


_BRIEF_KEYS = ("doc", "start", "end", "text", "value", "low", "high", "metric", "subject", "claimant",
               "claim_date", "period_start", "period_end", "sentence")


def _brief(rec: Mapping[str, Any]) -> dict[str, Any]:
    return {k: rec.get(k) for k in _BRIEF_KEYS}


def _weight(m: dict[str, bool], exact_span: bool, touching: bool) -> int:
    """Tie-break quality of a candidate pair: fields right first, then span agreement."""
    return (32 * all(m[f] for f in FULL_RECORD_FIELDS) + 16 * m["metric"] + 8 * m["claimant"]
            + 8 * m["subject"] + 4 * m["date"] + (2 if exact_span else 1 if touching else 0))


_MAX_WEIGHT = 32 + 16 + 8 + 8 + 4 + 2


def _assign(n_rows: int, n_cols: int, weight: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """Maximum-weight matching of rows to columns over the allowed `weight` edges.

    Hungarian algorithm (potentials, O(n^2 m)) on a cost matrix padded with one free
    "unmatched" column per row, so leaving a row unmatched is always allowed.
    """
    if n_rows == 0 or not weight:
        return []
    m = n_cols + n_rows
    forbid = 10 ** 12
    cost = [[forbid] * m for _ in range(n_rows)]
    for (i, j), w in weight.items():
        cost[i][j] = -w
    for i in range(n_rows):
        cost[i][n_cols + i] = 0
    inf = float("inf")
    u = [0.0] * (n_rows + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)  # p[j]: row (1-based) assigned to column j
    way = [0] * (m + 1)
    for i in range(1, n_rows + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            row = cost[i0 - 1]
            for j in range(1, m + 1):
                if used[j]:
                    continue
                cur = row[j - 1] - u[i0] - v[j]
                if cur < minv[j]:
                    minv[j] = cur
                    way[j] = j0
                if minv[j] < delta:
                    delta = minv[j]
                    j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = []
    for j in range(1, n_cols + 1):
        if p[j] and (p[j] - 1, j - 1) in weight:
            pairs.append((p[j] - 1, j - 1))
    return sorted(pairs)


def score(gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]],
          docs: Sequence[str] = ()) -> Report:
    """Score predictions against gold records (both dicts with the spec-2 fields).

    `docs` lists documents that were scored even if they have no gold or predicted records,
    so the per-document breakdown shows them.
    """
    gold_l = [dict(g) for g in gold]
    pred_l = [dict(p) for p in predicted]
    by_doc_g: dict[str, list[int]] = defaultdict(list)
    by_doc_p: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold_l):
        by_doc_g[g["doc"]].append(i)
    for j, p in enumerate(pred_l):
        by_doc_p[p["doc"]].append(j)
    matches: list[Match] = []
    matched_g: set[int] = set()
    matched_p: set[int] = set()
    for doc, gi in by_doc_g.items():
        pj = by_doc_p.get(doc, [])
        fields_of: dict[tuple[int, int], dict[str, bool]] = {}
        weight: dict[tuple[int, int], int] = {}
        base = _MAX_WEIGHT * len(gi) + 1  # one more match always beats better fields
        for r, i in enumerate(gi):
            for c, j in enumerate(pj):
                g, p = gold_l[i], pred_l[j]
                if not is_match(g, p):
                    continue
                f = field_results(g, p)
                exact = g["start"] == p["start"] and g["end"] == p["end"]
                touching = g["start"] == p["start"] or g["end"] == p["end"]
                fields_of[(r, c)] = f
                weight[(r, c)] = base + _weight(f, exact, touching)
        for r, c in _assign(len(gi), len(pj), weight):
            i, j = gi[r], pj[c]
            matched_g.add(i)
            matched_p.add(j)
            matches.append(Match(gold_l[i], pred_l[j], fields_of[(r, c)]))
    matches.sort(key=lambda m: (m.gold["doc"], m.gold["start"], m.gold["end"]))
    return Report(
        gold=gold_l, predicted=pred_l, matches=matches,
        missed=[g for i, g in enumerate(gold_l) if i not in matched_g],
        spurious=[p for j, p in enumerate(pred_l) if j not in matched_p],
        docs=list(docs),
    )
