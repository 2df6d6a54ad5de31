"""Lining up competing claims: pure functions over ledger rows (the `query_figures` dict shape).

A *quantity* is what several claimants count: a metric family plus a normalised subject
("losses of Russian troops"), optionally split by place. Within it each claimant's *latest*
figure per metric is what a reader compares; the *spread* (largest over smallest) says how far
apart the claimants are, and an *outlier* is named when one claimant sits far from the rest.
Metrics of one family ("killed", "casualties") are listed together so the reader sees them side
by side, but they are never summed and never mixed in a spread: a casualty count includes the
dead, so dividing one by the other says nothing.

Nothing here touches the database, so it is tested with plain dicts and runs over 100,000
figures well under a second (bench/compare_bench.py).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any
from urllib.parse import quote

from claimtally.compare.normalise import (
    AliasTable,
    Claimant,
    SubjectRules,
    fold,
    resolve_claimant,
    subject_key,
)
from claimtally.model import METRICS

_METRIC_ORDER = {m: i for i, m in enumerate(METRICS)}
_claimant_key = attrgetter("claimant.key")
_independent = attrgetter("independent")

#: A claimant's figure is called an outlier when it is at least this many times away (either
#: way) from the median of the claimants' figures, and at least three claimants are compared.
OUTLIER_RATIO = 2.0

#: Columns of `--format csv` and the keys every comparison row carries.
COMPARE_COLUMNS: tuple[str, ...] = (
    "quantity", "quantity_key", "family", "metric", "subject", "place", "claimant", "claimant_kind",
    "figure", "value", "low", "high", "approx", "date", "date_basis", "documents", "figures",
    "spread", "outlier", "figure_id", "doc", "url", "sentence", "link",
)
#: What `--format table` shows a person at a terminal.
TABLE_COLUMNS: tuple[str, ...] = (
    "quantity", "metric", "claimant", "kind", "figure", "date", "docs", "spread", "note", "source",
)


def format_number(x: float | int) -> str:
    """13500 -> "13,500"; 2.5 -> "2.5"."""
    if isinstance(x, float) and not x.is_integer():
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{int(x):,}"


def format_figure(value: float | None, low: float | None, high: float | None, approx: bool) -> str:
    """The figure as a reader should see its bounds: "498", "<= 11,000", "~<= 13,500", ">= 100",
    "7,000-15,000", "~300". A leading "~" marks approximate wording."""
    tilde = "~" if approx else ""
    if low is not None and high is not None and low != high:
        return f"{tilde}{format_number(low)}-{format_number(high)}"
    if low is not None and high is not None:
        return f"{tilde}{format_number(low)}"
    if high is not None:
        return f"{tilde}<= {format_number(high)}"
    if low is not None:
        return f"{tilde}>= {format_number(low)}"
    if value is not None:
        return f"{tilde}{format_number(value)}"
    return "?"


def representative(row: Mapping[str, Any]) -> float | None:
    """One number to compare a figure by: the stated value, else the middle of its range, else
    its only bound. Used for spreads, outliers and chart positions, never shown as the figure."""
    v, lo, hi = row.get("value"), row.get("low"), row.get("high")
    if v is not None:
        return float(v)
    if lo is not None and hi is not None:
        return (float(lo) + float(hi)) / 2
    if hi is not None:
        return float(hi)
    if lo is not None:
        return float(lo)
    return None


def effective_date(row: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """When the claim was made, and how we know: the claim date ("claimed"), else the end of
    the period it counts ("as of"), else the article's publication date ("published")."""
    for key, basis in (("claim_date", "claimed"), ("period_end", "as of"), ("published", "published")):
        value = row.get(key)
        if value:
            return str(value)[:10], basis
    return None, None


def sentence_link(url: str | None, sentence: str | None, doc: str, start: int | None) -> str:
    """A link that opens the article at the sentence (a URL text fragment), or `doc@offset`."""
    if url and sentence:
        words = sentence.split()
        frag = quote(" ".join(words), safe="") if len(words) <= 10 else (
            quote(" ".join(words[:6]), safe="") + "," + quote(" ".join(words[-4:]), safe="")
        )
        return f"{url.split('#', 1)[0]}#:~:text={frag}"
    return f"{doc}@{start}" if start is not None else doc


