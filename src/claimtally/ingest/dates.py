"""Which publication date a document gets, and where it came from (`Document.published_source`).

A wrong date is worse than none: the extractor resolves "last Wednesday" and "on Monday"
against it, so a guessed year moves every relative claim date. Each source below is a date a
publisher or an archive stated; the first one present wins:

1. `--published` (the user said so, for every input);
2. `manifest` (the row's `published` column);
3. `feed` (the entry's published / updated date: structured, per entry, set by the publisher);
4. `page` (the page's own markup: meta tags, JSON-LD, `<time>`, the URL; never its text, so
   never a copyright line);
5. `last-modified` (the HTTP Last-Modified header, of the fetch or of the archived response,
   ignored when it is the moment the page was served, i.e. a page generated per request);
6. `warc-date` (when the archive captured the page: the article is at least that old, usually
   by hours in a news crawl).

With none of these the date stays empty; relative dates in the text then stay unresolved
rather than resolving against a guess.
"""

from __future__ import annotations

#: The date sources in the order they are trusted (the names stored in `published_source`).
DATE_SOURCES: tuple[str, ...] = ("--published", "manifest", "feed", "page", "last-modified", "warc-date")


def choose_date(found: dict[str, str | None]) -> tuple[str | None, str | None]:
    """(date, source) for the most trusted source in `found` that has a date, else (None, None)."""
    unknown = set(found) - set(DATE_SOURCES)
    if unknown:
        raise ValueError(f"unknown date sources {sorted(unknown)}")
    for source in DATE_SOURCES:
        value = found.get(source)
        if value:
            return value[:10], source
    return None, None
