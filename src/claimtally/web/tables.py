"""The web stage's tables and views, as SQLAlchemy Core objects for queries.

The Alembic revision `web/migrations/versions/web_0001_review.py` creates them; this module
only describes them so queries are written once for SQLite and PostgreSQL. It uses its own
`MetaData` so the ledger's schema-agreement check sees only the ledger's tables.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Integer, MetaData, String, Table, Text

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("active", Boolean, nullable=False),
)

#: The reviewed state of a figure (one row per reviewed figure). For `corrected`, every
#: overlay column holds the full corrected value (null is a value: "no claimant").
figure_reviews = Table(
    "figure_reviews",
    metadata,
    Column("figure_id", Integer, primary_key=True),
    Column("status", String(20), nullable=False),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("metric", String(40)),
    Column("subject", Text),
    Column("claimant", Text),
    Column("claimant_kind", String(20)),
    Column("claim_date", String(40)),
    Column("period_start", String(40)),
    Column("period_end", String(40)),
    Column("reviewer_id", Integer),
    Column("reviewed_at", String(40), nullable=False),
)

name_merges = Table(
    "name_merges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("source", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("user_id", Integer),
    Column("created_at", String(40), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(40), nullable=False),
    Column("user_id", Integer),
    Column("user_name", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target_kind", String(20), nullable=False),
    Column("target", Text, nullable=False),
    Column("before", Text),
    Column("after", Text),
)

web_settings = Table(
    "web_settings",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("value", Text, nullable=False),
)

#: Signed-in sessions: the cookie carries a random token, this table its SHA-256 (so a copy of
#: the ledger cannot be used to sign in), the user and the moment it lapses.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", Integer, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
)

#: Fields a reviewer may correct (issue 6: value, bounds, metric, subject, claimant, dates).
REVIEW_FIELDS: tuple[str, ...] = (
    "value", "low", "high", "metric", "subject", "claimant", "claimant_kind",
    "claim_date", "period_start", "period_end",
)


def _view(name: str) -> Table:
    """A view with every figure column, reviewed values overlaid (see the migration)."""
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True),
        Column("document_id", Integer),
        Column("doc", Text),
        Column("start", Integer),
        Column("end", Integer),
        Column("text", Text),
        Column("sentence", Text),
        Column("value", Float),
        Column("low", Float),
        Column("high", Float),
        Column("approx", Boolean),
        Column("qualifier", Text),
        Column("metric", String(40)),
        Column("subject", Text),
        Column("place", Text),
        Column("claimant", Text),
        Column("claimant_kind", String(20)),
        Column("claimant_id", Integer),
        Column("cue", Text),
        Column("claim_date", String(40)),
        Column("period_start", String(40)),
        Column("period_end", String(40)),
        Column("remarks", Text),
        Column("extractor_version", String(40)),
        Column("review_status", String(20)),
        Column("reviewed_at", String(40)),
        Column("reviewed_by", String(80)),
    )


figures_reviewed = _view("figures_reviewed")
figures_current = _view("figures_current")
