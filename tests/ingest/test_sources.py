"""SOURCE arguments to inputs: folders walked with include/exclude globs, ids from file stems."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtally.ingest.sources import Source, SourceError, expand_sources, kind_of_path


def _tree(root: Path) -> None:
    for rel in [
        "a.txt", "b.html", "sub/c.htm", "sub/deeper/d.txt", "sub/notes.md", "img.png",
        ".hidden.txt", ".git/e.txt", "drafts/f.txt", "arch/crawl.warc.gz", "feeds/news.rss", "INDEX.tsv",
    ]:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")


def _locations(items: list, root: Path) -> list[str]:
    return [Path(s.location).relative_to(root).as_posix() for s in items if isinstance(s, Source)]


WALK_CASES = [
    (None, None, ["a.txt", "arch/crawl.warc.gz", "b.html", "drafts/f.txt", "feeds/news.rss", "sub/c.htm",
                  "sub/deeper/d.txt"]),
    (["*.txt"], None, ["a.txt", "drafts/f.txt", "sub/deeper/d.txt"]),
    (["*.txt"], ["drafts/*"], ["a.txt", "sub/deeper/d.txt"]),
    (None, ["*.html", "*.htm", "sub/*"], ["a.txt", "arch/crawl.warc.gz", "drafts/f.txt", "feeds/news.rss"]),
    (["sub/*"], None, ["sub/c.htm", "sub/deeper/d.txt", "sub/notes.md"]),
]


@pytest.mark.parametrize(("include", "exclude", "expected"), WALK_CASES)
def test_folder_walk(tmp_path: Path, include: list[str] | None, exclude: list[str] | None, expected: list[str]) -> None:
    _tree(tmp_path)
    items = list(expand_sources([str(tmp_path)], include, exclude))
    assert sorted(_locations(items, tmp_path)) == expected
    assert _locations(items, tmp_path) == _locations(list(expand_sources([str(tmp_path)], include, exclude)), tmp_path)


def test_folder_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert _locations(list(expand_sources([str(tmp_path)])), tmp_path) == ["a.txt"]


@pytest.mark.parametrize(
    ("arg", "kind", "doc_id"),
    [
        ("https://example.org/a?b=1", "url", "https://example.org/a?b=1"),
        ("-", "stdin", "-"),
    ],
)
def test_non_file_sources(arg: str, kind: str, doc_id: str) -> None:
    [src] = list(expand_sources([arg]))
    assert isinstance(src, Source)
    assert (src.kind, src.doc_id) == (kind, doc_id)


@pytest.mark.parametrize(
    ("name", "kind", "doc_id"),
    [
        ("ap-2022-04-19-story.txt", "text", "ap-2022-04-19-story"),
        ("page.HTML", "html", "page"),
        ("crawl.warc.gz", "warc", "crawl"),
        ("crawl.warc", "warc", "crawl"),
        ("feed.rss", "feed", "feed"),
        ("feed.xml", "feed", "feed"),
        ("no_suffix", "auto", "no_suffix"),
    ],
)
def test_file_kinds_and_ids(tmp_path: Path, name: str, kind: str, doc_id: str) -> None:
    p = tmp_path / name
    p.write_text("x")
    assert kind_of_path(p) == kind
    [src] = list(expand_sources([str(p)]))
    assert isinstance(src, Source) and src.doc_id == doc_id


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("ftp://example.org/x", "unsupported URL scheme 'ftp'"),
        ("file:///etc/passwd", "unsupported URL scheme 'file'"),
        ("/no/such/path.txt", "no such file or folder"),
    ],
)
def test_bad_sources(arg: str, message: str) -> None:
    [err] = list(expand_sources([arg]))
    assert isinstance(err, SourceError)
    assert message in err.message and err.location == arg


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    [err] = list(expand_sources([str(tmp_path)]))
    assert isinstance(err, SourceError) and "no files matching" in err.message
