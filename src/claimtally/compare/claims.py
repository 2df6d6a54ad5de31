"""Claims, not copies, and the comparison table built from them.

A *claim* is one claimant's statement of one figure for one quantity on one day. Syndicated
and rewritten articles repeat it; each document that does is a *report* of the claim, and the
claim counts once everywhere (timelines, spreads, counts). A report without a claim date of
its own joins the same claimant's same figure stated up to two days before it was published.

The table gives, per metric and claimant, the latest claim, its reports, the *spread* between
claimants (largest over smallest) and the *outlier* when one claimant sits far from the rest.
Metrics of one family are listed together but never summed and never mixed in a spread.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from claimtally.compare.core import Annotated, annotate, format_figure, sentence_link
from claimtally.compare.quantities import Quantity, group_quantities
from claimtally.model import METRICS

if TYPE_CHECKING:
    from claimtally.compare.claimants import AliasTable, Claimant
    from claimtally.compare.corrections import Corrections
    from claimtally.compare.subjects import SubjectRules

_METRIC_ORDER = {m: i for i, m in enumerate(METRICS)}
#: A claimant's figure is called an outlier when it is at least this many times away (either
#: way) from the median of the claimants' figures, and at least three claimants are compared.
OUTLIER_RATIO = 2.0
#: A report with only a publication date joins a claim made at most this many days before.
REPORT_LAG_DAYS = 2

#: Columns of `--format csv` and the keys every comparison row carries.
COMPARE_COLUMNS: tuple[str, ...] = (
    "quantity", "quantity_key", "family", "span", "metric", "subject", "place", "claimant", "claimant_kind",
    "figure", "value", "low", "high", "approx", "date", "date_basis", "first_reported", "documents", "claims",
    "figures", "spread", "outlier", "figure_id", "doc", "url", "sentence", "link",
)
#: What `--format table` shows a person at a terminal.
TABLE_COLUMNS: tuple[str, ...] = (
    "quantity", "metric", "claimant", "kind", "figure", "date", "docs", "spread", "note", "source",
)


@dataclass(slots=True)
class Claim:
    """One claimant's statement of one figure on one day, with every document reporting it."""

    metric: str
    claimant: Claimant
    date: str | None
    date_basis: str | None
    figures: list[Annotated] = field(default_factory=list)
    _reports: list[Annotated] | None = None

    @property
    def first(self) -> Annotated:
        """The first report (earliest published, then the earliest stored)."""
        return self.reports[0]

    @property
    def reports(self) -> list[Annotated]:
        """One figure per independent document carrying the claim, first report first
        (computed once: claims are complete when a quantity's claims are listed)."""
        if self._reports is None:
            seen: dict[str, Annotated] = {}
            for a in sorted(self.figures, key=_report_order) if len(self.figures) > 1 else self.figures:
                seen.setdefault(a.independent, a)
            self._reports = list(seen.values())
        return self._reports

    @property
    def bounds(self) -> tuple[Any, Any, Any]:
        return self.figures[0].bounds

    @property
    def rep(self) -> float | None:
        return self.figures[0].rep

    @property
    def figure(self) -> str:
        v = self.first.values
        return format_figure(_num(v[3]), _num(v[4]), _num(v[5]), bool(v[6]))


def _report_order(a: Annotated) -> tuple[str, int, int]:
    v = a.values
    return (a.published, int(v[1] or 0), int(v[2] or 0))


def _ordinal(s: str | None) -> int | None:
    try:
        return date.fromisoformat(s).toordinal() if s else None
    except ValueError:
        return None


def claims_of(figures: Iterable[Annotated]) -> list[Claim]:
    """The claims the figures state, oldest first."""
    exact: dict[tuple[Any, ...], Claim] = {}
    for a in figures:
        k = (a.metric, a.claimant.key, *a.bounds, a.date)
        c = exact.get(k)
        if c is None:
            c = exact[k] = Claim(a.metric, a.claimant, a.date, a.date_basis)
        c.figures.append(a)
        if c.date_basis == "published" and a.date_basis != "published":
            c.date_basis = a.date_basis
    # a copy that only carries its publication date joins the claim it reports
    by_statement: dict[tuple[Any, ...], list[Claim]] = defaultdict(list)
    for c in exact.values():
        by_statement[(c.metric, c.claimant.key, *c.bounds)].append(c)
    out: list[Claim] = []
    for group in by_statement.values():
        group.sort(key=lambda c: c.date or "")
        kept: list[Claim] = []
        for c in group:
            d = _ordinal(c.date)
            home = next((k for k in reversed(kept) if c.date_basis == "published" and d is not None
                         and (kd := _ordinal(k.date)) is not None and 0 <= d - kd <= REPORT_LAG_DAYS), None)
            if home is None:
                kept.append(c)
            else:
                home.figures.extend(c.figures)
                home._reports = None
        out.extend(kept)
    out.sort(key=lambda c: (c.date or "", _METRIC_ORDER.get(c.metric, 99), c.claimant.name))
    return out


def _num(x: Any) -> Any:
    """498.0 from a Float column is shown and written as 498."""
    return int(x) if isinstance(x, float) and x.is_integer() else x


def _latest_key(c: Claim) -> tuple[str, str, int, int]:
    v = c.first.values
    return (c.date or "", c.first.published, int(v[1] or 0), int(v[2] or 0))


