"""Two ingest processes at once into one ledger link every duplicate, as one process would; and a
re-run repairs links that are missing (left by an older claimtally or a crash of this check)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select, update

from claimtally.ledger import open_ledger
from claimtally.ledger.schema import documents
from tests.ledger.ingest_worker import N_STORIES

WORKER = Path(__file__).with_name("ingest_worker.py")
ROOT = Path(__file__).resolve().parents[2]


def _spawn(*args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    return subprocess.Popen([sys.executable, str(WORKER), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def _both(db: str, go: Path | None = None) -> None:
    extra = [str(go)] if go else []
    procs = [_spawn(db, side, *extra) for side in ("a", "b")]
    if go:
        time.sleep(1.0)  # both are up, waiting
        go.touch()
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err


def _serial(db: str) -> list[str]:
    lines = []
    for side in ("a", "b"):
        p = _spawn(db, side)
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        lines.append(out.strip())
    return lines


def _links(db: str) -> dict[int, tuple[int | None, int | None]]:
    """Story number -> (duplicate_of of side a's document, of side b's) as story numbers' sides."""
    with open_ledger(db) as ledger, ledger.engine.connect() as conn:
        rows = conn.execute(select(documents.c.id, documents.c.doc_key, documents.c.duplicate_of)).all()
    by_id = {r.id: r.doc_key for r in rows}
    assert len(rows) == 2 * N_STORIES
    found: dict[int, tuple[int | None, int | None]] = {}
    for i in range(N_STORIES):
        ids = {r.doc_key[0]: r for r in rows if int(r.doc_key[2:]) == i}
        a, b = ids["a"], ids["b"]
        first, second = (a, b) if a.id < b.id else (b, a)
        # the copy stored second links to the one stored first, and only that way round
        assert first.duplicate_of is None, f"story {i}: {by_id[first.id]} (stored first) is linked"
        assert second.duplicate_of == first.id, f"story {i}: {by_id[second.id]} is not linked to {by_id[first.id]}"
        found[i] = (a.duplicate_of, b.duplicate_of)
    return found


def test_concurrent_ingests_link_every_duplicate(db_url: str, tmp_path: Path) -> None:
    _both(db_url, tmp_path / "go")
    assert len(_links(db_url)) == N_STORIES


def test_rerun_repairs_missing_links(db_url: str, tmp_path: Path) -> None:
    _both(db_url, tmp_path / "go")
    with open_ledger(db_url) as ledger, ledger.engine.begin() as conn:
        conn.execute(update(documents).values(duplicate_of=None))  # what an older run left behind
    a_line, b_line = _serial(db_url)
    assert "0 documents" in a_line and "0 documents" in b_line
    repaired = sum(int(line.split(" duplicate link")[0].rsplit(", ", 1)[-1]) for line in (a_line, b_line)
                   if "repaired" in line)
    assert repaired == N_STORIES
    assert len(_links(db_url)) == N_STORIES
