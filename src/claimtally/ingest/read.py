"""Sources to Documents: read, fetch, decode, parse and detect the language, one input at a time.

Every input yields Items: a Document, a skip (a WARC request record, an image) or an error
with a one-line reason. Nothing here raises for bad input, so one broken file never stops a
batch; the caller counts and reports.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from claimtally.ingest.decode import DecodeError, decode_bytes, is_binary
from claimtally.ingest.feeds import FeedError, looks_like_feed, parse_feed
from claimtally.ingest.fetch import (
    FEED_TYPES,
    HTML_TYPES,
    TEXT_TYPES,
    Fetched,
    Fetcher,
    FetchError,
    FetchOptions,
)
from claimtally.ingest.html import HtmlError, parse_html
from claimtally.ingest.language import detect_language
from claimtally.ingest.sources import DEFAULT_INCLUDE, Source, SourceError, expand_sources, kind_of_path
from claimtally.ingest.warc import WarcError, WarcPage, WarcRecordError, WarcSkip, iter_warc, looks_like_warc
from claimtally.model import Document


@dataclass(slots=True)
class ReadOptions:
    """How inputs are read. `published` (ISO date) overrides every document's publication date."""

    published: str | None = None
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=list)
    max_bytes: int = 10 * 1024 * 1024
    fetch: FetchOptions = field(default_factory=FetchOptions)


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


GZIP_MAGIC = b"\x1f\x8b"


