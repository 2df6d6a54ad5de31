"""Reviewers' corrections to grouping: which quantity a figure belongs to, which claimant is who.

Grouping rules get most figures right and some wrong; a reviewer fixes the rest in the
dashboard, and every reader of the ledger (`compare`, `chart`, the JSON API, the dashboard)
applies the same fixes. They are rows of the `compare_corrections` table (migration
`compare/migrations/versions/compare_0001_corrections.py`), written by the web stage together
with their audit rows, and read here:

* `move_figure`: figure `figure_id` belongs to quantity `target` (a split writes one per figure
  it moves, into a new quantity key);
* `merge_quantity`: every figure of quantity `source` belongs to quantity `target`;
* `merge_claimant`: claimant `source` is claimant `target`;
* `split_claimant`: the name `source` stands for a claimant of its own;
* `claimant_kind`: claimant `source` has kind `target`.

Rows with `undone_at` set are kept for the record and ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from claimtally.compare.claimants import AliasError, AliasTable

ACTIONS: tuple[str, ...] = ("move_figure", "merge_quantity", "merge_claimant", "split_claimant", "claimant_kind")

metadata = MetaData()
compare_corrections = Table(
    "compare_corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("action", String(40), nullable=False),
    Column("source", Text),
    Column("target", Text),
    Column("figure_id", Integer),
    Column("user_id", Integer),
    Column("created_at", String(40), nullable=False),
    Column("undone_at", String(40)),
)


@dataclass(slots=True)
class Corrections:
    """The active corrections, in the order they were made."""

    moves: dict[Any, str] = field(default_factory=dict)
    merges: dict[str, str] = field(default_factory=dict)
    claimant_ops: list[tuple[str, str, str | None]] = field(default_factory=list)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> Corrections:
        out = cls()
        for r in sorted(rows, key=lambda r: r["id"]):
            if r.get("undone_at"):
                continue
            action = r["action"]
            if action == "move_figure":
                out.moves[r["figure_id"]] = r["target"]
            elif action == "merge_quantity":
                out.merges[r["source"]] = r["target"]
            elif action in ("merge_claimant", "split_claimant", "claimant_kind"):
                out.claimant_ops.append((action, r["source"], r.get("target")))
        return out

    def quantity_of(self, figure_id: Any, key: str) -> str:
        """The quantity a figure belongs to: a move wins, else its quantity's merges (followed
        to the end, so A->B then B->C puts A's figures in C)."""
        if figure_id in self.moves:
            key = self.moves[figure_id]
        seen = {key}
        while key in self.merges:
            key = self.merges[key]
            if key in seen:
                break
            seen.add(key)
        return key

    def apply_to(self, table: AliasTable) -> AliasTable:
        """Apply the claimant corrections to `table` (in place) and return it."""
        for action, source, target in self.claimant_ops:
            try:
                if action == "merge_claimant" and target:
                    table.merge(source, target)
                elif action == "split_claimant":
                    table.split(source)
                elif action == "claimant_kind" and target:
                    table.set_kind(source, target)
            except AliasError:
                continue  # a kind no longer in the taxonomy: the row stays, unused
        return table


def load_corrections(conn: Any) -> Corrections:
    """The active corrections of the ledger `conn` reads; none when the table is missing (a
    ledger from before the migration opened read-only)."""
    from sqlalchemy import inspect, select

    if "compare_corrections" not in inspect(conn).get_table_names():
        return Corrections()
    rows = conn.execute(select(compare_corrections).where(compare_corrections.c.undone_at.is_(None)))
    return Corrections.from_rows(dict(r._mapping) for r in rows)
