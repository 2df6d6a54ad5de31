"""Every write endpoint refuses a request without a signed-in session and its CSRF token.

The table below lists each state-changing route with a request that succeeds when properly
authorised; the first test fails if a route is added without a row here, so no write endpoint
can escape these checks. Each refused request must also leave the ledger exactly as it was.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import make_client, sign_in

# path, how the body is sent, the body, whether the route needs a signed-in reviewer
WRITES: list[tuple[str, str, dict[str, Any], bool]] = [
    ("/api/figures/{id}/review", "json", {"action": "correct", "changes": {"value": 99, "low": 99, "high": 99}}, True),
    ("/api/merges", "json", {"kind": "claimant", "source": "{claimant}", "target": "Merged name"}, True),
    ("/figures/{id}/review", "form", {"action": "reject"}, True),
    ("/merge", "form", {"kind": "subject", "source": "{subject}", "target": "Merged subject"}, True),
    ("/api/corrections", "json", {"action": "move_figure", "figure_id": "{id}", "target": "losses:moved"}, True),
    ("/api/corrections/{id}/undo", "json", {}, True),
    ("/corrections", "form", {"action": "move_figure", "figure_id": "{id}", "target": "losses:moved"}, True),
    ("/login", "form", {"name": "alice", "password": "correct horse battery"}, False),
    ("/logout", "form", {}, False),
]
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def client(sqlite_db: str) -> Any:
    with make_client(sqlite_db) as c:
        yield c


def _target(client: Any) -> dict[str, Any]:
    """A figure to write about, and a correction to undo (made directly in the store)."""
    from claimtally.web.store import User

    fig = client.get("/api/figures", params={"limit": 1}).json()["items"][0]
    store = client.app.state.store
    alice = store.user_row("alice")
    made = store.compare.correct("move_figure", User(alice["id"], "alice"), figure_id=fig["id"], target="losses:set-up")
    return {"id": fig["id"], "claimant": fig["claimant"] or "", "subject": fig["subject"],
            "correction": made["corrections"][0]}


def _send(client: Any, path: str, kind: str, body: dict[str, Any], target: dict[str, Any],
          token: str | None, header_token: bool = True) -> Any:
    url = path.replace("{id}", str(target["correction" if "/corrections/" in path else "id"]))
    body = {k: (v.format(**target) if isinstance(v, str) else v) for k, v in body.items()}
    if kind == "json":
        headers = {"X-CSRF-Token": token} if token is not None and header_token else {}
        return client.post(url, json=body, headers=headers, follow_redirects=False)
    data = dict(body)
    if token is not None:
        data["csrf_token"] = token
    return client.post(url, data=data, follow_redirects=False)


def _snapshot(client: Any) -> tuple[Any, ...]:
    figs = client.get("/api/figures", params={"limit": 500, "include_rejected": True}).json()
    audit = client.get("/api/audit", params={"limit": 500}).json()
    return (figs["items"], audit["total"], client.get("/api/corrections").json())


def test_every_write_route_is_in_the_table(sqlite_db: str) -> None:
    from claimtally.web.app import create_app

    app = create_app(sqlite_db)
    routes = {re.sub(r"\{[^}]+\}", "{id}", path) for path, methods in _walk(app.routes)
              if WRITE_METHODS & methods}
    assert routes == {row[0] for row in WRITES}


def _walk(routes: Any) -> Any:
    """(path, methods) of every route, including those of included routers and mounts."""
    for route in routes:
        inner = getattr(route, "original_router", None) or getattr(route, "app", None)
        if getattr(route, "methods", None):
            yield route.path, set(route.methods)
        elif inner is not None and hasattr(inner, "routes"):
            yield from _walk(inner.routes)


@pytest.mark.parametrize(("path", "kind", "body", "needs_user"), WRITES)
def test_refused_without_session(client: Any, path: str, kind: str, body: dict[str, Any],
                                 needs_user: bool) -> None:
    target = _target(client)
    before = _snapshot(client)
    # A token from some other session does not help a request that has no session.
    other = make_client(client.app.state.store.ledger.target.display)
    stolen = sign_in(other)
    client.cookies.clear()
    resp = _send(client, path, kind, body, target, stolen)
    assert resp.status_code in (401, 403), resp.text
    assert _snapshot(client) == before


@pytest.mark.parametrize("token", [None, "", "not-the-token"], ids=["no-token", "empty", "wrong"])
@pytest.mark.parametrize(("path", "kind", "body", "needs_user"), WRITES)
def test_refused_without_csrf_token(client: Any, path: str, kind: str, body: dict[str, Any],
                                    needs_user: bool, token: str | None) -> None:
    target = _target(client)
    sign_in(client)
    before = _snapshot(client)
    resp = _send(client, path, kind, body, target, token)
    assert resp.status_code == 403, resp.text
    assert _snapshot(client) == before
    assert client.get("/api/session").json()["user"] == "alice"  # still signed in


@pytest.mark.parametrize(("path", "kind", "body", "needs_user"), [w for w in WRITES if w[3]])
def test_token_of_another_session_is_refused(client: Any, sqlite_db: str, path: str, kind: str,
                                             body: dict[str, Any], needs_user: bool) -> None:
    target = _target(client)
    sign_in(client)
    with make_client(sqlite_db) as other:
        foreign = sign_in(other)
    before = _snapshot(client)
    resp = _send(client, path, kind, body, target, foreign)
    assert resp.status_code == 403
    assert _snapshot(client) == before


@pytest.mark.parametrize(("path", "kind", "body", "needs_user"), WRITES)
def test_accepted_with_session_and_token(client: Any, path: str, kind: str, body: dict[str, Any],
                                         needs_user: bool) -> None:
    target = _target(client)
    token = sign_in(client) if needs_user or path == "/logout" else client.get("/api/session").json()[
        "csrf_token"]
    resp = _send(client, path, kind, body, target, token)
    assert resp.status_code in (200, 303), resp.text


def test_signed_in_writes_leave_an_audit_row(client: Any) -> None:
    target = _target(client)
    token = sign_in(client)
    resp = _send(client, *WRITES[0][:3], target, token)
    assert resp.status_code == 200
    entry = client.get("/api/audit", params={"limit": 1}).json()["items"][0]
    assert (entry["user_name"], entry["action"], entry["target"]) == ("alice", "correct", str(target["id"]))


def test_wrong_password_is_refused_and_does_not_sign_in(client: Any) -> None:
    token = client.get("/api/session").json()["csrf_token"]
    resp = client.post("/login", data={"name": "alice", "password": "nope", "csrf_token": token},
                       follow_redirects=False)
    assert resp.status_code == 401
    assert client.get("/api/session").json()["user"] is None
    resp = client.post("/login", data={"name": "nobody", "password": "x" * 10, "csrf_token": token},
                       follow_redirects=False)
    assert resp.status_code == 401


def test_sign_in_rotates_the_csrf_token(client: Any) -> None:
    before = client.get("/api/session").json()["csrf_token"]
    after = sign_in(client)
    assert before != after


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [("/figures/1", "/figures/1"), ("//evil.example/", "/"), ("https://evil.example/", "/"),
     ("/\\evil.example", "/"), ("", "/")],
)
def test_login_redirects_only_to_local_paths(client: Any, next_url: str, expected: str) -> None:
    token = client.get("/api/session").json()["csrf_token"]
    resp = client.post("/login", data={"name": "alice", "password": "correct horse battery",
                                       "csrf_token": token, "next": next_url}, follow_redirects=False)
    assert resp.headers["location"] == expected


def test_session_cookie_is_httponly_and_samesite(client: Any) -> None:
    raw = client.get("/login").headers.get("set-cookie", "").lower()
    assert raw.startswith("claimtally_session=")
    assert "httponly" in raw and "samesite=lax" in raw
    sign_in(client)
    assert client.get("/api/session").headers["cache-control"] == "no-store"


def test_private_dashboard_needs_sign_in(sqlite_db: str) -> None:
    with make_client(sqlite_db, private=True) as c:
        assert c.get("/", follow_redirects=False).status_code == 303
        assert c.get("/api/figures").status_code == 401
        assert c.get("/openapi.json").status_code == 401
        assert c.get("/documents/1", follow_redirects=False).headers["location"] == "/login"
        assert c.get("/login").status_code == 200
        assert c.get("/static/app.css").status_code == 200
        sign_in(c)
        assert c.get("/").status_code == 200
        assert c.get("/api/figures").status_code == 200


def test_public_dashboard_reads_without_sign_in(client: Any) -> None:
    assert client.get("/").status_code == 200
    assert client.get("/api/figures").status_code == 200


def test_repeated_failed_sign_ins_are_throttled(client: Any) -> None:
    token = client.get("/api/session").json()["csrf_token"]

    def attempt(password: str) -> Any:
        return client.post("/login", data={"name": "alice", "password": password, "csrf_token": token},
                           follow_redirects=False)

    limit = client.app.state.login_throttle.limits["name"]
    assert [attempt(f"wrong {i}").status_code for i in range(limit)] == [401] * limit
    refused = attempt("correct horse battery")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert "Too many failed sign-ins" in refused.text
    assert client.get("/api/session").json()["user"] is None
    # Another account is not locked by alice's failures.
    from claimtally.web.auth import LoginThrottle

    throttle = LoginThrottle(per_name=2, per_client=3, window_s=0.2)
    throttle.failed("bob", "1.2.3.4")
    throttle.failed("bob", "1.2.3.4")
    assert throttle.retry_after("BOB", "5.6.7.8") > 0 and throttle.retry_after("carol", "5.6.7.8") == 0
    throttle.failed("carol", "1.2.3.4")
    assert throttle.retry_after("dave", "1.2.3.4") > 0  # the address is over its limit
    import time

    time.sleep(0.25)
    assert throttle.retry_after("bob", "1.2.3.4") == 0  # the window has passed
