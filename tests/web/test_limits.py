"""Request limits and error responses (issue 11, items 10 and 11).

An anonymous client could make the server read (and hold) a 1 GiB JSON body before answering
401; an id past the integer range was a 500, and 500s carried none of the security headers.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from claimtally.web.app import create_app
from claimtally.web.limits import MAX_BODY_BYTES
from tests.web.conftest import live_server, make_client, sign_in

CHUNK = b" " * (1 << 20)
HUGE_IDS = [2**63, 2**64 + 1, 10**30]


class Body:
    """A streamed request body of `chunks` chunks that counts how many the server took."""

    def __init__(self, chunks: int, chunk: bytes = CHUNK) -> None:
        self.chunks, self.chunk, self.taken = chunks, chunk, 0

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.chunks):
            self.taken += 1
            yield self.chunk


@pytest.fixture
def client(sqlite_db: str) -> Iterator[Any]:
    with make_client(sqlite_db) as c:
        yield c


def _figure_id(client: Any) -> int:
    return client.get("/api/figures", params={"limit": 1}).json()["items"][0]["id"]


@pytest.mark.parametrize("path", ["/api/figures/{id}/review", "/api/merges", "/figures/{id}/review", "/merge"])
def test_anonymous_write_is_refused_before_its_body_is_read(client: Any, path: str) -> None:
    body = Body(64)  # 64 MiB offered
    resp = client.post(path.format(id=_figure_id(client)), content=body,
                       headers={"Content-Type": "application/json"})
    assert resp.status_code == 401
    assert body.taken <= 1
    assert resp.headers["content-security-policy"].startswith("default-src 'self'")


def test_a_body_over_the_limit_is_413_before_it_is_read(client: Any) -> None:
    token = sign_in(client)
    resp = client.post(f"/api/figures/{_figure_id(client)}/review", content=b"{" + b" " * MAX_BODY_BYTES + b"}",
                       headers={"Content-Type": "application/json", "X-CSRF-Token": token})
    assert resp.status_code == 413 and "limit" in resp.json()["detail"]
    assert resp.headers["x-frame-options"] == "DENY"


def _stream(app: Any, path: str, headers: dict[str, str], chunks: int, size: int) -> tuple[int, int]:
    """POST `chunks` body chunks of `size` bytes to the ASGI `app` as a chunked upload would
    arrive (no Content-Length); returns the status and how many chunks the app took."""
    taken = 0

    async def receive() -> dict[str, Any]:
        nonlocal taken
        if taken >= chunks:
            return {"type": "http.disconnect"}
        taken += 1
        return {"type": "http.request", "body": b" " * size, "more_body": taken < chunks}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 80)}
    asyncio.run(app(scope, receive, send))
    return next(m["status"] for m in sent if m["type"] == "http.response.start"), taken


@pytest.mark.parametrize(("path", "kind"), [("/api/figures/{id}/review", "application/json"),
                                            ("/login", "application/x-www-form-urlencoded")])
def test_a_streamed_body_is_cut_off_at_the_limit(client: Any, path: str, kind: str) -> None:
    token = sign_in(client)
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    headers = {"host": "127.0.0.1", "content-type": kind, "x-csrf-token": token, "cookie": cookie}
    status, taken = _stream(client.app, path.format(id=_figure_id(client)), headers, 64, 64 << 10)  # 4 MiB
    assert status == 413
    assert taken <= MAX_BODY_BYTES // (64 << 10) + 1  # reading stopped at the limit


def test_a_small_write_still_works(client: Any) -> None:
    token = sign_in(client)
    resp = client.post(f"/api/figures/{_figure_id(client)}/review", json={"action": "confirm"},
                       headers={"X-CSRF-Token": token})
    assert resp.status_code == 200


def _raw_request(base: str, head: str) -> bytes:
    """Send only a request's head (no body) to a live server; what it answers within 10 s."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode())
        return sock.recv(65536)


@pytest.mark.parametrize(("path", "status"), [("/api/merges", b"401"), ("/login", b"413")])
def test_a_live_server_answers_a_huge_content_length_at_once(sqlite_db: str, path: str, status: bytes) -> None:
    """uvicorn in front: the answer comes without the server waiting for 1 GiB to arrive."""
    with live_server(sqlite_db) as base:
        started = time.monotonic()
        answer = _raw_request(base, f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    f"Content-Length: {1 << 30}\r\n\r\n")
        assert answer.split(b" ")[1] == status
        assert time.monotonic() - started < 5


@pytest.mark.parametrize("big", HUGE_IDS)
@pytest.mark.parametrize("path", ["/documents/{n}", "/figures/{n}", "/api/figures/{n}", "/api/documents/{n}"])
def test_an_id_past_the_integer_range_is_404(client: Any, path: str, big: int) -> None:
    resp = client.get(path.format(n=big))
    assert resp.status_code == 404
    assert "content-security-policy" in resp.headers


def test_reviewing_an_id_past_the_integer_range_is_404(client: Any) -> None:
    token = sign_in(client)
    for big in HUGE_IDS:
        assert client.post(f"/figures/{big}/review", data={"action": "reject", "csrf_token": token}).status_code == 404
        assert client.post(f"/api/figures/{big}/review", json={"action": "reject"},
                           headers={"X-CSRF-Token": token}).status_code == 404
        assert client.post(f"/api/corrections/{big}/undo", headers={"X-CSRF-Token": token}).status_code == 404


@pytest.mark.parametrize("path", ["/", "/api/figures"])
def test_a_server_error_carries_the_security_headers(sqlite_db: str, monkeypatch: pytest.MonkeyPatch,
                                                     path: str) -> None:
    app = create_app(sqlite_db)

    def broken(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(app.state.store, "figures", broken)
    monkeypatch.setattr(app.state.store, "quantities", broken)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        resp = c.get(path)
    assert resp.status_code == 500
    assert resp.headers["content-security-policy"].startswith("default-src 'self'")
    assert resp.headers["x-content-type-options"] == "nosniff" and resp.headers["x-frame-options"] == "DENY"
    assert "a bug" not in resp.text
