"""Sessions end on the server (issue 11, item 4) and no secret is in a SQLite ledger (item 3).

A signed cookie used to stay valid for its 14 days after sign-out or a password change, and
`datasette news.db` showed the session-signing key and the password hashes. Now a session is a
`web_sessions` row (the cookie's token hashed), and the key and a SQLite ledger's hashes live in
the credentials file beside it (0600).
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from claimtally.cli import main
from claimtally.ledger import open_ledger
from claimtally.web.credentials import Credentials, CredentialsError, credentials_path
from claimtally.web.store import WebStore
from tests.web.conftest import PASSWORD, make_client, sign_in

COOKIE = "claimtally_session"


def _review(client: Any, token: str) -> Any:
    fig = client.get("/api/figures", params={"limit": 1}).json()["items"][0]
    return client.post(f"/api/figures/{fig['id']}/review", json={"action": "confirm"},
                       headers={"X-CSRF-Token": token})


def _replay(db: str, cookie: str) -> Any:
    """A fresh client presenting a copy of a cookie taken earlier."""
    other = make_client(db)
    other.cookies.set(COOKIE, cookie)
    return other


def _cli(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_sign_out_ends_the_session_for_every_copy_of_the_cookie(db: str) -> None:
    with make_client(db) as client:
        token = sign_in(client)
        stolen = client.cookies[COOKIE]
        assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
        with _replay(db, stolen) as replay:
            assert replay.get("/api/session").json()["user"] is None
            assert _review(replay, token).status_code == 401


def test_password_change_ends_every_session_of_the_account(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with make_client(db) as first, make_client(db) as second, make_client(db) as bob:
        sign_in(first)
        sign_in(second)
        with open_ledger(db) as ledger:
            from claimtally.web.auth import hash_password

            WebStore(ledger).add_user("bob", hash_password("bob's password"))
        bob_token = sign_in(bob, "bob", "bob's password")
        assert _cli(["user", "passwd", "alice", "--db", db, "--password-stdin"], monkeypatch, "a new password\n") == 0
        assert first.get("/api/session").json()["user"] is None
        assert second.get("/api/session").json()["user"] is None
        assert bob.get("/api/session").json()["user"] == "bob"  # other accounts keep theirs
        assert _review(bob, bob_token).status_code == 200
        sign_in(first, "alice", "a new password")
        assert first.get("/api/session").json()["user"] == "alice"


def test_rotate_key_ends_every_session_and_changes_the_key(db: str, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    with open_ledger(db) as ledger:
        credentials = Credentials.for_ledger(ledger.target)
    old_key = credentials.session_key()
    with make_client(db) as client:
        sign_in(client)
        assert _cli(["user", "rotate-key", "--db", db], monkeypatch) == 0
        assert "1 session(s) ended" in capsys.readouterr().err
        assert client.get("/api/session").json()["user"] is None
    assert credentials.session_key() != old_key
    with make_client(db) as fresh:  # a server started now signs with the new key, and works
        sign_in(fresh)


def test_a_lapsed_session_is_not_accepted(sqlite_db: str) -> None:
    with make_client(sqlite_db) as client:
        sign_in(client)
        conn = sqlite3.connect(sqlite_db)
        with conn:
            conn.execute("UPDATE web_sessions SET expires_at = '2000-01-01T00:00:00+00:00'")
        conn.close()
        assert client.get("/api/session").json()["user"] is None


def _everything_readable(path: Path) -> str:
    """Every value of every table and view, as `datasette` would show them, as one text."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
    text = []
    for name in names:
        try:
            rows = conn.execute(f'SELECT * FROM "{name}"').fetchall()
        except sqlite3.OperationalError:  # FTS shadow internals
            continue
        text += [str(v) for row in rows for v in row]
    conn.close()
    return "\n".join(text)


def test_a_sqlite_ledger_holds_no_secret(sqlite_db: str) -> None:
    with make_client(sqlite_db) as client:
        sign_in(client)
        cookie_token = client.cookies[COOKIE]
    key = Credentials(credentials_path(open_ledger(sqlite_db).target), keeps_hashes=True).session_key()
    readable = _everything_readable(Path(sqlite_db))
    assert "$argon2" not in readable and key not in readable and cookie_token not in readable
    raw = b"".join(p.read_bytes() for p in Path(sqlite_db).parent.glob("ledger.db*") if not p.name.endswith(".json"))
    assert b"$argon2" not in raw and key.encode() not in raw  # not in free pages or the WAL either
    secrets_file = Path(sqlite_db + ".secrets.json")
    assert secrets_file.stat().st_mode & 0o777 == 0o600
    assert "$argon2id$" in json.loads(secrets_file.read_text())["password_hashes"]["alice"]


def test_a_readable_credentials_file_is_refused(sqlite_db: str) -> None:
    os.chmod(sqlite_db + ".secrets.json", 0o644)
    with pytest.raises(CredentialsError, match="chmod 600"):
        make_client(sqlite_db)


def test_postgresql_keeps_hashes_in_the_database_and_the_key_in_a_file(pg_url: str) -> None:
    from tests.web.conftest import add_reviewer, build_ledger

    build_ledger(pg_url)
    add_reviewer(pg_url)
    with open_ledger(pg_url) as ledger, ledger.engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT password_hash FROM users")).scalar().startswith("$argon2id$")
        assert conn.execute(text("SELECT count(*) FROM web_settings")).scalar() == 0
        key_file = credentials_path(ledger.target)
    assert key_file.is_relative_to(Path(os.environ["XDG_CONFIG_HOME"])) and key_file.stat().st_mode & 0o777 == 0o600
    with make_client(pg_url) as client:
        sign_in(client)
        assert client.get("/api/session").json()["user"] == "alice"


def test_upgrade_moves_an_old_ledgers_secrets_out(tmp_path: Path) -> None:
    """A ledger from before web_0002 (key in web_settings, hashes in users): opening it moves the
    hashes to the credentials file, deletes the key, and alice signs in with her old password."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from claimtally.ledger.store import _migration_config
    from claimtally.web.auth import hash_password

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(_migration_config(conn), "web_0001")
        conn.execute(text("INSERT INTO users (name, password_hash, created_at, active) VALUES "
                          "('alice', :h, '2024-01-01', 1)"), {"h": hash_password(PASSWORD)})
        conn.execute(text("INSERT INTO web_settings (key, value) VALUES ('secret', 'the-old-published-key')"))
    engine.dispose()
    with make_client(str(path)) as client:
        sign_in(client)
        assert client.get("/api/session").json()["user"] == "alice"
    readable = _everything_readable(path)
    assert "$argon2" not in readable and "the-old-published-key" not in readable
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("old.db*") if not p.name.endswith(".json"))
    assert b"$argon2" not in raw and b"the-old-published-key" not in raw  # overwritten, not just unlinked
    assert "$argon2id$" in json.loads(Path(f"{path}.secrets.json").read_text())["password_hashes"]["alice"]
