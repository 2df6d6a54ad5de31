"""Fixtures for the ingest tests: a real HTTP server on 127.0.0.1, WARC files written with warcio,
and ledgers on SQLite (always) and PostgreSQL ($CLAIMTALLY_TEST_PG; skipped locally without it,
a failure in CI when it is missing; `db_url` is in `tests/conftest.py`). No test touches the network.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import pytest


def article_html(title: str, paragraphs: list[str], *, date: str | None = "2024-03-05",
                 author: str | None = "Jane Doe", site: str = "Example News", lang: str = "en",
                 charset: str | None = "utf-8") -> str:
    """A news page with the usual furniture around the article."""
    meta = [f'<meta charset="{charset}">'] if charset else []
    meta.append(f'<meta property="og:site_name" content="{site}">')
    if date:
        meta.append(f'<meta property="article:published_time" content="{date}T10:00:00Z">')
    if author:
        meta.append(f'<meta name="author" content="{author}">')
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{"".join(meta)}<title>{title}</title></head><body>'
        '<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>'
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        '<aside><h3>Most read</h3><ul><li><a href="/x">Celebrity news of the day</a></li></ul></aside>'
        "<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer></body></html>"
    )


STORY = [
    "The regional health ministry said 14 people were killed and 37 wounded when missiles struck "
    "the city centre on Monday, in one of the deadliest attacks on the region this year.",
    "Rescue workers searched the rubble of a five-storey apartment building through the night, "
    "and the governor said the search would continue until everyone was accounted for.",
    "Police detained 12 people at a protest outside the city council later in the day, according "
    "to a statement from the interior ministry, which gave no further details about the charges.",
    "Residents described hearing several loud explosions shortly before noon, followed by the sound "
    "of sirens as ambulances raced through the streets towards the damaged buildings.",
]


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunks: int = 1


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 serving fixed routes; records request headers."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | list[Route]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        #: (path, time.monotonic()) of every request, for pacing checks
        self.times: list[tuple[str, float]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                server.requests.append((self.path, dict(self.headers)))
                server.times.append((self.path, time.monotonic()))
                route = server.routes.get(self.path)
                if isinstance(route, list):  # a script: one answer per request, the last one repeats
                    route = route.pop(0) if len(route) > 1 else route[0]
                if route is None:
                    route = Route(404, b"not found", {"Content-Type": "text/plain"})
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                if "Content-Length" not in route.headers and route.chunks == 1:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    if route.chunks == 1:
                        self.wfile.write(route.body)
                    else:
                        step = max(1, len(route.body) // route.chunks)
                        for i in range(0, len(route.body), step):
                            self.wfile.write(route.body[i : i + step])
                            self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", status: int = 200, content_type: str | None = "text/html; charset=utf-8",
            **kw: object) -> str:
        headers = dict(kw.pop("headers", {}) or {})  # type: ignore[arg-type]
        if content_type:
            headers.setdefault("Content-Type", content_type)
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(status, data, headers, **kw)  # type: ignore[arg-type]
        return self.url(path)

    def script(self, path: str, answers: list[Route]) -> str:
        """Successive requests for `path` get successive answers; the last one repeats."""
        self.routes[path] = list(answers)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = Route(status, b"", {"Location": to})
        return self.url(path)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()


def write_warc(path: Path, records: list[tuple], gz: bool = True) -> Path:
    """Write a WARC with warcio. Each record: ("response", uri, status, content_type, body) or
    ("request", uri) or ("resource", uri, content_type, body)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for rec in records:
            kind, uri = rec[0], rec[1]
            if kind == "response":
                _, _, status, ctype, body = rec
                headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
                r = writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers)
            elif kind == "request":
                headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
                r = writer.create_warc_record(uri, "request", payload=BytesIO(b""), http_headers=headers)
            else:
                _, _, ctype, body = rec
                r = writer.create_warc_record(uri, "resource", payload=BytesIO(body), warc_content_type=ctype)
            writer.write_record(r)
    return path


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data)