def _gunzip(data: bytes, cap: int) -> bytes:
    """Decompress a gzip file held in memory, refusing more than `cap` bytes of output (gzip bombs)."""
    out = zlib.decompressobj(wbits=31).decompress(data, cap + 1)
    if len(out) > cap:
        raise ValueError(f"decompresses to over the {cap:,}-byte cap")
    return out


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

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.options.fetch)
        return self._fetcher

    def expand(self, args: Iterable[str]) -> list[Source | SourceError]:
        """The inputs behind the arguments (folders listed), so progress can show a total."""
        return list(expand_sources(list(args), self.options.include, self.options.exclude))

    # -- the walk ----------------------------------------------------------------------

    def items(self, sources: Iterable[Source | SourceError]) -> Iterator[Item]:
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
            else:
                yield from self._mark_done(self._source(src), src.location)
        if urls:
            yield from self._urls(urls)

    @staticmethod
    def _mark_done(items: Iterator[Item], location: str) -> Iterator[Item]:
        last: Item | None = None
        for item in items:
            if last is not None:
                yield last
            last = item
        if last is None:
            last = Item(location, skipped="nothing to read")
        last.source_done = True
        yield last

    def _urls(self, urls: list[Source]) -> Iterator[Item]:
        for url, result in self.fetcher.fetch_many(u.location for u in urls):
            if isinstance(result, FetchError):
                yield Item(url, error=_one_line(result), source_done=True)
            else:
                yield from self._mark_done(self._fetched(result, url, None), url)

    def _source(self, src: Source) -> Iterator[Item]:
        try:
            if src.kind == "stdin":
                stream = self._stdin or sys.stdin.buffer
                head = stream.peek(16)[:16] if hasattr(stream, "peek") else b""
                if looks_like_warc(head):
                    yield from self._warc(stream, "-")
                    return
                data = stream.read(self.options.max_bytes + 1)
                yield from self._bytes(data, src, kind=_sniff_kind(data))
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
                except (OSError, EOFError, ValueError) as exc:
                    yield Item(src.location, error=f"not readable as gzip: {_one_line(exc)}")
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
        try:
            if kind == "html":
                yield Item(src.location, document=self._html_document(data, src.doc_id, src.location))
            else:
                yield Item(src.location, document=self._text_document(decode_bytes(data), src.doc_id, src.location))
        except (DecodeError, HtmlError) as exc:
            yield Item(src.location, error=_one_line(exc))

    # -- documents ---------------------------------------------------------------------

    def _text_document(self, text: str, doc_id: str, source: str, **meta: str | None) -> Document:
        if not text.strip():
            raise DecodeError("no text (only whitespace)")
        return Document(
            id=doc_id,
            text=text,
            source=source,
            published=self.options.published or meta.pop("published", None),
            language=detect_language(text),
            **meta,
        )

    def _html_document(
        self,
        data: bytes,
        doc_id: str,
        source: str,
        *,
        url: str | None = None,
        charset: str | None = None,
        published: str | None = None,
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
            published=self.options.published or published or page.published,
            language=detect_language(page.text, page.language),
            fetched_at=fetched_at,
        )

    def _fetched(self, f: Fetched, doc_id: str, published: str | None, source: str | None = None) -> Iterator[Item]:
        """A downloaded body: an HTML page, plain text, or a feed whose entries are fetched in turn."""
        media = f.media_type
        kind = (
            "html" if media in HTML_TYPES
            else "text" if media in TEXT_TYPES
            else "feed" if media in FEED_TYPES and looks_like_feed(f.body)
            else _sniff_kind(f.body)
        )
        if kind == "feed":
            if source is not None:
                yield Item(doc_id, error="feed entry links to another feed (not followed)")
                return
            yield from self._feed(f.body, doc_id, base_url=f.url)
            return
        if kind == "warc":
            yield Item(doc_id, error="WARC over HTTP is not supported; download it and ingest the file")
            return
        if not f.body.strip():
            yield Item(doc_id, error="empty page")
            return
        try:
            if kind == "text":
                text = decode_bytes(f.body, f.charset)
                doc = self._text_document(
                    text, doc_id, source or f.requested, url=f.url, fetched_at=f.fetched_at, published=published
                )
            else:
                doc = self._html_document(
                    f.body, doc_id, source or f.requested, url=f.url, charset=f.charset,
                    published=published, fetched_at=f.fetched_at,
                )
        except (DecodeError, HtmlError) as exc:
            yield Item(doc_id, error=_one_line(exc))
            return
        yield Item(doc_id, document=doc)

    def _feed(self, data: bytes, location: str, base_url: str | None) -> Iterator[Item]:
        """Every entry's link fetched (bounded concurrency), the entry date as publication date."""
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
        dates: dict[str, str | None] = {}
        links: list[str] = []
        for n, entry in enumerate(entries, 1):
            if not entry.link:
                yield Item(f"{location} entry {n}", error="entry has no link")
                continue
            if entry.link not in dates:
                links.append(entry.link)
            dates.setdefault(entry.link, entry.published)
        for link, result in self.fetcher.fetch_many(links):
            if isinstance(result, FetchError):
                yield Item(link, error=_one_line(result))
            else:
                yield from self._fetched(result, link, dates.get(link), source=location)

    def _warc(self, stream: BinaryIO, location: str) -> Iterator[Item]:
        """HTML response records of a WARC stream; per-record errors name the offset and URI."""
        yield from self.warc_items(iter_warc(stream, self.options.max_bytes), location)

    def warc_items(self, records: Iterable[WarcPage | WarcSkip | WarcRecordError], location: str) -> Iterator[Item]:
        """Items of WARC records read by any reader (the scale stage reads record ranges itself)."""
        try:
            for rec in records:
                if isinstance(rec, WarcPage):
                    label = f"{location}@{rec.offset} {rec.uri}"
                    try:
                        doc = self._html_document(
                            rec.body, rec.uri, location, url=rec.uri, charset=rec.charset, fetched_at=rec.date
                        )
                    except (DecodeError, HtmlError) as exc:
                        yield Item(label, error=_one_line(exc))
                        continue
                    yield Item(label, document=doc)
                elif isinstance(rec, WarcRecordError):
                    yield Item(f"{location}@{rec.offset} {rec.uri or ''}".rstrip(), error=_one_line(rec.message))
                else:
                    yield Item(f"{location}@{rec.offset}", skipped=rec.reason)
        except WarcError as exc:
            yield Item(location, error=_one_line(exc))


def read_documents(args: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Library entry point without a ledger: every Item for the given SOURCE arguments."""
    with Reader(options) as reader:
        yield from reader.items(reader.expand(args))


__all__ = ["Item", "ReadOptions", "Reader", "read_documents"]
