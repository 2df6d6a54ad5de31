"""The Russian and Ukrainian pipeline: sentences -> numbers -> metric and subject -> claimant -> dates.

The steps mirror the English pipeline's and produce the same `Figure` records; the text is read
on a same-length working copy (look-alike letters and ё folded, `script.working_copy`), so every
offset is an offset into the text as given, and every string in a record is cut from that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from claimtally.extract import dates as en_dates
from claimtally.extract import lexicon
from claimtally.extract.dates import TimeExpr
from claimtally.extract.slavic import attribution, lex, metrics, morph, numbers, place, script
from claimtally.extract.slavic import dates as sl_dates
from claimtally.extract.text import (
    Sentence,
    Token,
    _add_sentence,  # bounded pieces of run-on sentences, as in English
    covered,
    furniture_spans,
    merge_spans,
)
from claimtally.model import Figure

SENT_END_RE = re.compile(
    r"[.!?…]+[\"»”)\]]*(?=\s+[\"«“(\[—–-]?\s*[A-ZА-ЯЁІЇЄҐ0-9])|(?<=[а-яёіїєґa-z0-9»”])\.(?=[А-ЯЁІЇЄҐ](?:[а-яёіїєґ]|\s))"
)
ABBREVIATIONS = frozenset(
    [
        "г",
        "гг",
        "тыс",
        "тис",
        "млн",
        "млрд",
        "ул",
        "вул",
        "им",
        "ім",
        "т",
        "д",
        "др",
        "пр",
        "см",
        "ст",
        "ч",
        "п",
        "руб",
        "грн",
        "обл",
        "р",
        "рр",
        "напр",
        "т.е",
        "т.д",
        "т.п",
        "прим",
        "ред",
        "букв",
        "просп",
        "пер",
        "пл",
        "св",
        "ген",
        "полк",
        "подполк",
        "лейт",
        "кап",
        "мин",
        "млн.",
        "проф",
        "акад",
        "доц",
        "н.э",
    ]
)
HISTORY = 12
DIGIT_RE = re.compile(r"\d")
WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
ZERO_WORDS = {"ru": ("никто", "никого", "ни один", "ни одного"), "uk": ("ніхто", "нікого", "жоден", "жодного")}
NONE_WORDS = {"ru": ("нет", "не было", "нету"), "uk": ("немає", "не було", "нема")}
NO_INFO = {"ru": ("информац", "данных", "сведени", "сообщени", "известий"), "uk": ("інформац", "даних", "відомост", "повідомлен")}


@dataclass
class _Draft:
    sent: Sentence
    expr: numbers.Number
    counted: metrics.Counted
    subject: str
    claimant: str | None = None
    cue: str | None = None
    cue_obj: attribution.Cue | None = None
    claim_day: date | None = None  # set when the attribution comes from another sentence
    as_of: TimeExpr | None = None  # "по состоянию на утро" in that sentence


def split_sentences(text: str) -> list[Sentence]:
    """Lines are hard boundaries; then terminal punctuation before a capital, not after an abbreviation
    or an initial ("В. Путин"); a dot run into a capital ("37 011.В Сирии") also ends a sentence."""
    out: list[Sentence] = []
    pos = 0
    for para, line in enumerate(text.split("\n")):
        start = 0
        for m in SENT_END_RE.finditer(line):
            chunk = line[start : m.start() + 1]
            word = re.search(r"([\w.]+)\.$", chunk[-16:])
            if (
                word
                and line[m.start()] == "."
                and (word.group(1).lower() in ABBREVIATIONS or (len(word.group(1)) == 1 and word.group(1).isupper()))
            ):
                continue
            _add_sentence(out, text, pos + start, pos + m.end(), para)
            start = m.end()
        _add_sentence(out, text, pos + start, pos + len(line), para)
        pos += len(line) + 1
    return out


RELATED_LINES = 12


def _furniture(lx: lex.Lex, work: str) -> list[tuple[int, int]]:
    """Page furniture: the English patterns, the language's own line starts, and the headlines listed
    under a related-articles label ("Подробнее:", "Читайте також:"), which are never figures."""
    data = lex.load(lx.lang, "furniture")
    starts = tuple(data["line_start"])
    labels = tuple(data.get("list_labels", []))
    spans = list(furniture_spans(work))
    pos = 0
    listing = 0
    for line in work.split("\n"):
        low = line.strip().lower()
        if low.startswith(starts) and len(line) <= 200:
            spans.append((pos, pos + len(line)))
        if low.rstrip(":").strip() in labels and low.endswith(":"):
            listing = RELATED_LINES
        elif listing and low and len(line) <= 200 and not low.endswith((".", "!", "?", "…")):
            spans.append((pos, pos + len(line)))  # a related headline under the label
            listing -= 1
        elif low:
            listing = 0
        pos += len(line) + 1
    return merge_spans(spans)


def _zeros(lx: lex.Lex, sent: Sentence, words: list[str]) -> list[tuple[numbers.Number, str]]:
    """'никто не погиб' (span 'никто'), 'пострадавших нет' (span 'нет'); not 'информации о пострадавших нет'."""
    toks = sent.tokens
    out = []
    for k, w in enumerate(words):
        if w in ZERO_WORDS[lx.lang]:
            for m in range(k + 1, min(k + 5, len(words))):
                if words[m] == "не" and m + 1 < len(words):
                    hit = metrics._metric_word(lx, words, m + 1)
                    if hit and hit[0] in metrics.PERSON_METRICS | {"casualties"}:
                        out.append(
                            (numbers.Number(k, k + 1, k, toks[k].start, toks[k].end, 0, 0, 0, False, None, "zero"), hit[0])
                        )
                    break
            if k >= 2 and words[k - 1] in lx.pronouns | {"не"}:
                pass
        if w in NONE_WORDS[lx.lang] and k > 0:
            prev = next(
                (
                    m
                    for m in range(k - 1, max(-1, k - 3), -1)
                    if toks[m].text[0].isalpha() and words[m] not in ("пока", "поки", "наразі", "не")
                ),
                None,
            )
            if prev is None:
                continue
            hit = metrics._metric_word(lx, words, prev, nouns=True) or metrics._metric_word(lx, words, prev)
            before = " ".join(words[max(0, prev - 3) : prev])
            if hit and not any(x in before for x in NO_INFO[lx.lang]):
                out.append((numbers.Number(k, k + 1, k, toks[k].start, toks[k].end, 0, 0, 0, False, None, "zero"), hit[0]))
    return out


#: a cheap first test for words run together: a capital after a small letter, or a long capitalised word
GLUE_HINT_RE = re.compile(r"[a-zа-яіїєґ'][A-ZА-ЯІЇЄҐ]|[A-ZА-ЯІЇЄҐ][a-zа-яіїєґ']{8,}")
GLUED_CASE_RE = re.compile(r"(?<=[a-zа-яіїєґ'])(?=[A-ZА-ЯІЇЄҐ][a-zа-яіїєґ])")


def _split_glued(lx: lex.Lex, tokens: list[Token]) -> list[Token]:
    """'сообщилКличко' -> 'сообщил', 'Кличко'; 'Подолякнаписал' -> 'Подоляк', 'написал': a scraper
    dropped the space between a name and a word (offsets stay those of the text)."""
    out: list[Token] = []
    verbs = attribution.cue_words(lx.lang)
    for t in tokens:
        cuts = [m.start() for m in GLUED_CASE_RE.finditer(t.text)] if len(t.text) > 5 else []
        if not cuts and len(t.text) > 8 and t.text[0].isupper() and t.lower not in lx.lemma:
            cut = next((len(t.text) - n for n in range(12, 4, -1) if t.lower[-n:] in verbs and len(t.text) - n >= 3), None)
            cuts = [cut] if cut else []
        if not cuts:
            out.append(t)
            continue
        prev = 0
        for c in [*cuts, len(t.text)]:
            piece = t.text[prev:c]
            out.append(Token(piece, t.start + prev, t.start + c, piece.lower()))
            prev = c
    return out


@cache
def _interesting(lx: lex.Lex) -> frozenset[str]:
    """Words without which a sentence holds no figure and no cue: number words, zeros, cue verbs and
    the telling word of each cue phrase ("данным" of "по данным"). Qualifiers are left out, since they
    only matter beside a number, and so are common first words such as "по" and "в"."""
    numbers_ = set(lx.values) | set(lx.halves) | set(lx.half_words) | set(lx.dozens) | set(lx.vague_key) | set(lx.scales)
    cues = {f for f, lemmas in lx.lemma.items() if lemmas & lx.cue_verbs}
    for index in (lx.preps, lx.impersonal):
        cues |= {k[-1] for k in index}
    zeros = set(ZERO_WORDS[lx.lang]) | set(NONE_WORDS[lx.lang])
    return frozenset(numbers_ | cues | zeros | set(attribution._glued_preps(lx.lang)))


def _choose(cues: list[attribution.Cue], expr: numbers.Number) -> attribution.Cue | None:
    usable = [c for c in cues if not (c.np[0] <= expr.i < c.np[1] and c.np[1] > c.np[0])]
    nested = [c for c in usable if c.nested]
    if nested:
        return nested[0]
    if not usable:
        return None
    named = [c for c in usable if c.claimant] or usable
    return min(named, key=lambda c: abs(c.at - expr.i))


def _claim_day(sent: Sentence, cue: attribution.Cue | None, times: list[TimeExpr]) -> TimeExpr | None:
    if cue is None or cue.at >= len(sent.tokens) or cue.prepositional:
        return None  # "по данным X" has no tense: a day beside it dates the events
    toks = sent.tokens
    v0, v1 = toks[cue.at].start - sent.start, toks[cue.at].end - sent.start
    n0 = toks[cue.np[0]].start - sent.start if cue.np[1] > cue.np[0] else v0
    n1 = toks[cue.np[1] - 1].end - sent.start if cue.np[1] > cue.np[0] else v1
    lo, hi = min(v0, n0), max(v1, n1)
    for t in times:
        if t.point and (0 <= t.start - hi <= 3 or 0 <= lo - t.end <= 3 or lo <= t.start < hi):
            return t
    return None


@cache
def _relatives(lang: str) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in lex.get(lang).dates.get("relatives", ()))
    return re.compile(rf",\s*(?:{words})(?!\w)", re.IGNORECASE) if words else re.compile(r"(?!)")


def _relative_clause(lx: lex.Lex, between: str) -> bool:
    """Does a relative clause open between a figure and a time expression after it?"""
    return "," in between and _relatives(lx.lang).search(between) is not None


def _period(
    lx: lex.Lex, sent: Sentence, d: _Draft, times: list[TimeExpr], claim: TimeExpr | None, claim_day: date | None
) -> tuple[date | None, date | None]:
    f0 = d.expr.start - sent.start
    best, dist = None, None
    for t in times:
        if t is claim:
            continue
        if t.point and t.start >= f0 and "," in sent.text[f0 : t.start]:
            continue  # "6234 человек, сегодня утром произошли новые толчки": another clause
        if t.start >= f0 and _relative_clause(lx, sent.text[f0 : t.start]):
            continue  # "35 тисяч військових, що діяли ... у серпні": the relative clause's time
        gap = t.start - f0 if t.start >= f0 else f0 - t.end
        if dist is None or gap < dist:
            best, dist = t, gap
    if best is None:
        return None, None
    if best.kind == "past_day" and claim_day is not None:
        return claim_day - timedelta(days=1), claim_day
    if best.first and best.last and best.first > best.last:
        return None, None
    return best.first, best.last


def extract_figures(text: str, published: date | None, doc_id: str, lang: str) -> list[Figure]:
    """Every figure of a Russian (`lang='ru'`) or Ukrainian (`'uk'`) text, in document order."""
    lx = lex.get(lang)
    work = script.working_copy(text)
    furniture = _furniture(lx, work)
    sentences = [s for s in split_sentences(work) if not covered(furniture, s.start, s.end)]
    history: list[str] = []
    previous: list[_Draft] = []
    done: list[tuple[Sentence, list[_Draft], list[TimeExpr]]] = []
    interesting = _interesting(lx)
    for sent in sentences:
        # cheap test first: most sentences hold neither a number nor a cue
        if not DIGIT_RE.search(sent.text) and interesting.isdisjoint(WORD_RE.findall(sent.text.lower())):
            opener = attribution.sentence_subject(lx, sent.tokens) if sent.text[:1].isupper() else None
            if opener:
                history.append(opener)
                del history[:-HISTORY]
            done.append((sent, [], [], []))
            continue
        sent._tokens = toks = _split_glued(lx, sent.tokens) if GLUE_HINT_RE.search(sent.text) else sent.tokens
        words = [t.lower for t in toks]
        found = numbers.find_numbers(lx, toks, sent.text, sent.start)
        if found is None:  # a table or noise: no figures, no claims
            done.append((sent, [], [], []))
            continue
        spans = [(e.i, e.j) for e in found]
        cues = attribution.find_cues(lx, toks, sent.text, sent.start, spans)
        drafts = _drafts(lx, sent, words, found, previous)
        times = sl_dates.find_times(lx, sent.text, published) if drafts else []
        for d in drafts:
            cue = _choose(cues, d.expr)
            if cue is not None:
                d.cue_obj, d.cue = cue, cue.cue
                d.claimant = (history[-1] if history else None) if cue.pronoun else cue.claimant
        if not drafts and done:
            _refer_back(lx, sent, words, cues, published, done)
        if drafts and not cues and lexicon.longest_match(lx.continuations, words, 0, 4):
            _continue_claim(sent, drafts, done)
        if cues:
            _close_quote(lx, sent, cues, history, done)
        for cue in cues:
            if cue.claimant and not cue.pronoun:
                history.append(cue.claimant)
        if not cues:
            opener = attribution.sentence_subject(lx, toks)
            if opener:
                history.append(opener)  # "Губернатор выступил с обращением. «...», — сказал он."
        del history[:-HISTORY]
        if drafts:
            previous = drafts
        done.append((sent, drafts, times, cues))
    figures: list[Figure] = []
    for idx, (sent, drafts, times, _) in enumerate(done):
        if drafts:
            here = remarks_in(lx, text[sent.start : sent.end])
            nxt = done[idx + 1][0] if idx + 1 < len(done) else None
            # the next sentence comments on this one when it has no figures of its own
            after = (
                remarks_in(lx, text[nxt.start : nxt.end])
                if nxt is not None and not done[idx + 1][1] and nxt.paragraph == sent.paragraph
                else []
            )
        for d in drafts:
            claim = _claim_day(sent, d.cue_obj, times) if d.claim_day is None else None
            claim_day = claim.first if claim else d.claim_day
            p_start, p_end = _period(lx, sent, d, times, claim, claim_day)
            if p_start is None and p_end is None and d.as_of is not None:
                p_end = d.as_of.last
            figures.append(
                _figure(text, doc_id, lx, sent, d, claim_day, p_start, p_end, here + [r for r in after if r not in here])
            )
    return figures


def _drafts(lx: lex.Lex, sent: Sentence, words: list[str], found: list[numbers.Number], previous: list[_Draft]) -> list[_Draft]:
    toks = sent.tokens
    drafts: list[_Draft] = []
    skip = {k for e in found for k in range(e.i, e.j)}
    zeros = [z for z in _zeros(lx, sent, words) if z[0].i not in skip]
    items: list[tuple[numbers.Number, str]] = [(e, "") for e in found] + list(zeros)
    for expr, zero_metric in sorted(items, key=lambda x: x[0].i):
        if expr.kind == "zero":
            counted: metrics.Counted | None = metrics.Counted(zero_metric, (expr.j, expr.j), [], None, "zero")
        else:
            counted = metrics.classify(lx, toks, words, expr, found, skip)
            counted = _continued(lx, toks, words, expr, counted, drafts)
            if counted is None:
                continue
        subject = _subject(lx, sent, expr, counted, drafts, previous)
        drafts.append(_Draft(sent, expr, counted, subject))
    _share_nouns(lx, toks, drafts)
    return drafts


def _share_nouns(lx: lex.Lex, toks: list, drafts: list[_Draft]) -> None:
    """'6 загиблих та 11 поранених окупантів': both counts are of the occupiers."""
    for a, b in zip(drafts, drafts[1:], strict=False):
        if (
            a.counted.evidence == "noun"
            and b.counted.evidence == "modifier"
            and a.counted.np[1] - a.counted.np[0] == 1
            and b.expr.i == a.counted.np[1] + 1
            and toks[a.counted.np[1]].lower in ("и", "і", "та", "й")
        ):
            a.subject = b.subject


def _continued(
    lx: lex.Lex, toks: list, words: list[str], expr: numbers.Number, counted: metrics.Counted | None, here: list[_Draft]
) -> metrics.Counted | None:
    """A number that only continues the count before it in the sentence: members of a list after a
    dash ("двух людей — одного военного"), a part ("14 обстрілів, зокрема 1 – з важкого озброєння")."""
    if not here or (counted is not None and counted.evidence not in ("weak-noun",)):
        return counted
    prev = here[-1]
    before = words[max(0, expr.i - 4) : expr.i]
    part = (
        any(lexicon.longest_match(lx.from_which, before, p, 4) for p in range(len(before)))
        or bool(before)
        and before[-1] in lx.more
    )
    listed = (
        expr.i > 0
        and toks[expr.i - 1].text in ("—", "–")
        and prev.counted.np[1] in (expr.i - 1, prev.expr.j)
        and expr.i - 1 >= prev.expr.j
    )
    if not (part or listed):
        return counted
    if counted is not None:
        return metrics.Counted(prev.counted.metric, counted.np, counted.subject, counted.head, "continued")
    a, b, _ = metrics.noun_phrase(lx, toks, words, expr.j, set())  # "зокрема понад 1700 дітей" names its own
    return metrics.Counted(prev.counted.metric, (a, b), toks[a:b], None, "continued")


def _refer_back(
    lx: lex.Lex, sent: Sentence, words: list[str], cues: list[attribution.Cue], published: date | None, done: list
) -> None:
    """'Об этом сообщил X' / 'Про це заявив X' / 'Данными поделились в X': X is the claimant of the
    figures the paragraph reported before it without a source of their own (up to a sentence with
    its own source, five sentences back at most)."""
    named = [c for c in cues if c.claimant and not c.pronoun]
    if not named:
        return
    cue = named[0]
    in_cue = {p for c in cues if c.prepositional for p in range(c.at, c.np[1])}  # "за даними X" is no back-reference
    if not any(lexicon.longest_match(lx.backrefs, words, p, 3) for p in range(0, max(cue.at, cue.np[0])) if p not in in_cue):
        return
    claim = None
    as_of = None
    found = False
    for k in range(len(done) - 1, max(-1, len(done) - 6), -1):
        prev_sent, drafts, _, prev_cues = done[k]
        if prev_sent.paragraph != sent.paragraph and (found or sent.paragraph - prev_sent.paragraph > 1):
            return
        if any(c.claimant for c in prev_cues) and found:
            return  # a sentence with its own source ends the stretch this one reports
        if drafts:
            if not found:
                times = sl_dates.find_times(lx, sent.text, published)
                claim = _claim_day(sent, cue, times)
                as_of = next((t for t in times if t.kind in ("as_of", "as_of_date")), None)
            found = True
            for d in drafts:
                # a figure the text gives as known without a source ("стало известно") stays so
                if d.claimant is None and (d.cue is None or morph.fold(d.cue) in lx.hedges):
                    d.claimant, d.cue = cue.claimant, cue.cue
                    d.claim_day = claim.first if claim else None
                    d.as_of = as_of


def _continue_claim(sent: Sentence, drafts: list[_Draft], done: list) -> None:
    """'Также повреждены два дома' / 'Крім того, поранено 5 людей': the claim before in the same
    paragraph goes on, with its claimant."""
    for prev_sent, prev_drafts, _, _ in reversed(done[-3:]):
        if prev_sent.paragraph != sent.paragraph:
            return
        source = next((d for d in reversed(prev_drafts) if d.claimant), None)
        if source is not None:
            for d in drafts:
                if d.claimant is None:
                    d.claimant, d.cue = source.claimant, source.cue
            return


OPEN_QUOTES = ("«", '"', "“", "„")
QUOTE_CLOSE_RE = re.compile(r"[»\"”][,.]?\s*[-—–]\s*\S+")


def _close_quote(lx: lex.Lex, sent: Sentence, cues: list[attribution.Cue], history: list[str], done: list) -> None:
    """A quotation over several sentences ('"Станом на сьогодні є 53 868 осіб. ...", - сказав він'):
    its figures belong to the speaker named after the closing quote."""
    if not QUOTE_CLOSE_RE.search(sent.text) or sent.text.lstrip().startswith(OPEN_QUOTES):
        return
    cue = next((c for c in cues if c.claimant and c.at > 0), None)
    if cue is None:
        return
    claimant = (history[-1] if history else None) if cue.pronoun else cue.claimant
    opened = None
    for k in range(len(done) - 1, max(-1, len(done) - 5), -1):
        prev_sent = done[k][0]
        if prev_sent.paragraph != sent.paragraph:
            return
        if prev_sent.text.lstrip().startswith(OPEN_QUOTES):
            opened = k
            break
    if opened is None or claimant is None:
        return
    for _, drafts, _, _ in done[opened:]:
        for d in drafts:
            if d.claimant is None:
                d.claimant, d.cue = claimant, cue.cue


def _subject(
    lx: lex.Lex, sent: Sentence, expr: numbers.Number, counted: metrics.Counted, here: list[_Draft], previous: list[_Draft]
) -> str:
    toks = sent.tokens
    words = [t.lower for t in counted.subject]
    pronoun = len(words) == 1 and morph.pos(lx.lang, words[0]) == "NPRO"
    if counted.subject and not pronoun:
        # a unit's strength ("бригада (68 человек)") counts one unit, whatever the number
        return metrics.render_subject(lx, counted.subject, expr.value == 1 or counted.evidence == "unit")
    # "пять из них", "з яких шестеро", "трое убиты": the group named just before
    before = [t.lower for t in toks[max(0, expr.i - 3) : expr.i]]
    from_which = any(_ends_with(lx.from_which, before, p) for p in range(len(before)))
    for d in reversed(here):
        if d.subject:
            return d.subject
    if (pronoun or from_which) and previous:
        return previous[-1].subject
    return lx.default_subject if counted.metric in metrics.PERSON_METRICS or counted.metric == "casualties" else ""


def _ends_with(index: lexicon.PhraseIndex, words: list[str], p: int) -> bool:
    """Does a phrase of `index` start at words[p] and end the list ("пять из них")?"""
    hit = lexicon.longest_match(index, words, p, 4)
    return bool(hit) and p + hit[0] == len(words)


def remarks_in(lx: lex.Lex, sentence: str) -> list[str]:
    """What a sentence says about a figure's reliability, as written ("невозможно независимо проверить")."""
    out: list[str] = []
    for rx in lx.remarks:
        for m in rx.finditer(sentence):
            found = m.group(0).strip()
            if found and not any(found in r or r in found for r in out):
                out.append(found)
    return out


def _figure(
    text: str,
    doc_id: str,
    lx: lex.Lex,
    sent: Sentence,
    d: _Draft,
    claim_day: date | None,
    p_start: date | None,
    p_end: date | None,
    remarks: list[str],
) -> Figure:
    e = d.expr
    return Figure(
        doc=doc_id,
        start=e.start,
        end=e.end,
        text=text[e.start : e.end],
        sentence=text[sent.start : sent.end],
        value=e.value,
        low=e.low,
        high=e.high,
        approx=e.approx,
        qualifier=text[e.start : e.start + len(e.qualifier)]
        if e.qualifier and e.kind != "range" and text[e.start : e.start + len(e.qualifier)].lower() == e.qualifier.lower()
        else e.qualifier,
        metric=d.counted.metric,
        subject=d.subject or lx.default_subject,
        place=place.place(lx, sent, e),
        claimant=d.claimant,
        claimant_kind=attribution.kind(lx, d.claimant),
        cue=d.cue,
        claim_date=en_dates.iso(claim_day),
        period_start=en_dates.iso(p_start),
        period_end=en_dates.iso(p_end),
        remarks=remarks,
    )
