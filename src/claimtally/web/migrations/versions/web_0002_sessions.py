"""Web hardening: server-side sessions, no secrets in a SQLite ledger, `figures_current` fixed.

Revision ID: web_0002
Revises: web_0001
Create Date: 2027-01-12

* `web_sessions`: one row per signed-in session, holding a SHA-256 of the cookie's random token,
  so sign-out, a password change or `user rotate-key` ends sessions at once (a signed cookie
  alone stayed valid for its 14 days);
* the session-signing key moves out of `web_settings` into the credentials file
  (`claimtally.web.credentials`); the old key is deleted, not moved: it was readable by anyone
  who could read the ledger, so every session signed with it ends here;
* on SQLite the reviewers' password hashes move into the credentials file beside the ledger and
  are blanked here (with `secure_delete`, so the old bytes are overwritten, not just unlinked);
* `figures_current` leaves out figures of superseded document versions, as its name promises
  and as `Ledger.query_figures` always did.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "web_0002"
down_revision = "web_0001"
branch_labels = None
depends_on = None

FIGURES_CURRENT_SQL = """
CREATE VIEW figures_current AS
SELECT r.* FROM figures_reviewed r
WHERE (r.review_status IS NULL OR r.review_status <> 'rejected')
  AND NOT EXISTS (SELECT 1 FROM documents newer WHERE newer.previous_version_id = r.document_id)
"""

OLD_FIGURES_CURRENT_SQL = """
CREATE VIEW figures_current AS
SELECT * FROM figures_reviewed
WHERE review_status IS NULL OR review_status <> 'rejected'
"""


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_sessions"),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("token_hash", name="uq_web_sessions_token_hash"),
        sa.Column(
            "user_id", sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE", name="fk_web_sessions_user_id_users"), nullable=False,
        ),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])
    op.execute("DROP VIEW figures_current")
    op.execute(FIGURES_CURRENT_SQL)
    if bind.dialect.name == "sqlite":
        op.execute("PRAGMA secure_delete = ON")
        _move_password_hashes_out(bind)
    op.execute("DELETE FROM web_settings WHERE key = 'secret'")


def _move_password_hashes_out(bind: sa.Connection) -> None:
    from claimtally.ledger import resolve_db
    from claimtally.web.credentials import Credentials

    rows = bind.execute(sa.text("SELECT name, password_hash FROM users WHERE password_hash <> ''")).all()
    if not rows:
        return
    main = next(r[2] for r in bind.execute(sa.text("PRAGMA database_list")) if r[1] == "main")
    # Written before the hashes are blanked: if this fails, the migration fails and nothing changed.
    Credentials.for_ledger(resolve_db(main)).set_password_hashes({r.name: r.password_hash for r in rows})
    bind.execute(sa.text("UPDATE users SET password_hash = ''"))


def downgrade() -> None:
    op.execute("DROP VIEW figures_current")
    op.execute(OLD_FIGURES_CURRENT_SQL)
    op.drop_index("ix_web_sessions_user_id", table_name="web_sessions")
    op.drop_table("web_sessions")
