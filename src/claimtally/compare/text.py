"""Words to lookup keys, in English, Russian and Ukrainian alike.

Comparison depends on recognising one name written many ways: "the U.N. refugee agency" and
"UN refugee agency", "Генштаба ЗСУ" and "Генштаб ЗСУ", or "ЗCУ" typed with a Latin C. Every
table compare reads (claimant aliases, subject nouns, places) is keyed through `fold` or
`words`, so both sides of a lookup are folded the same way. Cyrillic words lose their case and
number endings (a short suffix list in `data/language.json`, enough for the forms the press
uses; the tables list irregular forms themselves). All regexes here are single character
classes and run in linear time.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"',
    "\u00bb": '"', "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2013": "-", "\u2014": " ", "ё": "е", "Ё": "Е",
})
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")  #: a Cyrillic letter
_LATIN = re.compile(r"[a-zA-Z]")
_ARTICLES = frozenset({"the", "a", "an"})


def _load() -> dict[str, Any]:
    raw = resources.files("claimtally.compare").joinpath("data", "language.json").read_text(encoding="utf-8")
    return json.loads(raw)


_DATA = _load()
_TO_CYRILLIC = str.maketrans(_DATA["lookalikes"])
_TO_LATIN = str.maketrans({v: k for k, v in _DATA["lookalikes"].items()})
_SUFFIXES: tuple[str, ...] = tuple(sorted(_DATA["cyrillic_suffixes"], key=len, reverse=True))
_MIN_STEM: int = int(_DATA["min_stem"])
_SPELLING: dict[str, str] = dict(_DATA["spelling"])


def one_alphabet(token: str) -> str:
    """A word mixing Latin and Cyrillic letters rewritten in the alphabet most of it uses:
    "ЗCУ" (Latin C) -> "ЗСУ", "Ukrаine" (Cyrillic а) -> "Ukraine"."""
    cyr = len(CYRILLIC.findall(token))
    if not cyr:
        return token
    lat = len(_LATIN.findall(token))
    if not lat:
        return token
    return token.translate(_TO_CYRILLIC) if cyr >= lat else token.translate(_TO_LATIN)


def stem(word: str) -> str:
    """A lower-case Cyrillic word without its case or number ending; other words unchanged."""
    if not CYRILLIC.search(word):
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def _key(token: str) -> str:
    """One token's lookup form: one alphabet, lower case, US/UK spelling, Cyrillic stem."""
    token = one_alphabet(token)
    acronym = len(token) <= 5 and token.isupper()
    low = token.lower()
    low = _SPELLING.get(low, low)
    return low if acronym else "-".join(stem(part) for part in low.split("-"))


@lru_cache(maxsize=262144)
def tokens(text: str) -> tuple[tuple[str, str], ...]:
    """(lookup key, word as written) for each word of `text`; possessive 's is dropped
    ("Russia's" -> "russia") and dots removed so "U.N." and "UN" meet."""
    s = text.translate(_QUOTES).replace(".", "")
    out = []
    for tok in _TOKEN.findall(s):
        if tok.endswith(("'s", "'S")):
            tok = tok[:-2]
        elif tok.endswith("'"):
            tok = tok[:-1]
        key = _key(tok)
        if key:
            out.append((key, tok))
    return tuple(out)


def words(text: str) -> tuple[str, ...]:
    """The lookup keys of the words of `text` (see `tokens`)."""
    return tuple(k for k, _ in tokens(text))


def fold(text: str) -> str:
    """The key a name is looked up by: its `words` without a leading article, joined by spaces.

    This is the spec's comparison normalisation (section 7) plus dots, US/UK spelling,
    Cyrillic endings and mixed alphabets: "The Russian Defense Ministry" and "Russian Defence
    Ministry" meet, and so do "Генштабу ЗСУ" and "Генштаб ЗCУ".
    """
    ws = list(words(text))
    while ws and ws[0] in _ARTICLES:
        ws.pop(0)
    return " ".join(ws)


def plain(text: str) -> str:
    """Text with typographic quotes and odd spaces made plain (for display keys and cues)."""
    return text.translate(_QUOTES)
