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

    it = ArchiveIterator(stream, arc2warc=True)
    offset = 0
    try:
        for record in it:
            offset = it.get_record_offset()
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if record.rec_type not in ("response", "resource"):
                yield WarcSkip(uri, f"{record.rec_type} record", offset)
                continue
            if not uri:
                yield WarcRecordError(None, "record has no WARC-Target-URI", offset)
                continue
            if record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                if status != "200":
                    yield WarcSkip(uri, f"HTTP status {status}", offset)
                    continue
                media, charset = _parse_content_type(record.http_headers.get_header("Content-Type"))
            else:
                media, charset = _parse_content_type(record.rec_headers.get_header("Content-Type"))
            if media not in HTML_TYPES:
                yield WarcSkip(uri, f"content type {media!r}", offset)
                continue
            try:
                body = record.content_stream().read(max_bytes + 1)
            except (OSError, EOFError, zlib.error, ValueError) as exc:
                yield WarcRecordError(uri, f"unreadable payload: {exc}", offset)
                continue
            if len(body) > max_bytes:
                yield WarcRecordError(uri, f"payload over the {max_bytes:,}-byte cap", offset)
                continue
            date = record.rec_headers.get_header("WARC-Date")
            yield WarcPage(uri, date, charset, body, offset)
    except ArchiveLoadFailed as exc:
        raise WarcError(f"malformed record near offset {offset}: {str(exc).splitlines()[0]}") from None
    except (EOFError, zlib.error, OSError) as exc:
        raise WarcError(f"damaged archive near offset {offset} ({type(exc).__name__}: {exc})") from None
    except (ValueError, IndexError, KeyError) as exc:
        raise WarcError(f"malformed record near offset {offset}: {exc}") from None


def is_warc_path(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))
