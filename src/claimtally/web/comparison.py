"""The dashboard's comparison: compare's quantities, claims and claimants over the reviewed ledger.

Every page and API endpoint that lines up claims asks this module, and this module asks the
compare stage (`claimtally.compare`) with the same input `claimtally compare` reads (the
reviewed figures, the ledger's claimants rows, reviewers' corrections), so the overview, the
quantity pages, the chart, the claimants page, the JSON API and the CLI agree on names and
counts. The comparison is computed once per ledger state (the store's cache token changes with
every new document and every audit row, so a review or a correction shows at once).

Reviewers correct grouping here: move a figure to another quantity, merge one quantity into
another or split figures off into a new one, merge or split claimants and set a claimant's
kind. Each correction is a `compare_corrections` row written in one transaction with its
`audit_log` row, and can be undone (the row is kept, marked undone, and the undo audited).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from claimtally.compare.claimants import AliasTable
from claimtally.compare.claims import compare_quantity, report_record
from claimtally.compare.corrections import ACTIONS, compare_corrections
from claimtally.compare.quantities import Quantity, select_quantities
from claimtally.compare.source import ledger_comparison
from claimtally.compare.text import fold
from claimtally.model import CLAIMANT_KINDS
from claimtally.web.store import NotFound, ReviewError, _existing_id, now

if TYPE_CHECKING:
    from claimtally.web.store import User, WebStore

#: Longest quantity key or claimant name a correction may name.
MAX_NAME = 300


@dataclass(slots=True)
class Comparison:
    """One ledger state's quantities and claimants, as compare sees them."""

    quantities: list[Quantity]
    by_key: dict[str, Quantity]
    quantity_of: dict[Any, str]
    claimants: list[dict[str, Any]]
    claimant_of: dict[str, dict[str, Any]]  # canonical key or folded raw name -> summary
    aliases: AliasTable


def _summary(q: Quantity) -> dict[str, Any]:
    dates = [c.date for c in q.claims if c.date]
    metrics = Counter(a.metric for a in q.figures)
    return {
        "key": q.key, "label": q.label, "family": q.family, "span": q.span, "span_text": q.span_text,
        "place": q.place, "subject": q.subject, "metric": metrics.most_common(1)[0][0],
        "metrics": sorted(metrics), "claimants": len({c.claimant.key for c in q.claims}),
        "claims": len(q.claims), "figures": len(q.figures),
        "first": min(dates) if dates else None, "last": max(dates) if dates else None,
    }


