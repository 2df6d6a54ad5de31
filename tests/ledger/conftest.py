"""Fixtures for the ledger tests: every backend test runs on SQLite and on PostgreSQL.

PostgreSQL comes from $CLAIMTALLY_TEST_PG (a server URL, as `.ci/run` exports it); each test
gets a fresh database there, dropped afterwards. Without the variable the PostgreSQL cases
skip, except in CI (CI=true), where a missing server must fail rather than pass quietly.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

PG_ENV = "CLAIMTALLY_TEST_PG"


def pg_server_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but ${PG_ENV} is not set: the PostgreSQL tests must run in CI")
        pytest.skip(f"${PG_ENV} not set (PostgreSQL tests run in CI, see .ci/run)")
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    with fresh_pg_database() as url:
        yield url


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """Create a uniquely named database on the test server; drop it afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    server = pg_server_url()
    name = f"ct_ledger_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A ledger location on each backend: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    return request.getfixturevalue("pg_url")
