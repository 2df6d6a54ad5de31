"""Fetching against a real local server: redirects, limits, content types, address checks."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimtally.ingest.fetch import USER_AGENT, Fetcher, FetchError, FetchOptions

from .conftest import LocalServer, Route


def fetcher(**kw: object) -> Fetcher:
    kw.setdefault("allow_private", True)
    kw.setdefault("host_delay", 0)
    return Fetcher(FetchOptions(**kw))  # type: ignore[arg-type]


def test_ok_page_and_user_agent(server: LocalServer) -> None:
    url = server.add("/a", "<html><body><p>hello</p></body></html>", content_type="text/html; charset=ISO-8859-1")
    with fetcher() as f:
        got = f.fetch(url)
    assert got.status == 200 and got.body.startswith(b"<html>")
    assert (got.media_type, got.charset) == ("text/html", "ISO-8859-1")
    assert got.url == url and got.fetched_at
    assert server.requests[-1][1]["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("claimtally/")


def test_redirect_chain_is_followed(server: LocalServer) -> None:
    final = server.add("/final", "<html><body>x</body></html>")
    server.redirect("/r2", "/final", 301)
    start = server.redirect("/r1", server.url("/r2"), 307)
    with fetcher() as f:
        got = f.fetch(start)
    assert got.url == final and got.requested == start


def test_redirect_limit(server: LocalServer) -> None:
    for i in range(5):
        server.redirect(f"/loop{i}", f"/loop{i + 1}")
    server.add("/loop5", "<html>x</html>")
    with fetcher(max_redirects=3) as f, pytest.raises(FetchError, match="too many redirects"):
        f.fetch(server.url("/loop0"))
    with fetcher(max_redirects=5) as f:
        assert f.fetch(server.url("/loop0")).status == 200


def test_redirect_to_other_scheme_is_refused(server: LocalServer) -> None:
    url = server.redirect("/to-file", "file:///etc/passwd")
    with fetcher() as f, pytest.raises(FetchError, match="unsupported URL scheme 'file'"):
        f.fetch(url)


@pytest.mark.parametrize(
    ("status", "message"),
    [(404, "HTTP 404"), (500, "HTTP 500"), (403, "HTTP 403"), (204, "HTTP 204")],
)
def test_http_errors(server: LocalServer, status: int, message: str) -> None:
    url = server.add("/e", "oops", status=status)
    with fetcher() as f, pytest.raises(FetchError, match=message):
        f.fetch(url)


@pytest.mark.parametrize("ctype", ["image/png", "application/pdf", "application/octet-stream", "video/mp4"])
def test_content_type_is_checked(server: LocalServer, ctype: str) -> None:
    url = server.add("/bin", b"\x89PNG....", content_type=ctype)
    with fetcher() as f, pytest.raises(FetchError, match="unsupported content type"):
        f.fetch(url)


def test_size_cap_by_header_and_by_stream(server: LocalServer) -> None:
    big = "<html><body>" + "x" * 5000 + "</body></html>"
    url = server.add("/big", big)
    streamed = server.add("/big-chunked", big, chunks=10, headers={"Connection": "close"})
    with fetcher(max_bytes=1000) as f:
        with pytest.raises(FetchError, match="cap"):
            f.fetch(url)
        with pytest.raises(FetchError, match="cap"):
            f.fetch(streamed)
    with fetcher(max_bytes=10_000) as f:
        assert len(f.fetch(url).body) == len(big)


def test_timeout(server: LocalServer) -> None:
    url = server.add("/slow", "<html>late</html>", delay=2.0)
    with fetcher(timeout=0.3) as f, pytest.raises(FetchError, match="timed out"):
        f.fetch(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "http://localhost:9/x",
        "http://10.1.2.3/x",
        "http://192.168.0.1/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9/x",
        "http://0.0.0.0:9/x",
        "http://100.64.0.1/x",
    ],
)
def test_private_addresses_are_refused(url: str) -> None:
    with Fetcher(FetchOptions()) as f, pytest.raises(FetchError, match="non-public address"):
        f.fetch(url)


def test_loopback_server_needs_allow_private(server: LocalServer) -> None:
    url = server.add("/p", "<html>x</html>")
    with Fetcher(FetchOptions()) as f, pytest.raises(FetchError, match="--allow-private"):
        f.fetch(url)
    assert server.requests == []  # refused before connecting


def test_redirect_to_private_address_is_refused() -> None:
    """A public-looking first hop cannot bounce ingest into the local network: each hop is checked."""
    from claimtally.ingest.fetch import resolve

    with pytest.raises(FetchError, match="non-public"):
        resolve("127.0.0.1", 80, allow_private=False)
    assert resolve("127.0.0.1", 80, allow_private=True) == ["127.0.0.1"]


@pytest.mark.parametrize("url", ["ftp://example.org/x", "not a url at all", "http://"])
def test_bad_urls(url: str) -> None:
    with fetcher() as f, pytest.raises(FetchError):
        f.fetch(url)


def test_fetch_many_keeps_order_and_bounds_concurrency(server: LocalServer) -> None:
    import threading

    urls = [server.add(f"/m{i}", f"<html><body>{i}</body></html>", delay=0.05) for i in range(12)]
    urls.insert(3, server.url("/missing"))
    active = 0
    peak = 0
    lock = threading.Lock()
    with fetcher(concurrency=3) as f:
        real = f.fetch

        def counting(u: str, accept: object = None) -> object:
            nonlocal active, peak
            with lock:
                active += 1
                peak = max(peak, active)
            try:
                return real(u, accept)  # type: ignore[arg-type]
            finally:
                with lock:
                    active -= 1

        f.fetch = counting  # type: ignore[method-assign]
        results = list(f.fetch_many(urls))
    assert [u for u, _ in results] == urls
    assert isinstance(results[3][1], FetchError) and "404" in str(results[3][1])
    assert all(not isinstance(r, FetchError) for i, (_, r) in enumerate(results) if i != 3)
    assert 1 < peak <= 3


# -- the whole-request deadline (a server trickling its headers) ----------------------------------


@pytest.fixture
def trickler() -> Iterator[str]:
    """A server that answers every request with headers sent one byte every 0.1 s (for ~60 s)."""
    sock = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X-Pad: " + b"a" * 600 + b"\r\n\r\n"
            for byte in head:
                if stop.wait(0.1):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    def accept() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/slow"
    finally:
        stop.set()
        sock.close()


def test_trickled_headers_hit_the_whole_request_deadline(trickler: str) -> None:
    started = time.monotonic()
    with fetcher(timeout=1.0, total_timeout=1.5) as f, pytest.raises(FetchError, match="longer than 1.5s"):
        f.fetch(trickler)
    assert time.monotonic() - started < 5


def test_cli_timeout_bounds_the_whole_request(trickler: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from claimtally.cli import main

    started = time.monotonic()
    code = main(["ingest", "--quiet", "--allow-private", "--timeout", "1", "--db", str(tmp_path / "l.db"), trickler])
    assert time.monotonic() - started < 8
    err = capsys.readouterr().err
    assert code == 1 and err.startswith(f"claimtally ingest: {trickler}: took longer than 1s")


# -- addresses: IPv6 transition forms, special ranges, DNS rebinding -------------------------------

#: Addresses that lead to the local network, loopback or nowhere public, in forms a naive check misses.
HIDDEN_PRIVATE = [
    "64:ff9b::7f00:1",       # NAT64 of 127.0.0.1
    "2002:7f00:1::1",        # 6to4 of 127.0.0.1
    "::127.0.0.1",           # IPv4-compatible (deprecated)
    "::ffff:0:127.0.0.1",    # IPv4-translated
    "::ffff:127.0.0.1",      # IPv4-mapped
    "64:ff9b::a9fe:a9fe",    # NAT64 of the cloud metadata address 169.254.169.254
    "2002:c0a8:1::1",        # 6to4 of 192.168.0.1
    "64:ff9b:1::a00:1",      # local-use NAT64 prefix
    "192.0.0.8",             # IPv4 dummy address
    "192.0.0.170",           # NAT64 discovery
    "198.18.0.1",            # benchmarking
    "fd00::1",               # unique local
    "fe80::1",               # link-local
]


@pytest.mark.parametrize("addr", HIDDEN_PRIVATE)
def test_hidden_private_addresses_are_refused(addr: str) -> None:
    host = f"[{addr}]" if ":" in addr else addr
    with Fetcher(FetchOptions(timeout=1, total_timeout=1)) as f, pytest.raises(FetchError, match="non-public address"):
        f.fetch(f"http://{host}:9/x")


@pytest.mark.parametrize(
    ("addr", "public"),
    [("8.8.8.8", True), ("2606:4700::1111", True), ("64:ff9b::808:808", True), ("2002:808:808::1", True),
     ("::ffff:8.8.8.8", True), ("192.0.0.9", False), *((a, False) for a in HIDDEN_PRIVATE)],
)
def test_non_public_reason(addr: str, public: bool) -> None:
    import ipaddress

    from claimtally.ingest.addresses import non_public_reason

    assert (non_public_reason(ipaddress.ip_address(addr)) is None) == public


def test_connection_goes_to_the_address_that_was_checked(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the first answer is public, every later one is 127.0.0.1. The host is resolved
    once and that checked (public) address is the one connected to; nothing reaches the local server."""
    url = server.add("/admin", "<html>secret</html>").replace("127.0.0.1", "rebind.test")
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection
    answers: list[str] = []

    def getaddrinfo(host: object, port: object, *args: object, **kw: object) -> list:
        if host != "rebind.test":
            return real_getaddrinfo(host, port, *args, **kw)  # type: ignore[arg-type]
        addr = "93.184.215.14" if not answers else "127.0.0.1"
        answers.append(addr)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (addr, port))]

    def create_connection(address: tuple, *args: object, **kw: object) -> socket.socket:
        host = address[0]
        if host not in ("127.0.0.1", "::1", "localhost", "rebind.test"):
            raise ConnectionRefusedError(f"test: no network ({host})")  # a public address: never connect
        return real_connect(address, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    with Fetcher(FetchOptions(timeout=2, host_delay=0)) as f, pytest.raises(FetchError, match="no network"):
        f.fetch(url)
    assert server.requests == []
    assert answers == ["93.184.215.14"]


# -- politeness: retries on 429/503 with Retry-After, and a delay per host ------------------------


def test_429_is_retried_after_retry_after(server: LocalServer) -> None:
    url = server.script("/busy", [Route(429, b"slow down", {"Retry-After": "1"}),
                                  Route(200, b"<html><body>ok</body></html>", {"Content-Type": "text/html"})])
    with fetcher(retries=2) as f:
        got = f.fetch(url)
    assert got.body.endswith(b"ok</body></html>")
    (_, first), (_, second) = server.times
    assert second - first >= 0.9


def test_503_backs_off_then_gives_up(server: LocalServer) -> None:
    url = server.script("/down", [Route(503, b"", {"Content-Type": "text/plain"})])
    with fetcher(retries=2, backoff=0.2) as f, pytest.raises(FetchError, match="HTTP 503 after 2 retries"):
        f.fetch(url)
    gaps = [b - a for (_, a), (_, b) in zip(server.times, server.times[1:], strict=False)]
    assert len(server.times) == 3 and gaps[0] >= 0.15 and gaps[1] >= 0.35  # 0.2 s, then 0.4 s


def test_retry_after_longer_than_we_wait_is_an_error(server: LocalServer) -> None:
    url = server.script("/later", [Route(429, b"", {"Retry-After": "3600"})])
    with fetcher(max_retry_wait=5) as f, pytest.raises(FetchError, match="Retry-After 3600s is longer"):
        f.fetch(url)
    assert len(server.times) == 1


def test_requests_to_one_host_are_spaced(server: LocalServer) -> None:
    urls = [server.add(f"/p{i}", "<html>x</html>") for i in range(4)]
    with fetcher(host_delay=0.3, concurrency=4) as f:
        assert all(not isinstance(r, FetchError) for _, r in f.fetch_many(urls))
    starts = sorted(t for _, t in server.times)
    assert all(b - a >= 0.2 for a, b in zip(starts, starts[1:], strict=False))  # server-side times: connect jitter
