"""The ledger's tables, as SQLAlchemy Core metadata shared by SQLite and PostgreSQL.

One definition serves both backends so every query in claimtally is written once. Dates and
timestamps are ISO 8601 text in both (the record contract carries them as strings, text
compares correctly and SQLite has no date type). This module describes the *current* schema;
the Alembic revisions in `claimtally/ledger/migrations/versions/` are what actually create and
change tables, and a test checks that the two agree.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

#: Stable constraint names, so migrations can refer to them on both backends.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

#: Ingest runs: what was read, when, and how it went (for provenance and resumption).
runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40)),
    Column("status", String(20), nullable=False),
    Column("sources", Text, nullable=False),  # JSON list of strings
    Column("documents", Integer),
    Column("figures", Integer),
    Column("skipped", Integer),
    Column("failed", Integer),
    Column("claimtally_version", String(40)),
)

#: One row per version of a document. `doc_key` is `Document.id`; a changed text under the
#: same key becomes a new row with `version` + 1 and `previous_version_id` pointing back.
documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_key", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("previous_version_id", Integer, ForeignKey("documents.id")),
    Column("source", Text),
    Column("url", Text),
    Column("canonical_url", Text),
    Column("site", Text),
    Column("title", Text),
    Column("author", Text),
    Column("published", String(40)),
    #: where `published` came from (claimtally.ingest.dates.DATE_SOURCES); revision 0002
    Column("published_source", String(20)),
    Column("language", String(20)),
    Column("text", Text, nullable=False),
    Column("text_hash", String(128), nullable=False),
    Column("minhash", LargeBinary),
    Column("duplicate_of", Integer, ForeignKey("documents.id")),
    Column("fetched_at", String(40)),
    Column("ingested_at", String(40), nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id")),
    UniqueConstraint("doc_key", "version"),
    UniqueConstraint("doc_key", "text_hash"),
    Index(None, "text_hash"),
    Index(None, "previous_version_id"),
    Index(None, "canonical_url"),
    Index(None, "url"),
)

#: Who makes claims. Filled from figures on insert (name and kind as extracted); alias
#: normalisation is the compare stage's business.
claimants = Table(
    "claimants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("kind", String(20)),
    Column("aliases", Text, nullable=False),  # JSON list of strings
)

#: Every field of the figure record (spec section 2), plus where it came from.
figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("doc", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("approx", Boolean, nullable=False),
    Column("qualifier", Text),
    Column("metric", String(40), nullable=False),
    Column("subject", Text, nullable=False),
    Column("place", Text),
    Column("claimant", Text),
    Column("claimant_kind", String(20)),
    Column("claimant_id", Integer, ForeignKey("claimants.id")),
    Column("cue", Text),
    Column("claim_date", String(40)),
    Column("period_start", String(40)),
    Column("period_end", String(40)),
    Column("remarks", Text, nullable=False),  # JSON list of strings
    Column("extractor_version", String(40), nullable=False),
    Index(None, "document_id"),
    Index(None, "metric"),
    Index(None, "claim_date"),
    Index(None, "claimant_id"),
)

#: PostgreSQL's full-text indexes (migration `0003_search`): GIN indexes on tsvector expressions,
#: which SQLAlchemy metadata cannot describe for one backend only; SQLite has FTS5 tables instead.
SEARCH_INDEXES: tuple[str, ...] = ("ix_figures_sentence_search", "ix_documents_search")

#: Tables this module owns (review tables belong to the web stage's own migration).
LEDGER_TABLES: tuple[str, ...] = ("runs", "documents", "claimants", "figures")

#: The readable view for datasette and ad-hoc SQL: each figure with its document.
FIGURES_VIEW_SQL = """
CREATE VIEW figures_view AS
SELECT f.id, f.doc, f.metric, f.value, f.low, f.high, f.approx, f.qualifier, f.text,
       f.subject, f.place, f.claimant, f.claimant_kind, f.cue, f.claim_date,
       f.period_start, f.period_end, f.remarks, f.sentence, f."start", f."end",
       f.extractor_version, f.document_id, d.version AS document_version,
       d.url, d.canonical_url, d.title, d.site, d.published, d.language, d.duplicate_of,
       CASE WHEN EXISTS (SELECT 1 FROM documents n WHERE n.previous_version_id = d.id)
            THEN 0 ELSE 1 END AS is_latest
FROM figures f JOIN documents d ON d.id = f.document_id
"""
