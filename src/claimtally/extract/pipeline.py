"""The extraction pipeline: sentences -> numbers -> metric and subject -> claimant -> dates -> remarks.

Pure: text and publication date in, `Figure` records out. Each step is a module of its own;
this one only wires them together and carries state across sentences (earlier claimants for
pronouns, the previous sentence for continued claims).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from claimtally.extract import attribution, context, dates, lexicon, metrics, modality, quotes, subject, topic
from claimtally.extract.attribution import cue_words
from claimtally.extract.numbers import MAX_PER_SENTENCE, NumberExpr, find_numbers, number_words
from claimtally.extract.text import Sentence, covered, furniture_spans, overlaps, split_sentences, tokenize
from claimtally.model import Figure

WORD_RE = re.compile(r"[a-z]+")
DIGIT_RE = re.compile(r"\d")
OPENER_CHARS = 120
#: metrics whose nouns name an outcome ("bodies", "deaths"), not a group of people another count can share
OUTCOME_METRICS = frozenset({"killed", "wounded", "casualties", "missing"})
HISTORY = 20  # earlier claimants kept for pronouns; older ones are too far away to be meant


@dataclass
class _Draft:
    sent: Sentence
    expr: NumberExpr
    counted: metrics.Counted
    claimant: str | None = None
    cue: str | None = None
    cue_obj: attribution.Cue | None = None
    claim_date: date | None = None  # set when the attribution comes from another sentence


@cache
def _no_info() -> frozenset[str]:
    return frozenset(lexicon.load("grammar")["zero_no_info"])


@cache
def _plural_heads() -> frozenset[str]:
    return frozenset(lexicon.load("grammar")["plural_heads"])


def _zeros(sent: Sentence, taken: set[int]) -> list[NumberExpr]:
    toks = sent.tokens
    no_info = _no_info()
    out = []
    for i, t in enumerate(toks):
        if i in taken or t.lower not in ("no", "nobody", "none"):
            continue
        if t.lower == "no" and i + 1 < len(toks) and toks[i + 1].lower == "one":
            out.append(NumberExpr(i, i + 2, i, 0, 0, 0, False, None, "zero"))
        elif (
            t.lower == "no"
            and i + 1 < len(toks)
            and toks[i + 1].lower not in no_info
            or t.lower in ("nobody", "none")
            and not (i + 1 < len(toks) and toks[i + 1].lower == "of")
        ):
            out.append(NumberExpr(i, i + 1, i, 0, 0, 0, False, None, "zero"))
    return out


def _zero_counts(toks: list, expr: NumberExpr, counted: metrics.Counted) -> bool:
    """'no casualties', 'no one was killed' are zeros; 'no access to food' is not a count at all."""
    if counted.evidence == "noun":
        # "no deaths", "no casualties"; "no body has been found" is a search, not a count
        head = counted.subject_tokens[-1].lower if counted.subject_tokens else ""
        return head.endswith("s") or head in _plural_heads()
    if counted.evidence != "after":
        return False
    if toks[expr.i].lower in ("nobody", "none") or expr.j - expr.i == 2:
        return True
    if not counted.subject_tokens:
        return False  # "no additional charge": a bare "no" needs a noun to count
    words = [t.lower for t in counted.subject_tokens]
    return metrics.names_people(counted.subject_tokens, words)  # "no soldiers were killed"


def _sentence_figures(
    sent: Sentence, exprs: list[NumberExpr], migration: bool | None = None, loose: list[NumberExpr] | None = None
) -> list[tuple[NumberExpr, metrics.Counted]]:
    """The sentence's figures; numbers that count nothing named here go to `loose` (the story's
    topic may still make them figures, see topic.py)."""
    toks = sent.tokens
    taken = {k for e in exprs for k in range(e.i, e.j)}
    zeros = _zeros(sent, taken)
    if len(exprs) + len(zeros) > MAX_PER_SENTENCE:
        return []  # a list or noise, not a sentence making claims (see numbers.MAX_PER_SENTENCE)
    out = []
    words = [t.lower for t in toks]
    for expr in sorted(exprs + zeros, key=lambda e: e.i):
        counted = metrics.classify(toks, expr, exprs, words, taken, migration=migration)
        if counted is None:
            if loose is not None and expr.kind != "zero":
                loose.append(expr)
            continue
        if expr.kind == "zero" and (not _zero_counts(toks, expr, counted) or metrics.never_zero(counted.metric)):
            continue
        np_end = max(counted.np[1], expr.j)
        if modality.hypothetical(words, expr.i, np_end) or modality.rate(words, np_end):
            continue  # a forecast, hope, hypothetical or rate names a number but counts nothing
        out.append((expr, counted))
    # places are counted only beside the events they host: "13,500 detained across more than 100 cities"
    if out and all(c.metric == "locations" for _, c in out) and not metrics.mentions_metric(words):
        out = [(e, c) for e, c in out if c.metric != "locations"]
    return out


def _continued(sent: Sentence, expr: NumberExpr, previous: list[_Draft], here: list[_Draft]) -> metrics.Counted | None:
    """'That's up from 65 last week' / 'for a total of 78' / 'including four children': the count named
    just before; 'including' and 'among them' only within the sentence."""
    words = [t.lower for t in sent.tokens[max(0, expr.i - 4) : expr.i]]
    scope = metrics.continues_count(words)
    if scope is None:
        return _elided(sent, expr, here)
    before = previous + here if scope == "across_sentences" else here
    if not before:
        return None
    prev = before[-1].counted
    a, b = metrics.noun_phrase(sent.tokens, expr.j, set())
    own = sent.tokens[a:b]  # "including four children" names its own subject
    return metrics.Counted(prev.metric, (a, b), own or prev.subject_tokens, "continued")


def _elided(sent: Sentence, expr: NumberExpr, here: list[_Draft]) -> metrics.Counted | None:
    """'three fatalities outside the train and one inside', 'killed 15 people in Aden and seven in
    Sanaa': a bare number joined to a figure of its sentence counts the same thing (gapping)."""
    toks = sent.tokens
    if not here or expr.i == 0 or toks[expr.i - 1].lower not in ("and", ",", "but", "while"):
        return None
    a, b = metrics.noun_phrase(toks, expr.j, set())
    if b > a or (expr.j < len(toks) and toks[expr.j].text[:1].isdigit()):
        return None  # it names its own noun: not an elided copy
    prev = here[-1].counted
    return metrics.Counted(prev.metric, (a, b), prev.subject_tokens, "continued")


