"""Direct quotes and their speakers, across sentences (spec section 5: a figure inside a direct
quote belongs to the speaker of the quote).

A cue in a figure's own sentence covers single-sentence quotes ('"We found 80 bodies," the mayor
said'). A quote of several sentences names its speaker once, after its last sentence
('..., casting a shadow over the holidays," Diaz said.') or before its first ('Diaz released this
statement: "This morning an accident left four people dead ..."'). This module finds the
quotes of a paragraph, each with its speaker, so the pipeline can give a figure inside one the
speaker when its own sentence names no source. One left-to-right pass over quote marks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from claimtally.extract import attribution
from claimtally.extract.text import Sentence

QUOTE_RE = re.compile(r"[“”\"]")
SPEAKER_REACH = 48  # characters between a quote's end and the cue that names its speaker
INTRO_REACH = 80  # characters between an introducing cue (or a colon) and the quote it opens


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    speaker: str | None = None
    cue: str | None = None


def find_quotes(text: str) -> list[Quote]:
    """Quoted spans, paragraph by paragraph (a quote may go on into a paragraph that opens with a
    quote mark, as news style continues long quotes)."""
    quotes: list[Quote] = []
    open_at: int | None = None
    straight_open: int | None = None
    for m in QUOTE_RE.finditer(text):
        ch, pos = m.group(), m.start()
        if open_at is not None and "\n" in text[open_at:pos] and ch != "“":
            open_at = None  # an unclosed quote ends with its paragraph unless the next one reopens it
        if straight_open is not None and "\n" in text[straight_open:pos]:
            straight_open = None
        if ch == "“":
            if open_at is None:
                open_at = pos
        elif ch == "”":
            if open_at is not None:
                quotes.append(Quote(open_at, pos + 1))
                open_at = None
        elif open_at is not None:
            quotes.append(Quote(open_at, pos + 1))  # “... closed by a straight quote, as scraped text mixes them
            open_at = None
        elif straight_open is None:
            straight_open = pos
        else:
            quotes.append(Quote(straight_open, pos + 1))
            straight_open = None
    quotes.sort(key=lambda q: q.start)
    return quotes


def inside(quotes: list[Quote], positions: list[int]) -> list[Quote | None]:
    """For each of the sorted `positions`, the quote that holds it (quotes do not nest)."""
    out: list[Quote | None] = []
    k = 0
    for pos in positions:
        while k < len(quotes) and quotes[k].end <= pos:
            k += 1
        out.append(quotes[k] if k < len(quotes) and quotes[k].start <= pos else None)
    return out


def _sentence_at(sentences: list[Sentence], starts: list[int], pos: int) -> int | None:
    idx = bisect.bisect_right(starts, pos) - 1
    return idx if idx >= 0 and pos < sentences[idx].end else None


def attribute(text: str, sentences: list[Sentence], cues: list[list[attribution.Cue]]) -> list[Quote]:
    """Quotes spanning more than one sentence, with the speaker that their closing or opening
    sentence names; quotes whose speaker cannot be found are left out."""
    out = []
    starts = [s.start for s in sentences]
    for q in find_quotes(text):
        first, last = _sentence_at(sentences, starts, q.start), _sentence_at(sentences, starts, q.end - 1)
        if first is None or last is None or first == last:
            continue
        if _after_close(q, sentences[last], cues[last]) or _before_open(q, sentences[first], cues[first]):
            out.append(q)
    return out


def _after_close(q: Quote, sent: Sentence, cues: list[attribution.Cue]) -> bool:
    for c in cues:
        name = c.resolved or c.claimant
        at = sent.tokens[c.verb_at].start
        if name and q.end <= at <= q.end + SPEAKER_REACH:
            q.speaker, q.cue = name, c.cue
            return True
    return False


def _before_open(q: Quote, sent: Sentence, cues: list[attribution.Cue]) -> bool:
    for c in reversed(cues):
        name = c.resolved or c.claimant
        at = sent.tokens[c.verb_at].end
        if name and at <= q.start <= at + INTRO_REACH and text_between_is_intro(sent, at, q.start):
            q.speaker, q.cue = name, c.cue
            return True
    # "Diaz released this statement about the incident: “...": the sentence's subject introduces it
    intro = sent.text[: q.start - sent.start].rstrip()
    if intro.endswith(":"):
        opener = attribution.sentence_subject(sent.tokens, sent.text, sent.start)
        if opener:
            q.speaker, q.cue = opener, None
            return True
    return False


def text_between_is_intro(sent: Sentence, a: int, b: int) -> bool:
    """Between a cue and the quote it opens stand only a colon or comma and a few words."""
    between = sent.text[a - sent.start : b - sent.start].strip()
    return between == "" or between.endswith((":", ","))
