"""Record ranges: FastWARC and warcio read the same records, and ranges cover an archive exactly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from claimtally.ingest.warc import iter_warc
from claimtally.scale.warc import RangeReader, iter_range, reader_name, record_offsets
from tests.scale.conftest import PAGES, build_warc

READERS = ["warcio", "fastwarc"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not PAGES.is_dir():
        pytest.skip("shared pages not found")
    path = build_warc(tmp_path_factory.mktemp("warc") / "pages.warc.gz", sorted(PAGES.glob("*.html.gz"))[:10])
    # a request record and a non-HTML resource after the pages, as real crawls have
    from warcio.warcwriter import WARCWriter

    with path.open("ab") as fh:
        writer = WARCWriter(fh, gzip=True)
        request = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
        writer.write_record(writer.create_warc_record("https://news.example/q", "request", payload=request))
        writer.write_record(writer.create_warc_record("https://news.example/logo.png", "resource",
                                                      payload=io.BytesIO(b"\x89PNG"), warc_content_type="image/png"))
    return path


def _plain(records: list) -> list[tuple]:
    return [(type(r).__name__, r.offset, getattr(r, "uri", None), getattr(r, "body", None), getattr(r, "charset", None),
             getattr(r, "date", None), getattr(r, "reason", None), getattr(r, "message", None)) for r in records]


@pytest.mark.parametrize("reader", READERS)
def test_ranges_cover_the_archive_as_one_read(archive: Path, reader: str) -> None:
    if reader == "fastwarc" and reader_name(None) != "fastwarc":
        pytest.skip("FastWARC not installed")
    with archive.open("rb") as fh:
        whole = _plain(list(iter_warc(fh)))
    offsets = record_offsets(archive, reader)
    assert offsets == [r[1] for r in whole] and len(offsets) == 16
    for step in (1, 4, 16):
        ranges = [(offsets[i], offsets[i + step] if i + step < len(offsets) else None) for i in range(0, len(offsets), step)]
        pieces = [r for start, end in ranges for r in iter_range(archive, start, end, 10 * 1024 * 1024, reader)]
        assert _plain(pieces) == whole
    kinds = [r[0] for r in whole]
    assert kinds.count("WarcPage") == 13 and kinds.count("WarcSkip") == 3  # 404, request, image


def test_range_reader_stops_at_its_end(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(bytes(range(100)))
    with RangeReader(path, 10, 20) as r:
        assert r.tell() == 10
        assert r.read() == bytes(range(10, 20)) and r.tell() == 20 and r.read() == b""
    with RangeReader(path, 95, None) as r:
        assert r.read() == bytes(range(95, 100))


def test_reader_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    assert reader_name("x.arc.gz", "fastwarc") == "warcio"  # FastWARC does not read ARC
    assert reader_name("x.warc.gz", "warcio") == "warcio"
    monkeypatch.setenv("CLAIMTALLY_WARC_READER", "bogus")
    with pytest.raises(ValueError, match="CLAIMTALLY_WARC_READER"):
        reader_name("x.warc.gz")
