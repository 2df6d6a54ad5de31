"""Compare corrections: reviewers' moves of figures between quantities, quantity merges, and
claimant merges, splits and kinds.

Revision ID: compare_0001
Revises: web_0001
Create Date: 2026-12-02

Owned by the compare stage (`claimtally.compare.corrections` reads it; the web stage writes it
together with an `audit_log` row per change). Nothing is ever deleted: an undone correction
keeps its row with `undone_at` set. Written out column by column so this revision stays what
it was when later ones change things.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "compare_0001"
down_revision = "web_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "compare_corrections",
        sa.Column("id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_compare_corrections"),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("target", sa.Text),
        sa.Column("figure_id", sa.Integer),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", name="fk_compare_corrections_user_id_users")),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("undone_at", sa.String(40)),
    )
    op.create_index("ix_compare_corrections_action", "compare_corrections", ["action"])


def downgrade() -> None:
    op.drop_index("ix_compare_corrections_action", table_name="compare_corrections")
    op.drop_table("compare_corrections")
