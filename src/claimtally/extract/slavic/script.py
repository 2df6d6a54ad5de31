"""Which alphabet and which language a stretch of text is in, and the clean-up scraped Cyrillic needs.

Russian and Ukrainian share the Cyrillic alphabet but not all of its letters: і ї є ґ are
Ukrainian only, ы э ъ ё Russian only. Counting them tells the two apart on a paragraph far more
cheaply and, on news text, as reliably as a statistical model; a paragraph with neither falls back
to the document's language. Scraped text mixes Latin look-alikes into Cyrillic words ("ЗCУ" with a
Latin C); they are replaced one character for one character on a working copy, so every offset
into the working copy is an offset into the text as given.
"""

from __future__ import annotations

import re

CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
LATIN_RE = re.compile(r"[A-Za-z]")
UK_ONLY = frozenset("іїєґІЇЄҐ")
RU_ONLY = frozenset("ыэъёЫЭЪЁ")
#: Latin letters that look like Cyrillic ones, by the Cyrillic letter they stand for.
LOOKALIKES = str.maketrans(
    {
        "A": "А",
        "B": "В",
        "C": "С",
        "E": "Е",
        "H": "Н",
        "K": "К",
        "M": "М",
        "O": "О",
        "P": "Р",
        "T": "Т",
        "X": "Х",
        "Y": "У",
        "a": "а",
        "c": "с",
        "e": "е",
        "o": "о",
        "p": "р",
        "x": "х",
        "y": "у",
        "i": "і",
    }
)
#: Same-length spellings the rules do not need to tell apart: ё is written as е in most news text,
#: and Ukrainian writes its apostrophe in several code points.
FOLD = str.maketrans({"ё": "е", "Ё": "Е", "’": "'", "ʼ": "'", "`": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " "})
LATIN_TOUCHING_CYRILLIC_RE = re.compile(r"(?<=[\u0400-\u04ff])[A-Za-z]+|[A-Za-z]+(?=[\u0400-\u04ff])")


def has_cyrillic(text: str) -> bool:
    return CYRILLIC_RE.search(text) is not None


def cyrillic_share(text: str) -> float:
    """The share of letters that are Cyrillic (0.0 for a text without letters)."""
    cyr = len(CYRILLIC_RE.findall(text))
    lat = len(LATIN_RE.findall(text))
    return cyr / (cyr + lat) if cyr + lat else 0.0


#: Frequent words written one way only, for a short text without the tell-tale letters.
UK_WORDS = frozenset(
    [
        "та",
        "що",
        "як",
        "понад",
        "щонайменше",
        "близько",
        "майже",
        "людей",
        "людина",
        "було",
        "вони",
        "його",
        "загинули",
        "поранено",
        "затримали",
        "кілька",
    ]
)
RU_WORDS = (
    frozenset(
        [
            "что",
            "как",
            "более",
            "около",
            "почти",
            "людей",
            "человек",
            "было",
            "они",
            "его",
            "погибли",
            "ранены",
            "задержали",
            "несколько",
            "это",
        ]
    )
    - UK_WORDS
)
WORD_RE = re.compile(r"[\w']+")


def ru_or_uk(text: str, default: str | None = None) -> str | None:
    """'uk' or 'ru' by the letters only one of them uses, then by words only one of them writes;
    `default` when the text tells neither."""
    uk = sum(text.count(ch) for ch in UK_ONLY)
    ru = sum(text.count(ch) for ch in RU_ONLY)
    if uk == ru == 0:
        words = WORD_RE.findall(text[:2000].lower())
        uk = sum(1 for w in words if w in UK_WORDS)
        ru = sum(1 for w in words if w in RU_WORDS)
        if uk == ru:
            return default
    return "uk" if uk > ru else "ru"


def script_language(text: str) -> str | None:
    """A cheap guess from the alphabet: 'ru', 'uk', 'en' (mostly Latin letters) or None (no letters)."""
    share = cyrillic_share(text[:20_000])
    if share == 0.0 and not LATIN_RE.search(text[:20_000]):
        return None
    if share < 0.5:
        return "en"
    return ru_or_uk(text[:20_000], default="ru")


def _fix_run(m: re.Match[str]) -> str:
    return m.group().translate(LOOKALIKES)


def working_copy(text: str) -> str:
    """The text with look-alike letters and variant spellings folded, character for character.

    Only Latin letters run into Cyrillic ones are touched ("ЗCУ"), so "Reuters" and "AFAD" stay Latin.
    """
    out = LATIN_TOUCHING_CYRILLIC_RE.sub(_fix_run, text).translate(FOLD)
    assert len(out) == len(text)
    return out
