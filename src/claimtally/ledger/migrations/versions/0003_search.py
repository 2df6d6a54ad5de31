"""Full-text search over documents (title and text) and figure sentences, on both backends.

Revision ID: 0003_search
Revises: 0002_published_source
Create Date: 2027-01-12

SQLite: an external-content FTS5 table `documents_fts(title, text)` over `documents`, kept in
step by triggers and filled from the rows already stored (`figures_fts` over sentences exists
since 0001). PostgreSQL: GIN indexes on the tsvector expressions `claimtally.web.search` queries
(the 'simple' configuration: no stemming, so English, Russian and Ukrainian text are treated
alike, as FTS5's unicode61 tokenizer does). PostgreSQL indexes the first 100,000 characters of
a text: a tsvector may not exceed 1 MB, and an index that cannot take a long article would
make storing it fail.
"""

from __future__ import annotations

from alembic import op

revision = "0003_search"
down_revision = "0002_published_source"
branch_labels = None
depends_on = None

SQLITE = [
    """CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content="documents", content_rowid="id")""",
    """CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
         INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
       END""",
    """CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
         INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
       END""",
    """CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN
         INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
         INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
       END""",
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
]

POSTGRESQL = [
    "CREATE INDEX ix_figures_sentence_search ON figures USING gin "
    "(to_tsvector('simple'::regconfig, left(sentence, 100000)))",
    "CREATE INDEX ix_documents_search ON documents USING gin "
    "((setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, left(text, 100000)), 'B')))",
]


def upgrade() -> None:
    for statement in SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("documents_fts_ai", "documents_fts_ad", "documents_fts_au"):  # they are on `documents`
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE documents_fts")
    else:
        op.execute("DROP INDEX ix_figures_sentence_search")
        op.execute("DROP INDEX ix_documents_search")
