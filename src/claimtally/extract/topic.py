"""What a story counts: a group counted with a metric once is counted with it throughout.

News writes the verb once and the group many times: "Boko Haram released 21 Chibok girls ...
a video shows 15 of the girls ... 50 girls wearing headscarves". The later numbers have no
metric word of their own, yet they count the abducted girls. So, after a document's figures
are read, a number whose counted noun is the head of one of its figures' subjects (and of no
figure with another metric) counts that metric too. Heads that name people at large ("people",
"residents") are left out: "a city of 400,000 people" counts no one killed, whatever the story.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache

from claimtally.extract import lexicon, metrics, modality
from claimtally.extract.numbers import NumberExpr
from claimtally.extract.text import Token


def head_key(tokens: Iterable[Token]) -> str | None:
    """The counted noun's head as a key: its last word, lower case, plural folded ("girls" ->
    "girl", "casualties" -> "casualty")."""
    words = [t.lower for t in tokens if t.text[:1].isalpha()]
    if not words:
        return None
    w = words[-1]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


@cache
def _generic() -> frozenset[str]:
    return frozenset(lexicon.load("metrics").get("topic_generic", ()))


def topics(counted: Iterable[metrics.Counted]) -> dict[str, str]:
    """Head -> metric for the heads the document's figures count with one metric only."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    generic = _generic()
    for c in counted:
        head = head_key(c.subject_tokens)
        if head and head not in generic:
            seen[head][c.metric] += 1
    return {h: next(iter(m)) for h, m in seen.items() if len(m) == 1}


def counted_by_topic(
    toks: list[Token], expr: NumberExpr, skip: set[int], words: list[str], topic: dict[str, str]
) -> metrics.Counted | None:
    """The figure a number makes by counting a group the story counts, or None."""
    if expr.kind == "zero" or metrics.general_size(words, expr):
        return None
    if expr.value is not None and expr.value != int(expr.value) and expr.value < 1000:
        return None  # "0.50 calibre rounds": a measure
    of_at = expr.i - 2 if expr.i >= 2 and words[expr.i - 1] == "the" else expr.i - 1
    if of_at >= 1 and words[of_at] == "of" and (of_at - 1) in skip:
        return None  # "five of the seven cars derailed": the seven is the whole the five are taken from
    a, b = metrics.noun_phrase(toks, expr.j, skip)
    subject = [toks[k] for k in range(a, b) if k not in skip]
    head = head_key(subject)
    metric = topic.get(head) if head else None
    if metric is None or metrics.has_predicate(words, max(b, expr.j)):
        return None  # "40 girls were married off": the sentence says what befell them, and it is not the metric
    if modality.hypothetical(words, expr.i, max(b, expr.j)) or modality.rate(words, max(b, expr.j)):
        return None
    return metrics.Counted(metric, (a, b), subject, "topic")
