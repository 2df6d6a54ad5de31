"""Fixtures for the web tests: a ledger built from articles, reviewers, an app, a live server.

The ledger is built the way `claimtally ingest` builds one: each article of `tests/web/data/`
(and `examples/*.txt` when the repository has any) goes through `claimtally.extract` and
`Ledger.add_document`. One extra document holds hostile markup with a hand-made figure, so
the dashboard must show script tags, event handlers and `javascript:` links as text.

PostgreSQL cases use $CLAIMTALLY_TEST_PG (exported by `.ci/run`); without it they skip,
except under CI=true, where a missing server fails.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from claimtally.extract import extract
from claimtally.ledger import Ledger, open_ledger
from claimtally.model import Document, Figure
from tests.conftest import fresh_pg_database

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PASSWORD = "correct horse battery"

HOSTILE_TEXT = (
    "Hostile markup test\n\n"
    "<script>window.__pwned = 1; document.title = 'pwned';</script> Officials said 12 people were "
    "killed. <img src=x onerror=\"window.__pwned = 2\"> Read <a href=\"javascript:window.__pwned=3\">"
    "the report</a>. </article><style>body{display:none}</style>{{ 7*7 }}\n"
)
HOSTILE_NUMBER = HOSTILE_TEXT.index("12 people")


def hostile_figure() -> Figure:
    return Figure(
        doc="hostile", start=HOSTILE_NUMBER, end=HOSTILE_NUMBER + 2, text="12",
        sentence="Officials said 12 people were killed.", value=12, low=12, high=12, approx=False,
        qualifier=None, metric="killed", subject="<b onmouseover=alert(1)>people</b>",
        claimant="<script>alert('claimant')</script>", claimant_kind="government",
        claim_date="2022-04-21",
    )


def article_files() -> list[Path]:
    return sorted(HERE.glob("data/*.txt")) + sorted((REPO / "examples").glob("*.txt"))


def add_text(ledger: Ledger, doc: Document, figures: list[Figure]) -> int:
    digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    return ledger.add_document(doc, figures, text_hash=digest, extractor_version="test").document_id


def build_ledger(db: str) -> str:
    """Fill the ledger at `db` from the articles; returns `db`."""
    with open_ledger(db) as ledger:
        for path in article_files():
            text = path.read_text(encoding="utf-8")
            published = path.name[:10] if path.name[:4].isdigit() else None
            title = text.strip().splitlines()[0][:200]
            doc = Document(id=path.stem, text=text, title=title, published=published, site="example.org",
                           url=f"https://example.org/{path.stem}")
            add_text(ledger, doc, extract(text, published=published, doc_id=path.stem))
        doc = Document(id="hostile", text=HOSTILE_TEXT, title="<script>alert('title')</script>",
                       published="2022-04-21", url="javascript:alert('url')")
        add_text(ledger, doc, [hostile_figure()])
    return db


def add_reviewer(db: str, name: str = "alice", password: str = PASSWORD) -> None:
    from claimtally.web.auth import hash_password
    from claimtally.web.store import WebStore

    with open_ledger(db) as ledger:
        store = WebStore(ledger)
        store.add_user(name, hash_password(password))
        store.secret_key()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly built ledger with reviewer `alice`, on each backend."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_db")
        return
    with fresh_pg_database("web") as url:
        build_ledger(url)
        add_reviewer(url)
        yield url


@pytest.fixture
def store(db: str) -> Iterator[Any]:
    """The web store over a freshly built ledger, on each backend."""
    from claimtally.web.store import WebStore

    ledger = open_ledger(db)
    yield WebStore(ledger)
    ledger.close()


def alice(store: Any) -> Any:
    """Reviewer alice, as the store knows her."""
    from claimtally.web.store import User

    row = store.user_row("alice")
    assert row is not None
    return User(row["id"], row["name"])


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite ledger built once per session; tests get copies of it."""
    path = tmp_path_factory.mktemp("template") / "ledger.db"
    build_ledger(str(path))
    add_reviewer(str(path))
    return path


def copy_ledger(source: Path, target: Path) -> str:
    """Copy a SQLite ledger with its WAL and its credentials file (session key, password
    hashes; copied with its 0600 mode); returns the copy's path."""
    for suffix in ("", "-wal", "-shm", ".secrets.json"):
        part = source.with_name(source.name + suffix)
        if part.exists():
            shutil.copy2(part, target.with_name(target.name + suffix))
    return str(target)


@pytest.fixture
def sqlite_db(template_db: Path, tmp_path: Path) -> str:
    """A private copy of the built SQLite ledger (with reviewer `alice`) for one test."""
    return copy_ledger(template_db, tmp_path / "ledger.db")


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2 at its production cost takes ~0.5 s a hash on a busy CI core; the tests check
    the flow, not the cost, so they use the smallest parameters argon2 accepts."""
    from argon2 import PasswordHasher

    from claimtally.web import auth

    saved = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    yield
    auth._hasher = saved


def make_client(db: str, **kwargs: Any) -> Any:
    from fastapi.testclient import TestClient

    from claimtally.web.app import create_app

    return TestClient(create_app(db, **kwargs), base_url="http://127.0.0.1")


def sign_in(client: Any, name: str = "alice", password: str = PASSWORD) -> str:
    """Sign `client` in through the login form; returns the session's CSRF token."""
    token = client.get("/api/session").json()["csrf_token"]
    resp = client.post("/login", data={"name": name, "password": password, "csrf_token": token},
                       follow_redirects=False)
    assert resp.status_code == 303, resp.text
    return client.get("/api/session").json()["csrf_token"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(db: str, **kwargs: Any) -> Iterator[str]:
    """Serve the app with uvicorn on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    from claimtally.web.app import create_app

    port = free_port()
    config = uvicorn.Config(create_app(db, **kwargs), host="127.0.0.1", port=port, log_level="warning",
                            access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
