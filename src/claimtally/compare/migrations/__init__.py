"""Alembic revisions of the compare stage's own table (found by the ledger, see `web/migrations`)."""
