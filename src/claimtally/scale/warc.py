"""WARC records of one byte range, with FastWARC when it is installed and warcio otherwise.

A partition of a large archive is the records whose offsets fall in [start, end): the planner
found those offsets (`record_offsets`), so every range begins exactly on a record and no
record is read twice or lost at a boundary. Both readers yield the records of
`claimtally.ingest.warc` (pages, skips, per-record errors) with offsets in the whole file, so
labels and errors read as in a one-process ingest. FastWARC reads gzip WARC faster (see
`make bench-scale`); it does not read ARC files, which always go to warcio.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

from claimtally.ingest.fetch import HTML_TYPES, _parse_content_type, last_modified
from claimtally.ingest.warc import WarcError, WarcPage, WarcRecordError, WarcSkip, iter_warc

#: Which reader to use: "auto" (FastWARC if importable), "fastwarc" or "warcio".
ENV_READER = "CLAIMTALLY_WARC_READER"


def reader_name(path: str | os.PathLike[str] | None = None, wanted: str | None = None) -> str:
    """The WARC reader that will read `path`: fastwarc when installed (and not an ARC file)."""
    wanted = (wanted or os.environ.get(ENV_READER) or "auto").lower()
    if wanted not in ("auto", "fastwarc", "warcio"):
        raise ValueError(f"${ENV_READER}={wanted!r}: use auto, fastwarc or warcio")
    if wanted == "warcio" or (path is not None and Path(path).name.lower().endswith((".arc", ".arc.gz"))):
        return "warcio"
    try:
        import fastwarc  # noqa: F401
    except ImportError:
        if wanted == "fastwarc":
            raise ValueError("FastWARC is not installed (pip install fastwarc)") from None
        return "warcio"
    return "fastwarc"


class RangeReader(io.RawIOBase):
    """A file seen from `start` up to `end` (None: the end of the file); tell() is the file offset."""

    def __init__(self, path: str | os.PathLike[str], start: int, end: int | None) -> None:
        super().__init__()
        self._fh = open(path, "rb")  # noqa: SIM115 - closed with this reader
        self._fh.seek(start)
        self._end = end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001 - a writable buffer
        view = memoryview(buffer)
        if self._end is not None:
            left = self._end - self._fh.tell()
            if left <= 0:
                return 0
            view = view[:left]
        return self._fh.readinto(view)

    def tell(self) -> int:
        return self._fh.tell()

    def close(self) -> None:
        self._fh.close()
        super().close()


def record_offsets(path: str | os.PathLike[str], reader: str | None = None) -> list[int]:
    """The offset of every record in the archive, read without parsing payloads.

    WarcError when the archive cannot be read to its end; the one-process ingest reports the
    same archive record by record, so the caller falls back to reading it as one range.
    """
    try:
        if reader_name(path, reader) == "fastwarc":
            from fastwarc.warc import ArchiveIterator

            with open(path, "rb") as fh:
                return [rec.stream_pos for rec in ArchiveIterator(fh, parse_http=False)]
        from warcio.archiveiterator import ArchiveIterator as WarcioIterator

        offsets = []
        with open(path, "rb") as fh:
            it = WarcioIterator(fh, arc2warc=True)
            for _ in it:
                offsets.append(it.get_record_offset())
        return offsets
    except Exception as exc:  # noqa: BLE001 - any reader failure means: do not split this file
        raise WarcError(f"cannot index records ({type(exc).__name__}: {exc})") from None


def iter_range(
    path: str | os.PathLike[str], start: int, end: int | None, max_bytes: int, reader: str | None = None
) -> Iterator[WarcPage | WarcSkip | WarcRecordError]:
    """The records of `path` in [start, end), as `claimtally.ingest.warc.iter_warc` yields them."""
    if reader_name(path, reader) == "fastwarc":
        yield from _fastwarc(path, start, end, max_bytes)
        return
    with RangeReader(path, start, end) as stream:  # ingest's reader counts offsets from the range's start
        for rec in iter_warc(stream, max_bytes):
            rec.offset += start
            yield rec


def _fastwarc(path: str | os.PathLike[str], start: int, end: int | None,
              max_bytes: int) -> Iterator[WarcPage | WarcSkip | WarcRecordError]:
    """FastWARC's reading of the same records, with ingest's rules for which records are pages."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    pages = int(WarcRecordType.response) | int(WarcRecordType.resource)
    offset = start
    with RangeReader(path, start, end) as stream:
        try:
            for rec in ArchiveIterator(stream, parse_http=True, auto_decode="all"):
                offset = rec.stream_pos
                uri = rec.headers.get("WARC-Target-URI")
                skip = None
                media = charset = None
                if not int(rec.record_type) & pages:
                    skip = f"{str(rec.record_type).rsplit('.', 1)[-1]} record"
                elif rec.is_http:
                    status = rec.http_headers.status_code
                    if status != 200:
                        skip = f"HTTP status {status}"
                    else:
                        media, charset = _parse_content_type(rec.http_headers.get("Content-Type"))
                else:
                    media, charset = _parse_content_type(rec.headers.get("Content-Type"))
                if skip is None and media not in HTML_TYPES:
                    skip = f"content type {media!r}"
                if skip is not None:
                    yield WarcSkip(uri, skip, offset)
                    continue
                if not uri:
                    yield WarcRecordError(None, "record has no WARC-Target-URI", offset)
                    continue
                try:
                    body = rec.reader.read(max_bytes + 1)
                except (OSError, ValueError) as exc:
                    yield WarcRecordError(uri, f"unreadable payload: {exc}", offset)
                    continue
                if len(body) > max_bytes:
                    yield WarcRecordError(uri, f"payload over the {max_bytes:,}-byte cap", offset)
                    continue
                http = rec.http_headers if rec.is_http else None
                modified = last_modified(http.get("Last-Modified"), http.get("Date")) if http is not None else None
                yield WarcPage(uri, rec.headers.get("WARC-Date"), charset, body, offset, last_modified=modified)
        except (OSError, ValueError) as exc:
            raise WarcError(f"damaged archive after offset {offset} ({type(exc).__name__}: {exc})") from None