def _anaphor(toks: list, expr: NumberExpr, counted_by_value: dict[float, metrics.Counted]) -> metrics.Counted | None:
    """'in defense of the 23', 'the 57 who escaped': a definite number with no noun of its own names
    the same people as the earlier figure of that value."""
    earlier = counted_by_value.get(expr.value) if expr.kind == "exact" and expr.value else None
    if earlier is None or expr.i == 0 or toks[expr.i - 1].lower not in ("the", "those", "these", "all"):
        return None
    nxt = toks[expr.j] if expr.j < len(toks) else None
    if nxt is not None and nxt.text[:1].isalpha() and nxt.lower not in ("who", "that", "were", "are", "have", "had"):
        return None
    return metrics.Counted(earlier.metric, (expr.j, expr.j), earlier.subject_tokens, "anaphor")


def _add_topic_figures(
    sentences: list[Sentence],
    drafts_by_sentence: list[list[_Draft]],
    cues_by_sentence: list[list[attribution.Cue]],
    pending: list[tuple[int, NumberExpr]],
) -> None:
    """Numbers that count a group the story counts with one metric ("15 of the girls" in a story
    of abducted girls) become figures of that metric, attributed by their own sentence's cues."""
    told = topic.story((d.counted, d.expr.value) for drafts in drafts_by_sentence for d in drafts)
    if not told.heads and told.main is None:
        return
    for idx, expr in pending:
        sent = sentences[idx]
        toks = sent.tokens
        skip = {k for d in drafts_by_sentence[idx] for k in range(d.expr.i, d.expr.j)} | set(range(expr.i, expr.j))
        counted = topic.counted_by_topic(toks, expr, skip, [t.lower for t in toks], told)
        if counted is None:
            continue
        d = _Draft(sent, expr, counted)
        cue = _choose_cue(cues_by_sentence[idx], expr)
        if cue is not None:
            d.cue_obj, d.cue = cue, cue.cue
            d.claimant = (cue.resolved or cue.claimant) if cue.claimant else None
        drafts_by_sentence[idx].append(d)
        drafts_by_sentence[idx].sort(key=lambda x: x.expr.i)


def _closing_cue(nxt: Sentence, cues: list[attribution.Cue]) -> attribution.Cue | None:
    """A cue that closes the next sentence of the paragraph ("..., TNO said."), after all its
    figures: the paragraph's narration is the claimant's."""
    toks = nxt.tokens
    for c in cues:
        if c.claimant and not c.nested and c.verb_at >= len(toks) - 3 and c.np[0] >= c.scope[0]:
            return c
    return None


def _choose_cue(cues: list[attribution.Cue], expr: NumberExpr) -> attribution.Cue | None:
    nested = [c for c in cues if c.nested]
    covering = [c for c in cues if c.scope[0] <= expr.i < c.scope[1] and not (c.np[0] <= expr.i < c.np[1])]
    if nested and covering:
        return nested[0]
    if not covering:
        return None
    named = [c for c in covering if c.claimant]
    covering = named or covering  # "are estimated at 300, the army said": the army, not the passive
    return min(covering, key=lambda c: abs(c.verb_at - expr.i))


