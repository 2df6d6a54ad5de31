"""Web review: users, figure reviews, name merges, audit log, and the reviewed-figures views.

Revision ID: web_0001
Revises: 0001
Create Date: 2026-11-25

Owned by the web stage (`claimtally.web`). The extraction in `figures` is never changed by a
review: a review is a row in `figure_reviews`, a merge is a row in `name_merges`, and every
change is an `audit_log` row. Two views overlay them so every reader sees the same values:

* `figures_reviewed`: every figure with reviewed values in place of extracted ones,
  merged claimant/subject names applied, plus `review_status`, `reviewed_at`, `reviewed_by`;
* `figures_current`: the same without rejected figures; what comparisons should read.

Written out column by column so this revision stays what it was when later ones change things.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "web_0001"
down_revision = "0001"
branch_labels = None
depends_on = None


def _overlay(column: str) -> str:
    """The reviewed value of `column` when the figure was corrected, else the extracted one."""
    return f"CASE WHEN r.status = 'corrected' THEN r.{column} ELSE f.{column} END"


FIGURES_REVIEWED_SQL = f"""
CREATE VIEW figures_reviewed AS
SELECT f.id, f.document_id, f.doc, f."start", f."end", f.text, f.sentence,
       {_overlay("value")} AS value,
       {_overlay("low")} AS low,
       {_overlay("high")} AS high,
       f.approx, f.qualifier,
       {_overlay("metric")} AS metric,
       COALESCE(ms.target, {_overlay("subject")}) AS subject,
       f.place,
       COALESCE(mc.target, {_overlay("claimant")}) AS claimant,
       {_overlay("claimant_kind")} AS claimant_kind,
       f.claimant_id, f.cue,
       {_overlay("claim_date")} AS claim_date,
       {_overlay("period_start")} AS period_start,
       {_overlay("period_end")} AS period_end,
       f.remarks, f.extractor_version,
       r.status AS review_status, r.reviewed_at AS reviewed_at, u.name AS reviewed_by
FROM figures f
LEFT JOIN figure_reviews r ON r.figure_id = f.id
LEFT JOIN users u ON u.id = r.reviewer_id
LEFT JOIN name_merges mc ON mc.kind = 'claimant' AND mc.source = {_overlay("claimant")}
LEFT JOIN name_merges ms ON ms.kind = 'subject' AND ms.source = {_overlay("subject")}
"""

FIGURES_CURRENT_SQL = """
CREATE VIEW figures_current AS
SELECT * FROM figures_reviewed
WHERE review_status IS NULL OR review_status <> 'rejected'
"""


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.Column("name", sa.String(80), nullable=False),
        sa.UniqueConstraint("name", name="uq_users_name"),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "figure_reviews",
        sa.Column(
            "figure_id",
            sa.Integer,
            sa.ForeignKey("figures.id", ondelete="CASCADE", name="fk_figure_reviews_figure_id_figures"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("figure_id", name="pk_figure_reviews"),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("low", sa.Float),
        sa.Column("high", sa.Float),
        sa.Column("metric", sa.String(40)),
        sa.Column("subject", sa.Text),
        sa.Column("claimant", sa.Text),
        sa.Column("claimant_kind", sa.String(20)),
        sa.Column("claim_date", sa.String(40)),
        sa.Column("period_start", sa.String(40)),
        sa.Column("period_end", sa.String(40)),
        sa.Column(
            "reviewer_id", sa.Integer, sa.ForeignKey("users.id", name="fk_figure_reviews_reviewer_id_users")
        ),
        sa.Column("reviewed_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "name_merges",
        sa.Column("id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_name_merges"),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", name="fk_name_merges_user_id_users")),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("kind", "source", name="uq_name_merges_kind_source"),
    )
    op.create_index("ix_name_merges_target", "name_merges", ["target"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", name="fk_audit_log_user_id_users")),
        sa.Column("user_name", sa.String(80), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target_kind", sa.String(20), nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
    )
    op.create_index("ix_audit_log_target_kind_target", "audit_log", ["target_kind", "target"])
    op.create_table(
        "web_settings",
        sa.Column("key", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_web_settings"),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.execute(FIGURES_REVIEWED_SQL)
    op.execute(FIGURES_CURRENT_SQL)


def downgrade() -> None:
    op.execute("DROP VIEW figures_current")
    op.execute("DROP VIEW figures_reviewed")
    op.drop_index("ix_audit_log_target_kind_target", table_name="audit_log")
    op.drop_index("ix_name_merges_target", table_name="name_merges")
    for table in ("web_settings", "audit_log", "name_merges", "figure_reviews", "users"):
        op.drop_table(table)
