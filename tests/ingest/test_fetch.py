"""Fetching against a real local server: redirects, limits, content types, address checks."""

from __future__ import annotations

import pytest

from claimtally.ingest.fetch import USER_AGENT, Fetcher, FetchError, FetchOptions

from .conftest import LocalServer


def fetcher(**kw: object) -> Fetcher:
    kw.setdefault("allow_private", True)
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
    import httpx

    from claimtally.ingest.fetch import _check_address

    with pytest.raises(FetchError, match="non-public"):
        _check_address(httpx.URL("http://127.0.0.1/admin"), allow_private=False)
    _check_address(httpx.URL("http://127.0.0.1/admin"), allow_private=True)


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
