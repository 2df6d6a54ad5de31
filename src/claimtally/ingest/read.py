"""Sources to Documents: read, fetch, decode, parse and detect the language, one input at a time.

Every input yields Items: a Document, a skip (a WARC request record, an image, a link left out)
or an error with a one-line reason naming the input. Nothing here raises for bad input, so one
broken file, record or feed entry never stops a batch or loses the items around it; the caller
counts and reports.
"""

from __future__ import annotations

import hashlib
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from claimtally.ingest.dates import choose_date
from claimtally.ingest.decode import DecodeError, decode_bytes, is_binary
from claimtally.ingest.feeds import FeedEntry, FeedError, full_text, looks_like_feed, parse_feed
from claimtally.ingest.fetch import FEED_TYPES, HTML_TYPES, TEXT_TYPES, Fetched, FetchError, FetchOptions
from claimtally.ingest.html import HtmlError, parse_html
from claimtally.ingest.language import detect_language
from claimtally.ingest.sources import (
    DEFAULT_INCLUDE,
    Source,
    SourceError,
    SourceSkip,
    expand_sources,
    kind_of_path,
)
from claimtally.ingest.warc import WarcError, WarcPage, WarcRecordError, WarcSkip, iter_warc, looks_like_warc
from claimtally.model import Document

if TYPE_CHECKING:
    from claimtally.ingest.fetch import Fetcher
    from claimtally.ingest.robots import Robots

AnySource = Source | SourceError | SourceSkip


@dataclass(slots=True)
class ReadOptions:
    """How inputs are read. `published` (ISO date) overrides every document's publication date.

    `known_urls`, when set, tells which of some URLs the ledger already holds: feed entries among
    them are not fetched again (the pipeline sets it from the ledger). `robots` makes feed entry
    links honour their site's robots.txt; `follow_links` lets folders and manifests lead out of
    themselves through symbolic links; `stdin_doc_id` is the document key of standard input.
    """

    published: str | None = None
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=list)
    max_bytes: int = 10 * 1024 * 1024
    fetch: FetchOptions = field(default_factory=FetchOptions)
    follow_links: bool = False
    stdin_doc_id: str | None = None
    robots: bool = True
    known_urls: Callable[[Sequence[str]], set[str]] | None = None


@dataclass(slots=True)
class Item:
    """One outcome: exactly one of `document`, `skipped` (a reason) or `error` (a reason) is set."""

    source: str
    document: Document | None = None
    skipped: str | None = None
    error: str | None = None
    #: True for the last item of a top-level source (drives the progress bar).
    source_done: bool = False


def _one_line(message: object) -> str:
    text = " ".join(str(message).split())
    return text[:300] + "..." if len(text) > 300 else text


def _unexpected(exc: Exception) -> str:
    return _one_line(f"cannot read ({type(exc).__name__}: {exc})")


GZIP_MAGIC = b"\x1f\x8b"


def _gunzip(data: bytes, cap: int) -> bytes:
    """Decompress a gzip file held in memory (every member of it). ValueError, with the reason, for
    more than `cap` bytes of output (a gzip bomb), corrupt data, or a stream that ends before its
    end-of-stream marker (a truncated file, whose readable part is never used)."""
    out = bytearray()
    while data:
        d = zlib.decompressobj(wbits=31)
        try:
            out += d.decompress(data, cap + 1 - len(out))
        except zlib.error as exc:
            raise ValueError(f"corrupt gzip data ({exc})") from None
        if len(out) > cap:
            raise ValueError(f"gzip data decompresses to over the {cap:,}-byte cap")
        if not d.eof:
            raise ValueError("truncated gzip file: it ends before its end-of-stream marker")
        data = d.unused_data
        if not data.strip(b"\0"):  # zero padding after the last member is common and harmless
            break
    return bytes(out)


def _sniff_kind(data: bytes) -> str:
    """For inputs with no telling name or media type: warc, feed, html or text."""
    if looks_like_warc(data[:8]):
        return "warc"
    head = data[:4096].lstrip().lower()
    if looks_like_feed(data):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head or b"<body" in head:
        return "html"
    return "text"


