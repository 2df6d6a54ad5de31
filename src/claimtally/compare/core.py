"""Ledger figures with what comparison derives from them: claimant, counted group, span, place.

Everything that lines up competing claims (`quantities`, `claims`, the CLI, the chart, the JSON
API and every dashboard page) starts from `annotate`, so they all agree on who a claimant is
and what a figure counts. Input is a stream of figure records: row dicts (the `query_figures`
shape) or plain tuples in `RECORD_KEYS` order (the command's fast path); any source that can
produce one (the ledger, a Parquet dataset) can feed compare. Nothing here touches a database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from claimtally.compare.claimants import (
    OUTLET,
    AliasTable,
    Claimant,
    document_claimants,
    is_generic,
    resolve_claimant,
    resolve_generic,
)
from claimtally.compare.scope import UNSTATED, Span, place_key, span_of
from claimtally.compare.subjects import Group, SubjectRules, counted_group, in_role, with_side

#: The fields `annotate` reads, in the order of the plain tuples the command reads from the
#: ledger; a row dict may carry more (text, remarks, ...). The figure columns come first
#: (`FIGURE_KEYS`), then the document's.
RECORD_KEYS: tuple[str, ...] = (
    "id", "document_id", "start", "value", "low", "high", "approx", "metric", "subject", "place",
    "claimant", "claimant_kind", "claim_date", "period_start", "period_end", "sentence", "text",
    "doc", "published", "duplicate_of", "url", "site", "title",
)
FIGURE_KEYS: tuple[str, ...] = RECORD_KEYS[:17]
(_ID, _DOCUMENT_ID, _START, _VALUE, _LOW, _HIGH, _APPROX, _METRIC, _SUBJECT, _PLACE, _CLAIMANT, _KIND,
 _CLAIM_DATE, _PERIOD_START, _PERIOD_END, _SENTENCE, _TEXT, _DOC, _PUBLISHED, _DUPLICATE_OF, _URL,
 _SITE) = range(22)


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
    return _rep(row.get("value"), row.get("low"), row.get("high"))


def _rep(v: Any, lo: Any, hi: Any) -> float | None:
    if v is not None:
        return float(v)
    if lo is not None and hi is not None:
        return (float(lo) + float(hi)) / 2
    if hi is not None:
        return float(hi)
    return float(lo) if lo is not None else None


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


@dataclass(slots=True)
class Annotated:
    """A ledger figure with what compare derives from it, computed once.

    `values` holds the `RECORD_KEYS` fields; `row` gives a dict, built only for the figures a
    comparison shows (most of 100,000 never need one). `independent` is the document that
    counts as the source of this copy (a duplicate counts as the one it duplicates).
    """

    rec: Any
    values: tuple[Any, ...]
    claimant: Claimant
    group: Group
    family: str
    date: str | None
    date_basis: str | None
    rep: float | None
    independent: str
    span: Span
    place_key: str
    _row: dict[str, Any] | None = None

    @property
    def row(self) -> dict[str, Any]:
        if self._row is None:
            self._row = self.rec if isinstance(self.rec, dict) else dict(zip(RECORD_KEYS, self.values, strict=False))
        return self._row

    @property
    def id(self) -> Any:
        return self.values[_ID]

    @property
    def metric(self) -> str:
        return self.values[_METRIC] or ""

    @property
    def place(self) -> str | None:
        return self.values[_PLACE] or None

    @property
    def subject(self) -> str:
        return self.values[_SUBJECT] or ""

    @property
    def doc(self) -> str:
        return self.values[_DOC] or ""

    @property
    def sentence(self) -> str:
        return self.values[_SENTENCE] or ""

    @property
    def text(self) -> str:
        """The number expression as written ("as many as 11,000")."""
        return self.values[_TEXT] or ""

    @property
    def claimant_text(self) -> str:
        """The claimant as the text names it (before identity resolution)."""
        return self.values[_CLAIMANT] or ""

    @property
    def published(self) -> str:
        return str(self.values[_PUBLISHED] or "")[:10]

    @property
    def bounds(self) -> tuple[Any, Any, Any]:
        v = self.values
        return (v[_VALUE], v[_LOW], v[_HIGH])


def as_records(rows: Iterable[Any]) -> list[tuple[Any, ...]]:
    """Row dicts or `RECORD_KEYS` tuples, as tuples (dicts may lack keys: they read as None)."""
    out = []
    for r in rows:
        out.append(tuple(map(r.get, RECORD_KEYS)) if isinstance(r, Mapping) else tuple(r))
    return out


def annotate(rows: Iterable[Any], aliases: AliasTable, rules: SubjectRules) -> list[Annotated]:
    """Resolve claimants, counted groups, spans, places and document independence.

    Written as one loop over tuples with per-call caches: it runs once per figure in the ledger
    and is most of the time `compare` takes on a large one.
    """
    rows = rows if isinstance(rows, list) else list(rows)
    records = as_records(rows)
    dicts = rows if rows and isinstance(rows[0], Mapping) else None
    doc_by_id = {r[_DOCUMENT_ID]: (r[_DOC], r[_SITE] if len(r) > _SITE else None) for r in records}
    claimants: dict[tuple[Any, Any], Claimant] = {}
    groups: dict[tuple[Any, str, str | None], tuple[str, Group]] = {}
    sides: dict[str, str | None] = {}
    out: list[Annotated] = []
    append = out.append
    stock = rules.stock_metrics
    for i, r in enumerate(records):
        metric = r[_METRIC] or ""
        date, basis = _date_of(r)
        dup = r[_DUPLICATE_OF]
        # A duplicate counts as the document it duplicates: one independent source, not two.
        if dup is None:
            independent, site = r[_DOC] or f"#{r[_DOCUMENT_ID]}", r[_SITE] if len(r) > _SITE else None
        else:
            independent, site = doc_by_id.get(dup) or (f"#{dup}", None)
            independent = str(independent or f"#{dup}")
        ck = (r[_CLAIMANT], r[_KIND])
        claimant = claimants.get(ck)
        if claimant is None:
            claimant = claimants[ck] = resolve_claimant(aliases, r[_CLAIMANT], r[_KIND])
        if not claimant.key:
            # the outlet states it as its own fact: each outlet is its own claimant
            who = site or independent
            claimant = Claimant(f"outlet:{who}", f"{OUTLET} ({who})", "media")
        elif aliases.generic.get(claimant.key):
            claimant = resolve_generic(aliases, claimant, r[_SENTENCE])
        side = sides.get(claimant.key, "")
        if side == "":
            side = sides[claimant.key] = claimant.side or (
                rules.demonym_of(claimant.name) if claimant.kind in ("government", "armed_group") else None)
        gk = (r[_SUBJECT], metric, side)
        resolved = groups.get(gk)
        if resolved is None:
            family = rules.family(metric)
            group = in_role(rules, counted_group(rules, r[_SUBJECT]), metric)
            resolved = groups[gk] = (family, with_side(rules, group, family, side))
        span = span_of(r[_SENTENCE], r[_CLAIM_DATE], r[_PERIOD_START], r[_PERIOD_END], r[_PUBLISHED], metric in stock,
                       r[_TEXT])
        append(Annotated(dicts[i] if dicts is not None else r, r, claimant, resolved[1], resolved[0], date, basis,
                         _rep(r[_VALUE], r[_LOW], r[_HIGH]), independent, span, place_key(r[_PLACE])))
    _fold_document_claimants(out)
    return out


def _fold_document_claimants(annotated: Sequence[Annotated]) -> None:
    """A short name standing for one longer claimant named in the same document takes its
    identity ("Kabore" -> "President Roch Marc Christian Kabore"); a claimant named only by
    common words ("officials") is its document's own."""
    by_doc: dict[str, dict[str, Claimant]] = defaultdict(dict)
    for a in annotated:
        if not a.claimant.key.startswith("outlet:"):
            by_doc[a.independent][a.claimant.key] = a.claimant
    maps = {doc: document_claimants(cs.values()) for doc, cs in by_doc.items() if len(cs) > 1}
    for a in annotated:
        m = maps.get(a.independent)
        if m and a.claimant.key in m:
            a.claimant = m[a.claimant.key]
        if is_generic(a.claimant):  # "officials" in two articles are two sources, not one
            c = a.claimant
            a.claimant = Claimant(f"{c.key}@{a.independent}", c.name, c.kind, c.side)


