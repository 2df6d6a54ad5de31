"""WARC and WARC.gz archives (Common Crawl's CC-NEWS among them), streamed with warcio.

One record is in memory at a time, so a 50 GB archive ingests in the same memory as a small
one. HTML `response` (and `resource`) records with status 200 become pages; request, metadata
and non-HTML records are skipped. A record that cannot be read is reported with its offset and
the archive goes on; damage that warcio cannot resynchronise after (a truncated gzip member, a
broken record header) ends that archive with one error, keeping every whole record before it.

warcio stops quietly at some kinds of truncation (a record cut inside its header, a gzip member
missing its trailer), so two checks of our own run alongside it: the bytes warcio reads pass
through a zlib decoder that must see every gzip member end (and a page is only handed on once
the member holding it has ended cleanly), and whatever follows the last whole record must be
blank lines.
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from claimtally.ingest.fetch import HTML_TYPES, _parse_content_type, last_modified


class WarcError(ValueError):
    """The archive (or one record in it) cannot be read; the message gives the offset."""


@dataclass(slots=True)
class WarcPage:
    uri: str
    date: str | None
    charset: str | None
    body: bytes
    offset: int
    #: The archived response's Last-Modified (ISO date) when it says something (fetch.last_modified).
    last_modified: str | None = None


@dataclass(slots=True)
class WarcSkip:
    """A record that is not an HTML page (request, metadata, image, redirect ...)."""

    uri: str | None
    reason: str
    offset: int


@dataclass(slots=True)
class WarcRecordError:
    uri: str | None
    message: str
    offset: int


def _finish(it, record) -> int:  # noqa: ANN001 - warcio objects
    """Read the record to its end; its offset. WarcError if the archive ended inside it.

    warcio stops quietly at the end of a truncated file; a record whose declared
    Content-Length was not all there is how truncation shows.
    """
    offset = it.get_record_offset()
    missing = getattr(record.raw_stream, "limit", 0) or 0
    if missing > 0:
        raise _Truncated(offset, missing)
    return offset


class _CheckedStream:
    """The archive's bytes as warcio reads them, checked on the way. In a gzipped archive each
    member must reach zlib's end of stream (its trailer read and its CRC right); `clean_end` is
    the offset up to which every member has. The last two reads are kept to judge what follows
    the last whole record."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._zlib: Any = None
        self._gzipped: bool | None = None
        self.pos = 0
        self.clean_end = 0
        self._blocks = (b"", b"")  # the last two reads
        self.eof = False

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if not data and size != 0:
            self.eof = True
        if data:
            if self._gzipped is None:
                self._gzipped = data.startswith(b"\x1f\x8b")
            if self._gzipped:
                self._check(data)
            self.pos += len(data)
            self._blocks = (self._blocks[1], data)
        return data

    @property
    def tail(self) -> bytes:
        """The last bytes read (at least one read's worth): enough to judge a record's remains."""
        return self._blocks[0] + self._blocks[1]

    def tell(self) -> int:
        return self.pos

    def _check(self, data: bytes) -> None:
        at = self.pos
        while data:
            if self._zlib is None:
                self._zlib = zlib.decompressobj(wbits=31)
            buf = data
            while buf and not self._zlib.eof:
                self._zlib.decompress(buf, 65536)  # the output is warcio's business; only framing is checked
                buf = self._zlib.unconsumed_tail
            if not self._zlib.eof:
                return
            rest = self._zlib.unused_data
            self.clean_end = at + len(data) - len(rest)
            at, data, self._zlib = self.clean_end, rest, None

    def verified(self, end: int) -> bool:
        """True when the bytes up to offset `end` are known whole."""
        return not self._gzipped or end <= self.clean_end

    def cut_header(self, last_end: int) -> bool:
        """True when the stream ended inside the header of the record after offset `last_end`
        (an uncompressed archive whose remaining bytes never end a header block)."""
        rest, tail = self.pos - last_end, self.tail
        return self.eof and not self._gzipped and 0 < rest <= len(tail) and b"\r\n\r\n" not in tail[-rest:].lstrip()

    def truncation(self, last_end: int) -> str | None:
        """At the end of the stream: what is cut off, or None when the archive ended whole."""
        if self._gzipped and self.pos > self.clean_end:
            return f"truncated archive: the gzip member at offset {self.clean_end} ends before its end-of-stream marker"
        rest, tail = self.pos - last_end, self.tail
        if rest > 0 and (rest > len(tail) or tail[-rest:].strip()):
            return f"truncated archive: {rest:,} bytes after the last whole record (offset {last_end}) are not a record"
        return None