#: The fields `annotate` reads, in the order of the plain tuples the command reads from the
#: ledger (`annotate_records`); a row dict may carry more (sentence, remarks, ...).
RECORD_KEYS: tuple[str, ...] = (
    "id", "document_id", "start", "value", "low", "high", "approx", "metric", "subject", "place",
    "claimant", "claimant_kind", "claim_date", "period_end", "doc", "published", "duplicate_of",
    "url", "site", "title",
)
(_ID, _DOCUMENT_ID, _START, _VALUE, _LOW, _HIGH, _APPROX, _METRIC, _SUBJECT, _PLACE, _CLAIMANT, _KIND,
 _CLAIM_DATE, _PERIOD_END, _DOC, _PUBLISHED, _DUPLICATE_OF) = range(17)


@dataclass(slots=True)
class Annotated:
    """A ledger figure with what compare derives from it, computed once.

    `rec` is the row dict, or a plain tuple in `RECORD_KEYS` order; `row` gives a dict either
    way, built only for the figures a comparison shows (most of 100,000 never need one).
    """

    rec: Any
    claimant: Claimant
    subject_key: str
    family: str
    date: str | None
    date_basis: str | None
    rep: float | None
    independent: str
    values: tuple[Any, ...]  # the RECORD_KEYS fields
    _row: dict[str, Any] | None = None

    @property
    def row(self) -> dict[str, Any]:
        if self._row is None:
            self._row = self.rec if isinstance(self.rec, dict) else dict(zip(RECORD_KEYS, self.values, strict=True))
        return self._row

    @property
    def metric(self) -> str:
        return self.values[_METRIC] or ""

    @property
    def place(self) -> str | None:
        return self.values[_PLACE] or None

    @property
    def subject(self) -> str:
        return self.values[_SUBJECT] or ""


