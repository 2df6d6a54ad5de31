"""Fixtures every suite shares: ledgers on SQLite and on PostgreSQL, and the services CI provides.

PostgreSQL comes from $CLAIMTALLY_TEST_PG (a server URL, as `.ci/run` exports it); each test
gets a fresh database there, named after its suite (`ct_ledger_…`, `ct_web_…`) and dropped
afterwards. Without the variable the PostgreSQL cases skip, except in CI (CI=true), where a
missing server must fail rather than pass quietly. Headless Chromium ($CLAIMTALLY_CHROMIUM) is
required the same way; see `tests/browser.py`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_ENV = "CLAIMTALLY_TEST_PG"


def required_env(name: str, tests: str) -> str:
    """The value of $`name`; the calling test skips without it, or fails under CI=true.

    `tests` names what needs it, for the message ("PostgreSQL tests", "browser tests")."""
    value = os.environ.get(name)
    if not value:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but ${name} is not set: the {tests} must run in CI")
        pytest.skip(f"${name} not set ({tests} run in CI, see .ci/run)")
    return value


@pytest.fixture(autouse=True, scope="session")
def _private_config_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Per-machine files (the web key file of a PostgreSQL ledger) go to a temporary
    $XDG_CONFIG_HOME, never to the ~/.config of whoever runs the tests."""
    saved = os.environ.get("XDG_CONFIG_HOME")
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("config"))
    yield
    if saved is None:
        os.environ.pop("XDG_CONFIG_HOME", None)
    else:
        os.environ["XDG_CONFIG_HOME"] = saved


def pg_server_url() -> str:
    return required_env(PG_ENV, "PostgreSQL tests")


@contextmanager
def fresh_pg_database(suite: str) -> Iterator[str]:
    """Create a uniquely named database `ct_<suite>_…` on the test server; drop it afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    server = pg_server_url()
    name = f"ct_{suite}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def suite_name(request: pytest.FixtureRequest) -> str:
    """The test's suite: its folder under tests/ ("ledger", "compare", ...)."""
    return request.path.resolve().relative_to(Path(__file__).resolve().parent).parts[0]


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with fresh_pg_database(suite_name(request)) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh ledger location on each backend: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture(autouse=True, scope="session")
def _compare_cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """compare caches its grouping per ledger (`claimtally.compare.cache`); tests keep those
    files in a folder of their own instead of the user's cache directory."""
    saved = os.environ.get("CLAIMTALLY_CACHE")
    os.environ["CLAIMTALLY_CACHE"] = str(tmp_path_factory.mktemp("compare-cache"))
    yield
    if saved is None:
        os.environ.pop("CLAIMTALLY_CACHE", None)
    else:
        os.environ["CLAIMTALLY_CACHE"] = saved