def extract_figures(text: str, published: date | None, doc_id: str) -> list[Figure]:
    furniture = furniture_spans(text)
    sentences = [s for s in split_sentences(text) if not covered(furniture, s.start, s.end)]
    migration = metrics.mentions_migration(WORD_RE.findall(text.lower()))  # a story about people on the move
    history: list[str] = []
    drafts_by_sentence: list[list[_Draft]] = []
    cues_by_sentence: list[list[attribution.Cue]] = []
    previous: list[_Draft] = []
    counted_by_value: dict[float, metrics.Counted] = {}  # the latest figure of each value, for "the 21"
    pending: list[tuple[int, NumberExpr]] = []  # (sentence index, number) counting nothing named in its sentence
    for sent in sentences:
        # cheap tests first: most sentences hold neither a number nor an attribution cue
        lowered = set(WORD_RE.findall(sent.text.lower()))
        has_number = DIGIT_RE.search(sent.text) is not None or not lowered.isdisjoint(number_words())
        if not has_number and lowered.isdisjoint(cue_words()) and ":" not in sent.text:
            opener = None
            if sent.text[:1].isupper():
                head = tokenize(sent.text[:OPENER_CHARS], sent.start)
                opener = attribution.sentence_subject(head, sent.text, sent.start)
            if opener:
                history.append(opener)
            drafts_by_sentence.append([])
            cues_by_sentence.append([])
            continue
        toks = sent.tokens
        numbers = (
            [e for e in find_numbers(toks) if not overlaps(furniture, toks[e.i].start, toks[e.j - 1].end)] if has_number else []
        )
        loose: list[NumberExpr] = []
        found = _sentence_figures(sent, numbers, migration, loose)
        spans = {(e.i, e.j) for e, _ in found}
        # numbers that only continue an earlier count
        for e in (e for e in numbers if (e.i, e.j) not in spans):
            # a number of this sentence that counts nothing named is what "up from 24,000" goes on from
            uncounted_before = any(x.i < e.i and (x.i, x.j) not in spans for x in numbers)
            c = _continued(sent, e, [] if uncounted_before else previous, [_Draft(sent, x, y) for x, y in found if x.i < e.i])
            if c is None:
                c = _anaphor(toks, e, counted_by_value)
            if c is not None:
                found.append((e, c))
        done = {(e.i, e.j) for e, _ in found}
        pending.extend((len(drafts_by_sentence), e) for e in loose if (e.i, e.j) not in done)
        found.sort(key=lambda f: f[0].i)
        for e, c in found:
            if not c.subject_tokens and e.value in counted_by_value and e.kind == "exact":
                c.subject_tokens = counted_by_value[e.value].subject_tokens  # "The 21 were freed": the 21 girls
        for e, c in found:
            if e.value and c.subject_tokens and e.kind == "exact":
                counted_by_value[e.value] = c
        spans = [(e.i, e.j) for e, _ in found]
        cues = attribution.find_cues(sent.tokens, sent.text, sent.start, spans)
        drafts = []
        for expr, counted in found:
            d = _Draft(sent, expr, counted)
            cue = _choose_cue(cues, expr)
            if cue is not None:
                d.cue_obj = cue
                d.cue = cue.cue
                # an antecedent earlier in the same sentence comes first: "The office said that it had recorded 726"
                local = [c.claimant for c in cues if c.claimant and c.verb_at < cue.verb_at]
                d.claimant = attribution.resolve(cue.claimant, history + local) if cue.claimant else None
            elif counted.evidence == "continued" and previous:
                d.claimant, d.cue = previous[-1].claimant, previous[-1].cue
            drafts.append(d)
        opener = attribution.sentence_subject(toks, sent.text, sent.start) if not cues else None
        if opener:
            history.append(opener)
        for cue in cues:
            if cue.claimant:
                resolved = attribution.resolve(cue.claimant, history)
                cue.resolved = resolved
                if resolved and attribution.pronoun_class(resolved) is None:
                    history.append(resolved)
                    del history[:-HISTORY]
        drafts_by_sentence.append(drafts)
        cues_by_sentence.append(cues)
        if drafts:
            previous = drafts

    if pending:
        _add_topic_figures(sentences, drafts_by_sentence, cues_by_sentence, pending)
    # a figure inside a quote of several sentences belongs to the quote's speaker
    unattributed = [d for drafts in drafts_by_sentence for d in drafts if d.claimant is None and d.cue is None]
    if unattributed:
        spoken = quotes.attribute(text, sentences, cues_by_sentence)
        for d, q in zip(unattributed, quotes.inside(spoken, [d.sent.tokens[d.expr.i].start for d in unattributed]), strict=True):
            if q is not None:
                d.claimant, d.cue = q.speaker, q.cue

    figures: list[Figure] = []
    for idx, (sent, drafts) in enumerate(zip(sentences, drafts_by_sentence, strict=True)):
        nxt = sentences[idx + 1] if idx + 1 < len(sentences) else None
        nxt_free = nxt is not None and not drafts_by_sentence[idx + 1] and nxt.paragraph - sent.paragraph <= 2
        # attribution given by the next sentence that only comments on this one
        if nxt_free and any(d.claimant is None and d.cue is None for d in drafts):
            named = [c for c in cues_by_sentence[idx + 1] if c.claimant and attribution.pronoun_class(c.claimant) is None]
            if named and attribution.refers_back(nxt.tokens, within=8):
                claim = context.claim_day(nxt, named[0], dates.find_times(nxt.text, published))
                for d in drafts:
                    if d.claimant is None and d.cue is None:
                        d.claimant, d.cue = named[0].claimant, named[0].cue
                        d.claim_date = claim.first if claim else None
        if nxt is not None and nxt.paragraph == sent.paragraph and any(d.claimant is None and d.cue is None for d in drafts):
            closing = _closing_cue(nxt, cues_by_sentence[idx + 1])
            if closing is not None:  # "... bursts of nine and 12 shots. ... three shots, TNO said."
                for d in drafts:
                    if d.claimant is None and d.cue is None:
                        d.claimant, d.cue = closing.resolved or closing.claimant, closing.cue
        if not drafts:
            continue
        remarks_here = context.remarks(sent.text)
        remarks_next = context.remarks(nxt.text) if nxt_free else []
        times = dates.find_times(sent.text, published)
        exprs = [d.expr for d in drafts]
        for d in drafts:
            claim = context.claim_day(sent, d.cue_obj, times) if d.claim_date is None else None
            if claim is None and d.cue_obj is not None and d.claim_date is None:
                # the day may stand by the outer verb: "X reported on Tuesday, quoting Y", "X said Monday that it had counted"
                others = [
                    c
                    for c in cues_by_sentence[idx]
                    if c is not d.cue_obj
                    and c.claimant
                    and not c.nested
                    and (
                        d.cue_obj.nested
                        or attribution.pronoun_class(d.cue_obj.claimant or "") is not None
                        or c.claimant == d.claimant
                    )
                ]
                claim = next((x for x in (context.claim_day(sent, c, times) for c in others) if x), None)
            claim_day = claim.first if claim else d.claim_date
            p_start, p_end = context.period(sent, d.expr, exprs, times, claim, claim_day)
            figures.append(_to_figure(doc_id, sent, d, claim_day, p_start, p_end, remarks_here + remarks_next, drafts))
    return figures


