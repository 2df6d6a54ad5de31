"""Opening a ledger: where `--db` points, and every bad value giving a clear LedgerError
that names the database while nothing is written."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from claimtally.ledger import LedgerError, open_ledger, resolve_db
from tests.ledger.worker import figures_in, make_document


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add(ledger, index: int = 1):
    doc, figs, digest = make_document(index)
    return ledger.add_document(doc, figs, text_hash=digest, extractor_version="test")


def test_default_is_claimtally_db_in_working_directory(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTALLY_DB", raising=False)
    assert resolve_db(None).path == tmp_path / "claimtally.db"
    with open_ledger(None) as ledger:
        assert ledger.engine.dialect.name == "sqlite"
    assert (tmp_path / "claimtally.db").exists()


def test_environment_variable_chooses_the_database(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMTALLY_DB", str(tmp_path / "env.db"))
    assert resolve_db(None).path == tmp_path / "env.db"
    assert resolve_db(str(tmp_path / "flag.db")).path == tmp_path / "flag.db"  # --db wins
    assert resolve_db(f"sqlite:///{tmp_path}/url.db").path == tmp_path / "url.db"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty --db value"),
        ("   ", "empty --db value"),
        ("mysql://user@host/db", "unsupported kind 'mysql'"),
        ("oracle+cx://x/y", "unsupported kind"),
        ("sqlite://", "needs a file path"),
        ("sqlite:///:memory:", "needs a file path"),
        ("postgresql://127.0.0.1:5432", "names no database"),
        ("postgresql://127.0.0.1:notaport/db", "not a valid database URL"),
        ("/no/such/directory/ledger.db", "directory /no/such/directory does not exist"),
    ],
)
def test_bad_db_values(value: str, message: str) -> None:
    with pytest.raises(LedgerError, match=message):
        open_ledger(value)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match=f"{tmp_path}: is a directory"):
        open_ledger(str(tmp_path))


def test_password_never_shown() -> None:
    with pytest.raises(LedgerError) as err:
        open_ledger("postgresql://alice:s3cret@127.0.0.1:1/ledger")
    assert "s3cret" not in str(err.value) and "alice:***@127.0.0.1:1/ledger" in str(err.value)


def test_missing_server_is_a_clear_error() -> None:
    with pytest.raises(LedgerError, match=r"postgresql://postgres@127.0.0.1:1/x: cannot connect"):
        open_ledger("postgresql://postgres@127.0.0.1:1/x")


def test_not_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n")
    before = _digest(path)
    with pytest.raises(LedgerError, match="notes.db: not a SQLite database file"):
        open_ledger(str(path))
    assert _digest(path) == before


def test_foreign_sqlite_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT)")
    before = _digest(path)
    with pytest.raises(LedgerError, match=r"places.sqlite: holds tables \(bookmarks\) but is not a"):
        open_ledger(str(path))
    assert _digest(path) == before
    assert not Path(f"{path}-wal").exists()


def _bump_revision(db: str, revision: str = "9999_from_the_future") -> None:
    """Replace one head revision (a ledger with several stages' branches has one row per head)."""
    with open_ledger(db) as ledger, ledger.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r WHERE version_num = "
                          "(SELECT max(version_num) FROM alembic_version)"), {"r": revision})


def test_newer_schema_than_the_code_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with open_ledger(str(path)) as ledger:
        _add(ledger)
    _bump_revision(str(path))
    before = _digest(path)
    with pytest.raises(LedgerError, match="schema revision 9999_from_the_future is newer than this"):
        open_ledger(str(path))
    assert _digest(path) == before


def test_newer_schema_than_the_code_postgresql(pg_url: str) -> None:
    with open_ledger(pg_url) as ledger:
        _add(ledger)
    _bump_revision(pg_url)
    with pytest.raises(LedgerError, match="is newer than this"):
        open_ledger(pg_url)
    import psycopg

    with psycopg.connect(pg_url) as conn:  # nothing was written: still one document, same revision
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (1,)
        revisions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
        assert "9999_from_the_future" in revisions


def test_read_only_file_reads_but_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with open_ledger(str(path)) as ledger:
        _add(ledger, 1)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = _digest(path)
    try:
        with open_ledger(str(path)) as ledger:
            assert ledger.readonly
            assert len(ledger.query_figures()) == figures_in(1)  # reading still works
            with pytest.raises(LedgerError, match="ledger.db: is read-only; nothing was written"):
                _add(ledger, 2)
            with pytest.raises(LedgerError, match="read-only"):
                ledger.start_run(["x"])
        assert _digest(path) == before
    finally:
        path.chmod(0o644)


def test_read_only_file_needing_a_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    path.chmod(0o444)
    try:
        with pytest.raises(LedgerError, match="empty.db: is read-only and its schema needs creating"):
            open_ledger(str(path))
        assert path.stat().st_size == 0
    finally:
        path.chmod(0o644)


def test_revision_graph_agrees_with_alembic() -> None:
    """The ledger reads its revisions without Alembic (an import that costs more than opening the
    ledger); that reading must be Alembic's own."""
    from claimtally.ledger.store import _revision_graph, _script_directory

    _cfg, script = _script_directory()
    known, heads = _revision_graph()
    assert known == {rev.revision for rev in script.walk_revisions()}
    assert heads == set(script.get_heads())
    assert len(heads) >= 2  # the ledger's own branch and the web stage's
