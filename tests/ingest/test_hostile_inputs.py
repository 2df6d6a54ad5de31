"""Inputs that used to stop a batch or store part of a document: bogus charset names, corrupt and
truncated gzip files, truncated WARC archives. Each must be read, or be one error line naming it,
and the inputs around it must be stored whole."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from claimtally.cli import main

from .conftest import STORY, LocalServer, article_html, write_warc
from .test_command import docs

#: Names a page, a server or an archive can give as its charset, that Python knows as codecs
#: but that are no text encoding (or no encoding at all).
BOGUS_CHARSETS = ["base64", "hex", "bz2", "zlib", "rot13", "uu", "quopri", "undefined", "unicode_escape",
                  "no-such-charset"]


def story(i: int) -> list[str]:
    return [f"Story {i}: the governor said {i + 3} people were killed in district {i} on Monday.",
            f"Unique paragraph number {i} about the rescue work in district {i}. " * 6]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["ingest", "--quiet", "--host-delay", "0", *args])
    return code, capsys.readouterr().err.strip().splitlines()


@pytest.mark.parametrize("charset", BOGUS_CHARSETS)
def test_bogus_charset_in_a_feed_entry(charset: str, server: LocalServer, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """The middle entry's page declares a bogus charset in its header and its <meta>: it is decoded
    as if it declared none, and the entries before and after it are stored too."""
    links = []
    for i in range(3):
        html = article_html(f"Story {i}", story(i), charset=charset if i == 1 else "utf-8")
        links.append(server.add(f"/s{i}", html, content_type=f"text/html; charset={charset if i == 1 else 'utf-8'}"))
    items = "".join(f"<item><title>S{i}</title><link>{u}</link></item>" for i, u in enumerate(links))
    feed = server.add("/feed.xml", f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>',
                      content_type="application/rss+xml")
    db = str(tmp_path / "l.db")
    code, lines = run(["--allow-private", "--db", db, feed], capsys)
    assert (code, lines) == (0, [])
    stored = docs(db)
    assert set(stored) == set(links)
    assert "district 1" in stored[links[1]]["text"]


@pytest.mark.parametrize("charset", BOGUS_CHARSETS)
def test_bogus_charset_in_files_and_warc_records(charset: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = tmp_path / "a-before.txt"
    before.write_text(" ".join(story(0)))
    page = tmp_path / "b-page.html"
    page.write_text(article_html("Story 1", story(1), charset=charset))
    warc = write_warc(tmp_path / "c.warc.gz", [
        ("response", "https://n.example/2", "200 OK", f"text/html; charset={charset}",
         article_html("Story 2", story(2), charset=charset).encode()),
        ("response", "https://n.example/3", "200 OK", "text/html", article_html("Story 3", story(3)).encode()),
    ])
    db = str(tmp_path / "l.db")
    code, lines = run(["--db", db, str(before), str(page), str(warc)], capsys)
    assert (code, lines) == (0, [])
    assert set(docs(db)) == {"a-before", "b-page", "https://n.example/2", "https://n.example/3"}


def _gz(text: str) -> bytes:
    return gzip.compress(text.encode())


GZ_TEXT = " ".join(STORY) * 8


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_gz(GZ_TEXT)[:10] + b"\x00" * 40 + _gz(GZ_TEXT)[50:], "corrupt gzip data"),  # damaged deflate stream
        (_gz(GZ_TEXT)[: len(_gz(GZ_TEXT)) // 2], "truncated gzip file"),  # cut in the middle
        (_gz(GZ_TEXT)[:-4], "truncated gzip file"),  # every byte of text there, the trailer cut
        (_gz(GZ_TEXT) + _gz(GZ_TEXT)[:30], "truncated gzip file"),  # a second member cut short
    ],
    ids=["corrupt", "half", "no-trailer", "second-member-cut"],
)
def test_corrupt_or_truncated_txt_gz(data: bytes, message: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(" ".join(story(0)))
    bad = tmp_path / "b.txt.gz"
    bad.write_bytes(data)
    (tmp_path / "c.txt").write_text(" ".join(story(2)))
    db = str(tmp_path / "l.db")
    code, lines = run(["--db", db, str(tmp_path / "a.txt"), str(bad), str(tmp_path / "c.txt")], capsys)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"claimtally ingest: {bad}: {message}")
    assert set(docs(db)) == {"a", "c"}  # nothing of the broken file, both neighbours whole


def _warc(tmp_path: Path, n: int, gz: bool) -> tuple[Path, bytes]:
    path = write_warc(tmp_path / ("w.warc.gz" if gz else "w.warc"),
                      [("response", f"https://n.example/{i}", "200 OK", "text/html",
                        article_html(f"Story {i}", story(i)).encode()) for i in range(n)], gz=gz)
    return path, path.read_bytes()


def _last_header_cut(data: bytes) -> int:
    """An offset inside the last record's WARC header (after its WARC-Type line)."""
    start = data.rindex(b"WARC/1.")
    return data.index(b"WARC-Type", start) + 12


@pytest.mark.parametrize(
    ("gz", "cut"),
    [(True, lambda d: len(d) - 4), (True, lambda d: len(d) - 9), (False, _last_header_cut),
     (False, lambda d: _last_header_cut(d) + 40)],
    ids=["gz-trailer", "gz-last-bytes", "warc-header-cut", "warc-header-cut-later"],
)
def test_truncated_warc_is_an_error_and_only_whole_records_are_stored(gz: bool, cut, tmp_path: Path,  # noqa: ANN001
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path, data = _warc(tmp_path, 4, gz)
    path.write_bytes(data[: cut(data)])
    db = str(tmp_path / "l.db")
    code, lines = run(["--db", db, str(path)], capsys)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"claimtally ingest: {path}: truncated archive")
    stored = docs(db)
    assert set(stored) == {f"https://n.example/{i}" for i in range(3)}
    for i in range(3):
        assert stored[f"https://n.example/{i}"]["text"].count(f"Unique paragraph number {i}") == 6
