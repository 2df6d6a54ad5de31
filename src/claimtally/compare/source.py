"""Where compare's figures come from: a ledger, read as a stream of `RECORD_KEYS` tuples.

Compare itself takes any iterable of figure records (`claimtally.compare.core.annotate`); this
module is the ledger's reader, shared by `claimtally compare`, `claimtally chart` and the
dashboard so all of them see the same figures (latest document versions, reviewed values, no
rejected figures) and the same reviewers' corrections. Another source (a Parquet dataset)
only needs to yield the same tuples.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtally.compare.core import FIGURE_KEYS
from claimtally.compare.corrections import Corrections, load_corrections

if TYPE_CHECKING:
    from claimtally.compare.claimants import AliasTable
    from claimtally.compare.quantities import Quantity
    from claimtally.compare.subjects import SubjectRules


class SourceError(Exception):
    """The ledger cannot be read; the message names it."""


def _figures_source(ledger: Any) -> Any:
    """The ledger's figures as readers should see them: the web stage's reviewed view when the
    ledger has one (`Ledger._figures`), else the figures table."""
    from claimtally.ledger.schema import figures

    return getattr(ledger, "_figures", figures)


def ledger_records(
    ledger: Any, metrics: Sequence[str] | None = None, lean: bool = False, ids: Sequence[Any] | None = None
) -> list[tuple[Any, ...]]:
    """The ledger's figures as `RECORD_KEYS` tuples, read in plain scans.

    Same rows as `query_figures` (latest document versions, reviewed values), several times
    faster on a large ledger because no JSON is materialised per figure. `lean` leaves the
    sentence and number text out (None): what a cached grouping needs (`compare.cache`);
    `ids` reads only those figures.
    """
    from sqlalchemy import null, select

    from claimtally.ledger.schema import documents as d

    f = _figures_source(ledger)
    with ledger.engine.connect() as conn:
        docs = conn.execute(select(d.c.id, d.c.doc_key, d.c.published, d.c.duplicate_of, d.c.url, d.c.site,
                                   d.c.title, d.c.previous_version_id)).all()
        base = select(*[null().label(c) if lean and c in ("sentence", "text") else f.c[c] for c in FIGURE_KEYS])
        if metrics:
            base = base.where(f.c.metric.in_(list(metrics)))
        wanted = sorted(set(ids)) if ids is not None else None
        statements = [base] if wanted is None else [base.where(f.c.id.in_(wanted[i:i + 900]))
                                                     for i in range(0, len(wanted), 900)]
        figs: list[Any] = []
        for stmt in statements:
            figs.extend(_fetch(conn, stmt))
    superseded = {r.previous_version_id for r in docs if r.previous_version_id is not None}
    doc_info = {r.id: (r.doc_key, r.published, r.duplicate_of, r.url, r.site, r.title)
                for r in docs if r.id not in superseded}
    # Plain tuples, no dict per figure (this runs 100,000 times on a big ledger); compare makes
    # dicts only for the figures it shows, and tidies 498.0 to 498 there.
    return [(*t, *info) for t in figs if (info := doc_info.get(t[1])) is not None]


def _fetch(conn: Any, stmt: Any) -> list[Any]:
    """A statement built with SQLAlchemy (one text for SQLite and PostgreSQL) run on the
    driver's cursor: its plain tuples cost half of SQLAlchemy's rows at 100,000 figures."""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positional:
        params = tuple(params[k] for k in compiled.positiontup or ())
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()


def ledger_claimants(ledger: Any) -> list[dict[str, Any]]:
    """The ledger's `claimants` rows that carry aliases, shaped like alias-file entries."""
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from claimtally.ledger.schema import claimants

    try:
        with ledger.engine.connect() as conn:
            return [
                {"name": r.name, "kind": r.kind, "aliases": json.loads(r.aliases or "[]")}
                for r in conn.execute(select(claimants.c.name, claimants.c.kind, claimants.c.aliases)
                                      .where(claimants.c.aliases != "[]"))
            ]
    except (SQLAlchemyError, ValueError):
        return []


def ledger_corrections(ledger: Any) -> Corrections:
    """Reviewers' grouping corrections stored in the ledger."""
    with ledger.engine.connect() as conn:
        return load_corrections(conn)


def figure_details(ledger: Any, ids: Sequence[Any]) -> dict[Any, dict[str, Any]]:
    """Text, remarks, sentence and offset of the given figures (figure id -> dict)."""
    from sqlalchemy import select

    out: dict[Any, dict[str, Any]] = {}
    wanted = sorted({i for i in ids if i is not None})
    f = _figures_source(ledger)
    with ledger.engine.connect() as conn:
        for i in range(0, len(wanted), 900):
            stmt = select(f.c.id, f.c.sentence, f.c.text, f.c.remarks, f.c.start).where(f.c.id.in_(wanted[i : i + 900]))
            for r in conn.execute(stmt):
                try:
                    remarks = json.loads(r.remarks) if r.remarks else []
                except ValueError:
                    remarks = []
                out[r.id] = {"sentence": r.sentence, "text": r.text, "remarks": remarks, "start": r.start}
    return out


def ledger_comparison(
    ledger: Any,
    alias_files: Sequence[str | Path] = (),
    metrics: Sequence[str] | None = None,
    any_place: bool = False,
    top: int = 0,
) -> tuple[list[Quantity], int, AliasTable, SubjectRules, Corrections]:
    """The ledger's quantities, the number of them, and the alias table, subject rules and
    corrections they were built with.

    Unfiltered and unsorted (see `select_quantities`), except with `top` > 0: then only the
    `top` most contested quantities are wanted and, when the grouping is cached, only their
    figures are read (the default `claimtally compare` view). An unchanged ledger's grouping is
    read from the cache (`claimtally.compare.cache`) instead of recomputed; a full grouping
    (every metric, places kept apart) is cached for the next run, most contested first.
    """
    from claimtally.compare import cache
    from claimtally.compare.claimants import load_aliases
    from claimtally.compare.core import annotate
    from claimtally.compare.quantities import build_quantities, select_quantities
    from claimtally.compare.subjects import load_subject_rules

    rules = load_subject_rules()
    corrections = ledger_corrections(ledger)
    aliases = corrections.apply_to(load_aliases(alias_files, ledger_claimants(ledger)))
    where = cache.path_for(cache.ledger_identity(ledger), cache.fingerprint(alias_files))
    with ledger.engine.connect() as conn:
        token = cache.state(conn)
    payload = None if any_place else cache.load(where, token)
    if payload is not None:
        wanted = cache.figures_of(payload, top) if top and not metrics else None
        found = cache.restore(payload, ledger_records(ledger, metrics, lean=True, ids=wanted), rules, top)
        if found is not None:
            return found, len(payload["quantities"]), aliases, rules, corrections
    quantities = build_quantities(annotate(ledger_records(ledger, metrics), aliases, rules), rules, corrections,
                                  any_place)
    if not metrics and not any_place:
        quantities = select_quantities(quantities)
        cache.save(where, token, quantities)
    return quantities, len(quantities), aliases, rules, corrections
