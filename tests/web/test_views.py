"""`figures_current`, the view for Datasette and ad-hoc SQL, shows what comparisons read: reviewed
values, no rejected figures and no figures of superseded document versions (issue 11, item 5)."""

from __future__ import annotations

import hashlib

from sqlalchemy import text

from claimtally.ledger import open_ledger
from claimtally.model import Document, Figure
from claimtally.web.store import User, WebStore


def _fig(doc: str, value: int) -> Figure:
    return Figure(doc=doc, start=15, end=17, text=str(value), sentence=f"Officials said {value} people were killed.",
                  value=value, low=value, high=value, approx=False, qualifier=None, metric="killed", subject="people",
                  claimant="officials", claimant_kind="government", claim_date="2022-03-07")


def _add(ledger, body: str, values: list[int]) -> int:
    doc = Document(id="report", text=body, published="2022-03-07")
    return ledger.add_document(doc, [_fig("report", v) for v in values],
                               text_hash=hashlib.sha256(body.encode()).hexdigest(), extractor_version="t").document_id


def test_figures_current_leaves_out_superseded_versions(db_url: str) -> None:
    with open_ledger(db_url) as ledger:
        first = _add(ledger, "Officials said 10 people were killed.", [10, 11])
        second = _add(ledger, "Officials said 12 people were killed.", [12, 13])
        store = WebStore(ledger)
        uid = store.add_user("rev", "x" * 20)
        with ledger.engine.connect() as conn:
            rejected = conn.execute(text("SELECT id FROM figures WHERE value = 13")).scalar_one()
        store.review(rejected, User(uid, "rev"), "reject")
        with ledger.engine.connect() as conn:
            current = conn.execute(text("SELECT document_id, value FROM figures_current ORDER BY value")).all()
            reviewed = conn.execute(text("SELECT count(*) FROM figures_reviewed")).scalar_one()
        assert [tuple(r) for r in current] == [(second, 12)]
        assert reviewed == 4  # the other view still has every figure
        # Readers that ask for every version still get the old one (rejected figures stay out).
        every = ledger.query_figures(all_versions=True)
        assert sorted((r["document_id"], r["value"]) for r in every) == [(first, 10), (first, 11), (second, 12)]
        assert [r["value"] for r in ledger.query_figures()] == [12]
