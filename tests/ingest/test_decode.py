"""Bytes to text: declared, sniffed and detected encodings, and refusals for binary data."""

from __future__ import annotations

import codecs
import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtally.ingest.decode import DecodeError, declared_charset, decode_bytes, is_binary

RU = "Министерство обороны заявило, что в результате удара погибли 12 человек, ещё 40 были ранены."
UK = "Міністерство оборони заявило, що внаслідок удару загинули 12 людей, ще 40 отримали поранення."
FR = "Le ministère a déclaré que douze personnes ont été tuées et que l'hôpital était débordé."

DECODE_CASES = [
    # (name, bytes, declared, markup, expected text)
    ("utf-8 plain", RU.encode("utf-8"), None, False, RU),
    ("utf-8 with BOM", codecs.BOM_UTF8 + RU.encode("utf-8"), None, False, RU),
    ("utf-16 with BOM", RU.encode("utf-16"), None, False, RU),
    ("cp1251 undeclared", (RU + " " + RU).encode("cp1251"), None, False, RU + " " + RU),
    ("cp1251 declared by transport", UK.encode("cp1251"), "windows-1251", False, UK),
    ("koi8-r declared", RU.encode("koi8_r"), "KOI8-R", False, RU),
    ("latin-1 label means cp1252", "Curly \u201cquotes\u201d".encode("cp1252"), "iso-8859-1", False,
     "Curly \u201cquotes\u201d"),
    ("wrong declaration falls back", RU.encode("utf-8"), "ascii", False, RU),
    ("unknown charset name ignored", FR.encode("utf-8"), "x-no-such-charset", False, FR),
]


@pytest.mark.parametrize(("name", "data", "declared", "markup", "expected"), DECODE_CASES, ids=[c[0] for c in DECODE_CASES])
def test_decode_bytes(name: str, data: bytes, declared: str | None, markup: bool, expected: str) -> None:
    assert decode_bytes(data, declared, markup=markup) == expected


def test_meta_charset_is_used_for_markup() -> None:
    html = f'<html><head><meta charset="windows-1251"><title>x</title></head><body><p>{RU}</p></body></html>'
    assert RU in decode_bytes(html.encode("cp1251"), markup=True)
    html2 = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head><p>{RU}</p></html>'
    assert RU in decode_bytes(html2.encode("koi8_r"), markup=True)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="utf-8">', "utf-8"),
        (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-1251'>", "windows-1251"),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><rss/>', "ISO-8859-1"),
        (b"<html><body>no declaration</body></html>", None),
    ],
)
def test_declared_charset(head: bytes, expected: str | None) -> None:
    assert declared_charset(head) == expected


@pytest.mark.parametrize(
    "data",
    [
        gzip.compress(b"hello world " * 100),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"text with a NUL\x00 byte inside",
        bytes(range(1, 32)) * 40,
    ],
    ids=["gzip", "pdf", "png", "nul", "controls"],
)
def test_binary_is_refused(data: bytes) -> None:
    assert is_binary(data)
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(data)


def test_text_is_not_binary() -> None:
    assert not is_binary(RU.encode("cp1251"))
    assert not is_binary(b"line one\r\nline two\ttabbed\f")


def test_decoding_keeps_offsets() -> None:
    """No newline or Unicode normalisation: figure offsets refer to the text as given."""
    raw = "a\r\nb\u00a0c\u2019d".encode()
    assert decode_bytes(raw) == "a\r\nb\u00a0c\u2019d"


def test_decode_is_linear_on_hostile_markup() -> None:
    import time

    data = b"<meta " + b"a" * 2_000_000
    t0 = time.perf_counter()
    declared_charset(data)
    decode_bytes(data, markup=True)
    assert time.perf_counter() - t0 < 5


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "cp1251", "utf-16", "bogus"]), st.booleans())
def test_any_bytes_decode_or_fail_cleanly(data: bytes, declared: str | None, markup: bool) -> None:
    try:
        text = decode_bytes(data, declared, markup=markup)
    except DecodeError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(text, str)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_utf8_text_round_trips(text: str) -> None:
    data = text.encode("utf-8")
    if is_binary(data):
        return
    assert decode_bytes(data) == (text[1:] if text.startswith("\ufeff") else text)
