"""WARC archives written with warcio: HTML responses read, the rest skipped, damage reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtally.ingest.warc import WarcError, WarcPage, WarcRecordError, WarcSkip, iter_warc

from .conftest import STORY, article_html, write_warc

PAGE = article_html("Strike", STORY).encode()


def _records() -> list[tuple]:
    return [
        ("request", "https://news.example/a"),
        ("response", "https://news.example/a", "200 OK", "text/html; charset=utf-8", PAGE),
        ("response", "https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
        ("response", "https://news.example/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
        ("response", "https://news.example/moved", "301 Moved Permanently", "text/html", b""),
        ("resource", "https://news.example/saved", "text/html", PAGE),
        ("response", "https://news.example/b", "200 OK", "application/xhtml+xml", PAGE),
    ]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_pages_and_skips(tmp_path: Path, gz: bool) -> None:
    path = write_warc(tmp_path / ("a.warc.gz" if gz else "a.warc"), _records(), gz=gz)
    with path.open("rb") as fh:
        out = list(iter_warc(fh))
    pages = [r for r in out if isinstance(r, WarcPage)]
    skips = [r for r in out if isinstance(r, WarcSkip)]
    assert [p.uri for p in pages] == ["https://news.example/a", "https://news.example/saved", "https://news.example/b"]
    assert pages[0].charset == "utf-8" and pages[0].body == PAGE and pages[0].date
    assert sorted(s.reason for s in skips) == ["HTTP status 301", "HTTP status 404", "content type 'image/png'",
                                                "request record"]


def test_payload_cap_is_per_record(tmp_path: Path) -> None:
    big = b"<html><body>" + b"x" * 50_000 + b"</body></html>"
    recs = [("response", "https://n.example/big", "200 OK", "text/html", big),
            ("response", "https://n.example/ok", "200 OK", "text/html", PAGE)]
    path = write_warc(tmp_path / "cap.warc.gz", recs)
    with path.open("rb") as fh:
        out = list(iter_warc(fh, max_bytes=20_000))
    assert isinstance(out[0], WarcRecordError) and "cap" in out[0].message
    assert isinstance(out[1], WarcPage) and out[1].uri == "https://n.example/ok"


def test_truncated_gzip_keeps_earlier_records(tmp_path: Path) -> None:
    recs = [("response", f"https://n.example/{i}", "200 OK", "text/html", PAGE) for i in range(5)]
    path = write_warc(tmp_path / "t.warc.gz", recs)
    data = path.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.7)])
    got: list[object] = []
    with cut.open("rb") as fh, pytest.raises(WarcError, match="offset"):
        for rec in iter_warc(fh):
            got.append(rec)
    assert 1 <= len(got) < 5 and all(isinstance(r, WarcPage) for r in got)


@pytest.mark.parametrize(
    "junk",
    [
        b"NOTAWARC at all\r\n\r\n",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nxx",
    ],
    ids=["not-warc", "bad-length"],
)
def test_malformed_record_after_a_good_one(tmp_path: Path, junk: bytes, capfd: pytest.CaptureFixture[str]) -> None:
    recs = [("response", "https://n.example/1", "200 OK", "text/html", PAGE)]
    good = write_warc(tmp_path / "g.warc", recs, gz=False).read_bytes()
    bad = tmp_path / "bad.warc"
    bad.write_bytes(good + junk)
    got: list[object] = []
    with bad.open("rb") as fh, pytest.raises(WarcError, match="offset"):
        for rec in iter_warc(fh):
            got.append(rec)
    assert len(got) == 1 and isinstance(got[0], WarcPage)
    assert capfd.readouterr().err == ""  # warcio's own multi-line warning is silenced
