"""Publication dates: never from a copyright line; the documented fallback order; the source stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtally.cli import main
from claimtally.ingest.dates import DATE_SOURCES, choose_date
from claimtally.ingest.fetch import last_modified

from .conftest import LocalServer, article_html, write_warc
from .test_command import docs, figures

CLAIM = ["Russia's military said last Wednesday that 498 of its troops have been killed in the fighting.",
         "The ministry gave no further details about where the soldiers had died or when they were buried."]


def undated_page(footer_year: int = 2022) -> bytes:
    """A page with no date in its markup, and a copyright footer (the audit's case)."""
    html = article_html("Losses", CLAIM, date=None).replace("Copyright 2024", f"Copyright {footer_year}")
    return html.encode()


def run(args: list[str]) -> int:
    return main(["ingest", "--quiet", "--host-delay", "0", *args])


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        ({"--published": "2024-01-02", "manifest": "2023-01-01", "page": "2022-01-01"}, ("2024-01-02", "--published")),
        ({"manifest": "2023-05-06", "feed": "2023-01-01"}, ("2023-05-06", "manifest")),
        ({"feed": "2023-05-06", "page": "2023-05-01", "last-modified": "2023-05-07"}, ("2023-05-06", "feed")),
        ({"page": "2023-05-01", "last-modified": "2023-05-07", "warc-date": "2023-05-08"}, ("2023-05-01", "page")),
        ({"page": None, "last-modified": "2023-05-07", "warc-date": "2023-05-08T10:00:00Z"},
         ("2023-05-07", "last-modified")),
        ({"warc-date": "2023-05-08T10:00:00Z"}, ("2023-05-08", "warc-date")),
        ({"page": None, "feed": ""}, (None, None)),
    ],
)
def test_fallback_order(found: dict, expected: tuple) -> None:
    assert choose_date(found) == expected


def test_every_source_is_named_once() -> None:
    assert len(set(DATE_SOURCES)) == len(DATE_SOURCES) == 6
    with pytest.raises(ValueError, match="unknown date sources"):
        choose_date({"copyright": "2022-01-01"})


@pytest.mark.parametrize(
    ("modified", "sent", "expected"),
    [
        ("Tue, 05 Mar 2024 10:00:00 GMT", "Thu, 07 Mar 2024 12:00:00 GMT", "2024-03-05"),
        ("Thu, 07 Mar 2024 12:00:00 GMT", "Thu, 07 Mar 2024 12:00:00 GMT", None),  # generated per request
        ("Thu, 07 Mar 2024 11:59:30 GMT", "Thu, 07 Mar 2024 12:00:00 GMT", None),
        ("not a date", "Thu, 07 Mar 2024 12:00:00 GMT", None),
        (None, "Thu, 07 Mar 2024 12:00:00 GMT", None),
    ],
)
def test_last_modified(modified: str | None, sent: str, expected: str | None) -> None:
    assert last_modified(modified, sent) == expected


def test_warc_date_dates_an_undated_page_and_last_wednesday_stays_in_its_year(tmp_path: Path) -> None:
    """No date metadata and a "Copyright 2022" footer: the capture date dates the page (not
    2022-01-01), so "last Wednesday" resolves near the capture, not into 2021."""
    import claimtally

    warc = write_warc(tmp_path / "crawl.warc.gz", [
        ("response", "https://n.example/losses", "200 OK", "text/html; charset=utf-8", undated_page(2022)),
    ])
    db = str(tmp_path / "l.db")
    assert run(["--db", db, str(warc)]) == 0
    [doc] = docs(db).values()
    captured = doc["fetched_at"][:10]
    assert (doc["published"], doc["published_source"]) == (captured, "warc-date")
    [fig] = [f for f in figures(db, doc["doc_key"]) if f["value"] == 498]
    [expected] = [f for f in claimtally.extract(doc["text"], captured) if f.value == 498]
    assert fig["claim_date"] == expected.claim_date and fig["claim_date"][:4] == captured[:4]


def test_archived_last_modified_beats_the_capture_date(tmp_path: Path) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "lm.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Date", "Thu, 07 Mar 2024 12:00:00 GMT"),
                                              ("Last-Modified", "Mon, 04 Mar 2024 08:00:00 GMT")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://n.example/lm", "response",
                                                      payload=BytesIO(undated_page()), http_headers=headers))
    db = str(tmp_path / "l.db")
    assert run(["--db", db, str(path)]) == 0
    doc = docs(db)["https://n.example/lm"]
    assert (doc["published"], doc["published_source"]) == ("2024-03-04", "last-modified")


def test_http_last_modified_dates_a_fetched_page(server: LocalServer, tmp_path: Path) -> None:
    dated = server.add("/old", undated_page(), headers={"Last-Modified": "Mon, 04 Mar 2024 08:00:00 GMT"})
    live = server.add("/live", undated_page(2021))  # http.server sends Date; no Last-Modified
    db = str(tmp_path / "l.db")
    assert run(["--allow-private", "--db", db, dated, live]) == 0
    stored = docs(db)
    assert (stored[dated]["published"], stored[dated]["published_source"]) == ("2024-03-04", "last-modified")
    assert (stored[live]["published"], stored[live]["published_source"]) == (None, None)


def test_sources_are_stored(server: LocalServer, tmp_path: Path) -> None:
    page = server.add("/dated", article_html("Dated", CLAIM, date="2024-02-01"))
    feed = server.add("/feed.xml", f'<rss version="2.0"><channel><title>T</title><item><title>x</title>'
                                   f"<link>{page}</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
                                   "</channel></rss>", content_type="application/rss+xml")
    (tmp_path / "plain.txt").write_text(" ".join(CLAIM))
    (tmp_path / "given.txt").write_text(" ".join(CLAIM) + " Another sentence.")
    db = str(tmp_path / "l.db")
    assert run(["--allow-private", "--db", db, feed, page, str(tmp_path / "plain.txt")]) == 0
    assert run(["--db", db, "--published", "2024-01-09", str(tmp_path / "given.txt")]) == 0
    stored = docs(db)
    assert (stored[page]["published"], stored[page]["published_source"]) == ("2024-03-05", "feed")
    assert (stored["plain"]["published"], stored["plain"]["published_source"]) == (None, None)
    assert (stored["given"]["published"], stored["given"]["published_source"]) == ("2024-01-09", "--published")
