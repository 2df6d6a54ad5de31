"""Fetching pages politely and safely with httpx.

What a batch ingester needs from HTTP, and what can go wrong on the open web:
- a clear User-Agent, so site owners know who is calling;
- timeouts per operation *and* for the whole download (a server trickling one byte a second
  never trips a read timeout);
- a size cap checked on the decompressed body as it streams in (a gzip bomb stops at the cap);
- redirects followed by hand, at most `max_redirects`, each hop checked like the first URL;
- only `http` and `https`, and only public addresses: a URL (or a redirect, or a feed entry)
  that resolves to a private, loopback, link-local or otherwise non-global address is refused
  unless `allow_private` is set, so ingesting a hostile feed cannot probe the local network;
- content-type checks, so an image or a PDF is refused before it is downloaded;
- bounded concurrency, so a feed of 500 links does not open 500 connections.

The address check resolves the host name before connecting; httpx resolves it again when it
connects, so a DNS server that answers differently the second time (DNS rebinding) is not
defended against here. Run ingest behind an egress firewall where that matters.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from claimtally import __version__

USER_AGENT = f"claimtally/{__version__} (news figure ledger; +https://github.com/claimtally/claimtally)"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
    "text/xml", "application/feed+json", "application/x-rss+xml",
})
#: Media types ingest knows what to do with.
ACCEPTED_TYPES = HTML_TYPES | TEXT_TYPES | FEED_TYPES
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A URL could not be fetched; the message is short and says why (the caller names the URL)."""


@dataclass(slots=True)
class FetchOptions:
    """Limits for fetching; the defaults suit news pages."""

    timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False
    concurrency: int = 4
    user_agent: str = USER_AGENT
    accept: frozenset[str] = field(default=ACCEPTED_TYPES)


@dataclass(slots=True)
class Fetched:
    """A downloaded body with what the server said about it."""

    requested: str
    url: str
    status: int
    media_type: str | None
    charset: str | None
    body: bytes
    fetched_at: str


def _parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """`text/html; charset=UTF-8` -> ("text/html", "UTF-8")."""
    if not value:
        return None, None
    parts = value.split(";")
    media = parts[0].strip().lower() or None
    charset = None
    for part in parts[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media, charset


def _check_address(url: httpx.URL, allow_private: bool) -> None:
    """Refuse non-http(s) URLs and, unless allowed, hosts that resolve to non-public addresses."""
    if url.scheme not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme {url.scheme!r} (only http and https)")
    host = url.host
    if not host:
        raise FetchError("URL has no host")
    if allow_private:
        return
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from None
    for info in infos:
        addr = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
            addr = addr.ipv4_mapped
        if not addr.is_global or addr.is_multicast:
            raise FetchError(
                f"refusing non-public address {addr} for host {host!r} (use --allow-private to permit)"
            )


class Fetcher:
    """An httpx client with the limits above; thread-safe, use as a context manager."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        o = self.options
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(o.timeout),
            headers={"User-Agent": o.user_agent, "Accept": ", ".join(sorted(o.accept)) + ", */*;q=0.1"},
            limits=httpx.Limits(max_connections=max(1, o.concurrency)),
            trust_env=False,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str, accept: frozenset[str] | None = None) -> Fetched:
        """Download `url` within the limits; FetchError says what went wrong."""
        o = self.options
        accept = accept if accept is not None else o.accept
        try:
            current = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            raise FetchError(f"invalid URL: {exc}") from None
        started = time.monotonic()
        for _hop in range(o.max_redirects + 1):
            _check_address(current, o.allow_private)
            try:
                with self._client.stream("GET", current) as resp:
                    if resp.status_code in REDIRECT_CODES and "location" in resp.headers:
                        try:
                            current = resp.url.join(resp.headers["location"])
                        except httpx.InvalidURL as exc:
                            raise FetchError(f"bad redirect location: {exc}") from None
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip())
                    if resp.status_code != 200:
                        raise FetchError(f"HTTP {resp.status_code} (expected 200)")
                    media, charset = _parse_content_type(resp.headers.get("content-type"))
                    if media is not None and media not in accept:
                        raise FetchError(f"unsupported content type {media!r}")
                    length = resp.headers.get("content-length")
                    if length and length.isdigit() and int(length) > o.max_bytes:
                        raise FetchError(f"body of {int(length):,} bytes is over the {o.max_bytes:,}-byte cap")
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > o.max_bytes:
                            raise FetchError(f"body is over the {o.max_bytes:,}-byte cap")
                        if time.monotonic() - started > o.total_timeout:
                            raise FetchError(f"download took longer than {o.total_timeout:g}s")
                        chunks.append(chunk)
                    return Fetched(
                        requested=url,
                        url=str(resp.url),
                        status=resp.status_code,
                        media_type=media,
                        charset=charset,
                        body=b"".join(chunks),
                        fetched_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
                    )
            except httpx.TimeoutException:
                raise FetchError(f"timed out after {o.timeout:g}s") from None
            except httpx.DecodingError as exc:
                raise FetchError(f"bad content encoding: {exc}") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{type(exc).__name__}: {exc}") from None
        raise FetchError(f"too many redirects (more than {o.max_redirects})")

    def fetch_many(
        self, urls: Iterable[str], accept: frozenset[str] | None = None
    ) -> Iterator[tuple[str, Fetched | FetchError]]:
        """Fetch `urls` with at most `concurrency` in flight, yielding results in input order."""
        width = max(1, self.options.concurrency)

        def one(u: str) -> Fetched | FetchError:
            try:
                return self.fetch(u, accept)
            except FetchError as exc:
                return exc

        pending: deque[tuple[str, Future[Fetched | FetchError]]] = deque()
        with ThreadPoolExecutor(max_workers=width, thread_name_prefix="claimtally-fetch") as pool:
            for u in urls:
                pending.append((u, pool.submit(one, u)))
                if len(pending) >= width * 2:
                    url, fut = pending.popleft()
                    yield url, fut.result()
            while pending:
                url, fut = pending.popleft()
                yield url, fut.result()