@dataclass(slots=True)
class Quantity:
    """Figures that count the same thing, from every claimant."""

    key: str
    family: str
    subject_key: str
    place: str | None
    figures: list[Annotated] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The subject as most often written, plus the place (as most often written) when it has one."""
        subject = Counter(a.subject for a in self.figures).most_common(1)[0][0]
        if not self.place:
            return subject
        place = Counter([p for a in self.figures if (p := a.values[_PLACE])]).most_common(1)[0][0]
        return f"{subject} in {place}"

    def haystack(self) -> str:
        parts = {self.key, self.family, self.subject_key, self.label}
        for a in self.figures:
            parts.update((a.metric, a.claimant.name, a.values[_CLAIMANT] or "", a.place or "", a.subject))
        return fold(" | ".join(sorted(parts)))


def quantity_key(family: str, subj: str, place: str | None) -> str:
    """Stable id of a quantity, accepted by `claimtally chart`: "losses:russian troops[@place]"."""
    return f"{family}:{subj}" + (f"@{fold(place)}" if place else "")


def annotate(
    rows: Iterable[Mapping[str, Any]], aliases: AliasTable, rules: SubjectRules
) -> list[Annotated]:
    """Resolve claimants, subjects, dates and document independence for every row dict."""
    rows = rows if isinstance(rows, list) else list(rows)
    return annotate_records([tuple(map(r.get, RECORD_KEYS)) for r in rows], aliases, rules, rows)


def annotate_any(rows: Sequence[Any], aliases: AliasTable, rules: SubjectRules) -> list[Annotated]:
    """`annotate` for row dicts, `annotate_records` for tuples in `RECORD_KEYS` order."""
    rows = rows if isinstance(rows, list) else list(rows)
    if rows and isinstance(rows[0], tuple):
        return annotate_records(rows, aliases, rules)
    return annotate(rows, aliases, rules)


def annotate_records(
    records: Sequence[tuple[Any, ...]],
    aliases: AliasTable,
    rules: SubjectRules,
    dicts: Sequence[Mapping[str, Any]] | None = None,
) -> list[Annotated]:
    """`annotate` for plain tuples in `RECORD_KEYS` order (`dicts`: the rows they came from).

    Written as one tight loop over tuples with per-call caches: it runs once per figure in the
    ledger and was most of the time `compare` took on a large one.
    """
    doc_by_id = {r[_DOCUMENT_ID]: r[_DOC] for r in records}
    claimants: dict[tuple[Any, Any], Claimant] = {}
    subjects: dict[Any, str] = {}
    seen: dict[tuple[Any, ...], tuple[Claimant, str, str]] = {}
    out: list[Annotated] = []
    append = out.append
    for i, r in enumerate(records):
        metric = r[_METRIC] or ""
        date = r[_CLAIM_DATE]
        if date:
            basis = "claimed"
        elif date := r[_PERIOD_END]:
            basis = "as of"
        elif date := r[_PUBLISHED]:
            basis = "published"
        else:
            basis = None
        if date and len(date) > 10:
            date = str(date)[:10]
        dup = r[_DUPLICATE_OF]
        # A duplicate counts as the document it duplicates: one independent source, not two.
        own = r[_DOC] or f"#{r[_DOCUMENT_ID]}"
        independent = own if dup is None else str(doc_by_id.get(dup) or f"#{dup}")
        names = (r[_CLAIMANT], r[_KIND], r[_SUBJECT], metric)
        resolved = seen.get(names)
        if resolved is None:
            claimant = claimants.get(names[:2])
            if claimant is None:
                claimant = claimants[names[:2]] = resolve_claimant(aliases, names[0], names[1])
            skey = subjects.get(names[2])
            if skey is None:
                skey = subjects[names[2]] = subject_key(rules, names[2])
            resolved = seen[names] = (claimant, skey, rules.family(metric))
        v = r[_VALUE]
        if v is not None:
            rep = float(v)
        else:
            lo, hi = r[_LOW], r[_HIGH]
            rep = (float(lo) + float(hi)) / 2 if lo is not None and hi is not None else (
                float(hi) if hi is not None else float(lo) if lo is not None else None)
        append(Annotated(dicts[i] if dicts is not None else r, resolved[0], resolved[1], resolved[2], date, basis,
                         rep, independent, r))
    return out


def group_quantities(
    annotated: Iterable[Annotated],
    *,
    query: str | None = None,
    metric: str | None = None,
    since: str | None = None,
    until: str | None = None,
    any_place: bool = False,
) -> list[Quantity]:
    """Group figures into quantities, keeping those that match the filters.

    A quantity is (metric family, normalised subject, place): "people killed" in Mariupol and
    in Kharkiv are different counts. A figure that names no place joins the one placed group
    of its subject when there is exactly one (the seed's "11,000 Russian troop casualties"
    joins "498 Russian troops killed in Ukraine"), and otherwise stays in its own group;
    `any_place` ignores places altogether. `metric` keeps one metric or one family (e.g.
    "losses"); `since`/`until` (ISO dates, inclusive) apply to each figure's effective date,
    and undated figures drop out when either is given; `query` keeps quantities where every
    word of it appears in the subject, place, metric or a claimant's name. Sorted by how many
    claimants they have, then by documents.
    """
    groups: dict[tuple[str, str, str], Quantity] = {}
    folded_places: dict[str, str] = {}
    for a in annotated:
        if metric and metric not in (a.values[_METRIC], a.family):
            continue
        if since and (not a.date or a.date < since):
            continue
        if until and (not a.date or a.date > until):
            continue
        raw_place = None if any_place else (a.values[_PLACE] or None)
        if raw_place:
            fp = folded_places.get(raw_place)
            if fp is None:
                fp = folded_places[raw_place] = fold(raw_place)
        else:
            fp = ""
        gkey = (a.family, a.subject_key, fp)
        q = groups.get(gkey)
        if q is None:
            q = groups[gkey] = Quantity(quantity_key(a.family, a.subject_key, raw_place), a.family,
                                        a.subject_key, raw_place)
        q.figures.append(a)
    placed: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for gkey in groups:
        if gkey[2]:
            placed[gkey[:2]].append(gkey)
    for gkey in [k for k in groups if not k[2]]:
        homes = placed.get(gkey[:2], [])
        if len(homes) == 1:
            groups[homes[0]].figures.extend(groups.pop(gkey).figures)
    quantities = list(groups.values())
    if query:
        words = fold(query).split()
        quantities = [q for q in quantities if all(w in q.haystack() for w in words)]

    def order(q: Quantity) -> tuple[int, int, str]:
        return (-len(set(map(_claimant_key, q.figures))), -len(set(map(_independent, q.figures))), q.key)

    quantities.sort(key=order)
    return quantities


def _latest_key(a: Annotated) -> tuple[str, str, int, int]:
    v = a.values
    return (a.date or "", str(v[_PUBLISHED] or ""), int(v[_DOCUMENT_ID] or 0), int(v[_START] or 0))


def _same_figure(a: Annotated, b: Annotated) -> bool:
    va, vb = a.values, b.values
    return va[_VALUE] == vb[_VALUE] and va[_LOW] == vb[_LOW] and va[_HIGH] == vb[_HIGH]


def compare_quantity(
    q: Quantity, max_sources: int = 20, links: bool = True, full: bool = True
) -> list[dict[str, Any]]:
    """One row per metric and claimant: the latest figure, its bounds, date, independent
    documents carrying it, the spread between claimants on that metric, and the outlier flag.

    `links=False` skips building the sentence links (rows then carry `link` None, and
    `attach_details` can fill them later); `full=False` leaves out what only the record formats
    show (subject, place, url, sentence, remarks, sources): the table needs neither."""
    cells: dict[tuple[str, str], list[Annotated]] = defaultdict(list)
    for a in q.figures:
        cells[(a.values[_METRIC] or "", a.claimant.key)].append(a)
    rows: list[dict[str, Any]] = []
    by_metric: dict[str, list[dict[str, Any]]] = defaultdict(list)
    label = q.label
    for (metric, _ckey), figs in cells.items():
        if len(figs) == 1:
            latest = figs[0]
            carriers = figs
            name, kind = latest.claimant.name, latest.claimant.kind
        else:
            latest = max(figs, key=_latest_key)
            carriers = sorted((a for a in figs if _same_figure(a, latest)), key=_latest_key, reverse=True)
            name, kind = _name_and_kind(figs, latest)
        v = latest.values  # not .row: most shown figures never need a dict of their own
        value, low, high, approx = _num(v[_VALUE]), _num(v[_LOW]), _num(v[_HIGH]), bool(v[_APPROX])
        row = {
            "quantity": label,
            "quantity_key": q.key,
            "family": q.family,
            "metric": metric,
            "claimant": name,
            "claimant_kind": kind,
            "figure": format_figure(value, low, high, approx),
            "value": value,
            "low": low,
            "high": high,
            "approx": approx,
            "date": latest.date,
            "date_basis": latest.date_basis,
            "documents": len({a.independent for a in carriers}) if len(carriers) > 1 else 1,
            "figures": len(figs),
            "spread": None,
            "outlier": False,
            "figure_id": v[_ID],
            "doc": v[_DOC],
            "_rep": latest.rep,
            "_attributed": bool(latest.claimant.key),
        }
        if full:
            get = latest.row.get
            row.update({
                "subject": get("subject"), "place": get("place"), "url": get("url"), "text": get("text"),
                "sentence": get("sentence"), "remarks": get("remarks") or [],
                "link": sentence_link(get("url"), get("sentence"), str(get("doc")), get("start")) if links else None,
                "sources": _sources(carriers, max_sources, links),
            })
        rows.append(row)
        by_metric[metric].append(row)
    for metric_rows in by_metric.values():
        _spread(metric_rows)
    rows.sort(key=lambda x: (_METRIC_ORDER.get(x["metric"], 99), -(x["_rep"] or 0), x["claimant"]))
    for row in rows:
        del row["_rep"], row["_attributed"]
    return rows


def _num(x: Any) -> Any:
    """498.0 from a Float column is shown and written as 498."""
    return int(x) if isinstance(x, float) and x.is_integer() else x


def _name_and_kind(figs: Sequence[Annotated], latest: Annotated) -> tuple[str, str | None]:
    """Alias hits all carry the canonical name; other claimants show their commonest form.
    The kind is the alias table's, else the one the extractor gave most often."""
    names = {a.claimant.name for a in figs}
    name = names.pop() if len(names) == 1 else Counter(a.claimant.name for a in figs).most_common(1)[0][0]
    if latest.claimant.kind:
        return name, latest.claimant.kind
    kinds = Counter(a.claimant.kind for a in figs if a.claimant.kind)
    return name, (kinds.most_common(1)[0][0] if kinds else None)


