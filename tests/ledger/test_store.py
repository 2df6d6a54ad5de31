"""The ledger API of docs/architecture.md, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from claimtally.ledger import AddResult, open_ledger
from claimtally.ledger.schema import LEDGER_TABLES, SEARCH_INDEXES, claimants, documents, figures, metadata, runs
from claimtally.model import FIGURE_FIELDS, Document, Figure
from tests.conftest import fresh_pg_database


def fig(doc: str, value, metric: str = "killed", **kw) -> Figure:
    base = dict(doc=doc, start=0, end=2, text=str(value), sentence=f"{value} people were {metric}.",
                value=value, low=value, high=value, approx=False, qualifier=None, metric=metric,
                subject="people")
    base.update(kw)
    return Figure(**base)


def add(ledger, doc: Document, figs: list[Figure], **kw) -> AddResult:
    digest = hashlib.sha256(doc.text.encode()).hexdigest()
    return ledger.add_document(doc, figs, text_hash=digest, extractor_version="x1", **kw)


def test_add_unchanged_new_version(db_url: str) -> None:
    with open_ledger(db_url) as ledger:
        first = add(ledger, Document(id="a", text="v1"), [fig("a", 1)])
        assert first.status == "added" and first.previous_id is None
        again = add(ledger, Document(id="a", text="v1"), [fig("a", 1), fig("a", 9)])
        assert again == AddResult(first.document_id, "unchanged", None)
        second = add(ledger, Document(id="a", text="v2"), [fig("a", 2)])
        assert second.status == "new_version" and second.previous_id == first.document_id
        third = add(ledger, Document(id="a", text="v3"), [])
        assert third.previous_id == second.document_id
        with ledger.engine.connect() as conn:
            rows = conn.execute(
                select(documents.c.id, documents.c.version, documents.c.previous_version_id)
                .order_by(documents.c.id)
            ).all()
            assert [(r.version, r.previous_version_id) for r in rows] == [
                (1, None), (2, first.document_id), (3, second.document_id)
            ]
            assert conn.execute(select(func.count()).select_from(figures)).scalar() == 2
        # Only the latest version's figures by default; every version on request.
        assert [r["value"] for r in ledger.query_figures()] == []
        assert sorted(r["value"] for r in ledger.query_figures(all_versions=True)) == [1, 2]


def test_figure_round_trips_every_field(db_url: str) -> None:
    original = Figure(
        doc="kemerovo", start=120, end=137, text="as many as 11,000", sentence="As many as 11,000 — “über”.",
        value=None, low=7000, high=15000.5, approx=True, qualifier="as many as", metric="detained",
        subject="protesters", place="Moscow", claimant="OVD-Info", claimant_kind="independent",
        cue="according to", claim_date="2022-03-06", period_start="2022-02-24", period_end="2022-03-06",
        remarks=["impossible to independently verify", "first toll"],
    )
    doc = Document(id="kemerovo", text="full text", source="file", url="https://example.org/k",
                   canonical_url="https://example.org/k", site="example.org", title="Title",
                   author="A. Writer", published="2022-03-07", language="en", fetched_at="2022-03-07T10:00:00")
    with open_ledger(db_url) as ledger:
        res = add(ledger, doc, [original], minhash=b"\x00\x01sig")
        (row,) = ledger.query_figures()
    assert {k: row[k] for k in FIGURE_FIELDS} == original.to_dict()
    assert row["document_id"] == res.document_id and isinstance(row["id"], int)
    assert (row["url"], row["title"], row["site"], row["published"]) == (
        "https://example.org/k", "Title", "example.org", "2022-03-07")
    assert row["duplicate_of"] is None and row["extractor_version"] == "x1"
    assert isinstance(row["low"], int) and isinstance(row["high"], float)
    json.dumps(row)  # plain JSON types only


def test_lookups_runs_and_claimants(db_url: str) -> None:
    with open_ledger(db_url) as ledger:
        run = ledger.start_run(["feed.xml", "page.html"])
        a = add(ledger, Document(id="a", text="same text"), [
            fig("a", 1, claimant="the health ministry", claimant_kind="government"),
            fig("a", 2, claimant="UN OCHA", claimant_kind="international"),
            fig("a", 3, claimant="the health ministry", claimant_kind="government"),
        ], minhash=b"mh-a", run_id=run)
        b = add(ledger, Document(id="b", text="same text"), [fig("b", 4, claimant="UN OCHA")],
                duplicate_of=a.document_id, run_id=run)
        ledger.finish_run(run, documents=2, figures=4, skipped=1, failed=0)
        digest = hashlib.sha256(b"same text").hexdigest()
        assert ledger.find_by_hash(digest) == a.document_id
        assert ledger.find_by_hash("nope") is None
        assert list(ledger.iter_signatures()) == [(a.document_id, b"mh-a")]
        assert {r["duplicate_of"] for r in ledger.query_figures(doc="b")} == {a.document_id}
        with ledger.engine.connect() as conn:
            names = conn.execute(select(claimants.c.name, claimants.c.kind, claimants.c.aliases)
                                 .order_by(claimants.c.name)).all()
            assert [tuple(r) for r in names] == [
                ("UN OCHA", "international", "[]"), ("the health ministry", "government", "[]")]
            linked = conn.execute(text(
                "SELECT count(*) FROM figures f JOIN claimants c ON c.id = f.claimant_id "
                "WHERE c.name = f.claimant")).scalar()
            assert linked == 4
            r = conn.execute(select(runs).where(runs.c.id == run)).one()
            assert (r.status, r.documents, r.figures, r.skipped, r.failed) == ("finished", 2, 4, 1, 0)
            assert json.loads(r.sources) == ["feed.xml", "page.html"] and r.finished_at >= r.started_at
            assert conn.execute(select(func.count()).select_from(documents)
                                .where(documents.c.run_id == run)).scalar() == 2
            assert b.document_id != a.document_id


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def filled(request, tmp_path_factory) -> Iterator[str]:
    """One small ledger per backend, shared by the (read-only) filter cases."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            db = str(tmp_path_factory.mktemp("filled") / "f.db")
        else:
            db = stack.enter_context(fresh_pg_database("ledger"))
        _fill(db)
        yield db


