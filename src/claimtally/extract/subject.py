"""Rendering the counted noun phrase as a subject: short, with possessives and pronouns resolved.

"498 of its troops", said by Russia's military, is "Russian troops"; "11,000 Russian troop
casualties" counts "Russian troops"; "12 of Russia's 70-plus battalion tactical groups" counts
"Russian battalion tactical groups".
"""

from __future__ import annotations

import re
from functools import cache

from claimtally.extract import lexicon
from claimtally.extract.text import Token

METRIC_HEADS = frozenset({"casualties", "casualty", "deaths", "fatalities", "losses", "injuries", "toll"})
GLUED = re.compile(r"^(.{4,}?s)(in|on|at|and|of|to|from)$")
POSSESSIVE = re.compile(r"^(.+?)(?:['’]s|s['’]|s)$")


@cache
def _grammar() -> tuple[dict[str, str], frozenset[str], dict[str, str]]:
    """Demonyms by country, the nouns we know, and each demonym by its own lower-case spelling."""
    g = lexicon.load("grammar")
    m = lexicon.load("metrics")
    nouns = set(m["person_nouns"])
    for spec in m["metrics"].values():
        nouns.update(w for p in spec.get("nouns", []) + spec.get("weak_nouns", []) for w in p.split())
    demonyms = g["demonyms"]
    return demonyms, frozenset(nouns), {v.lower(): v for v in demonyms.values()}


def demonym_of(text: str | None) -> str | None:
    """The national adjective a claimant speaks for: "Russia's military" -> "Russian"."""
    if not text:
        return None
    demonyms, _, adjectives = _grammar()
    for word in re.findall(r"[\w.]+", text.lower().replace("’", "'")):
        word = word.rstrip(".")
        if word in demonyms:
            return demonyms[word]
        if word in adjectives:
            return adjectives[word]
    return None


def render(tokens: list[Token], claimant: str | None) -> str:
    demonyms, nouns, _ = _grammar()
    words: list[str] = []
    for t in tokens:
        w = t.text
        low = t.lower
        if low in ("its", "their", "his", "her"):
            dem = demonym_of(claimant)
            if dem:
                words.append(dem)
            continue
        if t.text in ("-", "–", ",") and words:
            words[-1] += t.text
            continue
        m = POSSESSIVE.match(low)
        if m and m.group(1).replace("’", "'") in demonyms and low not in nouns:
            words.append(demonyms[m.group(1)])
            continue
        g = GLUED.match(low)
        if g and g.group(1) in nouns:
            w = w[: len(g.group(1))]
        if words and words[-1].endswith(("-", "–")):
            words[-1] += w
        else:
            words.append(w)
    while words and words[0].lower() in ("the", "a", "an", "of"):
        words.pop(0)
    # "11,000 Russian troop casualties" counts Russian troops; "two suspicious deaths" stays as it is
    if len(words) > 1 and words[-1].lower() in METRIC_HEADS:
        last = words[-2].lower()
        if last + "s" in nouns:
            words = words[:-2] + [words[-2] + "s"]
        elif last in nouns or last in demonyms.values() or last.endswith(("ians", "ers")):
            words.pop()
    return " ".join(words)
