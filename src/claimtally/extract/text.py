"""Splitting text into sentences and tokens with offsets, and masking page furniture.

Offsets are Python `str` indices into the text exactly as given, so every record points back
at its sentence. Everything here is a single left-to-right pass (linear regular expressions).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from claimtally.extract import lexicon

MAX_SENTENCE_CHARS = 1500
FURNITURE_LINE_MAX = 200
APPEAL_SENTENCE_RE = re.compile(r"[^.!?]*(?:[.!?]+|$)")
TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|\S")
SENT_END_RE = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "maj",
        "col",
        "lt",
        "sgt",
        "capt",
        "cpl",
        "adm",
        "st",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.n",
        "u.k",
        "e.u",
        "no",
        "gov",
        "sen",
        "rep",
        "rev",
        "prof",
        "jr",
        "sr",
        "inc",
        "co",
        "corp",
        "ltd",
        "vs",
        "lt.gen",
        "maj.gen",
        "brig",
        "gens",
        "ft",
        "mt",
        "approx",
        "dept",
        "est",
        "fig",
        "al",
    ]
)


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    lower: str


class Sentence:
    """A sentence with offsets; tokens are made on first use, since most sentences hold no figure."""

    __slots__ = ("start", "end", "text", "paragraph", "_tokens")

    def __init__(self, start: int, end: int, text: str, paragraph: int) -> None:
        self.start, self.end, self.text, self.paragraph = start, end, text, paragraph
        self._tokens: list[Token] | None = None

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = tokenize(self.text, self.start)
        return self._tokens


def capitalised_words(toks: list[Token]) -> tuple[int, int]:
    """(capitalised, all) among the words longer than three letters: how title-case a line is."""
    long = [t for t in toks if t.text[:1].isalpha() and len(t.text) > 3]
    return sum(t.text[:1].isupper() for t in long), len(long)


def tokenize(text: str, offset: int = 0) -> list[Token]:
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased ("İ"): slice nothing then
        return [Token(m.group(), m.start() + offset, m.end() + offset, m.group().lower()) for m in TOKEN_RE.finditer(text)]
    out = []
    for m in TOKEN_RE.finditer(text):
        a, b = m.span()
        out.append(Token(text[a:b], a + offset, b + offset, low[a:b]))
    return out


@cache
def _furniture_patterns() -> tuple[re.Pattern[str], tuple[str, ...], re.Pattern[str] | None, re.Pattern[str], tuple[str, ...]]:
    """The lexicon's patterns compiled once: start-anchored ones joined into one match at the line start,
    literal phrases as substrings, so a line costs a few cheap tests."""
    data = lexicon.load("furniture")
    starts = re.compile(r"\s*(?:" + "|".join(f"(?:{p})" for p in data["line_start"]) + ")", re.IGNORECASE)
    anywhere = re.compile("|".join(f"(?:{p})" for p in data["line"]), re.IGNORECASE) if data["line"] else None
    spans = re.compile("|".join(f"(?:{p})" for p in data["span"]), re.IGNORECASE)
    return starts, tuple(data["line_contains"]), anywhere, spans, tuple(w.lower() for w in data["appeal"])


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of page furniture: navigation lines, credits, share buttons, appeals."""
    starts, contains, anywhere, span_re, appeal = _furniture_patterns()
    headers = _list_header_pattern()
    spans: list[tuple[int, int]] = []
    pos = 0
    in_list = False  # after "Read more:", the related headlines that follow
    for line in text.split("\n"):
        end = pos + len(line)
        lowered = line.lower()
        if in_list and line.strip() and _headline_like(line):
            spans.append((pos, end))
            pos = end + 1
            continue
        in_list = bool(headers.match(line)) or (in_list and not line.strip())
        if (
            line.strip()
            and len(line) <= FURNITURE_LINE_MAX
            and (starts.match(line) or any(c in lowered for c in contains) or (anywhere and anywhere.search(line)))
        ):
            spans.append((pos, end))
        elif sum(w in lowered for w in appeal) >= 2:
            # an appeal: mark its sentences that ask for money, not the news that may share the paragraph
            for m in APPEAL_SENTENCE_RE.finditer(line):
                if any(w in m.group().lower() for w in appeal):
                    spans.append((pos + m.start(), pos + m.end()))
        elif "photo" in lowered or "(" in line:
            spans.extend((pos + m.start(), pos + m.end()) for m in span_re.finditer(line))
        pos = end + 1
    return merge_spans(spans)


@cache
def _list_header_pattern() -> re.Pattern[str]:
    return re.compile(r"\s*(?:" + "|".join(f"(?:{p})" for p in lexicon.load("furniture")["list_headers"]) + ")", re.IGNORECASE)


def _headline_like(line: str) -> bool:
    """A related-article headline: short, one line, not a sentence that ends with a full stop."""
    stripped = line.strip()
    sentence_end = stripped.endswith((".", "!", "?", ".”", '."'))
    return len(stripped) <= FURNITURE_LINE_MAX and not sentence_end and len(stripped.split()) <= 25


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans, so membership can be tested by bisection."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Does [a, b) overlap any of the merged `spans`?"""
    k = bisect.bisect_right(spans, (a, float("inf"))) - 1
    if k >= 0 and spans[k][1] > a:
        return True
    return k + 1 < len(spans) and spans[k + 1][0] < b


def covered(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Is [a, b) wholly inside one of the merged `spans`?"""
    k = bisect.bisect_right(spans, (a, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= a and b <= spans[k][1]


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
    # Run-on "sentences" (tables, hostile input) are cut into bounded pieces at a space, so the
    # per-sentence work stays constant and the whole pass linear in the input.
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        out.append(Sentence(start, cut, text[start:cut], para))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], para))
