"""RSS and Atom feeds through feedparser."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtally.ingest.feeds import FeedError, looks_like_feed, parse_feed

from .conftest import LocalServer


def rss(items: list[tuple[str, str | None]]) -> bytes:
    entries = "".join(
        f"<item><title>T{i}</title><link>{link}</link>{f'<pubDate>{date}</pubDate>' if date else ''}</item>"
        for i, (link, date) in enumerate(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{entries}</channel></rss>'.encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>
<entry><title>One</title><link href="https://news.example/one"/><updated>2024-03-04T18:00:00Z</updated></entry>
<entry><title>Two</title><link href="https://news.example/two"/><published>2024-03-02T08:00:00+02:00</published>
<updated>2024-03-05T08:00:00Z</updated></entry>
</feed>"""


def test_rss_entries_links_and_dates() -> None:
    entries = parse_feed(rss([("https://news.example/a", "Tue, 05 Mar 2024 10:00:00 GMT"),
                              ("https://news.example/b", None)]))
    assert [(e.link, e.published, e.title) for e in entries] == [
        ("https://news.example/a", "2024-03-05", "T0"),
        ("https://news.example/b", None, "T1"),
    ]


def test_atom_prefers_published_over_updated() -> None:
    entries = parse_feed(ATOM)
    assert [(e.link, e.published) for e in entries] == [
        ("https://news.example/one", "2024-03-04"),
        ("https://news.example/two", "2024-03-02"),
    ]


@pytest.mark.parametrize("data", [b"<html><body>not a feed</body></html>", b"plain words", b"<rss"])
def test_not_a_feed(data: bytes) -> None:
    with pytest.raises(FeedError, match="not an RSS/Atom feed"):
        parse_feed(data)


def test_sniff() -> None:
    assert looks_like_feed(ATOM) and looks_like_feed(rss([]))
    assert not looks_like_feed(b"<!doctype html><html></html>")


# -- full text in the feed, known links, robots.txt -----------------------------------------------

ARTICLE_WORDS = ("The regional health ministry said 14 people were killed and 37 wounded when missiles struck "
                 "the city centre on Monday, in one of the deadliest attacks on the region this year. ")


def _article(n_paragraphs: int) -> str:
    return "".join(f"<p>{ARTICLE_WORDS}Paragraph {i} adds detail on the rescue work.</p>" for i in range(n_paragraphs))


@pytest.mark.parametrize(
    ("content", "is_article"),
    [
        (_article(6), True),
        (_article(1), False),  # one paragraph: a teaser
        (_article(6) + "<p>Read more</p>", False),
        (_article(6)[:-4] + " [&#8230;]</p>", False),
        (_article(6) + '<p><a href="https://x">Continue reading &#8594;</a></p>', False),
        (None, False),
    ],
    ids=["article", "short", "read-more", "ellipsis", "continue-reading", "none"],
)
def test_full_text_rule(content: str | None, is_article: bool) -> None:
    from claimtally.ingest.feeds import FeedEntry, full_text

    text = full_text(FeedEntry(link="https://n.example/a", published=None, title="T", summary="S", content=content))
    assert (text is not None) == is_article
    if is_article:
        assert text.split("\n\n")[0].startswith("The regional health ministry said 14 people")
        assert text.count("\n\n") == 5 and "<p>" not in text


def _feed(server: LocalServer, entries: list[tuple[str, str | None]]) -> str:
    items = "".join(
        f"<item><title>T{i}</title><link>{link}</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>"
        f"<dc:creator>Jane Doe</dc:creator>"
        + (f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else "")
        + "<description>A short teaser.</description></item>"
        for i, (link, content) in enumerate(entries)
    )
    body = ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Example News</title><language>en</language>'
            f"{items}</channel></rss>")
    return server.add("/feed.xml", body, content_type="application/rss+xml")


def _ingest(args: list[str]) -> tuple[int, str]:
    import contextlib
    import io

    from claimtally.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["ingest", "--host-delay", "0", "--allow-private", *args])
    return code, err.getvalue()


def _paths(server: LocalServer) -> list[str]:
    return [p for p, _ in server.requests]


