"""RSS and Atom feeds through feedparser."""

from __future__ import annotations

import pytest

from claimtally.ingest.feeds import FeedError, looks_like_feed, parse_feed


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
