"""SOURCE arguments to inputs: folders walked with include/exclude globs, ids from file stems."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtally.ingest.sources import Source, SourceError, SourceSkip, expand_sources, kind_of_path


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
    assert _locations(list(expand_sources([str(tmp_path)], follow_links=True)), tmp_path) == ["a.txt"]


def _linked_tree(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with a link out of it (to a file and to a folder) and a link within it."""
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.txt").write_text("not news")
    (outside / "dir" / "more.txt").write_text("not news either")
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("x")
    (root / "sub" / "b.txt").write_text("x")
    (root / "passwd.txt").symlink_to(outside / "secret.txt")
    (root / "alias.txt").symlink_to(root / "sub" / "b.txt")
    (root / "elsewhere").symlink_to(outside / "dir", target_is_directory=True)
    return root, outside


def test_links_out_of_a_folder_are_skipped(tmp_path: Path) -> None:
    root, outside = _linked_tree(tmp_path)
    items = list(expand_sources([str(root)]))
    assert _locations(items, root) == ["a.txt", "alias.txt", "sub/b.txt"]
    [skip] = [i for i in items if isinstance(i, SourceSkip)]
    assert skip.location == str(root / "passwd.txt")
    assert str(outside / "secret.txt") in skip.reason and "--follow-links" in skip.reason


def test_follow_links_reads_them(tmp_path: Path) -> None:
    root, _ = _linked_tree(tmp_path)
    items = list(expand_sources([str(root)], follow_links=True))
    assert sorted(_locations(items, root)) == ["a.txt", "alias.txt", "elsewhere/more.txt", "passwd.txt", "sub/b.txt"]
    assert not any(isinstance(i, SourceSkip) for i in items)


def test_cli_skips_links_out_of_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from claimtally.cli import main
    from claimtally.ledger import open_ledger

    root, _ = _linked_tree(tmp_path)
    for name in ("a.txt", "sub/b.txt"):
        (root / name).write_text(f"Officials said 3 people were killed in {name}. " * 4)
    db = str(tmp_path / "l.db")
    assert main(["ingest", "--db", db, str(root)]) == 0
    assert "3 documents, 12 figures, 1 skipped" in capsys.readouterr().err  # alias.txt is a copy of sub/b.txt
    with open_ledger(db) as ledger:
        assert ledger.known_urls(["passwd", "a", "b", "alias"]) == {"a", "b", "alias"}


@pytest.mark.parametrize(
    ("arg", "kind", "doc_id"),
    [
        ("https://example.org/a?b=1", "url", "https://example.org/a?b=1"),
        ("-", "stdin", "-"),  # the reader keys stdin by its content unless --doc-id gives a key
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
