"""Alembic revisions owned by the web stage (review tables); found by claimtally.ledger."""