def _name_and_kind(claims: Sequence[Claim], latest: Claim) -> tuple[str, str | None]:
    """The claimant's commonest name across its claims, and its kind (the latest claim's,
    else the one given most often)."""
    names = Counter(c.claimant.name for c in claims)
    name = names.most_common(1)[0][0]
    if latest.claimant.kind:
        return name, latest.claimant.kind
    kinds = Counter(c.claimant.kind for c in claims if c.claimant.kind)
    return name, (kinds.most_common(1)[0][0] if kinds else None)


def compare_quantity(
    q: Quantity, max_sources: int = 20, links: bool = True, full: bool = True
) -> list[dict[str, Any]]:
    """One row per metric and claimant: the latest claim, its bounds, date, the documents
    reporting it, the spread between claimants on that metric, and the outlier flag.

    `links=False` skips building the sentence links (rows then carry `link` None, and
    `attach_details` can fill them later); `full=False` leaves out what only the record formats
    show (subject, place, url, sentence, remarks, sources): the table needs neither."""
    cells: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in q.claims:
        cells[(c.metric, c.claimant.key)].append(c)
    rows: list[dict[str, Any]] = []
    by_metric: dict[str, list[dict[str, Any]]] = defaultdict(list)
    label = q.label
    for (metric, ckey), claims in cells.items():
        latest = claims[0] if len(claims) == 1 else max(claims, key=_latest_key)
        name, kind = _name_and_kind(claims, latest) if len(claims) > 1 else (latest.claimant.name, latest.claimant.kind)
        first = latest.first
        v = first.values
        value, low, high, approx = _num(v[3]), _num(v[4]), _num(v[5]), bool(v[6])
        reports = latest.reports
        row = {
            "quantity": label,
            "quantity_key": q.key,
            "family": q.family,
            "span": q.span,
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
            "first_reported": first.published or None,
            "documents": len(reports),
            "claims": len(claims),
            "figures": sum(len(c.figures) for c in claims),
            "spread": None,
            "outlier": False,
            "figure_id": v[0],
            "doc": first.doc,
            "_rep": latest.rep,
            "_attributed": not ckey.startswith("outlet:"),
        }
        if full:
            get = first.row.get
            row.update({
                "subject": get("subject"), "place": get("place"), "url": get("url"), "text": get("text"),
                "sentence": get("sentence"), "remarks": get("remarks") or [],
                "link": sentence_link(get("url"), get("sentence"), str(get("doc")), get("start")) if links else None,
                "sources": _sources(reports, max_sources, links),
            })
        rows.append(row)
        by_metric[metric].append(row)
    for metric_rows in by_metric.values():
        _spread(metric_rows)
    rows.sort(key=lambda x: (_METRIC_ORDER.get(x["metric"], 99), -(x["_rep"] or 0), x["claimant"]))
    for row in rows:
        del row["_rep"], row["_attributed"]
    return rows


def report_record(a: Annotated, links: bool = True) -> dict[str, Any]:
    """One report of a claim: the document, its figure, where it was published, the sentence."""
    ar = a.row
    return {
        "doc": ar.get("doc"), "figure_id": ar.get("id"), "document_id": ar.get("document_id"), "url": ar.get("url"),
        "site": ar.get("site"), "title": ar.get("title"), "published": a.published or None, "date": a.date,
        "sentence": ar.get("sentence"),
        "link": sentence_link(ar.get("url"), ar.get("sentence"), str(ar.get("doc")), ar.get("start")) if links else None,
    }


def _sources(reports: Sequence[Annotated], max_sources: int, links: bool) -> list[dict[str, Any]]:
    """The independent documents reporting a claim, first report first."""
    return [report_record(a, links) for a in reports[:max_sources]]


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
    rows: Iterable[Any],
    aliases: AliasTable,
    rules: SubjectRules,
    *,
    links: bool = True,
    full: bool = True,
    **filters: Any,
) -> list[dict[str, Any]]:
    """The comparison table for ledger rows: `compare_quantity` over every matching quantity."""
    return compare_limited(rows, aliases, rules, links=links, full=full, **filters)[0]


def compare_limited(
    rows: Iterable[Any],
    aliases: AliasTable,
    rules: SubjectRules,
    *,
    limit: int = 0,
    links: bool = False,
    full: bool = True,
    corrections: Corrections | None = None,
    **filters: Any,
) -> tuple[list[dict[str, Any]], int, int]:
    """`compare` for the first `limit` quantities (0: all), in `group_quantities` order;
    returns the rows, how many quantities they cover, and how many matched. `rows` are dicts,
    or tuples in `RECORD_KEYS` order (the command's fast path)."""
    quantities = group_quantities(annotate(rows, aliases, rules), rules, corrections=corrections, **filters)
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


def attach_details(result: Sequence[dict[str, Any]], details: Mapping[Any, Mapping[str, Any]]) -> None:
    """Fill texts, remarks and links from `details` (figure id -> row) into rows that were
    compared from lean ledger rows (the command reads only what grouping needs)."""
    for row in result:
        d = details.get(row.get("figure_id"))
        if d:
            row["text"], row["remarks"] = d.get("text"), d.get("remarks") or []
            row["sentence"] = d.get("sentence") or row.get("sentence")
            row["link"] = sentence_link(row.get("url"), row["sentence"], str(row.get("doc")), d.get("start"))
        for src in row.get("sources", []):
            d = details.get(src.get("figure_id"))
            if d:
                src["sentence"] = d.get("sentence") or src.get("sentence")
                src["link"] = sentence_link(src.get("url"), src["sentence"], str(src.get("doc")), d.get("start"))
