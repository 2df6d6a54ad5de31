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
from dataclasses import dataclass
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


@dataclass
class Story:
    """What a document counts: head -> metric for the heads its figures count with one metric
    only, and its main count (the most frequent metric, with the subject it is most often of)."""

    heads: dict[str, str]
    main: metrics.Counted | None
    values: frozenset[tuple[str, float]] = frozenset()  #: (head, value) of the figures, for "the two rounds"


def story(counted: Iterable[tuple[metrics.Counted, float | None]]) -> Story:
    """The story of a document's figures, given as (counted phrase, value) pairs."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    values: set[tuple[str, float]] = set()
    by_metric: Counter[str] = Counter()
    subjects: dict[str, Counter[str]] = defaultdict(Counter)
    tokens: dict[tuple[str, str], metrics.Counted] = {}
    generic = _generic()
    for c, value in counted:
        by_metric[c.metric] += 1
        head = head_key(c.subject_tokens)
        if head and value is not None:
            values.add((head, value))
        if head:
            subjects[c.metric][head] += 1
            tokens.setdefault((c.metric, head), c)
            if head not in generic:
                seen[head][c.metric] += 1
    main = None
    if by_metric:
        metric, n = by_metric.most_common(1)[0]
        if n >= 2 and subjects[metric]:
            main = tokens[(metric, subjects[metric].most_common(1)[0][0])]
    return Story({h: next(iter(m)) for h, m in seen.items() if len(m) == 1}, main, frozenset(values))


def _bare_total(words: list[str], i: int) -> bool:
    """'When the number reached 4 million', 'the toll rose to 90': a total with no group named."""
    lx = metrics.total_lexicon()
    return (i >= 3 and words[i - 3] in ("the", "its", "their", "that") and words[i - 2] in lx[0]
            and words[i - 1] in lx[1])


def counted_by_topic(
    toks: list[Token], expr: NumberExpr, skip: set[int], words: list[str], told: Story
) -> metrics.Counted | None:
    """The figure a number makes by counting a group the story counts (or by giving a total of
    the story's main count), or None."""
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
    if head is None and told.main is not None and _bare_total(words, expr.i):
        return metrics.Counted(told.main.metric, (a, b), told.main.subject_tokens, "topic")
    # the head of the phrase, or of one of its conjuncts: "the 276 girls and women"
    heads = [head_key([t]) for k, t in enumerate(subject) if k + 1 < len(subject) and subject[k + 1].lower in ("and", "or")]
    head = next((h for h in (head, *heads) if h in told.heads), head)
    metric = told.heads.get(head) if head else None
    if metric is None:
        return None
    again = expr.i > 0 and words[expr.i - 1] in ("the", "these", "those") and (head, expr.value) in told.values
    if metrics.has_predicate(words, max(b, expr.j)) and not again:
        return None  # "40 girls were married off": the sentence says what befell them, and it is not the metric
    if modality.hypothetical(words, expr.i, max(b, expr.j)) or modality.rate(words, max(b, expr.j)):
        return None
    return metrics.Counted(metric, (a, b), subject, "topic")
