"""What a Russian or Ukrainian number counts: its metric and its counted noun phrase (spec sections 1, 8).

Word order is free in both languages, so the evidence is read on both sides of the number, by
lemma: a participle inside the counted phrase ("запущенных ракет"), a predicate after it in the
clause ("10 человек погибли"), a predicate before it ("погибли 6234 человека", reaching back over
a comma-separated list: "погибли 22 офицера, 11 бойцов"), a counted noun that carries the metric
("14 поранених", "заложников"), a total named earlier ("число погибших превысило 2500"), and
last a noun that implies one (soldiers are deployed, missiles launched). The kind of the counted
noun must fit the metric: people are killed, buildings destroyed, drones shot down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from claimtally.extract import lexicon
from claimtally.extract.slavic import morph
from claimtally.extract.slavic.lex import Lex
from claimtally.extract.slavic.numbers import Number
from claimtally.extract.text import Token

CLAUSE_END = frozenset({".", ";", ":", "!", "?", "«", "»", '"', "“", "”", "„"})
PARENS = frozenset({"(", ")"})  # an aside in brackets does not end the clause: "Всего (убито) порядка десяти"
DASHES = frozenset({"—", "–", "-"})
AFTER_WINDOW = 8
BACK_WINDOW = 10
NP_MAX = 6
PERSON_METRICS = frozenset(
    {
        "killed",
        "wounded",
        "missing",
        "trapped",
        "captured",
        "detained",
        "charged",
        "displaced",
        "refugees",
        "evacuated",
        "participants",
    }
)
NOMINAL = frozenset({"NOUN", "ADJF", "PRTF", "NUMR"})


@dataclass(slots=True)
class Counted:
    metric: str
    np: tuple[int, int]
    subject: list[Token]
    head: str | None  # lemma of the counted noun
    evidence: str
    partitive: bool = False  # "пять из них": the subject is the group named before


def _lem(lx: Lex, w: str) -> frozenset[str]:
    return lx.lemmas(w)


def _metric_word(lx: Lex, words: list[str], k: int, nouns: bool = False) -> tuple[str, int] | None:
    """(metric, length) of a metric predicate or phrase starting at word k."""
    lemmas = _lem(lx, words[k])
    best = None
    if not lemmas.isdisjoint(lx.phrases.firsts):
        for phrase, metric in lx.phrases.items():
            if (
                phrase[0] in lemmas
                and k + len(phrase) <= len(words)
                and all(phrase[m] in _lem(lx, words[k + m]) for m in range(1, len(phrase)))
                and (best is None or len(phrase) > best[1])
            ):
                best = (metric, len(phrase))
    if best:
        return best
    table = lx.nouns if nouns else lx.verbs
    hits = [table[lem] for lem in lemmas if lem in table]
    if not hits and words[k] not in lx.lemma and len(words[k]) > 8:
        # scraped text runs words together: "задержалиболее" is "задержали" + "более"
        for key in lx.low_q.firsts | lx.high_q.firsts | lx.approx_q.firsts:
            if len(key) >= 4 and words[k].endswith(key) and words[k][: -len(key)] in lx.lemma:
                hits = [table[lem] for lem in lx.lemma[words[k][: -len(key)]] if lem in table]
                break
    return (hits[0], 1) if hits else None


def _is_boundary(tok: Token) -> bool:
    return tok.text in CLAUSE_END


def noun_phrase(lx: Lex, toks: list[Token], words: list[str], j: int, skip: set[int]) -> tuple[int, int, bool]:
    """Token span of the counted noun phrase after a number: adjectives, a head noun, a coordinated
    noun and a short complement (a genitive or an abbreviation: "сотрудников МВД"); and whether it
    is a partitive ("из них")."""
    n = len(toks)
    k = j
    partitive = False
    if k < n and words[k] in lx.partitive:
        partitive, k = True, k + 1
    start = k
    head = None
    while k < n and k - start < NP_MAX and k not in skip:
        t = toks[k]
        w = words[k]
        if not t.text[0].isalpha():
            if t.text == "-" and head is None and k > start and _glued_pair(toks, k):
                k += 1
                continue
            break
        if head is not None or w in lx.time_words:
            break  # "двоє станом на 15.00": a time phrase, not the counted noun
        p = morph.pos(lx.lang, w)
        if _abbreviation(t.text):
            head, k = w, k + 1
            break
        if p == "NOUN" or (p not in ("ADJF", "PRTF") and w in lx.lemma and _lem(lx, w) & lx.kinds_all):
            head, k = w, k + 1
            break
        if p in ("ADJF", "PRTF", "NUMR") and w not in lx.np_break:
            nxt = toks[k + 1] if k + 1 < n else None
            modifies = nxt is not None and nxt.text[0].isalpha() and morph.pos(lx.lang, words[k + 1]) in ("NOUN", "ADJF", "PRTF")
            if modifies and (_abbreviation(nxt.text) or nxt.text[:1].isupper()) and _lem(lx, w) & lx.kinds_all:
                # "військових РФ", "військових Північної Кореї": the adjective is the noun, the name its complement
                modifies = False
            if modifies:
                k += 1
                continue
            head, k = w, k + 1  # a participle standing as the noun: "14 поранених", "6 загиблих"
            break
        if p == "ADVB" and k == start and k + 1 < n and morph.pos(lx.lang, words[k + 1]) in ("ADJF", "PRTF"):
            k += 1
            continue
        if p == "NPRO" and partitive:
            head, k = w, k + 1
            break
        break
    if head is None:
        return (start, start, partitive)
    end = k
    # a coordinated noun: "солдат и офицеров"; a complement: "бойцов бригады", "солдатів КНДР"
    if end + 1 < n and words[end] in ("и", "і", "та", "й") and end + 1 not in skip:
        m = end + 1
        while m < n and m - end < 4 and toks[m].text[0].isalpha() and morph.pos(lx.lang, words[m]) in ("ADJF", "PRTF"):
            m += 1
        if (
            m < n
            and toks[m].text[0].isalpha()
            and morph.pos(lx.lang, words[m]) == "NOUN"
            and not _metric_word(lx, words, m)
            and _same_case(lx, head, words[m])
        ):
            end = m + 1
    if end < n and end not in skip and toks[end].text[0].isalpha():
        if _abbreviation(toks[end].text) or toks[end].text[0].isupper() and morph.pos(lx.lang, words[end]) == "NOUN":
            end += 1
        elif (
            toks[end].text[0].isupper()
            and end + 1 < n
            and toks[end + 1].text[:1].isupper()
            and morph.pos(lx.lang, words[end + 1]) == "NOUN"
        ):
            end += 2  # a two-word name: "військових Північної Кореї"
        elif _genitive_noun(lx, words[end]) and not _metric_word(lx, words, end) and words[end] not in lx.np_break:
            end += 1
            if end < n and _abbreviation(toks[end].text):
                end += 1
    return (start, end, partitive)


def _same_case(lx: Lex, a: str, b: str) -> bool:
    """'солдат и офицеров' share a case and number; '9 школьников и учитель' do not (the teacher is
    counted apart). Readings as names and surnames are left out: 'школьников' is no surname here."""

    def forms(word: str) -> set[tuple[str, str]]:
        return {
            (p.tag.case, p.tag.number)
            for p in morph.parses(lx.lang, word)
            if p.tag.POS == "NOUN" and "Surn" not in p.tag and "Name" not in p.tag
        }

    fa, fb = forms(a), forms(b)
    return not fa or not fb or bool(fa & fb)


def _glued_pair(toks: list[Token], k: int) -> bool:
    return k + 1 < len(toks) and toks[k - 1].end == toks[k].start and toks[k].end == toks[k + 1].start


def _abbreviation(text: str) -> bool:
    return sum(c.isupper() for c in text) >= 2


def _genitive_noun(lx: Lex, word: str) -> bool:
    for p in morph.parses(lx.lang, word)[:1]:
        return p.tag.POS == "NOUN" and p.tag.case == "gent"
    return False


def _kind(lx: Lex, head: str | None) -> str | None:
    if head is None:
        return None
    lemmas = _lem(lx, head) | {p.normal_form for p in morph.parses(lx.lang, head)[:2]}
    for name, group in (
        ("place", lx.places),
        ("target", lx.targets),
        ("munitions", lx.munitions),
        ("materiel", lx.materiel),
        ("military", lx.military),
        ("person", lx.persons),
        ("event", lx.events),
    ):
        if lemmas & group:
            return name
    return None


def _allowed(lx: Lex, metric: str, kind: str | None, head: str | None) -> str | None:
    """The metric the evidence gives for this kind of counted noun, or None when it does not fit."""
    if head is not None and morph.pos(lx.lang, head) == "NPRO":
        return metric  # "пять из них взорвались": the group named before decides, not the pronoun
    if kind == "place":
        # "взяли під контроль десятки населених пунктів", "атаки по 40 населенным пунктам"
        return "locations" if metric in ("locations", "captured", "incidents", "launched", "destroyed") else None
    if metric == "locations":
        return None
    if kind == "target":
        # "збили 100 ворожих цілей" were shot down; "удары по 40 целям", "атаковал 3 объекта" are strikes
        if metric in ("intercepted", "destroyed", "killed"):
            return "intercepted" if metric == "intercepted" else "destroyed"
        return "incidents" if metric in ("incidents", "launched") else None
    if metric in PERSON_METRICS:
        if kind in ("munitions", "materiel", "event"):
            if metric == "killed" and kind == "munitions":
                return "intercepted"  # "уничтожили 25 беспилотников"
            return "destroyed" if metric in ("killed", "wounded") and kind == "materiel" else None
        if kind is None and head is not None and not _animate(lx, head):
            return None  # "70 держав": states are not people
        return metric
    if metric == "destroyed":
        if kind == "munitions":
            return "intercepted"
        if kind in ("person", "military"):
            return "killed"  # "знищено 1500 окупантів"
        return metric if kind == "materiel" or head is None else None
    if metric in ("launched", "intercepted"):
        if kind == "munitions" or (head is None and metric == "intercepted"):
            return metric
        if metric == "launched" and kind in ("materiel", "event"):
            return "incidents"  # "атаковал 3 объекта": strikes on targets
        return None
    if metric == "casualties" and kind in ("materiel", "munitions"):
        return "destroyed"  # "армия потеряла 30 танков"
    if metric == "incidents":
        return metric if kind in ("event", "materiel", None) else None
    if metric == "deployed":
        return metric if kind in ("military", "person") else None
    return metric


RELATIVE = frozenset({"который", "которые", "которых", "що", "які", "який", "яких"})
CONJUNCTIONS = frozenset({"и", "і", "та", "а", "й"})


def _animate(lx: Lex, word: str) -> bool:
    if _abbreviation(word):
        return True
    p = morph.parses(lx.lang, word)
    return not p or "inan" not in p[0].tag or p[0].tag.POS != "NOUN"


def _after(lx: Lex, toks: list[Token], words: list[str], start: int, others: set[int], number_end: int) -> str | None:
    """The first metric predicate after the counted phrase, within its clause; a relative clause on
    the counted noun counts ("53 868 осіб, які вважаються зниклими"), a dash right after the number
    is an ellipsis ("1 – отримав поранення") and one before a list names its members ("10 человек —
    9 школьников и учитель погибли")."""
    p, seen, dashed = start, 0, False
    if p < len(toks) and p == number_end and toks[p].text in DASHES:
        p += 1
    while p < len(words) and seen < AFTER_WINDOW:
        t = toks[p]
        if t.text in PARENS:
            p += 1
            continue
        if t.text == "«":
            close = next((q for q in range(p + 1, min(p + 10, len(toks))) if toks[q].text == "»"), None)
            if close is not None:
                p = close + 1  # a name in quotes inside the clause: "учасників ходи «Донбас — це Україна» захоплено"
                continue
        if t.text == "," and p + 1 < len(words) and words[p + 1] in RELATIVE and seen <= 1:
            p += 2
            continue
        if t.text == "," and seen <= 1 and p + 1 < len(words) and morph.pos(lx.lang, words[p + 1]) in ("PRTF", "ADJF"):
            hit = _metric_word(lx, words, p + 1)
            if hit:
                return hit[0]  # "50 тысяч военных, погибших в Украине", "50 дронів, запущених по Україні"
        if _is_boundary(t) or t.text == "," or words[p] in RELATIVE or words[p] in ("а", "але", "но"):
            break
        if t.text in DASHES and t.start > toks[p - 1].end:
            if p + 1 < len(toks) and toks[p + 1].text[0].isdigit():
                dashed = True
                p += 1
                continue
            break
        if p in others and not dashed:
            break
        if words[p] in CONJUNCTIONS and any(q in others for q in range(p + 1, min(p + 4, len(words)))):
            break  # "убивший 26 и ранивший 57": the next count has its own verb
        hit = _metric_word(lx, words, p)
        if hit:
            return hit[0]
        seen += 1
        p += 1
    return None


def _before(
    lx: Lex, toks: list[Token], words: list[str], expr: Number, numbers: list[Number], fits: Callable[[str], bool]
) -> tuple[str, int, bool] | None:
    """The nearest metric predicate before the number, in its clause, that fits the counted noun
    ("в плен попали 200 военных": not "попали", which is said of missiles)."""
    starts = {n.i for n in numbers}
    p = expr.i - 1
    seen = 0
    crossed = False
    while p >= 0 and seen < BACK_WINDOW:
        t = toks[p]
        if t.text in PARENS:
            p -= 1
            continue
        if _is_boundary(t) or words[p] in ("который", "которые", "що", "які", "який", "что"):
            return None
        if t.text in DASHES and p > 0 and t.start > toks[p - 1].end:
            return None
        if t.text == ",":
            # a list of counts shares the verb before it: "погибли 22 офицера, 11 бойцов"
            segment = _segment_before(toks, p)
            if not any(segment <= s < p for s in starts):
                return None
            crossed = True
        near = p == expr.i - 1 or p == expr.i - 2 and words[expr.i - 1] in ("по", "на")
        hit = _metric_word(lx, words, p) or (_metric_word(lx, words, p, nouns=True) if near else None)
        for q in (p - 2, p - 1):
            if q >= 0:
                wider = _metric_word(lx, words, q)
                if wider and q + wider[1] > p:
                    hit = wider  # "убито и ранено": the phrase, not its last word
                    break
        if hit and fits(hit[0]) and not (p < expr.i - 1 and _attributive(lx, words, p, expr.i)):
            return hit[0], p, crossed
        seen += 1
        p -= 1
    return None


def _attributive(lx: Lex, words: list[str], p: int, stop: int) -> bool:
    """A participle that modifies a noun after it ("в пострадавших от землетрясений регионах
    подали 110 000 заявок": the regions were affected, not the applicants) is no predicate."""
    readings = [r for r in morph.parses(lx.lang, words[p]) if r.tag.POS in ("PRTF", "ADJF")]
    if not readings:
        return False
    for q in range(p + 1, min(p + 4, stop)):
        for n in morph.parses(lx.lang, words[q]):
            if n.tag.POS == "NOUN" and any(r.tag.case == n.tag.case and r.tag.number == n.tag.number for r in readings):
                return True
    return False


def _noun_before(lx: Lex, toks: list[Token], words: list[str], expr: Number, skip: set[int]) -> tuple[int, int]:
    """A counted noun in the genitive plural before the number, across a copula: 'участников войны
    было уже 27 тысяч', 'ракет было выпущено 30' (the span, or an empty one at the number's end)."""
    p = expr.i - 1
    while p >= 0 and words[p] in lx.copulas:
        p -= 1
    if p == expr.i - 1 or p < 0:
        return (expr.j, expr.j)
    end = p + 1
    # a genitive complement may follow the head: "участников войны"
    for head in (p, p - 1):
        if head < 0 or head in skip:
            continue
        parses = morph.parses(lx.lang, words[head])
        counted_form = parses and (
            parses[0].tag.POS == "NOUN"
            and "plur" in parses[0].tag
            and parses[0].tag.case == "gent"
            or parses[0].tag.POS in ("NOUN", "ADJF", "PRTF")
            and parses[0].tag.case == "nomn"
            and words[head] in lx.lemma
        )
        if counted_form:
            start = head
            while start > 0 and morph.pos(lx.lang, words[start - 1]) in ("ADJF", "PRTF") and start - 1 not in skip:
                start -= 1
            return (start, end)
    return (expr.j, expr.j)


def _same_noun_earlier(lx: Lex, words: list[str], head_idx: int, expr: Number) -> str | None:
    """'реєстр осіб, зниклих безвісти, ... нараховує понад 52 тисячі осіб': the counted noun was
    described by a metric participle earlier in the sentence."""
    lemmas = _lem(lx, words[head_idx]) | {p.normal_form for p in morph.parses(lx.lang, words[head_idx])[:1]}
    for p in range(max(0, expr.i - 30), expr.i - 1):
        mine = {q.normal_form for q in morph.parses(lx.lang, words[p])[:1]}
        if mine & lemmas:
            for q in range(p + 1, min(p + 4, expr.i)):
                hit = _metric_word(lx, words, q)
                if hit and morph.pos(lx.lang, words[q]) in ("ADJF", "PRTF", "NOUN"):
                    return hit[0]
    return None


def _among(lx: Lex, toks: list[Token], words: list[str], expr: Number) -> str | None:
    """'Среди погибших — двое детей', 'серед поранених є 5 дітей': the group named before counts them."""
    for p in range(expr.i - 1, max(-1, expr.i - 5), -1):
        hit = _metric_word(lx, words, p, nouns=True) or _metric_word(lx, words, p)
        if hit and any(
            lexicon.longest_match(lx.among, words, q, 3) == (p - q, " ".join(words[q:p])) for q in range(max(0, p - 3), p)
        ):
            return hit[0]
        if _is_boundary(toks[p]) and toks[p].text != ":":
            return None
    return None


def _unit_strength(lx: Lex, toks: list[Token], words: list[str], expr: Number) -> Counted | None:
    """A unit's strength in brackets after it ("бригады полиции специального назначения (68
    человек)"): the unit is deployed, and it is what is counted."""
    if not (expr.i >= 2 and toks[expr.i - 1].text == "(" and expr.j + 1 < len(toks) and toks[expr.j + 1].text == ")"):
        return None
    if not _lem(lx, words[expr.j]) & lx.persons:
        return None
    lo = None
    for k in range(expr.i - 2, max(-1, expr.i - 7), -1):
        if not toks[k].text[:1].isalpha() or morph.pos(lx.lang, words[k]) in ("PREP", "CONJ", "VERB", "INFN", "PRCL"):
            break
        if _lem(lx, words[k]) & lx.military:
            lo = k
    if lo is None:
        return None
    return Counted("deployed", (lo, expr.i - 1), toks[lo : expr.i - 1], words[lo], "unit")


def _segment_before(toks: list[Token], comma: int) -> int:
    p = comma - 1
    while p >= 0 and toks[p].text not in (",", ".", ";", ":"):
        p -= 1
    return p + 1


def _total_named_before(lx: Lex, toks: list[Token], words: list[str], expr: Number) -> tuple[str, list[Token]] | None:
    """'Число задержанных ... превысило 300', 'кількість загиблих зросла до 50', 'потери составили 300'."""
    lo = max(0, expr.i - 2 * BACK_WINDOW)
    verb_seen = False
    for p in range(expr.i - 1, lo - 1, -1):
        if _is_boundary(toks[p]):
            return None
        if _lem(lx, words[p]) & lx.count_verbs:
            verb_seen = True
        elif verb_seen and expr.i - p <= 6:
            own = _metric_word(lx, words, p, nouns=True)
            if own and morph.pos(lx.lang, words[p]) == "NOUN":
                return own[0], []  # "втрати противника становлять 700 тисяч": the noun is the metric
        if _lem(lx, words[p]) & lx.count_nouns and p + 1 < expr.i:
            hit = _metric_word(lx, words, p + 1) or _metric_word(lx, words, p + 1, nouns=True)
            if hit:
                return hit[0], toks[p + 1 : p + 1 + hit[1]]
    return None


def classify(lx: Lex, toks: list[Token], words: list[str], expr: Number, numbers: list[Number], skip: set[int]) -> Counted | None:
    """The metric and counted noun phrase of a number, or None when it counts nothing in scope."""
    unit = _unit_strength(lx, toks, words, expr)
    if unit is not None:
        return unit
    a, b, partitive = noun_phrase(lx, toks, words, expr.j, skip)
    if a == b and not partitive:
        a, b = _noun_before(lx, toks, words, expr, skip)  # "участников войны было уже 27 тысяч"
    borrowed = False
    if partitive and a == b and a in skip:
        other = next((n for n in numbers if n.i == a), None)
        if other is not None:
            a, b, _ = noun_phrase(lx, toks, words, other.j, skip)  # "25 із 30 ворожих дронів"
            borrowed = True
    subject = toks[a:b]
    head_idx = next(
        (
            k
            for k in range(a, b)
            if morph.pos(lx.lang, words[k]) in ("NOUN", "NPRO")
            or _abbreviation(toks[k].text)
            or k + 1 < b
            and toks[k].text[:1].islower()
            and toks[k + 1].text[:1].isupper()
            and _lem(lx, words[k]) & lx.kinds_all
        ),
        b - 1,
    )
    head = words[head_idx] if b > a else None
    kind = _kind(lx, head)
    if kind is None and head is not None and _abbreviation(toks[head_idx].text):
        head = None  # an abbreviation the lists do not know ("солдат РФ" aside): nothing to check it against
    if any(_lem(lx, w) & lx.exclusion_verbs for w in words[max(0, expr.i - 4) : min(len(words), b + 4)]):
        return None
    if (
        expr.core_i == expr.i
        and expr.i >= 2
        and _lem(lx, words[expr.i - 2]) & lx.count_nouns
        and _metric_word(lx, words, expr.i - 1, nouns=True)
    ):
        return None  # "число жертв двух землетрясений": the number qualifies what caused the toll
    if expr.value == 1 and expr.kind == "exact" and toks[expr.core_i].text[0].isalpha():
        prev = words[expr.i - 1] if expr.i else ""
        if prev and any(p.tag.POS == "PREP" for p in morph.parses(lx.lang, prev)) or prev in ("все", "всё"):
            return None  # "в одной из школ", "все одно": not a count
        partitive_one = True
    else:
        partitive_one = False
    others = {n.i for n in numbers if n is not expr}
    # a participle inside the phrase: "запущенных ракет", "поранених окупантів"
    for k in range(a, head_idx if b > a else a):
        hit = _metric_word(lx, words, k)
        if hit and morph.pos(lx.lang, words[k]) in ("ADJF", "PRTF"):
            metric = _allowed(lx, hit[0], kind, head)
            if metric:
                return Counted(metric, (a, b), [t for m, t in enumerate(subject, a) if m != k], head, "modifier", partitive)
    # the counted noun is the metric word itself: "14 поранених", "6 загиблих", "заложников"
    noun_hit = _metric_word(lx, words, head_idx, nouns=True) if head is not None else None
    after = _after(lx, toks, words, expr.j if borrowed else max(b, expr.j), others, expr.j)
    if after:
        metric = _allowed(lx, after, kind, head)
        if metric:
            return Counted(metric, (a, b), subject, head, "after", partitive)
    before = _before(lx, toks, words, expr, numbers, lambda m: _allowed(lx, m, kind, head) is not None)
    participle_noun = noun_hit and head is not None and morph.pos(lx.lang, head) in ("ADJF", "PRTF")
    before_is_noun = (
        before is not None and words[before[1]] in lx.lemma and morph.pos(lx.lang, words[before[1]]) in ("ADJF", "PRTF", "NOUN")
    )
    if participle_noun and (before is None or before_is_noun or before[2]):
        # "ще 5 поранені" after "загинули 3 людини,": the participle after the number is its own predicate
        # "6 загиблих та 11 поранених": the participle standing as the noun names its own metric
        metric = _allowed(lx, noun_hit[0], "person", head)
        if metric:
            return Counted(metric, (a, b), subject, head, "noun", partitive)
    if before:
        metric = _allowed(lx, before[0], kind, head)
        if metric:
            return Counted(metric, (a, b), subject, head, "before", partitive)
    if noun_hit:
        metric = _allowed(lx, noun_hit[0], "person" if noun_hit[0] in PERSON_METRICS else kind, head)
        if metric:
            return Counted(metric, (a, b), subject, head, "noun", partitive)
    among = _among(lx, toks, words, expr)
    if among:
        metric = _allowed(lx, among, kind, head)
        if metric:
            return Counted(metric, (a, b), subject, head, "among", partitive)
    if head is not None and kind in ("person", None) and b > a:
        earlier = _same_noun_earlier(lx, words, head_idx, expr)
        if earlier and earlier in PERSON_METRICS:
            return Counted(earlier, (a, b), subject, head, "described-before", partitive)
    total = _total_named_before(lx, toks, words, expr)
    if total:
        return Counted(total[0], (a, b), subject or total[1], head, "total", partitive)
    if partitive and partitive_one:
        return None  # "один із військовослужбовців заявив": one picked out of a group
    if kind == "military" and not (head and morph.pos(lx.lang, head) == "NPRO"):
        return Counted("deployed", (a, b), subject, head, "weak-noun", partitive)
    if (
        kind == "munitions"
        and head
        and (_lem(lx, head) | {p.normal_form for p in morph.parses(lx.lang, head)[:1]}) & lx.launched_by_default
    ):
        return Counted("launched", (a, b), subject, head, "weak-noun", partitive)
    if kind == "event" and head and _lem(lx, head) & set(lx.nouns):
        return Counted("incidents", (a, b), subject, head, "noun", partitive)
    return None


def render_subject(lx: Lex, subject: list[Token], singular: bool) -> str:
    """The counted phrase in the nominative ("солдатов и офицеров" -> "солдаты и офицеры")."""
    subject = [t for t in subject if morph.pos(lx.lang, t.lower) != "ADVB"]  # "достатньо потужний"
    if not subject:
        return ""
    return morph.render(lx.lang, subject, not singular, lx.nominative)
