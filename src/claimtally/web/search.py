"""Ranked full-text search over articles and figure sentences: FTS5 on SQLite, tsvector on PostgreSQL.

One query language on both, PostgreSQL's `websearch_to_tsquery`: words must all appear,
`"a phrase"` in that order, `a OR b` either, `-word` not. On SQLite the query is rewritten into
FTS5 syntax with every word quoted, so no input is an FTS5 syntax error or an operator the user
did not mean. Each match comes with a rank where lower is better (FTS5's bm25; minus ts_rank),
so callers sort one way on both backends. The indexes are the ledger's migration `0003_search`
(and `figures_fts` of `0001`); the PostgreSQL expressions here must stay the ones indexed there.
"""

from __future__ import annotations

import re

from sqlalchemy import Float, Integer, column, text
from sqlalchemy.sql import Subquery

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
#: Document ranks weigh a word in the title ten times one in the text (SQLite's bm25 weights;
#: on PostgreSQL the title is weight A, the text B, which ts_rank's defaults rate 1.0 and 0.4).
_DOC_BM25 = "bm25(documents_fts, 10.0, 1.0)"
_PG_SENTENCE = "to_tsvector('simple'::regconfig, left(sentence, 100000))"
_PG_DOCUMENT = ("(setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
                "setweight(to_tsvector('simple'::regconfig, left(text, 100000)), 'B'))")
_PG_QUERY = "websearch_to_tsquery('simple'::regconfig, :q)"


def _quoted(words: str) -> str:
    return '"' + words.replace('"', '""') + '"'


def fts5_query(q: str) -> str | None:
    """The FTS5 form of a websearch query; None when it asks for nothing (no positive word)."""
    groups: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    for minus, phrase, word in _TOKEN.findall(q):
        if word == "OR":
            join_next = bool(groups)
            continue
        if word.startswith("-") and len(word) > 1:
            minus, word = "-", word[1:]
        term = (word or phrase).strip()
        if not re.search(r"\w", term):
            continue
        if minus:
            excluded.append(_quoted(term))
        elif join_next:
            groups[-1].append(_quoted(term))
        else:
            groups.append([_quoted(term)])
        join_next = False
    if not groups:
        return None
    positive = " AND ".join(g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups)
    return positive + "".join(f" NOT {t}" for t in excluded)


def _matches(dialect: str, q: str, sqlite_sql: str, postgresql_sql: str) -> Subquery | None:
    query = fts5_query(q)  # also decides, for PostgreSQL, whether `q` asks for anything at all
    if query is None:
        return None
    stmt = text(sqlite_sql).bindparams(q=query) if dialect == "sqlite" else text(postgresql_sql).bindparams(q=q)
    return stmt.columns(column("id", Integer), column("rank", Float)).subquery("matches")


def figure_matches(dialect: str, q: str) -> Subquery | None:
    """(id, rank) of the figures whose sentence matches `q`; None when `q` asks for nothing."""
    return _matches(
        dialect, q,
        "SELECT rowid AS id, bm25(figures_fts) AS rank FROM figures_fts WHERE figures_fts MATCH :q",
        f"SELECT id, -ts_rank({_PG_SENTENCE}, {_PG_QUERY}) AS rank FROM figures WHERE {_PG_SENTENCE} @@ {_PG_QUERY}",
    )


def document_matches(dialect: str, q: str) -> Subquery | None:
    """(id, rank) of the documents whose title or text matches `q`; None when `q` asks for nothing."""
    return _matches(
        dialect, q,
        f"SELECT rowid AS id, {_DOC_BM25} AS rank FROM documents_fts WHERE documents_fts MATCH :q",
        f"SELECT id, -ts_rank({_PG_DOCUMENT}, {_PG_QUERY}) AS rank FROM documents "
        f"WHERE {_PG_DOCUMENT} @@ {_PG_QUERY}",
    )
