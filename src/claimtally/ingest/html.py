"""An HTML page to a Document: trafilatura for the article body and metadata, htmldate for the date.

trafilatura is the body extractor with the best published score on the
article-extraction-benchmark (F1 0.958); it runs with its defaults (fallbacks on, comments off)
because that is the configuration that score was measured with.

Metadata: trafilatura's own `extract_metadata` also collects categories, tags and a licence and
searches the whole page for an author, which costs about half as much again as the body
extraction. Ingest needs title, author, site name, canonical URL and date, so it calls the same
trafilatura steps for those (meta tags, JSON-LD, title, URL, site name) and htmldate for the
date, parsing the page once.

The date comes from the page's markup only (meta tags, JSON-LD, `<time>`, date elements, the
URL; htmldate's `original_date`), never from htmldate's "extensive" search of the page text:
that search ends with the copyright line ("Copyright 2022" becomes 2022-01-01) and bare years,
and a wrong publication date silently moves every relative date in the article ("last
Wednesday" lands in another year). With no date in the markup, ingest falls back to the other
sources it has (feed entry, HTTP Last-Modified, WARC-Date; see `docs/architecture.md`).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

from claimtally.ingest.decode import decode_bytes

# trafilatura and htmldate log each page they cannot handle; our callers report those themselves.
for _name in ("trafilatura", "htmldate", "readability", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


class HtmlError(ValueError):
    """The page has no article text we can use; the message says why."""


@dataclass(slots=True)
class Page:
    """What one HTML page yields."""

    text: str
    title: str | None
    author: str | None
    site: str | None
    canonical_url: str | None
    published: str | None
    language: str | None


def parse_html(data: bytes | str, url: str | None = None, charset: str | None = None) -> Page:
    """Main text and metadata of an HTML page given as bytes (decoded here) or text.

    `url` is where the page came from (helps the date and canonical URL); `charset` is what
    the transport declared. Raises HtmlError for pages with no text or no HTML, and
    DecodeError for bytes that are not text.
    """
    html = decode_bytes(data, charset, markup=True) if isinstance(data, bytes) else data
    if not html.strip():
        raise HtmlError("empty page")
    try:
        return _parse(html, url)
    except HtmlError:
        raise
    except Exception as exc:  # noqa: BLE001 - lxml/trafilatura/htmldate failures on hostile markup
        raise HtmlError(f"cannot parse HTML ({type(exc).__name__}: {exc})") from None


def _parse(html: str, url: str | None) -> Page:
    import trafilatura
    from htmldate import find_date

    # trafilatura's metadata steps, one by one: not its documented API (that is `extract_metadata`,
    # 20-30% slower per page for fields ingest does not keep), so pyproject.toml bounds trafilatura
    # to the versions these were tested with (tests/ingest/test_dependencies.py checks the bound).
    from trafilatura.metadata import (
        examine_meta,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
    )

    tree = trafilatura.load_html(html)
    if tree is None:
        raise HtmlError("not an HTML page")
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # trafilatura's rule: a single token is usually a handle, not a name
    # JSON-LD only when the meta tags left a gap (it is the costlier read); trafilatura's
    # JSON-LD reader can fail on odd markup, and then the meta tags read above remain.
    if not (meta.title and meta.author and meta.sitename and meta.url):
        with contextlib.suppress(Exception):
            meta = extract_meta_json(tree, meta)
    title = meta.title or extract_title(tree)
    canonical = meta.url or extract_url(tree, url)
    site = meta.sitename or extract_sitename(tree)
    if site:
        site = site.lstrip("@")
    published = find_date(tree, extensive_search=False, original_date=True, url=canonical or url)
    lang = tree.get("lang") or tree.get("xml:lang")
    doc = trafilatura.bare_extraction(tree, url=url, include_comments=False)
    text = (doc.text if doc is not None else "") or ""
    if not text.strip():
        raise HtmlError("no article text found")
    return Page(
        text=text,
        title=title or (doc.title if doc is not None else None),
        author=meta.author,
        site=site,
        canonical_url=canonical,
        published=published,
        language=lang,
    )
