"""`claimtally ingest` end to end: real files, a real local HTTP server, WARC files, a real ledger."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from claimtally.cli import main
from claimtally.ledger import open_ledger
from claimtally.ledger.schema import documents

from .conftest import STORY, LocalServer, article_html, write_warc

WIRE = " ".join(STORY)
RU = ("Министерство здравоохранения сообщило, что в результате удара погибли 14 человек, ещё 37 получили "
      "ранения. Спасатели всю ночь разбирали завалы дома, сообщил губернатор области.")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["ingest", "--quiet", *args]) if "--loud" not in args else main(
        ["ingest", *[a for a in args if a != "--loud"]])
    out, err = capsys.readouterr()
    return code, out, err


def docs(db: str) -> dict[str, dict]:
    with open_ledger(db) as ledger, ledger.engine.connect() as conn:
        rows = conn.execute(select(documents)).mappings().all()
    return {r["doc_key"]: dict(r) for r in rows}


def figures(db: str, doc: str) -> list[dict]:
    with open_ledger(db) as ledger:
        return ledger.query_figures(doc=doc)


def test_text_folder_with_published_override(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "ap-2024-strike.txt").write_text(WIRE)
    (folder / "INDEX.tsv").write_text("doc\tpublished\n")
    code, out, err = run(["--db", db_url, "--published", "2024-03-05", str(folder)], capsys)
    assert (code, out, err) == (0, "", "")
    stored = docs(db_url)
    assert list(stored) == ["ap-2024-strike"]
    d = stored["ap-2024-strike"]
    assert d["text"] == WIRE and d["published"] == "2024-03-05" and d["language"] == "en"
    assert d["source"] == str(folder / "ap-2024-strike.txt")
    figs = figures(db_url, "ap-2024-strike")
    assert {(f["metric"], f["value"]) for f in figs} >= {("killed", 14), ("wounded", 37), ("detained", 12)}
    assert all(WIRE[f["start"]:f["end"]] == f["text"] for f in figs)


def test_summary_and_rerun_is_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "l.db")
    (tmp_path / "a.txt").write_text(WIRE)
    code, _, err = run(["--loud", "--db", db, str(tmp_path / "a.txt")], capsys)
    assert code == 0
    assert err.strip().splitlines()[-1].startswith("claimtally ingest: 1 documents, ")
    assert "0 skipped, 0 failed" in err
    code, _, err = run(["--loud", "--db", db, str(tmp_path / "a.txt")], capsys)
    assert code == 0 and "0 documents, 0 figures, 1 skipped, 0 failed (1 already in the ledger)" in err
    (tmp_path / "a.txt").write_text(WIRE + " A later update added this sentence.")
    code, _, err = run(["--loud", "--db", db, str(tmp_path / "a.txt")], capsys)
    assert "1 new version" in err
    assert docs(db)["a"]["duplicate_of"] is None  # a new version is not a duplicate of its old self


def test_bad_inputs_never_stop_the_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "l.db")
    good = tmp_path / "good.txt"
    good.write_text(WIRE)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    empty = tmp_path / "empty.html"
    empty.write_text("")
    cp1251 = tmp_path / "ru.txt"
    cp1251.write_bytes(RU.encode("cp1251"))
    notwarc = tmp_path / "x.warc.gz"
    notwarc.write_bytes(b"this is not an archive")
    args = [str(binary), str(empty), str(tmp_path / "missing.txt"), "ftp://example.org/a", str(cp1251),
            str(notwarc), str(good)]
    code, out, err = run(["--db", db, *args], capsys)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 5, err
    expect = {
        str(binary): "binary", str(empty): "empty", str(tmp_path / "missing.txt"): "no such file",
        "ftp://example.org/a": "unsupported URL scheme", str(notwarc): "not a WARC file",
    }
    for line in lines:
        assert line.startswith("claimtally ingest: ")
        name = next(n for n in expect if line.startswith(f"claimtally ingest: {n}: "))
        assert expect.pop(name) in line
    assert expect == {}
    stored = docs(db)
    assert set(stored) == {"good", "ru"}
    assert stored["ru"]["text"] == RU and stored["ru"]["language"] == "ru"
    assert {(f["metric"], f["value"]) for f in figures(db, "ru")} >= {("killed", 14)}  # read by the Russian rules
    assert figures(db, "good")


DE = ("Das Gesundheitsministerium teilte mit, dass bei dem Angriff vierzehn Menschen getötet und weitere "
      "siebenunddreißig verletzt wurden. Rettungskräfte räumten die ganze Nacht Trümmer, sagte der Gouverneur.")


def test_a_language_without_rules_is_stored_and_marked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "l.db")
    (tmp_path / "de.txt").write_text(DE)
    code, _, _ = run(["--db", db, str(tmp_path / "de.txt")], capsys)
    assert code == 0
    assert docs(db)["de"]["language"] == "de" and docs(db)["de"]["text"] == DE
    assert figures(db, "de") == []  # stored and marked, not extracted


def test_html_files_and_near_duplicates(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "wire.html"
    a.write_text(article_html("Missiles hit city", STORY, site="Wire"))
    b = tmp_path / "outlet.htm"
    b.write_text(article_html("City hit by missiles, 14 dead", ["KYIV (Reuters) -", *STORY,
                                                                "Reporting by Jane Doe; editing by John Smith."],
                              site="Outlet"))
    c = tmp_path / "exact.html"
    c.write_text(article_html("Copy", [s.upper() for s in STORY], site="Copycat"))
    other = tmp_path / "other.html"
    other.write_text(article_html("Markets", ["Stocks rose on Tuesday as investors weighed new data on "
                                              "inflation and the outlook for interest rates in Europe."] * 3))
    code, _, err = run(["--loud", "--db", db_url, str(a), str(b), str(c), str(other)], capsys)
    assert code == 0, err
    assert "2 duplicates" in err
    stored = docs(db_url)
    assert stored["wire"]["duplicate_of"] is None
    assert stored["outlet"]["duplicate_of"] == stored["wire"]["id"]
    assert stored["exact"]["duplicate_of"] == stored["wire"]["id"]
    assert stored["other"]["duplicate_of"] is None
    assert stored["wire"]["title"] == "Missiles hit city" and stored["wire"]["site"] == "Wire"
    assert stored["wire"]["published"] == "2024-03-05" and stored["wire"]["author"] == "Jane Doe"
    # a later run recognises a copy against what the ledger already holds
    d = tmp_path / "late.html"
    d.write_text(article_html("Late copy", [*STORY, "Additional reporting by AP."], site="Late"))
    run(["--db", db_url, str(d)], capsys)
    assert docs(db_url)["late"]["duplicate_of"] == stored["wire"]["id"]


def test_urls_feed_and_redirects(server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "l.db")
    server.add("/news/strike", article_html("Strike", STORY, date="2024-03-01"))
    server.redirect("/r/strike", "/news/strike")
    server.add("/news/protest", article_html("Protest", [
        "More than 200 people were detained at protests in the capital on Sunday, the monitoring group said.",
        "Police said the rallies were unauthorised and that officers had acted lawfully throughout the day.",
    ], date="2024-02-01"))
    server.add("/news/plain.txt", "Officials said 5 people were killed in the flood. " * 3, content_type="text/plain")
    server.add("/img.png", b"\x89PNG\r\n", content_type="image/png")
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        f'<item><title>Strike</title><link>{server.url("/r/strike")}</link>'
        "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
        f'<item><title>Protest</title><link>{server.url("/news/protest")}</link>'
        "<pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate></item>"
        f'<item><title>Gone</title><link>{server.url("/news/gone")}</link></item>'
        "</channel></rss>"
    )
    feed_url = server.add("/feed.xml", feed, content_type="application/rss+xml")
    plain = server.url("/news/plain.txt")
    code, _, err = run(["--allow-private", "--db", db, feed_url, plain, server.url("/img.png")], capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0] == f"claimtally ingest: {server.url('/news/gone')}: HTTP 404 Not Found"
    assert lines[1] == f"claimtally ingest: {server.url('/img.png')}: unsupported content type 'image/png'"
    stored = docs(db)
    strike = stored[server.url("/r/strike")]  # the entry link is the id ...
    assert strike["url"] == server.url("/news/strike")  # ... the final URL is kept
    assert strike["published"] == "2024-03-05"  # the entry date wins over the page's
    assert strike["source"] == feed_url
    assert stored[server.url("/news/protest")]["published"] == "2024-03-04"
    assert stored[plain]["text"].startswith("Officials said 5 people")
    assert figures(db, server.url("/news/protest"))
    assert all(h.get("User-Agent", "").startswith("claimtally/") for _, h in server.requests)


def test_loopback_refused_without_allow_private(server: LocalServer, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    url = server.add("/a", article_html("A", STORY))
    code, _, err = run(["--db", str(tmp_path / "l.db"), url], capsys)
    assert code == 1 and "refusing non-public address 127.0.0.1" in err and "--allow-private" in err
    assert server.requests == []


def test_feed_file_and_warc(server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "l.db")
    server.add("/a", article_html("A", STORY))
    feed = tmp_path / "news.rss"
    feed.write_text(f'<rss version="2.0"><channel><item><link>{server.url("/a")}</link>'
                    "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>")
    other = article_html("Other", ["The council said 40 families were evacuated after the river burst its banks "
                                   "overnight, and that emergency shelters had been opened in two schools."] * 2)
    warc = write_warc(tmp_path / "crawl.warc.gz", [
        ("request", "https://n.example/x"),
        ("response", "https://n.example/x", "200 OK", "text/html; charset=utf-8", other.encode()),
        ("response", "https://n.example/y.css", "200 OK", "text/css", b"body{}"),
        ("response", "https://n.example/empty", "200 OK", "text/html", b""),
    ])
    code, _, err = run(["--loud", "--allow-private", "--db", db, str(feed), str(warc)], capsys)
    assert code == 1
    assert "crawl.warc.gz@" in err and "https://n.example/empty: empty page" in err
    assert "2 documents" in err and "2 skipped, 1 failed" in err
    stored = docs(db)
    assert stored[server.url("/a")]["published"] == "2024-03-05"
    x = stored["https://n.example/x"]
    assert x["url"] == "https://n.example/x" and x["source"] == str(warc) and x["fetched_at"]


def test_truncated_warc_keeps_what_was_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "l.db")
    pages = [article_html(f"Story {i}", [f"Story {i}: officials said {i + 3} people were killed in district {i}.",
                                         f"Unique paragraph number {i} " * 8]) for i in range(6)]
    path = write_warc(tmp_path / "big.warc.gz",
                      [("response", f"https://n.example/{i}", "200 OK", "text/html", p.encode()) for i, p in enumerate(pages)])
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.75)])
    code, _, err = run(["--db", db, str(path)], capsys)
    assert code == 1
    [line] = err.strip().splitlines()
    assert line.startswith(f"claimtally ingest: {path}: truncated archive")
    assert 3 <= len(docs(db)) < 6


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))


def test_stdin_documents_do_not_replace_each_other(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Two texts piped in one after the other are two documents, not versions of "-"; piping the
    same text again changes nothing; --doc-id names the document."""
    db = str(tmp_path / "l.db")
    other = "Officials said 5 people were killed in the flood on Monday, the ministry reported. " * 3
    for text in (WIRE, other, WIRE):
        _stdin(monkeypatch, text.encode())
        assert run(["--db", db, "--published", "2024-03-05", "-"], capsys)[0] == 0
    stored = docs(db)
    assert sorted(d["text"] for d in stored.values()) == sorted([WIRE, other])
    assert all(d["version"] == 1 and d["doc_key"].startswith("stdin-") for d in stored.values())
    _stdin(monkeypatch, other.encode())
    assert run(["--db", db, "--doc-id", "flood-report", "-"], capsys)[0] == 0
    assert docs(db)["flood-report"]["text"] == other
    code, _, err = run(["--db", db, "--doc-id", "x", str(tmp_path)], capsys)
    assert code == 2 and "--doc-id names the document read from standard input" in err


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    """Not a TTY (as here): stderr carries the summary line only, never carriage-return bars."""
    (tmp_path / "a.txt").write_text(WIRE)
    proc = subprocess.run(
        [sys.executable, "-m", "claimtally.cli", "ingest", "--db", str(tmp_path / "l.db"), str(tmp_path / "a.txt")],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0 and proc.stdout == ""
    assert "\r" not in proc.stderr and proc.stderr.count("\n") == 1


def test_progress_bar_draws_on_a_tty() -> None:
    from claimtally.ingest.command import Progress
    from claimtally.ingest.pipeline import IngestSummary
    from claimtally.ingest.read import Item

    buf = io.StringIO()
    bar = Progress(2, buf, enabled=True)
    bar.update(Item("a", skipped="x", source_done=True), IngestSummary(documents=1))
    bar.update(Item("b", skipped="x", source_done=True), IngestSummary(documents=2))
    bar.clear()
    assert "2/2 sources" in buf.getvalue() and buf.getvalue().startswith("\r[")
    off = io.StringIO()
    Progress(1, off, enabled=False).update(Item("a", source_done=True), IngestSummary())
    assert off.getvalue() == ""


def test_bad_db_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(WIRE)
    code, _, err = run(["--db", str(tmp_path / "no" / "dir" / "l.db"), str(tmp_path / "a.txt")], capsys)
    assert code == 2 and err.startswith("claimtally ingest: database ") and err.count("\n") == 1


def test_gzip_compressed_pages_and_texts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'page.html.gz' is a compressed page, not an archive: it is read as the HTML it holds."""
    import gzip

    db = str(tmp_path / "l.db")
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(article_html("Missiles hit city", STORY, site="Wire").encode()))
    (tmp_path / "wire.txt.gz").write_bytes(gzip.compress(("Markets rose on Tuesday. " * 5).encode()))
    (tmp_path / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    code, _, err = run(["--db", db, str(tmp_path / "page.html.gz"), str(tmp_path / "wire.txt.gz"),
                        str(tmp_path / "broken.html.gz")], capsys)
    assert code == 1
    assert "broken.html.gz" in err and "gzip" in err
    stored = docs(db)
    assert set(stored) == {"page", "wire"}
    assert stored["page"]["title"] == "Missiles hit city"
    assert figures(db, "page"), "the compressed page's figures are extracted"
