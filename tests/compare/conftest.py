"""Shared helpers for the compare tests: ledger rows as plain dicts, and small real ledgers.

Most of compare is pure functions over `query_figures` rows, so the tables of cases build rows
with `row(...)`; the command tests store figures through the ledger API (`store`) and run the
real CLI against that SQLite file, or PostgreSQL when $CLAIMTALLY_TEST_PG is set (as in CI):
`db_url` comes from `tests/conftest.py`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimtally.model import Document, Figure

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path | None:
    """The project's shared data (corpus, gold), as the Makefile finds it: $SHARED or ../shared."""
    for cand in (os.environ.get("SHARED"), REPO.parent / "shared", Path("/work/shared")):
        if cand and (Path(cand) / "corpus" / "INDEX.tsv").is_file():
            return Path(cand)
    return None


_ids = iter(range(1, 10**9))


def row(**kw: Any) -> dict[str, Any]:
    """A `query_figures` row with defaults; keywords override (claimant, value, dates, ...)."""
    value = kw.pop("value", 100)
    base: dict[str, Any] = {
        "id": next(_ids), "document_id": 1, "doc": "doc-a", "start": 0, "end": 3, "text": str(value),
        "sentence": f"{value} were killed, officials said.", "value": value, "low": value, "high": value,
        "approx": False, "qualifier": None, "metric": "killed", "subject": "Russian troops", "place": None,
        "claimant": "Russia's military", "claimant_kind": "government", "cue": "said",
        "claim_date": "2022-03-02", "period_start": None, "period_end": None, "remarks": [],
        "url": None, "title": None, "site": None, "published": "2022-03-07", "duplicate_of": None,
        "extractor_version": "test",
    }
    base.update(kw)
    return base


def figure(**kw: Any) -> Figure:
    """A Figure for storing through the ledger API (same defaults as `row`)."""
    data = row(**kw)
    return Figure.from_dict(data)


def store(db: str, docs: Sequence[tuple[Document, Sequence[Figure]]], duplicates: dict[str, str] | None = None) -> None:
    """Add documents with their figures to the ledger at `db`; `duplicates` maps doc id -> original id."""
    from claimtally.ledger import open_ledger

    ids: dict[str, int] = {}
    with open_ledger(db) as ledger:
        for doc, figs in docs:
            dup = ids.get((duplicates or {}).get(doc.id, ""))
            res = ledger.add_document(doc, list(figs), text_hash=hashlib.sha256(doc.text.encode()).hexdigest(),
                                      duplicate_of=dup, extractor_version="test")
            ids[doc.id] = res.document_id
