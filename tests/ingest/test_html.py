"""HTML pages: article body and metadata through trafilatura and htmldate."""

from __future__ import annotations

import pytest

from claimtally.ingest.decode import DecodeError
from claimtally.ingest.html import HtmlError, parse_html

from .conftest import STORY, article_html


def test_article_body_and_metadata() -> None:
    page = parse_html(article_html("Missiles hit city centre", STORY).encode(), url="https://news.example/a")
    assert "14 people were killed and 37 wounded" in page.text
    assert "Police detained 12 people" in page.text
    for furniture in ("Most read", "Celebrity news", "All rights reserved", "Sport"):
        assert furniture not in page.text
    assert page.title == "Missiles hit city centre"
    assert page.author == "Jane Doe"
    assert page.site == "Example News"
    assert page.published == "2024-03-05"
    assert page.language == "en"


@pytest.mark.parametrize(
    "paragraphs",
    [STORY, ["Published on 7 February 2023."] + STORY, [*STORY, "Copyright 2022 The Daily Example."],
     [*STORY, "\u00a9 2019-2022 Example Media Group"], ["In 2015 the city was shelled as well.", *STORY]],
    ids=["plain", "dateline-in-text", "copyright-2022", "copyright-range", "bare-year"],
)
def test_no_date_is_guessed_from_the_text(paragraphs: list[str]) -> None:
    """No date in the markup: the page has no publication date. Not the copyright year (which made
    2022-01-01 of every page with a "Copyright 2022" footer), not a bare year, not a date somewhere
    in the text; ingest falls back to the feed, HTTP and archive dates instead."""
    html = article_html("No meta date", paragraphs, date=None)
    assert parse_html(html.encode()).published is None


def test_date_from_markup_time_element() -> None:
    html = article_html("Time element", STORY, date=None).replace(
        "<h1>", '<p class="byline"><time datetime="2023-02-07T09:00:00Z">7 February</time></p><h1>')
    assert parse_html(html.encode()).published == "2023-02-07"


def test_date_from_url() -> None:
    html = article_html("Date in URL", STORY, date=None)
    assert parse_html(html.encode(), url="https://news.example/2021/06/15/story.html").published == "2021-06-15"


def test_undeclared_cp1251_page() -> None:
    ru = [
        "Министерство здравоохранения сообщило, что в результате удара погибли 14 человек, ещё 37 получили ранения.",
        "Спасатели всю ночь разбирали завалы пятиэтажного дома, сообщил губернатор области.",
    ]
    html = article_html("Удар по центру города", ru, charset=None, lang="ru")
    page = parse_html(html.encode("cp1251"))
    assert "погибли 14 человек" in page.text
    assert page.title == "Удар по центру города"


def test_transport_charset_wins_over_guessing() -> None:
    html = article_html("Caf\u00e9 attack", ["Le caf\u00e9 a \u00e9t\u00e9 touch\u00e9; douze bless\u00e9s. " * 5], charset=None)
    page = parse_html(html.encode("cp1252"), charset="windows-1252")
    assert "caf\u00e9" in page.text


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", HtmlError, "empty page"),
        (b"   \n  ", HtmlError, "empty page"),
        (b"<html><head><title>x</title></head><body></body></html>", HtmlError, "no article text"),
        (b"<html><body><script>var x = 1;</script></body></html>", HtmlError, "no article text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", DecodeError, "binary"),
    ],
)
def test_bad_pages(data: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        parse_html(data)


@pytest.mark.parametrize(
    "data",
    [
        b"<" * 100_000,
        b"<div>" * 5000 + b"deep text " * 50 + b"</div>" * 5000,
        b'<?xml version="1.0" encoding="utf-16"?><html><body><p>declared utf-16, is not</p></body></html>',
        b"<html><body><p>" + "\u0000".encode() + b"</p></body></html>",
        b"<html><head><script type='application/ld+json'>{not json</script></head><body><p>"
        + b"Some words in a paragraph. " * 20 + b"</p></body></html>",
    ],
    ids=["angles", "deep", "xml-decl", "nul", "bad-json-ld"],
)
def test_hostile_markup_is_an_error_or_a_page(data: bytes) -> None:
    """Whatever lxml, trafilatura or htmldate make of it, the caller sees a Page or one of our errors."""
    try:
        page = parse_html(data)
    except (HtmlError, DecodeError) as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert page.text.strip()
