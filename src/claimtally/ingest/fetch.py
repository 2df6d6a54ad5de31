"""Fetching pages politely and safely with httpx.

What a batch ingester needs from HTTP, and what can go wrong on the open web:
- a clear User-Agent, so site owners know who is calling;
- a deadline for the whole request, connecting, headers and body together (`total_timeout`),
  as well as a per-operation timeout: a server that trickles its headers or its body one byte
  a second never trips a read timeout, and must still not hold a fetch for long;
- a size cap checked on the decompressed body as it streams in (a gzip bomb stops at the cap);
- redirects followed by hand, at most `max_redirects`, each hop checked like the first URL;
- only `http` and `https`, and only public addresses (`addresses.py`): a URL, redirect or feed
  entry whose host resolves to a private, loopback, link-local or otherwise non-public address
  is refused unless `allow_private` is set, so a hostile feed cannot probe the local network.
  The host name is resolved once, in the connection step itself, and the connection goes to
  an address that was checked (TLS still verifies the certificate for the name), so a DNS
  server that answers differently the second time (DNS rebinding) gains nothing;
- content-type checks, so an image or a PDF is refused before it is downloaded;
- politeness: at most `concurrency` requests in flight, at least `host_delay` seconds between
  two requests to one host (robots.txt's Crawl-delay can raise it), and 429 / 503 answers
  retried after the server's Retry-After (or 1, 2, 4 ... s) up to `retries` times.

httpx is imported when the first Fetcher is made, so reading local files never pays for it.
"""

from __future__ import annotations

import functools
import socket
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from claimtally import __version__
from claimtally.ingest.addresses import non_public_reason, parse_ip

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"claimtally/{__version__} (news figure ledger; +https://github.com/claimtally/claimtally)"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
    "text/xml", "application/feed+json", "application/x-rss+xml",
})
#: Media types ingest knows what to do with.
ACCEPTED_TYPES = HTML_TYPES | TEXT_TYPES | FEED_TYPES
#: Pass as `accept` to take any media type (robots.txt).
ANY_TYPE: frozenset[str] = frozenset()
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
#: Answers that mean "not now": retried after Retry-After or a backoff.
RETRY_CODES = frozenset({429, 503})


class FetchError(Exception):
    """A URL could not be fetched; the message is short and says why (the caller names the URL)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class _Refused(FetchError):
    """The host resolved to an address ingest must not connect to."""


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
    retries: int = 3
    #: The longest Retry-After honoured; a server asking for more gets an error instead.
    max_retry_wait: float = 60.0
    #: First backoff when a 429/503 has no Retry-After; doubled on each retry.
    backoff: float = 1.0
    host_delay: float = 1.0


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
    #: The Last-Modified header as an ISO date, when it says something (see `last_modified`).
    last_modified: str | None = None


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


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def last_modified(last_modified_header: str | None, date_header: str | None) -> str | None:
    """The Last-Modified date (ISO), or None when it carries no information: a page generated
    for each request says it was modified when it was sent (at or after its Date header)."""
    modified = _http_date(last_modified_header)
    if modified is None:
        return None
    sent = _http_date(date_header) or datetime.now(UTC)
    if (sent - modified).total_seconds() < 60:
        return None
    return modified.astimezone(UTC).date().isoformat()


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), None if absent or odd."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = _http_date(value)
    if when is None:
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


# -- the connection step: one resolution, checked addresses, a deadline on every socket call -----

_local = threading.local()


def _remaining(timeout: float | None) -> float | None:
    """`timeout` shortened to what is left of the current request's deadline."""
    deadline = getattr(_local, "deadline", None)
    if deadline is None:
        return timeout
    import httpcore

    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("request deadline passed")
    return left if timeout is None else min(timeout, left)


@functools.cache
def _network_classes() -> tuple[type, type]:
    """The httpcore network backend and stream classes, defined on first use (lazy import)."""
    import httpcore

    class DeadlineStream(httpcore.NetworkStream):
        def __init__(self, inner: httpcore.NetworkStream) -> None:
            self._inner = inner

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            return self._inner.read(max_bytes, _remaining(timeout))

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self._inner.write(buffer, _remaining(timeout))

        def close(self) -> None:
            self._inner.close()

        def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                      timeout: float | None = None) -> httpcore.NetworkStream:
            return DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _remaining(timeout)))

        def get_extra_info(self, info: str) -> Any:
            return self._inner.get_extra_info(info)

    class CheckedBackend(httpcore.NetworkBackend):
        """Resolves the host once, refuses non-public addresses, connects to a checked one."""

        def __init__(self, allow_private: bool) -> None:
            self._sync = httpcore.SyncBackend()
            self._allow_private = allow_private

        def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                        local_address: str | None = None, socket_options: Any = None) -> httpcore.NetworkStream:
            addresses = resolve(host, port, self._allow_private)
            error: Exception | None = None
            for address in addresses:
                try:
                    stream = self._sync.connect_tcp(address, port, _remaining(timeout), local_address, socket_options)
                except httpcore.ConnectError as exc:
                    error = exc
                    continue
                return DeadlineStream(stream)
            raise error or httpcore.ConnectError(f"no address for {host!r}")

        def connect_unix_socket(self, path: str, timeout: float | None = None,
                                socket_options: Any = None) -> httpcore.NetworkStream:
            raise httpcore.ConnectError("unix sockets are not used")

        def sleep(self, seconds: float) -> None:
            time.sleep(seconds)

    return CheckedBackend, DeadlineStream


