"""The issue's bars: SIGKILL midway through an ingest, and two ingest processes at once.

Both drive `add_document` from `worker.py` in real subprocesses, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select, text

from claimtally.ledger import open_ledger
from claimtally.ledger.schema import documents, figures
from tests.ledger.worker import figures_in

WORKER = Path(__file__).with_name("worker.py")
ROOT = Path(__file__).resolve().parents[2]


def _spawn(*args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def _check_whole(db: str) -> dict[str, int]:
    """Every stored document has exactly its figures; returns {doc_key: figure count}."""
    with open_ledger(db) as ledger, ledger.engine.connect() as conn:
        if ledger.dialect == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        rows = conn.execute(
            select(documents.c.doc_key, func.count(figures.c.id))
            .join_from(documents, figures, figures.c.document_id == documents.c.id, isouter=True)
            .group_by(documents.c.id, documents.c.doc_key)
        ).all()
        keys = [r[0] for r in rows]
        assert len(keys) == len(set(keys)), "a document was stored twice"
        counts = {key: n for key, n in rows}
        for key, n in counts.items():
            assert n == figures_in(int(key.split("-")[1])), f"{key} holds {n} figures: a partial document"
        orphans = conn.execute(
            text("SELECT count(*) FROM figures f WHERE NOT EXISTS "
                 "(SELECT 1 FROM documents d WHERE d.id = f.document_id)")
        ).scalar()
        assert orphans == 0
    return counts


def test_sigkill_midway_leaves_whole_documents_and_rerun_completes(db_url: str) -> None:
    total = 250
    proc = _spawn(db_url, "0", str(total))
    assert proc.stdout is not None
    for seen, _line in enumerate(proc.stdout, 1):
        if seen >= 50:  # well into the run, in the middle of the next document's transaction
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    proc.stdout.close()
    proc.stderr.close()

    stored = _check_whole(db_url)
    assert 50 <= len(stored) < total

    rerun = _spawn(db_url, "0", str(total))
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    statuses = [line.split()[1] for line in out.splitlines()]
    assert statuses.count("unchanged") == len(stored)
    assert statuses.count("added") == total - len(stored)
    final = _check_whole(db_url)
    assert len(final) == total


def test_two_ingest_processes_at_once_both_succeed(db_url: str, tmp_path: Path) -> None:
    # Overlapping ranges on a ledger that does not exist yet: both create the schema at the
    # same moment, then write interleaved, sometimes the very same documents.
    go = tmp_path / "go"
    a = _spawn(db_url, "0", "100", str(go))
    b = _spawn(db_url, "50", "150", str(go))
    time.sleep(0.5)  # both are up and waiting
    go.touch()
    out_a, err_a = a.communicate(timeout=180)
    out_b, err_b = b.communicate(timeout=180)
    assert a.returncode == 0, err_a
    assert b.returncode == 0, err_b
    assert len(out_a.splitlines()) == 100 and len(out_b.splitlines()) == 100
    stored = _check_whole(db_url)
    assert len(stored) == 150
    statuses = [line.split()[1] for line in (out_a + out_b).splitlines()]
    assert statuses.count("added") == 150 and statuses.count("unchanged") == 50
