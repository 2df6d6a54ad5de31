"""RSS and Atom feeds, read with feedparser: each entry's link, date, title and, when the feed
carries it, the article itself.

Most feeds are an index: their summaries are teasers, stripped of the sentences that carry
attribution, so ingest fetches the entry's link. Some feeds carry the whole article
(`content:encoded` in RSS, `<content>` in Atom); then fetching the page again costs the site a
request and us a download for text we already have. The rule (`full_text`): an entry's content
(never its summary or description) is the article when its text has at least FULL_TEXT_WORDS
words and does not end the way teasers do ("...", "Read more", "Continue reading"). Otherwise
the link is fetched. The entry's date is the page's publication date either way (see
`docs/architecture.md`, "Publication dates").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

#: Words from which an entry's content is taken for the article rather than a teaser of it; a
#: teaser is a sentence or a paragraph (20-80 words), a short news article 150 or more.
FULL_TEXT_WORDS = 120

_TEASER_END = re.compile(
    r"(?:\.\.\.|…|\[…\]|\[\.\.\.\]|read more|continue reading|read the full (?:story|article)|full story)\W{0,20}$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
                     "section", "article", "figcaption", "ul", "ol", "table", "dd", "dt"})


class FeedError(ValueError):
    """The bytes are not a feed feedparser can read."""


@dataclass(slots=True)
class FeedEntry:
    link: str | None
    published: str | None
    title: str | None
    summary: str | None
    #: The entry's own content as HTML (content:encoded / Atom content), when present.
    content: str | None = None
    author: str | None = None
    #: guid / Atom id, the key of an entry that has full text but no link.
    entry_id: str | None = None
    #: The feed's title and declared language.
    site: str | None = None
    language: str | None = None


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


def _content(entry: dict) -> str | None:
    """The longest content block of the entry (feeds may carry a plain and an HTML one)."""
    blocks = [c.get("value") or "" for c in entry.get("content") or []]
    best = max(blocks, key=len, default="")
    return best or None


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
    site = parsed.feed.get("title") or None
    language = parsed.feed.get("language") or None
    return [
        FeedEntry(
            link=e.get("link") or None,
            published=_entry_date(e),
            title=e.get("title") or None,
            summary=e.get("summary") or None,
            content=_content(e),
            author=e.get("author") or None,
            entry_id=e.get("id") or None,
            site=site,
            language=language,
        )
        for e in parsed.entries
    ]


def html_fragment_text(html: str) -> str:
    """The text of an HTML fragment, one paragraph per block element, inline markup dropped."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCKS:
            el.tail = "\n\n" + (el.tail or "")
    paragraphs = []
    for block in root.text_content().split("\n\n"):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def full_text(entry: FeedEntry) -> str | None:
    """The article's text when the entry carries the whole article (the rule above), else None."""
    if not entry.content:
        return None
    text = html_fragment_text(entry.content)
    if len(_WORD.findall(text)) < FULL_TEXT_WORDS or _TEASER_END.search(text[-200:]):
        return None
    return text