def _sources(carriers: Sequence[Annotated], max_sources: int, links: bool) -> list[dict[str, Any]]:
    """The independent documents carrying a figure, newest first, one entry per document."""
    seen: set[str] = set()
    sources = []
    for a in carriers:
        if a.independent in seen:
            continue
        seen.add(a.independent)
        ar = a.row
        sources.append({
            "doc": ar.get("doc"), "figure_id": ar.get("id"), "url": ar.get("url"),
            "site": ar.get("site"), "date": a.date, "sentence": ar.get("sentence"),
            "link": sentence_link(ar.get("url"), ar.get("sentence"), str(ar.get("doc")), ar.get("start"))
            if links else None,
        })
        if len(sources) >= max_sources:
            break
    return sources


def _spread(rows: Sequence[dict[str, Any]]) -> None:
    """Set `spread` (max/min over attributed claimants) and `outlier` on one metric's rows."""
    compared = [r for r in rows if r["_attributed"] and r["_rep"] is not None and r["_rep"] > 0]
    if len(compared) < 2:
        return
    reps = sorted(r["_rep"] for r in compared)
    spread = round(reps[-1] / reps[0], 2)
    for r in rows:
        r["spread"] = spread
    if len(compared) >= 3:
        mid = len(reps) // 2
        median = reps[mid] if len(reps) % 2 else math.sqrt(reps[mid - 1] * reps[mid])
        far = max(compared, key=lambda r: abs(math.log(r["_rep"] / median)))
        if abs(math.log(far["_rep"] / median)) >= math.log(OUTLIER_RATIO):
            far["outlier"] = True