def resolve(host: str, port: int, allow_private: bool) -> list[str]:
    """The addresses to connect to for `host`, each checked; _Refused names a non-public one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        for address in addresses:
            reason = non_public_reason(parse_ip(address))
            if reason:
                raise _Refused(f"refusing non-public address {reason} for host {host!r} (use --allow-private to permit)")
    return addresses


def _transport(options: FetchOptions) -> httpx.BaseTransport:
    """An httpx transport over an httpcore pool that connects through CheckedBackend."""
    import httpcore
    import httpx

    backend_class, _stream = _network_classes()

    class Body(httpx.SyncByteStream):
        def __init__(self, stream: Any) -> None:
            self._stream = stream

        def __iter__(self) -> Iterator[bytes]:
            yield from self._stream

        def close(self) -> None:
            close = getattr(self._stream, "close", None)
            if close is not None:
                close()

    class Transport(httpx.BaseTransport):
        def __init__(self) -> None:
            self._pool = httpcore.ConnectionPool(
                ssl_context=httpx.create_ssl_context(),
                max_connections=max(1, options.concurrency),
                network_backend=backend_class(options.allow_private),
            )

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            url = request.url
            resp = self._pool.handle_request(httpcore.Request(
                method=request.method,
                url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
                headers=request.headers.raw,
                content=request.stream,
                extensions=request.extensions,
            ))
            return httpx.Response(status_code=resp.status, headers=resp.headers, stream=Body(resp.stream),
                                  extensions=resp.extensions)

        def close(self) -> None:
            self._pool.close()

    return Transport()


class _Pacer:
    """At least `delay` seconds between the starts of two requests to one host, across threads."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}
        self._lock = threading.Lock()

    def set_delay(self, host: str, delay: float) -> None:
        with self._lock:
            self._delays[host] = max(self.delay, delay)

    def hold(self, host: str, seconds: float) -> None:
        """No request to `host` for `seconds` (a Retry-After applies to every thread)."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + seconds)

    def wait(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + self._delays.get(host, self.delay)
        if start > now:
            time.sleep(start - now)


class Fetcher:
    """An httpx client with the limits above; thread-safe, use as a context manager."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        import httpx

        self.options = options or FetchOptions()
        o = self.options
        self.pacer = _Pacer(o.host_delay)
        self._client = httpx.Client(
            transport=_transport(o),
            follow_redirects=False,
            timeout=httpx.Timeout(o.timeout),
            headers={"User-Agent": o.user_agent, "Accept": ", ".join(sorted(o.accept)) + ", */*;q=0.1"},
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
        import httpx

        o = self.options
        accept = accept if accept is not None else o.accept
        try:
            current = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            raise FetchError(f"invalid URL: {exc}") from None
        retries = 0
        hops = 0
        while True:
            if current.scheme not in ("http", "https"):
                raise FetchError(f"unsupported URL scheme {current.scheme!r} (only http and https)")
            if not current.host:
                raise FetchError("URL has no host")
            self.pacer.wait(current.host)
            outcome = self._request(current, url, accept)
            if isinstance(outcome, Fetched):
                return outcome
            kind, value = outcome
            if kind == "redirect":
                hops += 1
                if hops > o.max_redirects:
                    raise FetchError(f"too many redirects (more than {o.max_redirects})")
                current = value
                continue
            status, wait = value  # "retry": a 429/503 answer
            if retries >= o.retries:
                raise FetchError(f"HTTP {status} after {retries} retries", status)
            if wait is None:
                wait = o.backoff * 2**retries
            elif wait > o.max_retry_wait:
                raise FetchError(f"HTTP {status}: Retry-After {wait:g}s is longer than the "
                                 f"{o.max_retry_wait:g}s ingest waits", status)
            retries += 1
            self.pacer.hold(current.host, wait)

    def _request(self, current: httpx.URL, requested: str, accept: frozenset[str]) -> Any:
        """One request: a Fetched, ("redirect", URL) or ("retry", (status, seconds or None))."""
        import httpcore
        import httpx

        o = self.options
        _local.deadline = time.monotonic() + o.total_timeout
        try:
            with self._client.stream("GET", current) as resp:
                if resp.status_code in REDIRECT_CODES and "location" in resp.headers:
                    try:
                        return "redirect", current.join(resp.headers["location"])
                    except httpx.InvalidURL as exc:
                        raise FetchError(f"bad redirect location: {exc}") from None
                if resp.status_code in RETRY_CODES:
                    return "retry", (resp.status_code, retry_after(resp.headers.get("retry-after")))
                if resp.status_code >= 400:
                    raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip(), resp.status_code)
                if resp.status_code != 200:
                    raise FetchError(f"HTTP {resp.status_code} (expected 200)", resp.status_code)
                media, charset = _parse_content_type(resp.headers.get("content-type"))
                if media is not None and accept and media not in accept:
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
                    chunks.append(chunk)
                return Fetched(
                    requested=requested,
                    url=str(current),
                    status=resp.status_code,
                    media_type=media,
                    charset=charset,
                    body=b"".join(chunks),
                    fetched_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
                    last_modified=last_modified(resp.headers.get("last-modified"), resp.headers.get("date")),
                )
        except (httpx.TimeoutException, httpcore.TimeoutException):
            if time.monotonic() >= _local.deadline:
                raise FetchError(f"took longer than {o.total_timeout:g}s (the whole-request limit)") from None
            raise FetchError(f"timed out after {o.timeout:g}s") from None
        except httpx.DecodingError as exc:
            raise FetchError(f"bad content encoding: {exc}") from None
        except (httpx.HTTPError, httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from None
        finally:
            _local.deadline = None

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