def _fill(db: str) -> None:
    with open_ledger(db) as ledger:
        add(ledger, Document(id="a", text="A", published="2022-02-10"), [
            fig("a", 10, claimant="Ukraine's health ministry", subject="civilians", claim_date="2022-02-09"),
            fig("a", 20, "wounded", claimant="UN OCHA", subject="civilians"),
        ])
        add(ledger, Document(id="b", text="B", published="2022-03-05T08:00:00+00:00"), [
            fig("b", 5, claimant="Russia's Defence Ministry", subject="Ukrainian troops",
                claim_date="2022-03-04"),
            fig("b", 100, "detained", subject="100%_protesters"),
        ])
        add(ledger, Document(id="c", text="C1", published="2022-04-01"), [fig("c", 1)])
        add(ledger, Document(id="c", text="C2", published="2022-04-01"), [fig("c", 2)])


FILTERS = [
    ({}, [10, 20, 5, 100, 2]),
    ({"metric": "killed"}, [10, 5, 2]),
    ({"metric": ["wounded", "detained"]}, [20, 100]),
    ({"claimant": "ministry"}, [10, 5]),
    ({"claimant": "DEFENCE"}, [5]),
    ({"claimant": "ocha", "metric": "killed"}, []),
    ({"subject": "civil"}, [10, 20]),
    ({"subject": "%"}, [100]),  # LIKE wildcards are matched literally
    ({"subject": "_"}, [100]),
    ({"since": "2022-02-10"}, [20, 5, 100, 2]),  # claim date 02-09 wins over publication 02-10
    ({"until": "2022-03-04"}, [10, 20, 5]),
    ({"since": "2022-03-05", "until": "2022-03-05"}, [100]),  # publication timestamp, by day
    ({"doc": "c"}, [2]),
    ({"doc": "c", "all_versions": True}, [1, 2]),
    ({"doc": "zzz"}, []),
    ({"limit": 2}, [10, 20]),
    ({"limit": 2, "offset": 3}, [100, 2]),
]


