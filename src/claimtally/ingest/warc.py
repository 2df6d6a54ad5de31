"""WARC and WARC.gz archives (Common Crawl's CC-NEWS among them), streamed with warcio.

One record is in memory at a time, so a 50 GB archive ingests in the same memory as a small
one. HTML `response` (and `resource`) records with status 200 become pages; request, metadata
and non-HTML records are skipped. A record that cannot be read is reported with its offset and
the archive goes on; damage that warcio cannot resynchronise after (a truncated gzip member, a
broken record header) ends that archive with one error, keeping every record read before it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from claimtally.ingest.fetch import HTML_TYPES, _parse_content_type


class WarcError(ValueError):
    """The archive (or one record in it) cannot be read; the message gives the offset."""


@dataclass(slots=True)
class WarcPage:
    uri: str
    date: str | None
    charset: str | None
    body: bytes
    offset: int


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

    Raises WarcError when the archive itself is damaged beyond the current record; whatever
    was yielded before stays valid.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    class _QuietIterator(ArchiveIterator):
        INC_RECORD = ""  # warcio writes a multi-line warning to stderr for a bad Content-Length

    it = _QuietIterator(stream, arc2warc=True)
    # warcio's get_record_offset() reads the record to its end, so it is only called once the
    # payload has been read (or is not wanted).
    offset = 0
    try:
        for record in it:
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
            if skip is not None:
                offset = _finish(it, record)
                yield WarcSkip(uri, skip, offset)
                continue
            if not uri:
                offset = _finish(it, record)
                yield WarcRecordError(None, "record has no WARC-Target-URI", offset)
                continue
            try:
                body = record.content_stream().read(max_bytes + 1)
                problem = f"payload over the {max_bytes:,}-byte cap" if len(body) > max_bytes else None
            except (OSError, EOFError, zlib.error, ValueError) as exc:
                problem = f"unreadable payload: {exc}"
            offset = _finish(it, record)
            if problem is not None:
                yield WarcRecordError(uri, problem, offset)
                continue
            yield WarcPage(uri, record.rec_headers.get_header("WARC-Date"), charset, body, offset)
    except _Truncated as exc:
        raise WarcError(
            f"truncated archive: the record at offset {exc.offset} lacks {exc.missing:,} bytes"
        ) from None
    except ArchiveLoadFailed as exc:
        raise WarcError(f"malformed record after offset {offset}: {str(exc).splitlines()[0]}") from None
    except (EOFError, zlib.error, OSError) as exc:
        raise WarcError(f"damaged archive after offset {offset} ({type(exc).__name__}: {exc})") from None
    except (ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
        raise WarcError(f"malformed record after offset {offset}: {exc}") from None


def is_warc_path(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))