def _claimant_summaries(quantities: Sequence[Quantity]) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Canonical claimants by how many claims they made (the outlet's own figures aside)."""
    acc: dict[str, dict[str, Any]] = {}
    for q in quantities:
        for c in q.claims:
            key = c.claimant.key
            if key.startswith("outlet:"):
                continue
            s = acc.get(key)
            if s is None:
                s = acc[key] = {"key": key, "claimant": c.claimant.name, "kinds": Counter(), "names": Counter(),
                                "claims": 0, "figures": [], "quantities": set(), "dates": []}
            s["claims"] += 1
            s["quantities"].add(q.key)
            s["kinds"][c.claimant.kind] += len(c.figures)
            for a in c.figures:
                s["names"][a.claimant_text] += 1
                s["figures"].append(a.id)
            if c.date:
                s["dates"].append(c.date)
    out = []
    lookup: dict[str, dict[str, Any]] = {}
    for s in acc.values():
        kinds = [k for k, _ in s["kinds"].most_common() if k]
        item = {
            "key": s["key"], "claimant": s["claimant"], "claimant_kind": kinds[0] if kinds else None,
            "names": [n for n, _ in s["names"].most_common()], "claims": s["claims"],
            "figures": len(s["figures"]), "quantities": len(s["quantities"]),
            "first": min(s["dates"]) if s["dates"] else None, "last": max(s["dates"]) if s["dates"] else None,
            "_figure_ids": s["figures"],
        }
        out.append(item)
        lookup[s["key"]] = item
        for n in item["names"]:
            lookup.setdefault(fold(n), item)
        lookup.setdefault(fold(item["claimant"]), item)
    out.sort(key=lambda i: (-i["claims"], -i["figures"], i["claimant"].lower()))
    return out, lookup


def public(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if not k.startswith("_")}


class CompareView:
    """The web stage's access to compare; safe to share between request threads."""

    def __init__(self, store: WebStore) -> None:
        self.store = store

    # -- reading ------------------------------------------------------------------------

    def current(self) -> Comparison:
        with self.store._read() as conn:
            return self.store._cached(conn, ("comparison",), self._compute, size=2)

    def _compute(self) -> Comparison:
        found, _total, aliases, _rules, _corrections = ledger_comparison(self.store.ledger)
        quantities = select_quantities(found)
        by_key = {q.key: q for q in quantities}
        quantity_of = {a.id: q.key for q in quantities for a in q.figures}
        claimants, claimant_of = _claimant_summaries(quantities)
        return Comparison(quantities, by_key, quantity_of, claimants, claimant_of, aliases)

    def quantities(self, limit: int = 50, offset: int = 0, q: str | None = None) -> tuple[list[dict[str, Any]], int]:
        """Quantities ranked by how many claimants make competing claims (then documents)."""
        found = self.current().quantities
        if q:
            wanted = fold(q).split()
            found = [x for x in found if all(w in x.haystack() for w in wanted)]
        return [_summary(x) for x in found[offset:offset + limit]], len(found)

    def quantity(self, key: str) -> dict[str, Any]:
        """One quantity: its summary, the latest claim per metric and claimant (the CLI's rows),
        and every claim with the documents reporting it."""
        q = self.current().by_key.get(key)
        if q is None:
            raise NotFound(f"no quantity {key!r}")
        claims = []
        for c in q.claims:
            first = c.first
            claims.append({
                "metric": c.metric, "claimant": c.claimant.name, "claimant_key": c.claimant.key,
                "claimant_kind": c.claimant.kind, "figure": c.figure, "date": c.date, "date_basis": c.date_basis,
                "figure_id": first.id, "subject": first.subject, "place": first.place,
                "reports": [report_record(a) for a in c.reports],
            })
        return {**_summary(q), "rows": compare_quantity(q), "claims": claims,
                "figure_ids": [a.id for a in q.figures]}

    def quantity_key_for(self, metric: str, subject: str) -> str | None:
        """The quantity most figures of this metric and subject (as written) are in: where a
        link from before quantities had keys (`/quantity?metric=&subject=`) now leads."""
        cmp = self.current()
        keys = Counter(cmp.quantity_of[a.id] for q in cmp.quantities for a in q.figures
                       if a.metric == metric and a.subject == subject)
        return keys.most_common(1)[0][0] if keys else None

    def chart_quantity(self, key: str) -> Quantity:
        q = self.current().by_key.get(key)
        if q is None:
            raise NotFound(f"no quantity {key!r}")
        return q

    def claimants(self, limit: int = 50, offset: int = 0, q: str | None = None) -> tuple[list[dict[str, Any]], int]:
        """Canonical claimants (one per source, every name it goes by) by claims made."""
        found = self.current().claimants
        if q:
            needle = q.lower()
            found = [c for c in found if needle in c["claimant"].lower() or any(needle in n.lower() for n in c["names"])]
        return [public(c) for c in found[offset:offset + limit]], len(found)

    def claimant(self, name: str) -> dict[str, Any]:
        """A claimant by its canonical name or any name it goes by, with its figure ids."""
        cmp = self.current()
        item = cmp.claimant_of.get(fold(name))
        if item is None:
            item = next((c for c in cmp.claimants if name in c["names"]), None)
        if item is None:
            raise NotFound(f"no figures claimed by {name!r}")
        return {**public(item), "figure_ids": list(item["_figure_ids"])}

    def corrections(self, action: str | None = None) -> list[dict[str, Any]]:
        t = compare_corrections
        stmt = select(t)
        if action:
            stmt = stmt.where(t.c.action == action)
        with self.store._read() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt.order_by(t.c.id))]

    # -- correcting ---------------------------------------------------------------------

    def correct(self, action: str, user: User, *, source: str | None = None, target: str | None = None,
                figure_id: int | None = None, figure_ids: Sequence[int] = (), label: str | None = None
                ) -> dict[str, Any]:
        """Apply one correction (see the module docstring); returns what was stored.

        `move_figure` moves `figure_id` (or every one of `figure_ids`) to quantity `target`;
        `split_quantity` moves `figure_ids` out of quantity `source` into a new quantity named
        by `label`. Both are stored as one `move_figure` row per figure."""
        cmp = self.current()
        rows: list[dict[str, Any]] = []
        if action == "move_figure":
            ids = sorted(set(figure_ids) | ({figure_id} if figure_id is not None else set()))
            missing = [i for i in ids if i not in cmp.quantity_of]
            if not ids or missing:
                raise NotFound(f"no figure {missing[0] if missing else '(none given)'} in any quantity")
            target = _name("target", target)
            rows.extend({"action": action, "figure_id": i, "source": cmp.quantity_of[i], "target": target}
                        for i in ids)
            kind, subject = "figure", ",".join(map(str, ids))
        elif action == "merge_quantity":
            source, target = _name("source", source), _name("target", target)
            if source not in cmp.by_key:
                raise NotFound(f"no quantity {source!r}")
            if source == target:
                raise ReviewError(f"target: cannot merge quantity {source!r} into itself")
            rows.append({"action": action, "source": source, "target": target})
            kind, subject = "quantity", source
        elif action == "split_quantity":
            source = _name("source", source)
            q = cmp.by_key.get(source)
            if q is None:
                raise NotFound(f"no quantity {source!r}")
            ids = sorted(set(figure_ids))
            inside = {a.id for a in q.figures}
            if not ids or not set(ids) <= inside:
                raise ReviewError("figure_ids: name one or more figures of this quantity")
            if len(ids) == len(inside):
                raise ReviewError("figure_ids: leave at least one figure in the quantity (or merge it instead)")
            slug = re.sub(r"[^\w]+", "-", fold(_name("label", label))).strip("-") or "split"
            target = f"{source.split('#', 1)[0]}#{slug}"
            rows.extend({"action": "move_figure", "figure_id": i, "source": source, "target": target} for i in ids)
            kind, subject = "quantity", source
        elif action in ("merge_claimant", "split_claimant", "claimant_kind"):
            source = _name("source", source)
            if fold(source) not in cmp.claimant_of and not any(source in c["names"] for c in cmp.claimants):
                raise NotFound(f"no figures claimed by {source!r}")
            if action == "merge_claimant":
                target = _name("target", target)
                if fold(target) == fold(source):
                    raise ReviewError(f"target: cannot merge claimant {source!r} into itself")
            elif action == "claimant_kind":
                target = _name("target", target)
                if target not in CLAIMANT_KINDS:
                    raise ReviewError(f"target: {target!r} is not a claimant kind ({', '.join(CLAIMANT_KINDS)})")
            else:
                target = None
            rows.append({"action": action, "source": source, "target": target})
            kind, subject = "claimant", source
        else:
            raise ReviewError(f"action: {action!r} is not one of {', '.join((*ACTIONS, 'split_quantity'))}")
        stamp = now()
        with self.store._write() as conn, conn.begin():
            ids_written = []
            for r in rows:
                ids_written.append(int(conn.execute(
                    insert(compare_corrections).values(**r, user_id=user.id, created_at=stamp)
                    .returning(compare_corrections.c.id)).scalar_one()))
            moved = [r["figure_id"] for r in rows if "figure_id" in r]
            after = {"action": action, "source": source, "target": target, "corrections": ids_written,
                     **({"figure_ids": moved} if moved else {})}
            before = {"quantities": {str(i): cmp.quantity_of[i] for i in moved}} if moved else None
            self.store._audit(conn, user.id, user.name, action, kind, subject, before, after)
        return after

    def undo(self, correction_id: int, user: User) -> dict[str, Any]:
        """Undo one correction (and, for a split, every move the split wrote at once)."""
        t = compare_corrections
        correction_id = _existing_id("correction", correction_id)  # past the integer range: 404, not a driver error
        with self.store._write() as conn, conn.begin():
            row = conn.execute(select(t).where(t.c.id == correction_id)).first()
            if row is None or row.undone_at is not None:
                raise NotFound(f"no active correction {correction_id}")
            same = [row.id]
            if row.action == "move_figure":  # the other moves of the same split
                same = [r.id for r in conn.execute(select(t.c.id).where(
                    t.c.action == "move_figure", t.c.target == row.target, t.c.created_at == row.created_at,
                    t.c.user_id == row.user_id, t.c.undone_at.is_(None)))]
            conn.execute(update(t).where(t.c.id.in_(same)).values(undone_at=now()))
            before = {"action": row.action, "source": row.source, "target": row.target, "corrections": same}
            kind = "claimant" if "claimant" in row.action else ("figure" if row.action == "move_figure" else "quantity")
            target = str(row.figure_id) if row.action == "move_figure" and len(same) == 1 else (row.source or "")
            self.store._audit(conn, user.id, user.name, "undo_" + row.action, kind, target, before, None)
        return {"undone": same}


def _name(field: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ReviewError(f"{field}: must not be empty")
    value = " ".join(value.split())
    if len(value) > MAX_NAME or "\x00" in value:
        raise ReviewError(f"{field}: longer than {MAX_NAME} characters or holds a NUL character")
    return value