class _Truncated(Exception):
    def __init__(self, offset: int, missing: int) -> None:
        super().__init__(offset, missing)
        self.offset = offset
        self.missing = missing


def looks_like_warc(head: bytes) -> bool:
    """A WARC file starts with `WARC/` or, compressed, with a gzip member."""
    return head.startswith(b"WARC/") or head.startswith(b"\x1f\x8b")


def iter_warc(
    stream: BinaryIO, max_bytes: int = 10 * 1024 * 1024
) -> Iterator[WarcPage | WarcSkip | WarcRecordError]:
    """Pages, skips and per-record errors of a WARC stream, in archive order.

    Raises WarcError when the archive itself is damaged or truncated beyond the current record;
    whatever was yielded before stays valid, and a record is only yielded once it is known whole.
    """
    checked = _CheckedStream(stream)
    held: deque[tuple[int, WarcPage | WarcSkip | WarcRecordError]] = deque()  # (end offset, item)

    def ready() -> Iterator[WarcPage | WarcSkip | WarcRecordError]:
        while held and checked.verified(held[0][0]):
            yield held.popleft()[1]

    last_end = 0
    try:
        for end, item in _records(checked, max_bytes):
            last_end = end
            held.append((end, item))
            yield from ready()
        problem = checked.truncation(last_end)
    except WarcError as exc:
        problem = str(exc)
    yield from ready()
    if problem is not None:
        raise WarcError(problem)


def _records(stream: _CheckedStream, max_bytes: int) -> Iterator[tuple[int, WarcPage | WarcSkip | WarcRecordError]]:
    """(end offset, item) for every record warcio reads; WarcError for damage it reports."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    class _QuietIterator(ArchiveIterator):
        INC_RECORD = ""  # warcio writes a multi-line warning to stderr for a bad Content-Length

    it = _QuietIterator(stream, arc2warc=True)
    # warcio's get_record_offset() reads the record to its end, so it is only called once the
    # payload has been read (or is not wanted).
    offset = last_end = 0
    try:
        for record in it:
            if not record.rec_headers.get_header("Content-Length"):
                # warcio makes a record of a header cut short by the end of the file
                raise WarcError(f"truncated archive: the record header after offset {offset} is incomplete")
            uri = record.rec_headers.get_header("WARC-Target-URI")
            skip = None
            media = charset = None
            if record.rec_type not in ("response", "resource"):
                skip = f"{record.rec_type} record"
            elif record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                if status != "200":
                    skip = f"HTTP status {status}"
                else:
                    media, charset = _parse_content_type(record.http_headers.get_header("Content-Type"))
            else:
                media, charset = _parse_content_type(record.rec_headers.get_header("Content-Type"))
            if skip is None and media not in HTML_TYPES:
                skip = f"content type {media!r}"
            if skip is not None or not uri:
                offset = _finish(it, record)
                last_end = offset + it.get_record_length()
                yield last_end, (WarcSkip(uri, skip, offset) if skip is not None
                                 else WarcRecordError(None, "record has no WARC-Target-URI", offset))
                continue
            try:
                body = record.content_stream().read(max_bytes + 1)
                problem = f"payload over the {max_bytes:,}-byte cap" if len(body) > max_bytes else None
            except (OSError, EOFError, zlib.error, ValueError) as exc:
                problem = f"unreadable payload: {exc}"
            offset = _finish(it, record)
            last_end = offset + it.get_record_length()
            if problem is not None:
                yield last_end, WarcRecordError(uri, problem, offset)
                continue
            headers = record.http_headers
            yield last_end, WarcPage(
                uri, record.rec_headers.get_header("WARC-Date"), charset, body, offset,
                last_modified=last_modified(headers.get_header("Last-Modified"), headers.get_header("Date"))
                if headers is not None else None,
            )
    except _Truncated as exc:
        raise WarcError(
            f"truncated archive: the record at offset {exc.offset} lacks {exc.missing:,} bytes"
        ) from None
    except (ArchiveLoadFailed, ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if stream.cut_header(last_end):  # warcio fails this way on a header the end of the file cut short
            raise WarcError(f"truncated archive: the record after offset {offset} ends early ({reason})") from None
        raise WarcError(f"malformed record after offset {offset}: {reason}") from None
    except (EOFError, zlib.error, OSError) as exc:
        raise WarcError(f"damaged archive after offset {offset} ({type(exc).__name__}: {exc})") from None


def is_warc_path(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))
