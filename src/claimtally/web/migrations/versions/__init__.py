"""The web stage's Alembic revisions."""
