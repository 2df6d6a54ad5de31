"""`ingest --manifest FILE.tsv|csv`: document keys and publication dates from an index of a folder."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from claimtally.cli import main
from claimtally.ingest.manifest import manifest_sources
from claimtally.ingest.sources import Source, SourceError

from .conftest import STORY, LocalServer, article_html
from .test_command import docs

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def text(i: int) -> str:
    return f"Report {i}: officials said {i + 2} people were killed in district {i} on Monday. " * 3


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["ingest", "--quiet", "--host-delay", "0", *args])
    return code, capsys.readouterr().err.strip().splitlines()


def test_index_without_a_path_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """INDEX.tsv's shape: doc, published, url and more; each doc's file is DOC.txt beside it."""
    (tmp_path / "a-story.txt").write_text(text(1))
    (tmp_path / "b-page.html").write_text(article_html("Page", STORY, date="2020-01-01"))
    (tmp_path / "INDEX.tsv").write_text(
        "doc\tpublished\turl\trights\n"
        "a-story\t2022-04-19\thttps://example.org/a-story.html\t(c) them\n"
        "b-page\t2022-04-20T08:00:00Z\t(the seed; no URL)\t\n"
    )
    db = str(tmp_path / "l.db")
    assert run(["--db", db, "--manifest", str(tmp_path / "INDEX.tsv")], capsys) == (0, [])
    stored = docs(db)
    assert set(stored) == {"a-story", "b-page"}
    a, b = stored["a-story"], stored["b-page"]
    assert (a["published"], a["published_source"], a["url"]) == ("2022-04-19", "manifest", "https://example.org/a-story.html")
    assert a["source"] == str(tmp_path / "a-story.txt") and a["text"] == text(1)
    assert (b["published"], b["published_source"], b["url"]) == ("2022-04-20", "manifest", None)  # beats the page's own


def test_csv_with_paths_and_a_url_row(server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "one.txt").write_text(text(1))
    url = server.add("/two", article_html("Two", STORY, date="2001-01-01"))
    with (tmp_path / "list.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["doc", "path", "url", "published"])
        w.writerow(["first", "texts/one.txt", "", "2023-03-01"])
        w.writerow(["second", "", url, "2023-03-02"])
    db = str(tmp_path / "l.db")
    assert run(["--allow-private", "--db", db, "--manifest", str(tmp_path / "list.csv")], capsys) == (0, [])
    stored = docs(db)
    assert stored["first"]["text"] == text(1) and stored["first"]["published"] == "2023-03-01"
    assert stored["second"]["url"] == url and stored["second"]["published"] == "2023-03-02"
    assert "14 people were killed" in stored["second"]["text"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name\tpublished\nx\t2020-01-01\n", "no 'doc' column"),
        ("doc\tpublished\n", "manifest has no rows"),
        ("doc\tpublished\nmissing\t2020-01-01\n", "no path, no file missing.txt/.html"),
        ("doc\tpublished\nhere\tyesterday\n", "published 'yesterday' is not a YYYY-MM-DD date"),
        ("doc\tpath\nhere\tnope.txt\n", "no such file"),
        ("doc\tpath\nhere\there.txt\nhere\there.txt\n", "appears twice"),
        ("doc\tpath\nhere\t../outside.txt\n", "leads outside the manifest's folder"),
        ("doc\nboth\n", "several files match (both.txt, both.html)"),
        ("doc\tpath\nfeed\tnews.rss\n", "is a feed, not one document"),
        ("doc\turl\nremote\tftp://example.org/x\n", "no http(s) url"),
    ],
)
def test_bad_rows(content: str, message: str, tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    for name in ("here.txt", "both.txt", "both.html", "news.rss"):
        (folder / name).write_text("x")
    (tmp_path / "outside.txt").write_text("x")
    (folder / "index.tsv").write_text(content)
    found = list(manifest_sources(str(folder / "index.tsv")))
    errors = [s for s in found if isinstance(s, SourceError)]
    assert errors and message in errors[-1].message, found
    assert errors[-1].location.startswith(str(folder / "index.tsv"))


def test_missing_manifest_and_the_batch_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(text(1))
    db = str(tmp_path / "l.db")
    code, lines = run(["--db", db, "--manifest", str(tmp_path / "nope.tsv"), str(tmp_path / "a.txt")], capsys)
    missing = tmp_path / "nope.tsv"
    assert code == 1 and lines == [f"claimtally ingest: {missing}: cannot read manifest (No such file or directory)"]
    assert set(docs(db)) == {"a"}


def test_no_source_and_no_manifest_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest"]) == 2
    assert "give a SOURCE or --manifest FILE" in capsys.readouterr().err


@pytest.mark.skipif(not (CORPUS / "INDEX.tsv").is_file(), reason="../shared/corpus is not beside the checkout")
def test_shared_corpus_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The real index: every row becomes the document of its key, dated as the index says."""
    with (CORPUS / "INDEX.tsv").open(newline="") as fh:
        rows = {r["doc"]: r["published"] for r in csv.DictReader(fh, delimiter="\t")}
    found = list(manifest_sources(str(CORPUS / "INDEX.tsv")))
    assert all(isinstance(s, Source) for s in found)
    assert {s.key: s.published for s in found} == rows
    db = str(tmp_path / "l.db")
    assert run(["--db", db, "--manifest", str(CORPUS / "INDEX.tsv")], capsys) == (0, [])
    assert {k: d["published"] for k, d in docs(db).items()} == rows