def test_feed_full_text_is_used_and_teasers_are_fetched(server: LocalServer, tmp_path: Path) -> None:
    from .conftest import STORY, article_html
    from .test_command import docs

    full = server.add("/full", article_html("Full", ["The page has other words than the feed."] * 3))
    teaser = server.add("/teaser", article_html("Teaser", STORY))
    feed = _feed(server, [(full, _article(6)), (teaser, _article(1))])
    db = str(tmp_path / "l.db")
    code, err = _ingest(["--db", db, feed])
    assert code == 0, err
    assert "/full" not in _paths(server) and "/teaser" in _paths(server)
    stored = docs(db)
    d = stored[full]
    assert d["text"].startswith("The regional health ministry said 14 people") and d["text"].count("\n\n") == 5
    assert (d["url"], d["title"], d["author"], d["site"], d["source"]) == (full, "T0", "Jane Doe", "Example News", feed)
    assert (d["published"], d["published_source"], d["language"]) == ("2024-03-05", "feed", "en")
    assert "14 people were killed and 37 wounded" in stored[teaser]["text"]


def test_links_already_in_the_ledger_are_not_fetched_again(server: LocalServer, tmp_path: Path) -> None:
    from .conftest import STORY, article_html

    links = [server.add(f"/n{i}", article_html(f"N{i}", [f"Item {i}.", *STORY])) for i in range(3)]
    feed = _feed(server, [(u, None) for u in links])
    db = str(tmp_path / "l.db")
    assert _ingest(["--db", db, feed])[0] == 0
    assert sorted(p for p in _paths(server) if p.startswith("/n")) == ["/n0", "/n1", "/n2"]
    server.requests.clear()
    code, err = _ingest(["--db", db, feed])
    assert code == 0 and "0 documents, 0 figures, 3 skipped" in err
    assert _paths(server) == ["/feed.xml"]


def test_robots_txt_is_honoured_for_feed_entries(server: LocalServer, tmp_path: Path) -> None:
    from .conftest import STORY, article_html
    from .test_command import docs

    ok = server.add("/news/a", article_html("A", STORY))
    private = server.add("/private/b", article_html("B", ["Another story entirely, about the harvest.", *STORY]))
    nobots = server.add("/no-bots/c", article_html("C", ["A third story, about the weather.", *STORY]))
    feed = _feed(server, [(ok, None), (private, None), (nobots, None)])
    db = str(tmp_path / "l.db")
    # the group for every crawler applies: /private/ is refused
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    code, err = _ingest(["--db", db, feed])
    assert code == 0 and "2 documents" in err and "1 skipped" in err, err
    assert set(docs(db)) == {ok, nobots} and "/private/b" not in _paths(server)
    # a group naming claimtally replaces the * group (RFC 9309): only /no-bots/ is refused
    server.add("/robots.txt", "User-agent: *\nDisallow: /\n\nUser-agent: claimtally\nDisallow: /no-bots/\n",
               content_type="text/plain")
    db2 = str(tmp_path / "l2.db")
    code, err = _ingest(["--db", db2, feed])
    assert code == 0 and set(docs(db2)) == {ok, private}, err
    server.requests.clear()
    code, err = _ingest(["--db", db2, "--ignore-robots", feed])
    assert code == 0 and set(docs(db2)) == {ok, private, nobots}
    assert "/robots.txt" not in _paths(server)


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (410, True), (500, False)])
def test_robots_txt_missing_or_unreachable(status: int, allowed: bool, server: LocalServer) -> None:
    from claimtally.ingest.fetch import Fetcher, FetchOptions
    from claimtally.ingest.robots import Robots

    server.add("/robots.txt", "nope", status=status, content_type="text/plain")
    with Fetcher(FetchOptions(allow_private=True, host_delay=0, retries=0)) as f:
        refusal = Robots(f).refusal(server.url("/any/page"))
    assert (refusal is None) == allowed
    if not allowed:
        assert "could not be read" in refusal


def test_crawl_delay_spaces_requests(server: LocalServer) -> None:
    from claimtally.ingest.fetch import Fetcher, FetchOptions
    from claimtally.ingest.robots import Robots

    server.add("/robots.txt", "User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    urls = [server.add(f"/p{i}", "<html>x</html>") for i in range(3)]
    with Fetcher(FetchOptions(allow_private=True, host_delay=0)) as f:
        assert Robots(f).refusal(urls[0]) is None
        list(f.fetch_many(urls))
    starts = [t for p, t in server.times if p.startswith("/p")]
    # server-side arrival times, so a little under the delay: the first request also connected
    assert len(starts) == 3 and all(b - a >= 0.8 for a, b in zip(starts, starts[1:], strict=False))
