"""Splitting text into sentences and tokens with offsets, and masking page furniture.

Offsets are Python `str` indices into the text exactly as given, so every record points back
at its sentence. Everything here is a single left-to-right pass (linear regular expressions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimtally.extract import lexicon

TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|\S")
SENT_END_RE = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "gen", "maj", "col", "lt", "sgt", "capt", "cpl", "adm", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "e.u", "no", "gov", "sen", "rep", "rev", "prof", "jr", "sr", "inc", "co", "corp", "ltd", "vs", "lt.gen", "maj.gen", "brig", "gens", "ft", "mt", "approx", "dept", "est", "fig", "al"]
)


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    lower: str


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    tokens: list[Token]
    paragraph: int


def tokenize(text: str, offset: int = 0) -> list[Token]:
    return [Token(m.group(), m.start() + offset, m.end() + offset, m.group().lower()) for m in TOKEN_RE.finditer(text)]


@cache
def _furniture_patterns() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]], tuple[str, ...]]:
    data = lexicon.load("furniture")
    lines = [re.compile(p, re.IGNORECASE) for p in data["line"]]
    spans = [re.compile(p, re.IGNORECASE) for p in data["span"]]
    return lines, spans, tuple(data["appeal"])


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of page furniture: navigation lines, credits, share buttons, appeals."""
    line_res, span_res, appeal = _furniture_patterns()
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        lowered = line.lower()
        if line.strip() and (
            any(r.search(line) for r in line_res) or sum(w in lowered for w in appeal) >= 2
        ):
            spans.append((pos, end))
        else:
            for r in span_res:
                spans.extend((pos + m.start(), pos + m.end()) for m in r.finditer(line))
        pos = end + 1
    return sorted(spans)


def _ends_with_abbreviation(chunk: str) -> bool:
    m = re.search(r"([\w.]+)\.$", chunk[-24:])
    if not m:
        return False
    word = m.group(1).lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or (len(word) <= 3 and "." in word)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets: lines are hard boundaries, then terminal punctuation before a capital."""
    sentences: list[Sentence] = []
    pos = 0
    for para, line in enumerate(text.split("\n")):
        start = 0
        for m in SENT_END_RE.finditer(line):
            if _ends_with_abbreviation(line[start : m.start() + 1]) and line[m.start()] == ".":
                continue
            _add_sentence(sentences, text, pos + start, pos + m.end(), para)
            start = m.end()
        _add_sentence(sentences, text, pos + start, pos + len(line), para)
        pos += len(line) + 1
    return sentences


def _add_sentence(out: list[Sentence], text: str, start: int, end: int, para: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], tokenize(text[start:end], start), para))