def _to_figure(
    doc_id: str,
    sent: Sentence,
    d: _Draft,
    claim_day: date | None,
    p_start: date | None,
    p_end: date | None,
    remarks: list[str],
    siblings: list[_Draft],
) -> Figure:
    toks = sent.tokens
    expr = d.expr
    start, end = toks[expr.i].start, toks[expr.j - 1].end
    subj = subject.render(d.counted.subject_tokens, d.claimant)
    if not subj or subj.lower() in ("others", "more"):
        sib = next(
            (
                s
                for s in reversed(siblings)
                if s is not d
                and s.expr.i < expr.i
                and s.counted.subject_tokens
                and metrics.metric_noun(s.counted.subject_tokens[-1].text) not in OUTCOME_METRICS - {d.counted.metric}
                and (not metrics.counts_people(d.counted.metric) or metrics.names_people(
                    s.counted.subject_tokens, [t.lower for t in s.counted.subject_tokens]))
            ),
            None,
        )  # "20 guards were killed, 59 injured": guards; "four dead bodies and 120 wounded": not bodies;
        # "destroyed 1,000 homes and left eight dead": not homes
        sib_subj = subject.render(sib.counted.subject_tokens, sib.claimant) if sib else ""
        subj = sib_subj if sib_subj and not subj else (subj or "people")
        if subj.lower() in ("person", "one"):
            subj = "people"
    text = sent.text[start - sent.start : end - sent.start]
    return Figure(
        doc=doc_id,
        start=start,
        end=end,
        text=text,
        sentence=sent.text,
        value=expr.value,
        low=expr.low,
        high=expr.high,
        approx=expr.approx,
        qualifier=expr.qualifier,
        metric=d.counted.metric,
        subject=subj,
        place=context.place(sent, expr, d.counted.np[1]),
        claimant=d.claimant,
        claimant_kind=attribution.claimant_kind(d.claimant),
        cue=d.cue,
        claim_date=dates.iso(claim_day),
        period_start=dates.iso(p_start),
        period_end=dates.iso(p_end),
        remarks=remarks,
    )