def compare(
    rows: Iterable[Mapping[str, Any]],
    aliases: AliasTable,
    rules: SubjectRules,
    *,
    query: str | None = None,
    metric: str | None = None,
    since: str | None = None,
    until: str | None = None,
    any_place: bool = False,
    links: bool = True,
    full: bool = True,
) -> list[dict[str, Any]]:
    """The comparison table for ledger rows: `compare_quantity` over every matching quantity."""
    return compare_limited(rows, aliases, rules, query=query, metric=metric, since=since, until=until,
                           any_place=any_place, links=links, full=full)[0]


def compare_limited(
    rows: Iterable[Mapping[str, Any]],
    aliases: AliasTable,
    rules: SubjectRules,
    *,
    limit: int = 0,
    links: bool = False,
    full: bool = True,
    **filters: Any,
) -> tuple[list[dict[str, Any]], int, int]:
    """`compare` for the first `limit` quantities (0: all), in `group_quantities` order;
    returns the rows, how many quantities they cover, and how many matched. `rows` are dicts,
    or tuples in `RECORD_KEYS` order (the command's fast path)."""
    quantities = group_quantities(annotate_any(rows, aliases, rules), **filters)
    shown = quantities[:limit] if limit else quantities
    out: list[dict[str, Any]] = []
    for q in shown:
        out.extend(compare_quantity(q, links=links, full=full))
    return out, len(shown), len(quantities)


def table_view(row: Mapping[str, Any]) -> dict[str, Any]:
    """The short cells `--format table` prints for one comparison row."""
    return {
        "quantity": row["quantity"],
        "metric": row["metric"],
        "claimant": row["claimant"],
        "kind": row["claimant_kind"] or "-",
        "figure": row["figure"],
        "date": (row["date"] or "-") + (" (pub.)" if row["date_basis"] == "published" else ""),
        "docs": row["documents"],
        "spread": _spread_text(row["spread"]),
        "note": "outlier" if row["outlier"] else "",
        "source": f"{row['doc']}#{row['figure_id']}" if row.get("figure_id") is not None else row["doc"],
    }


def _spread_text(spread: float | None) -> str:
    """x22 for large spreads, x1.5 for small ones: precision a reader can use."""
    if not spread:
        return ""
    return f"x{spread:,.0f}" if spread >= 10 else f"x{spread:.1f}"


#: Figure fields `attach_details` copies onto comparison rows and their sources.
DETAIL_FIELDS: tuple[str, ...] = ("sentence", "text", "remarks", "start")


def attach_details(result: Sequence[dict[str, Any]], details: Mapping[Any, Mapping[str, Any]]) -> None:
    """Fill sentences, texts, remarks and links from `details` (figure id -> row) into rows
    that were compared from lean ledger rows (the command reads only what grouping needs)."""
    for row in result:
        d = details.get(row.get("figure_id"))
        if d:
            row["sentence"], row["text"], row["remarks"] = d.get("sentence"), d.get("text"), d.get("remarks") or []
            row["link"] = sentence_link(row.get("url"), row["sentence"], str(row.get("doc")), d.get("start"))
        for src in row.get("sources", []):
            d = details.get(src.get("figure_id"))
            if d:
                src["sentence"] = d.get("sentence")
                src["link"] = sentence_link(src.get("url"), src["sentence"], str(src.get("doc")), d.get("start"))