def annotate_known(rows: Iterable[Any], claimant_of: Callable[[Any], Claimant], rules: SubjectRules) -> list[Annotated]:
    """`annotate` for figures whose claimant and quantity are already known (a cached
    grouping, `claimtally.compare.cache`): only what is read off the record itself."""
    rows = rows if isinstance(rows, list) else list(rows)
    records = rows if rows and isinstance(rows[0], tuple) else as_records(rows)
    doc_by_id = {r[_DOCUMENT_ID]: r[_DOC] for r in records}
    unstated = Span(UNSTATED)
    blank = Group("")
    family = rules.family
    out = []
    append = out.append
    for r in records:
        if r[_CLAIM_DATE]:
            date, basis = str(r[_CLAIM_DATE])[:10], "claimed"
        elif r[_PERIOD_END]:
            date, basis = str(r[_PERIOD_END])[:10], "as of"
        elif r[_PUBLISHED]:
            date, basis = str(r[_PUBLISHED])[:10], "published"
        else:
            date, basis = None, None
        dup = r[_DUPLICATE_OF]
        independent = (r[_DOC] or f"#{r[_DOCUMENT_ID]}") if dup is None else str(doc_by_id.get(dup) or f"#{dup}")
        v = r[_VALUE]
        rep = float(v) if v is not None else _rep(v, r[_LOW], r[_HIGH])
        append(Annotated(r, r, claimant_of(r[_ID]), blank, family(r[_METRIC] or ""), date, basis, rep, independent,
                         unstated, ""))
    return out


def _date_of(r: Sequence[Any]) -> tuple[str | None, str | None]:
    """The effective date of a record tuple and how we know it (see `effective_date`)."""
    for i, basis in ((_CLAIM_DATE, "claimed"), (_PERIOD_END, "as of"), (_PUBLISHED, "published")):
        if r[i]:
            return str(r[i])[:10], basis
    return None, None
