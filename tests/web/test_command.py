"""`claimtally user` and `claimtally serve`: accounts from the command line, the server process,
and one-line errors naming the bad input."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from claimtally.cli import main
from tests.web.conftest import free_port, make_client, sign_in


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_user_add_then_sign_in(sqlite_db: str, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["user", "add", "bob", "--db", sqlite_db, "--password-stdin"], monkeypatch,
               "a long enough secret\n") == 0
    assert "user 'bob' added" in capsys.readouterr().err
    assert run(["user", "list", "--db", sqlite_db], monkeypatch) == 0
    listed = capsys.readouterr().out
    assert {json.loads(line)["name"] for line in listed.splitlines()} == {"alice", "bob"}
    assert "secret" not in listed and "argon2" not in listed
    with make_client(sqlite_db) as client:
        sign_in(client, "bob", "a long enough secret")
        assert client.get("/api/session").json()["user"] == "bob"
    # The stored hash is Argon2id, never the password.
    from claimtally.ledger import open_ledger
    from claimtally.web.store import WebStore

    with open_ledger(sqlite_db) as ledger:
        row = WebStore(ledger).user_row("bob")
    assert row is not None and row["password_hash"].startswith("$argon2id$")
    assert "a long enough secret" not in row["password_hash"]
    # A new password replaces the old one.
    assert run(["user", "passwd", "bob", "--db", sqlite_db, "--password-stdin"], monkeypatch,
               "another long secret\n") == 0
    with make_client(sqlite_db) as client:
        sign_in(client, "bob", "another long secret")


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["user", "add", "alice"], "long enough pw\n", "user 'alice' already exists"),
        (["user", "add", "carol"], "short\n", "password: must be at least 8 characters"),
        (["user", "add", " carol"], "long enough pw\n", "user name ' carol'"),
        (["user", "passwd", "nobody"], "long enough pw\n", "no user 'nobody'"),
    ],
)
def test_user_errors(sqlite_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                     argv: list[str], stdin: str, message: str) -> None:
    assert run([*argv, "--db", sqlite_db, "--password-stdin"], monkeypatch, stdin) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and err[0].startswith("claimtally user: ")


def test_user_on_a_file_that_is_not_a_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database")
    assert run(["user", "add", "x", "--db", str(bogus), "--password-stdin"], monkeypatch, "long enough\n") == 1
    err = capsys.readouterr().err
    assert str(bogus.name) in err and "not a SQLite database" in err
    assert bogus.read_text() == "not a database"


def test_serve_bad_db_and_busy_port(tmp_path: Path, sqlite_db: str, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database")
    assert run(["serve", "--db", str(bogus)], monkeypatch) == 1
    assert "not a SQLite database" in capsys.readouterr().err
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        code: Any = None
        try:
            code = run(["serve", "--db", sqlite_db, "--port", str(port)], monkeypatch)
        except SystemExit as exc:  # uvicorn exits on a bind failure
            code = exc.code
    assert code not in (0, None)


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_serve_rejects_bad_ports(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["serve", "--port", port])
    assert exc.value.code == 2 and port in capsys.readouterr().err


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_runs_as_a_process(sqlite_db: str, workers: str) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimtally.cli", "serve", "--db", sqlite_db, "--port", str(port),
         "--workers", workers],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                resp = httpx.get(f"http://127.0.0.1:{port}/api/figures", params={"limit": 3}, timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert resp.status_code == 200 and len(resp.json()["items"]) == 3
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.parametrize("action", ["add", "passwd"])
def test_user_password_without_a_terminal_asks_for_password_stdin(tmp_path: Path, action: str) -> None:
    """No terminal, no --password-stdin: a one-line answer naming the option, not an EOFError."""
    db = tmp_path / "new.db"
    proc = subprocess.run([sys.executable, "-m", "claimtally.cli", "user", action, "bob", "--db", str(db)],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
                          start_new_session=True)  # no controlling terminal for getpass to open
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "--password-stdin" in lines[0] and "not a terminal" in lines[0]
    assert "Traceback" not in proc.stderr and not db.exists()