@pytest.mark.parametrize(("kwargs", "values"), FILTERS, ids=[str(k) for k, _ in FILTERS])
def test_query_filters(filled: str, kwargs: dict, values: list) -> None:
    with open_ledger(filled) as ledger:
        assert [r["value"] for r in ledger.query_figures(**kwargs)] == values


def test_migrated_schema_matches_metadata(db_url: str) -> None:
    with open_ledger(db_url) as ledger, ledger.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "include_name": lambda name, kind, parent: (kind != "table" or name in LEDGER_TABLES)
            and name not in SEARCH_INDEXES,
        })
        assert compare_metadata(ctx, metadata) == []
        insp = inspect(conn)
        fks = {(fk["referred_table"], tuple(fk["constrained_columns"])) for fk in insp.get_foreign_keys("figures")}
        assert ("documents", ("document_id",)) in fks and ("claimants", ("claimant_id",)) in fks
        assert "figures_view" in insp.get_view_names()


def test_sqlite_is_wal_with_readable_view_and_full_text_search(tmp_path: Path) -> None:
    path = tmp_path / "claimtally.db"
    with open_ledger(str(path)) as ledger:
        add(ledger, Document(id="k", text="K", url="https://e.org/k", title="Kemerovo", published="2022-03-07"),
            [fig("k", 41, sentence="Officials said 41 people died in the Kemerovo fire."),
             fig("k", 3, "detained", sentence="Police detained three protesters.")])
    # What datasette does, with nothing but sqlite3.
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    rows = conn.execute("SELECT value, metric, title, url, published, is_latest FROM figures_view "
                        "ORDER BY value").fetchall()
    assert rows == [(3.0, "detained", "Kemerovo", "https://e.org/k", "2022-03-07", 1),
                    (41.0, "killed", "Kemerovo", "https://e.org/k", "2022-03-07", 1)]
    hits = conn.execute("SELECT f.value FROM figures_fts JOIN figures f ON f.id = figures_fts.rowid "
                        "WHERE figures_fts MATCH 'kemerovo'").fetchall()
    assert hits == [(41.0,)]
    # datasette's own test for "this table has full-text search" (datasette.utils.detect_fts_sql).
    found = conn.execute("""SELECT name FROM sqlite_master WHERE rootpage = 0
        AND sql LIKE '%VIRTUAL TABLE%USING FTS%content="figures"%'""").fetchall()
    assert found == [("figures_fts",)]
    conn.close()


def test_reviewed_values_override_extracted_ones(db_url: str) -> None:
    with open_ledger(db_url) as ledger:
        add(ledger, Document(id="r", text="R"), [fig("r", 10), fig("r", 20), fig("r", 30)])
        with ledger.engine.connect() as conn:
            if "figure_reviews" not in inspect(conn).get_table_names():
                pytest.skip("the web stage's review tables are not part of this checkout")
        ids = [r["id"] for r in ledger.query_figures()]
        with ledger.engine.begin() as conn:
            conn.execute(text("INSERT INTO figure_reviews (figure_id, status, value, low, high, metric, subject, "
                              "reviewed_at) VALUES (:i, 'corrected', 11, 11, 11, 'wounded', 'civilians', 'now')"),
                         {"i": ids[0]})
            conn.execute(text("INSERT INTO figure_reviews (figure_id, status, reviewed_at) "
                              "VALUES (:i, 'rejected', 'now')"), {"i": ids[1]})
        rows = ledger.query_figures()
        assert [(r["value"], r["metric"], r["subject"]) for r in rows] == [
            (11, "wounded", "civilians"), (30, "killed", "people")]
        assert [r["value"] for r in ledger.query_figures(metric="wounded")] == [11]
