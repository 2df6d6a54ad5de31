"""Search finds articles by their text and figures by their sentence, best match first, on
SQLite (FTS5) and PostgreSQL (tsvector) alike (issue 11, item 19). It used to match only titles
and document keys, as substrings, in no particular order.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

from claimtally.ledger import open_ledger
from claimtally.model import Document, Figure
from tests.conftest import fresh_pg_database
from tests.web.conftest import add_text, make_client

ARTICLES = [
    # (key, title, text, sentences with a figure)
    ("port", "Overnight attack on the coast",
     "Officials in Mariupol said 31 people were killed when shelling hit the port. Rescue work went on.",
     ["Officials in Mariupol said 31 people were killed when shelling hit the port."]),
    ("drones", "Drone strike on Kharkiv, drone debris falls on homes",
     "Regional officials said 4 people were wounded after a drone strike on Kharkiv. The drone was shot down "
     "over the city, and drone debris fell on homes.",
     ["Regional officials said 4 people were wounded after a drone strike on Kharkiv."]),
    ("shelling", "Kharkiv under fire",
     "The governor said 12 people were killed by shelling in Kharkiv overnight, and drone units were active.",
     ["The governor said 12 people were killed by shelling in Kharkiv overnight"]),
    ("ru", "Обстрел Харькова",
     "Губернатор сообщил, что при обстреле Харькова погибли 7 человек.",
     ["Губернатор сообщил, что при обстреле Харькова погибли 7 человек."]),
]


def _figure(key: str, text: str, sentence: str) -> Figure:
    start = text.index(sentence)
    number = next(t for t in sentence.split() if t.isdigit())
    pos = start + sentence.index(number)
    value = int(number)
    return Figure(doc=key, start=pos, end=pos + len(number), text=number, sentence=sentence, value=value, low=value,
                  high=value, approx=False, qualifier=None, metric="killed", subject="people", claimant="officials",
                  claimant_kind="government", claim_date="2022-04-20")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The articles in a ledger on each backend, built once for the module (searches only read)."""
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            db = str(tmp_path_factory.mktemp("search") / "ledger.db")
        else:
            db = stack.enter_context(fresh_pg_database("web"))
        with open_ledger(db) as ledger:
            for key, title, text, sentences in ARTICLES:
                add_text(ledger, Document(id=key, text=text, title=title, published="2022-04-20"),
                         [_figure(key, text, s) for s in sentences])
        yield stack.enter_context(make_client(db))


def _docs(client: Any, q: str) -> list[str]:
    resp = client.get("/api/documents", params={"q": q})
    assert resp.status_code == 200, resp.text
    return [d["doc_key"] for d in resp.json()["items"]]


def _sentences(client: Any, q: str) -> list[str]:
    resp = client.get("/api/figures", params={"q": q})
    assert resp.status_code == 200, resp.text
    return [f["doc"] for f in resp.json()["items"]]


def test_documents_are_found_by_their_text(client: Any) -> None:
    assert _docs(client, "Mariupol") == ["port"]  # in the text only, not the title or key
    assert _docs(client, "rescue work") == ["port"]


def test_documents_are_ranked(client: Any) -> None:
    # "drone" in the title and four times in the text beats one mention in passing.
    assert _docs(client, "drone") == ["drones", "shelling"]


@pytest.mark.parametrize(("q", "found"), [
    ("Kharkiv", ["drones", "shelling"]),
    ("shelling Kharkiv", ["shelling"]),
    ('"drone strike"', ["drones"]),
    ("Kharkiv -drone", ["shelling"]),
    ("Mariupol OR overnight", None),  # either word: order by rank, both documents
    ("Харькова", ["ru"]),
])
def test_figures_are_found_by_their_sentence(client: Any, q: str, found: list[str] | None) -> None:
    got = _sentences(client, q)
    if found is None:
        assert sorted(got) == ["port", "shelling"]
    else:
        assert sorted(got) == sorted(found)


def test_figures_by_a_claimant_not_in_the_sentence(client: Any) -> None:
    """Every claimant is "officials": all four figures match, those saying it in the sentence first."""
    found = _sentences(client, "officials")
    assert sorted(found) == ["drones", "port", "ru", "shelling"]
    assert set(found[:2]) == {"drones", "port"}


def test_odd_queries_are_answered_not_errors(client: Any) -> None:
    for q in ['"', "NEAR(", "*", "a OR", "-", ")(", "AND", "title:x", "^x", "'", "%_\\", "--x", "a:b*"]:
        assert client.get("/api/documents", params={"q": q}).status_code == 200, q
        assert client.get("/api/figures", params={"q": q}).status_code == 200, q
        assert client.get("/search", params={"q": q}).status_code == 200, q


def test_the_search_page_shows_articles_found_by_text(client: Any) -> None:
    page = client.get("/search", params={"q": "Mariupol"}).text
    assert "Overnight attack on the coast" in page


def test_postgresql_search_uses_the_indexes(pg_url: str) -> None:
    from sqlalchemy import text

    from claimtally.web.search import document_matches, figure_matches

    with open_ledger(pg_url) as ledger, ledger.engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))
        for matches, index in ((document_matches("postgresql", "drone"), "ix_documents_search"),
                               (figure_matches("postgresql", "drone"), "ix_figures_sentence_search")):
            inner = matches.element.element  # the TextClause of the (id, rank) query
            plan = "\n".join(r[0] for r in conn.execute(text(f"EXPLAIN {inner.text}"), {"q": "drone"}))
            assert index in plan, plan


def test_documents_stored_before_the_search_migration_are_found(tmp_path: Any) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from claimtally.ledger.store import _migration_config

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(_migration_config(conn), "web_0001")  # the schema before 0003_search
        from sqlalchemy import text

        conn.execute(text("INSERT INTO documents (doc_key, version, text, text_hash, ingested_at) "
                          "VALUES ('old', 1, 'An archived report from Mariupol.', 'h', '2022-01-01')"))
    engine.dispose()
    with make_client(str(path)) as c:
        assert _docs(c, "Mariupol") == ["old"]


@pytest.mark.parametrize(("q", "fts5"), [
    ("killed", '"killed"'),
    ("Kyiv region", '"Kyiv" AND "region"'),
    ('"Kyiv region" -Russia', '"Kyiv region" NOT "Russia"'),
    ("a OR b c", '("a" OR "b") AND "c"'),
    ('ab"c NEAR(x', '"ab""c" AND "NEAR(x"'),
    ("-only -negative", None),
    ("OR", None),
    ("*** ---", None),
])
def test_websearch_queries_become_quoted_fts5(q: str, fts5: str | None) -> None:
    from claimtally.web.search import fts5_query

    assert fts5_query(q) == fts5
