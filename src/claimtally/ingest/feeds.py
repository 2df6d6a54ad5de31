"""RSS and Atom feeds, read with feedparser: each entry's link, date and title.

A feed is an index, not the news itself: summaries are truncated and often stripped of the
sentences that carry attribution, so ingest fetches every entry's link and uses the entry's
date as the page's publication date (feeds date entries more reliably than page templates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


class FeedError(ValueError):
    """The bytes are not a feed feedparser can read."""


@dataclass(slots=True)
class FeedEntry:
    link: str | None
    published: str | None
    title: str | None
    summary: str | None


def looks_like_feed(data: bytes) -> bool:
    """Cheap sniff on the first bytes: an RSS, Atom or RDF root element."""
    head = data[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _entry_date(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime(*value[:6], tzinfo=UTC).date().isoformat()
            except (TypeError, ValueError):
                continue
    return None


def parse_feed(data: bytes, base_url: str | None = None) -> list[FeedEntry]:
    """Entries of an RSS/Atom feed. FeedError when the data is not a feed at all.

    A feed with a minor syntax error (feedparser's `bozo`) still yields its entries; a
    document with no feed root and no entries is refused.
    """
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": base_url} if base_url else None)
    if not parsed.entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        raise FeedError(f"not an RSS/Atom feed{': ' + str(reason).splitlines()[0] if reason else ''}")
    entries = []
    for e in parsed.entries:
        entries.append(
            FeedEntry(
                link=e.get("link") or None,
                published=_entry_date(e),
                title=e.get("title") or None,
                summary=e.get("summary") or None,
            )
        )
    return entries
