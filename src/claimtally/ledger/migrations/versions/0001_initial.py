"""Initial ledger schema: runs, documents, claimants, figures, figures_view, FTS on sentences.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Written out column by column (not from `schema.metadata`) so this revision stays what it was
when later revisions change the metadata.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = ("ledger",)
depends_on = None

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

# External-content FTS5 index over figures.sentence, kept in step by triggers. The
# `content="figures"` spelling is what datasette looks for to offer search on the table.
SQLITE_FTS = [
    """CREATE VIRTUAL TABLE figures_fts USING fts5(sentence, content="figures", content_rowid="id")""",
    """CREATE TRIGGER figures_fts_ai AFTER INSERT ON figures BEGIN
         INSERT INTO figures_fts(rowid, sentence) VALUES (new.id, new.sentence);
       END""",
    """CREATE TRIGGER figures_fts_ad AFTER DELETE ON figures BEGIN
         INSERT INTO figures_fts(figures_fts, rowid, sentence) VALUES ('delete', old.id, old.sentence);
       END""",
    """CREATE TRIGGER figures_fts_au AFTER UPDATE OF sentence ON figures BEGIN
         INSERT INTO figures_fts(figures_fts, rowid, sentence) VALUES ('delete', old.id, old.sentence);
         INSERT INTO figures_fts(rowid, sentence) VALUES (new.id, new.sentence);
       END""",
]


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
        sa.Column("started_at", sa.String(40), nullable=False),
        sa.Column("finished_at", sa.String(40)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("documents", sa.Integer),
        sa.Column("figures", sa.Integer),
        sa.Column("skipped", sa.Integer),
        sa.Column("failed", sa.Integer),
        sa.Column("claimtally_version", sa.String(40)),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.Column("doc_key", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column(
            "previous_version_id",
            sa.Integer,
            sa.ForeignKey("documents.id", name="fk_documents_previous_version_id_documents"),
        ),
        sa.Column("source", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("site", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("language", sa.String(20)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_hash", sa.String(128), nullable=False),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column(
            "duplicate_of",
            sa.Integer,
            sa.ForeignKey("documents.id", name="fk_documents_duplicate_of_documents"),
        ),
        sa.Column("fetched_at", sa.String(40)),
        sa.Column("ingested_at", sa.String(40), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", name="fk_documents_run_id_runs")),
        sa.UniqueConstraint("doc_key", "version", name="uq_documents_doc_key_version"),
        sa.UniqueConstraint("doc_key", "text_hash", name="uq_documents_doc_key_text_hash"),
    )
    op.create_index(op.f("ix_documents_text_hash"), "documents", ["text_hash"])
    op.create_index(op.f("ix_documents_previous_version_id"), "documents", ["previous_version_id"])
    op.create_index(op.f("ix_documents_canonical_url"), "documents", ["canonical_url"])
    op.create_table(
        "claimants",
        sa.Column("id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_claimants"),
        sa.Column("name", sa.Text, nullable=False),
        sa.UniqueConstraint("name", name="uq_claimants_name"),
        sa.Column("kind", sa.String(20)),
        sa.Column("aliases", sa.Text, nullable=False),
    )
    op.create_table(
        "figures",
        sa.Column("id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_figures"),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="CASCADE", name="fk_figures_document_id_documents"),
            nullable=False,
        ),
        sa.Column("doc", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("low", sa.Float),
        sa.Column("high", sa.Float),
        sa.Column("approx", sa.Boolean, nullable=False),
        sa.Column("qualifier", sa.Text),
        sa.Column("metric", sa.String(40), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("place", sa.Text),
        sa.Column("claimant", sa.Text),
        sa.Column("claimant_kind", sa.String(20)),
        sa.Column(
            "claimant_id", sa.Integer, sa.ForeignKey("claimants.id", name="fk_figures_claimant_id_claimants")
        ),
        sa.Column("cue", sa.Text),
        sa.Column("claim_date", sa.String(40)),
        sa.Column("period_start", sa.String(40)),
        sa.Column("period_end", sa.String(40)),
        sa.Column("remarks", sa.Text, nullable=False),
        sa.Column("extractor_version", sa.String(40), nullable=False),
    )
    op.create_index(op.f("ix_figures_document_id"), "figures", ["document_id"])
    op.create_index(op.f("ix_figures_metric"), "figures", ["metric"])
    op.create_index(op.f("ix_figures_claim_date"), "figures", ["claim_date"])
    op.create_index(op.f("ix_figures_claimant_id"), "figures", ["claimant_id"])
    op.execute(FIGURES_VIEW_SQL)
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE figures_fts")
    op.execute("DROP VIEW figures_view")
    for table in ("figures", "claimants", "documents", "runs"):
        op.drop_table(table)
