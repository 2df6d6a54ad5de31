"""Where a Russian or Ukrainian figure happened: the place named nearest it (spec section 2 `place`).

A place is a preposition of place and a capitalised name ("в Харькове", "у Курській області",
"на юге Ливана", "в городе Орске"), put in the nominative as the text names it ("Харьков",
"Курська область", "юг Ливана"); the one nearest the number wins. Months and weekdays are not
places, and a capitalised word that opens the sentence after the preposition only counts when
the dictionary reads it as a place name or the phrase goes on to a noun of place.
"""

from __future__ import annotations

from claimtally.extract.slavic import morph
from claimtally.extract.slavic.lex import Lex
from claimtally.extract.slavic.numbers import Number
from claimtally.extract.text import Sentence

MAX_NAME = 3


def place(lx: Lex, sent: Sentence, expr: Number) -> str | None:
    toks = sent.tokens
    best, best_dist = None, None
    weekdays = {f for forms in lx.dates["weekdays"] for f in forms}
    for k, t in enumerate(toks):
        if t.lower not in lx.place_preps or expr.i <= k < expr.j:
            continue
        m = k + 1
        head = None
        if m < len(toks) and not lx.lemmas(toks[m].lower).isdisjoint(lx.place_heads):
            head, m = m, m + 1
        end = m
        while end < len(toks) and end - m < MAX_NAME:
            w = toks[end]
            if w.text[:1].isupper() and w.lower not in lx.months and w.lower not in weekdays and w.text[0].isalpha():
                end += 1
            elif end > m and w.text == "-" and end + 1 < len(toks) and toks[end + 1].start == w.end:
                end += 1  # "Анений Ной", "Ивано-Франковской"
            else:
                break
        settlement = head is not None and not lx.lemmas(toks[head].lower).isdisjoint(lx.settlements)
        start = head if head is not None and not settlement else m  # "в городе Орске" -> "Орск"
        if end == m:
            continue
        # an adjective before its noun of place: "в Курській області", "в Донецкой области"
        if end < len(toks) and not lx.lemmas(toks[end].lower).isdisjoint(lx.place_heads):
            end += 1
        dist = k - expr.j if k >= expr.j else expr.i - end
        if best_dist is None or dist < best_dist:
            best, best_dist = (start, end), dist
    if best is None:
        return None
    a, b = best
    return morph.render(lx.lang, toks[a:b], False)
