"""The ledger: every document and figure with its provenance, in SQLite or PostgreSQL.

The API other stages code against is documented in docs/architecture.md ("Ledger API").
"""

from __future__ import annotations

from claimtally.ledger.store import (
    AddResult,
    Ledger,
    LedgerError,
    add_db_argument,
    open_ledger,
    resolve_db,
)

__all__ = ["AddResult", "Ledger", "LedgerError", "add_db_argument", "open_ledger", "resolve_db"]
