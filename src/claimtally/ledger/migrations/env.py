"""Alembic environment for the ledger.

claimtally runs migrations itself (`open_ledger`), handing over a connection that already
holds the migration lock inside a transaction, so this file only wires that connection in.
Running `alembic` by hand is not supported: the ledger must check the schema revision first.
"""

from __future__ import annotations

from alembic import context

from claimtally.ledger.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable by running alembic by hand
    raise RuntimeError("claimtally migrations run through claimtally.ledger.open_ledger")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
