"""Where each document's publication date came from, and an index on document URLs.

Revision ID: 0002_published_source
Revises: 0001
Create Date: 2026-12-02

`documents.published_source` names the source of `published` (`--published`, `manifest`, `feed`,
`page`, `last-modified`, `warc-date`; see `claimtally.ingest.dates`); NULL for documents
stored before this revision and for documents with no date. `ix_documents_url` serves ingest's
"is this feed entry already in the ledger?" lookup.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_published_source"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("published_source", sa.String(20)))
    op.create_index(op.f("ix_documents_url"), "documents", ["url"])


def downgrade() -> None:
    op.drop_index(op.f("ix_documents_url"), table_name="documents")
    op.drop_column("documents", "published_source")
