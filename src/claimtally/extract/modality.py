"""Counts that are not figures though they count the right things (spec section 1).

A forecast ("the toll could rise to 40"), a hope ("we expect 2,000 to arrive"), a hypothetical
("if the dam breaks, 10,000 could be flooded") or a rate ("24 people are displaced every
minute") names a number of people or things without saying that so many were counted. The
words that mark these are data (`data/modality.json`); the rule is where they stand: in the
number's clause just before it, or between its noun and the predicate that gives its metric.
A modal followed by "have" hedges a past event ("300 may have been killed") and stays a figure;
"will" states a decision ("Hamas will free 50 hostages under the deal") and stays one too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from claimtally.extract import lexicon

CLAUSE_BREAK = frozenset({".", ";", ":", ",", "—", "–", "(", ")", "!", "?", "but", "and", "while", "whereas"})


@dataclass(frozen=True, slots=True)
class _Lex:
    window: int
    markers: lexicon.PhraseIndex
    past: frozenset[str]
    counterfactual: frozenset[str]
    rate_words: frozenset[str]
    time_units: frozenset[str]
    span_words: frozenset[str]


@cache
def _lex() -> _Lex:
    d = lexicon.load("modality")
    units = set(d["time_units"])
    units |= {u + "s" for u in units}
    return _Lex(
        window=d["window"],
        markers=lexicon.phrases(d["markers"]),
        past=frozenset(d["past_markers"]),
        counterfactual=frozenset(d.get("counterfactual", ())),
        rate_words=frozenset(d["rate_words"]),
        time_units=frozenset(units),
        span_words=frozenset(d["span_words"]),
    )


def _marker_in(words: list[str], lo: int, hi: int) -> bool:
    lx = _lex()
    for p in range(max(0, lo), hi):
        hit = lexicon.longest_match(lx.markers, words, p, 4)
        if hit and p + hit[0] <= hi + 1:
            nxt = p + hit[0]
            if nxt < len(words) and words[nxt] in lx.past and not (words[nxt] in ("have", "'ve", "’ve")
                                                                   and words[p] in lx.counterfactual):
                continue  # "may have been killed": a hedged past, still a figure; "could have died" is not
            return True
    return False


def hypothetical(words: list[str], i: int, np_end: int) -> bool:
    """Is the number at word i (its noun phrase ending at np_end) a forecast, hope or hypothetical?"""
    lx = _lex()
    lo = i
    while lo > 0 and i - lo < lx.window and words[lo - 1] not in CLAUSE_BREAK:
        lo -= 1
    if _marker_in(words, lo, i):
        return True
    hi = np_end
    while hi < len(words) and hi - np_end < 3 and words[hi] not in CLAUSE_BREAK:
        hi += 1
    return _marker_in(words, np_end, hi)


def rate(words: list[str], np_end: int, limit: int = 8) -> bool:
    """'24 people are displaced every minute', '500 a day': a rate, not a count over a span."""
    lx = _lex()
    for p in range(np_end, min(len(words) - 1, np_end + limit)):
        if words[p] in CLAUSE_BREAK and words[p] not in ("and",):
            return False
        if words[p] in lx.rate_words and words[p + 1] in lx.time_units:
            return not (p > 0 and words[p - 1] in lx.span_words)
    return False