class Reader:
    """Turns SOURCE arguments into Items; holds the HTTP client, so use it as a context manager."""

    def __init__(self, options: ReadOptions | None = None, stdin: BinaryIO | None = None) -> None:
        self.options = options or ReadOptions()
        self._stdin = stdin
        self._fetcher: Fetcher | None = None
        self._robots: Robots | None = None

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            from claimtally.ingest.fetch import Fetcher

            self._fetcher = Fetcher(self.options.fetch)
        return self._fetcher

    @property
    def robots(self) -> Robots:
        if self._robots is None:
            from claimtally.ingest.robots import Robots

            self._robots = Robots(self.fetcher)
        return self._robots

    def expand(self, args: Iterable[str], manifests: Iterable[str] = ()) -> list[AnySource]:
        """The inputs behind the arguments (folders listed) and manifests, so progress can show a total."""
        o = self.options
        found: list[AnySource] = list(expand_sources(list(args), o.include, o.exclude, follow_links=o.follow_links,
                                                     stdin_key=o.stdin_doc_id))
        if manifests:
            from claimtally.ingest.manifest import manifest_sources

            for manifest in manifests:
                found.extend(manifest_sources(manifest, follow_links=o.follow_links))
        return found

    # -- the walk ----------------------------------------------------------------------

    def items(self, sources: Iterable[AnySource]) -> Iterator[Item]:
        """Items for every source in order; consecutive URLs are fetched concurrently."""
        urls: list[Source] = []
        for src in sources:
            if isinstance(src, Source) and src.kind == "url":
                urls.append(src)
                continue
            if urls:
                yield from self._urls(urls)
                urls = []
            if isinstance(src, SourceError):
                yield Item(src.location, error=src.message, source_done=True)
            elif isinstance(src, SourceSkip):
                yield Item(src.location, skipped=src.reason, source_done=True)
            else:
                yield from self._mark_done(self._source(src), src.location)
        if urls:
            yield from self._urls(urls)

    @staticmethod
    def _mark_done(items: Iterator[Item], location: str) -> Iterator[Item]:
        """The source's items, the last one marked; a failure no reader foresaw becomes one error
        item naming the source, after every item read before it."""
        last: Item | None = None
        try:
            for item in items:
                if last is not None:
                    yield last
                last = item
        except Exception as exc:  # noqa: BLE001 - the batch goes on whatever one input does
            if last is not None:
                yield last
            last = Item(location, error=_unexpected(exc))
        if last is None:
            last = Item(location, skipped="nothing to read")
        last.source_done = True
        yield last

    def _urls(self, urls: list[Source]) -> Iterator[Item]:
        results = self.fetcher.fetch_many(u.location for u in urls)
        for src, (url, result) in zip(urls, results, strict=True):
            if isinstance(result, FetchError):
                yield Item(url, error=_one_line(result), source_done=True)
            else:
                yield from self._mark_done(self._fetched(result, src.doc_id, {"manifest": src.published}), url)

    def _source(self, src: Source) -> Iterator[Item]:
        try:
            if src.kind == "stdin":
                yield from self._stdin_items(src)
                return
            path = Path(src.location)
            if src.kind == "warc":
                with path.open("rb") as fh:
                    head = fh.read(8)
                    fh.seek(0)
                    if not looks_like_warc(head):
                        yield Item(src.location, error="not a WARC file (no WARC/ header or gzip member)")
                        return
                    yield from self._warc(fh, src.location)
                return
            size = path.stat().st_size
            if size > self.options.max_bytes:
                yield Item(src.location, error=f"file of {size:,} bytes is over the {self.options.max_bytes:,}-byte cap")
                return
            data = path.read_bytes()
            if src.kind == "auto" and data[:2] == GZIP_MAGIC and path.name.lower().endswith(".gz"):
                # a compressed page or text ("page.html.gz"), not an archive: read what it holds
                try:
                    data = _gunzip(data, self.options.max_bytes)
                except ValueError as exc:
                    yield Item(src.location, error=_one_line(exc))
                    return
                inner = kind_of_path(Path(path.name[: -len(".gz")]))
                if not looks_like_warc(data[:8]):
                    yield from self._bytes(data, src, kind=inner if inner != "auto" else _sniff_kind(data))
                    return
            kind = src.kind if src.kind != "auto" else _sniff_kind(data)
            if kind == "warc":
                with path.open("rb") as fh:
                    yield from self._warc(fh, src.location)
                return
            yield from self._bytes(data, src, kind=kind)
        except OSError as exc:
            yield Item(src.location, error=_one_line(exc.strerror or exc))

    def _stdin_items(self, src: Source) -> Iterator[Item]:
        """Standard input: a WARC stream, a feed, or one document keyed by --doc-id or by its bytes."""
        stream = self._stdin or sys.stdin.buffer
        head = stream.peek(16)[:16] if hasattr(stream, "peek") else b""
        if looks_like_warc(head):
            if src.key is not None:
                yield Item("-", error="--doc-id names one document, but standard input is a WARC archive")
                return
            yield from self._warc(stream, "-")
            return
        data = stream.read(self.options.max_bytes + 1)
        kind = _sniff_kind(data)
        if kind == "feed" and src.key is not None:
            yield Item("-", error="--doc-id names one document, but standard input is a feed")
            return
        if src.key is None:
            # no --doc-id: the content is the key, so a different text piped in later is another
            # document (not a new version of "-"), and the same text again is unchanged
            src = Source("stdin", "-", key="stdin-" + hashlib.sha256(data).hexdigest()[:16])
        yield from self._bytes(data, src, kind=kind)

    def _bytes(self, data: bytes, src: Source, kind: str) -> Iterator[Item]:
        """A local file or stdin already read into memory."""
        if len(data) > self.options.max_bytes:
            yield Item(src.location, error=f"input is over the {self.options.max_bytes:,}-byte cap")
            return
        if not data.strip():
            yield Item(src.location, error="empty input")
            return
        if kind == "feed":
            yield from self._feed(data, src.location, base_url=None)
            return
        dates = {"manifest": src.published}
        if kind == "html":
            yield self._document_item(
                src.location, lambda: self._html_document(data, src.doc_id, src.location, dates, url=src.url)
            )
        else:
            yield self._document_item(
                src.location, lambda: self._text_document(decode_bytes(data), src.doc_id, src.location, dates, url=src.url)
            )

    @staticmethod
    def _document_item(label: str, build: Callable[[], Document]) -> Item:
        """An Item for one document, whatever building it raises (a one-line error naming `label`)."""
        try:
            return Item(label, document=build())
        except (DecodeError, HtmlError) as exc:
            return Item(label, error=_one_line(exc))
        except Exception as exc:  # noqa: BLE001 - hostile input must not stop the batch
            return Item(label, error=_unexpected(exc))

    # -- documents ---------------------------------------------------------------------

    def _dated(self, found: dict[str, str | None]) -> dict[str, str | None]:
        published, source = choose_date({"--published": self.options.published, **found})
        return {"published": published, "published_source": source}

    def _text_document(self, text: str, doc_id: str, source: str, dates: dict[str, str | None] | None = None,
                       **meta: str | None) -> Document:
        if not text.strip():
            raise DecodeError("no text (only whitespace)")
        return Document(id=doc_id, text=text, source=source, language=detect_language(text),
                        **meta, **self._dated(dates or {}))

    def _html_document(
        self,
        data: bytes,
        doc_id: str,
        source: str,
        dates: dict[str, str | None] | None = None,
        *,
        url: str | None = None,
        charset: str | None = None,
        fetched_at: str | None = None,
    ) -> Document:
        page = parse_html(data, url=url, charset=charset)
        return Document(
            id=doc_id,
            text=page.text,
            source=source,
            url=url,
            canonical_url=page.canonical_url,
            site=page.site,
            title=page.title,
            author=page.author,
            language=detect_language(page.text, page.language),
            fetched_at=fetched_at,
            **self._dated({**(dates or {}), "page": page.published}),
        )

    def _fetched(self, f: Fetched, doc_id: str, dates: dict[str, str | None],
                 source: str | None = None) -> Iterator[Item]:
        """A downloaded body: an HTML page, plain text, or a feed whose entries are read in turn."""
        media = f.media_type
        kind = (
            "html" if media in HTML_TYPES
            else "text" if media in TEXT_TYPES
            else "feed" if media in FEED_TYPES and looks_like_feed(f.body)
            else _sniff_kind(f.body)
        )
        label = f.requested
        if kind == "feed":
            if source is not None:
                yield Item(label, error="feed entry links to another feed (not followed)")
                return
            yield from self._feed(f.body, label, base_url=f.url, fetched_at=f.fetched_at)
            return
        if kind == "warc":
            yield Item(label, error="WARC over HTTP is not supported; download it and ingest the file")
            return
        if not f.body.strip():
            yield Item(label, error="empty page")
            return
        dates = {**dates, "last-modified": f.last_modified}
        if kind == "text":
            yield self._document_item(label, lambda: self._text_document(
                decode_bytes(f.body, f.charset), doc_id, source or f.requested, dates, url=f.url,
                fetched_at=f.fetched_at))
        else:
            yield self._document_item(label, lambda: self._html_document(
                f.body, doc_id, source or f.requested, dates, url=f.url, charset=f.charset,
                fetched_at=f.fetched_at))

    def _feed(self, data: bytes, location: str, base_url: str | None, fetched_at: str | None = None) -> Iterator[Item]:
        """A feed's entries: the entry's own text when it is the article (feeds.full_text), else
        the link fetched (bounded concurrency, robots.txt honoured), links already in the ledger
        skipped; the entry date is the publication date."""
        if is_binary(data):
            yield Item(location, error="binary data, not a feed")
            return
        try:
            entries = parse_feed(data, base_url)
        except FeedError as exc:
            yield Item(location, error=_one_line(exc))
            return
        if not entries:
            yield Item(location, skipped="feed has no entries")
            return
        links = list(dict.fromkeys(e.link for e in entries if e.link))
        known = self.options.known_urls(links) if self.options.known_urls and links else set()
        fetch: dict[str, FeedEntry] = {}
        for n, entry in enumerate(entries, 1):
            key = entry.link or entry.entry_id
            if entry.link in known:
                yield Item(entry.link, skipped="already in the ledger (feed entries are not fetched again)")
                continue
            text = full_text(entry)
            if text is not None and key:
                yield self._document_item(key, lambda e=entry, t=text, k=key: self._entry_document(e, t, k, location,
                                                                                                    fetched_at))
                continue
            if not entry.link:
                yield Item(f"{location} entry {n}", error="entry has no link")
                continue
            if entry.link in fetch:
                continue
            refusal = self.robots.refusal(entry.link) if self.options.robots else None
            if refusal is not None:
                yield Item(entry.link, skipped=refusal)
                continue
            fetch[entry.link] = entry
        for link, result in self.fetcher.fetch_many(fetch):
            if isinstance(result, FetchError):
                yield Item(link, error=_one_line(result))
                continue
            try:
                yield from self._fetched(result, link, {"feed": fetch[link].published}, source=location)
            except Exception as exc:  # noqa: BLE001 - one entry's page must not end the feed
                yield Item(link, error=_unexpected(exc))

    def _entry_document(self, entry: FeedEntry, text: str, key: str, location: str, fetched_at: str | None) -> Document:
        return Document(
            id=key,
            text=text,
            source=location,
            url=entry.link,
            site=entry.site,
            title=entry.title,
            author=entry.author,
            language=detect_language(text, entry.language),
            fetched_at=fetched_at,
            **self._dated({"feed": entry.published}),
        )

    def _warc(self, stream: BinaryIO, location: str) -> Iterator[Item]:
        """HTML response records of a WARC stream; per-record errors name the offset and URI."""
        yield from self.warc_items(iter_warc(stream, self.options.max_bytes), location)

    def warc_items(self, records: Iterable[WarcPage | WarcSkip | WarcRecordError], location: str) -> Iterator[Item]:
        """Items of WARC records read by any reader (the scale stage reads record ranges itself)."""
        try:
            for rec in records:
                if isinstance(rec, WarcPage):
                    dates = {"last-modified": rec.last_modified, "warc-date": rec.date}
                    yield self._document_item(
                        f"{location}@{rec.offset} {rec.uri}",
                        lambda r=rec, d=dates: self._html_document(r.body, r.uri, location, d, url=r.uri,
                                                                   charset=r.charset, fetched_at=r.date),
                    )
                elif isinstance(rec, WarcRecordError):
                    yield Item(f"{location}@{rec.offset} {rec.uri or ''}".rstrip(), error=_one_line(rec.message))
                else:
                    yield Item(f"{location}@{rec.offset}", skipped=rec.reason)
        except WarcError as exc:
            yield Item(location, error=_one_line(exc))


def read_documents(args: Iterable[str], options: ReadOptions | None = None,
                   manifests: Iterable[str] = ()) -> Iterator[Item]:
    """Library entry point without a ledger: every Item for the given SOURCE arguments and manifests."""
    with Reader(options) as reader:
        yield from reader.items(reader.expand(args, manifests))


__all__ = ["Item", "ReadOptions", "Reader", "read_documents"]
