"""Who asserts a figure in Russian or Ukrainian text (spec sections 5 and 8).

Cues are verbs by lemma ("заявил", "повідомили"), with the speaker before them ("Официальные лица
сообщили") or, as often in news, after them ("сообщил премьер-министр", "пишет Reuters", "—
сказал он"); an organisation as the place of speaking ("в МВД заявили", "проінформували у
прес-службі ОДА"); prepositional cues ("по данным X", "за словами X"); sources cited by a
source ("со ссылкой на X", which win); and impersonal ones ("сообщается"), which name no one.
A claimant inside a prepositional or locative phrase is put in the nominative.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from claimtally.extract import lexicon
from claimtally.extract.slavic import morph
from claimtally.extract.slavic.lex import Lex, get
from claimtally.extract.text import Token

MAX_NP = 10
STOP_PUNCT = frozenset({",", ".", ";", ":", "!", "?", "(", ")", "—", "–"})
QUOTES = frozenset({"«", "»", '"', "“", "”", "„"})
VERBAL = frozenset({"VERB", "INFN", "PRTS", "GRND", "ADVB", "PREP", "CONJ", "PRCL", "INTJ", "COMP", "PRED"})
HEADLINE_CLAIMANT_MAX = 5
#: More cues than this in one sentence is a list or noise; the first ones are kept, so the work
#: per sentence stays bounded on hostile input.
MAX_CUES = 12


@dataclass(slots=True)
class Cue:
    claimant: str | None
    cue: str | None
    at: int  # token index of the cue word
    np: tuple[int, int]
    nested: bool = False
    pronoun: bool = False
    prepositional: bool = False


def _is_cue_verb(lx: Lex, word: str) -> bool:
    return not lx.lemmas(word).isdisjoint(lx.cue_verbs)


def _render(lx: Lex, toks: list[Token], a: int, b: int, inflect: bool) -> str:
    return morph.render(lx.lang, toks[a:b], False if inflect else None).strip(" ,.")


def _np_after(lx: Lex, toks: list[Token], words: list[str], k: int, numbers: list[tuple[int, int]]) -> tuple[int, int]:
    """The claimant phrase starting at token k: up to a comma, a clause word or a verb; quotes kept."""
    n = len(toks)
    end = k
    in_quote = False
    while end < n and end - k < MAX_NP:
        t = toks[end]
        if t.text in QUOTES:
            in_quote = not in_quote if t.text not in ("«", "»") else t.text == "«"
            end += 1
            continue
        if in_quote:
            end += 1
            continue
        if t.text in STOP_PUNCT or any(s <= end < e for s, e in numbers) or t.text[0].isdigit() or t.lower in lx.months:
            break
        if t.text == "-":
            end += 1
            continue
        w = words[end]
        if end > k and w in lx.np_break and w not in lx.np_inner:
            break
        if end > k and w in lx.np_inner and not (end + 1 < n and toks[end + 1].text[0].isalpha()):
            break
        if end > k + 1 and w in lx.np_inner and toks[end - 1].text[:1].isupper() and toks[end - 2].text[:1].isupper():
            break  # "Леонід Тимченко в ефірі": a name ends the phrase
        if end > k and w not in lx.np_inner and t.text[0].islower() and morph.pos(lx.lang, w) in VERBAL:
            break
        if _is_cue_verb(lx, w) and end > k:
            break
        end += 1
    while end > k and (words[end - 1] in lx.np_inner or toks[end - 1].text == "-"):
        end -= 1
    return (k, end)


def _np_before(lx: Lex, toks: list[Token], words: list[str], k: int, numbers: list[tuple[int, int]]) -> tuple[int, int, bool]:
    """The claimant phrase ending before token k, and whether an 'в/у' (the organisation as the
    place of speaking, 'в МВД заявили') stands before it. A date or time word between the
    speaker and the verb is skipped ("Один із військовослужбовців 11 листопада заявив")."""
    verb = k
    while k > 0 and (
        toks[k - 1].text[0].isdigit()
        or words[k - 1] in lx.months
        or words[k - 1] in lx.time_words
        and (words[k - 1] not in lx.in_org or k < verb)
    ):
        k -= 1
    start = k
    while start > 0 and k - start < MAX_NP:
        t = toks[start - 1]
        w = words[start - 1]
        if t.text in STOP_PUNCT or t.text in QUOTES or any(s <= start - 1 < e for s, e in numbers):
            break
        if t.text[0].isdigit() or w in lx.months:
            break
        if w in lx.np_break or _is_cue_verb(lx, w) or w in lx.time_words and w not in lx.in_org:
            break
        if t.text[0].islower() and morph.pos(lx.lang, w) in VERBAL and t.text != "-":
            break
        start -= 1
    if start >= 2 and words[start - 1] in lx.partitive and words[start - 2] in lx.partitive_heads:
        start -= 2  # "Один із військовослужбовців ЗСУ заявив": one of a group speaks
    in_org = start > 0 and words[start - 1] in lx.in_org
    return start, k, in_org


def _headline_tail(lx: Lex, toks: list[Token]) -> Cue | None:
    """'В Киеве погибли 5 человек — Кличко': a headline (no final full stop) naming its source after
    a last dash or colon."""
    if not toks or toks[-1].text in (".", "!", "?", "…"):
        return None
    for k in range(len(toks) - 1, max(0, len(toks) - HEADLINE_CLAIMANT_MAX - 2), -1):
        if toks[k].text in ("—", "–", ":") and k > 0 and toks[k].start > toks[k - 1].end:
            tail = toks[k + 1 :]
            if (
                tail
                and all(t.text[0].isalpha() or t.text in ("-", "«", "»") for t in tail)
                and (tail[0].text[0].isupper() or kind(lx, " ".join(t.text for t in tail), strict=True))
            ):
                name = _render(lx, toks, k + 1, len(toks), False)
                return Cue(name, None, k, (k + 1, len(toks)))
            return None
    return None


def _headline(lx: Lex, toks: list[Token]) -> Cue | None:
    """'Генштаб ЗСУ: ...' — a source named before a headline's first colon."""
    for k, t in enumerate(toks[: HEADLINE_CLAIMANT_MAX + 1]):
        if t.text == ":":
            if k == 0:
                return None
            name = _render(lx, toks, 0, k, False)
            if kind(lx, name, strict=True):
                return Cue(name, None, 0, (0, k))
            return None
    return None


def find_cues(lx: Lex, toks: list[Token], sentence: str, offset: int, numbers: list[tuple[int, int]]) -> list[Cue]:
    words = [t.lower for t in toks]
    n = len(toks)
    cues: list[Cue] = []
    starts = cue_words(lx.lang)
    k = 0
    while k < n and len(cues) < MAX_CUES:
        w = words[k]
        if w not in starts:
            k += 1
            continue
        imp = lexicon.longest_match(lx.impersonal, words, k, 4)
        prep = lexicon.longest_match(lx.preps, words, k, 4) or _glued_prep(lx, words, k)
        if prep and not (imp and imp[0] >= prep[0]):
            m = k + prep[0]
            if m + 1 < n and words[m] in lx.in_org:
                m += 1  # "как заявили в пресс-службе МЧС": the organisation, not the preposition
            a, b = _np_after(lx, toks, words, m, numbers)
            if b > a:
                cue_text = sentence[toks[k].start - offset : toks[k + prep[0] - 1].end - offset]
                nested = tuple(words[k:m]) in lx.nested
                claimant = _render(lx, toks, a, b, True)
                pronoun = b - a == 1 and words[a] in lx.pronouns
                cues.append(Cue(claimant, cue_text, k, (a, b), nested, pronoun, prepositional=True))
                k = b
                continue
        if imp:
            cues.append(Cue(None, sentence[toks[k].start - offset : toks[k + imp[0] - 1].end - offset], k, (k, k)))
            k += imp[0]
            continue
        if toks[k].text[0].isalpha() and _is_cue_verb(lx, w):
            cue = _verb_cue(lx, toks, words, k, sentence, offset, numbers)
            if cue:
                cues.append(cue)
        k += 1
    if not cues:
        head = _headline(lx, toks) or _headline_tail(lx, toks)
        if head:
            cues.append(head)
    return cues


def _glued_prep(lx: Lex, words: list[str], k: int) -> tuple[int, str] | None:
    """'поданным' for 'по данным': a scraper dropped the space."""
    key = _glued_preps(lx.lang).get(words[k])
    return (1, key) if key else None


@cache
def _glued_preps(lang: str) -> dict[str, str]:
    return {a + b: f"{a} {b}" for a, b in (k for k in get(lang).preps if len(k) == 2)}


@cache
def cue_words(lang: str) -> frozenset[str]:
    """Written forms without which a sentence holds no attribution cue (a cheap first test)."""
    lx = get(lang)
    verbs = {f for f, lemmas in lx.lemma.items() if lemmas & lx.cue_verbs}
    firsts = lx.preps.firsts | lx.impersonal.firsts | set(_glued_preps(lang))
    return frozenset(verbs | firsts)


def _verb_cue(
    lx: Lex, toks: list[Token], words: list[str], k: int, sentence: str, offset: int, numbers: list[tuple[int, int]]
) -> Cue | None:
    cue_text = toks[k].text
    if morph.pos(lx.lang, words[k]) in ("INFN",):
        return None
    if words[k].endswith(("ся", "ться")) and not (k + 1 < len(toks) and toks[k + 1].text[0].isupper()):
        return Cue(None, cue_text, k, (k, k))  # "сообщается", "повідомляється": no one named
    after_start = k + 1
    while after_start < len(toks):
        w = words[after_start]
        if w in lx.time_words and w not in lx.in_org:
            after_start += 1
        elif (
            w in lx.in_org | {"на"}
            and after_start + 1 < len(toks)
            and not lx.lemmas(words[after_start + 1]).isdisjoint(lx.channels)
        ):
            after_start += 2  # "написал в Telegram", "заявив в ефірі телемарафону": where, not who
        else:
            break
    prev = toks[k - 1].text if k else ""
    inverted = k == 0 or prev in (",", "—", "–", "»", '"', "”") or words[k - 1] in ("как", "як")
    named = _quoted_name_before(toks, k)
    if named is not None:
        # «Медиазона» установила: a quoted name, not the end of a quotation
        return Cue(_render(lx, toks, named, k, False), cue_text, k, (named, k))
    if after_start < len(toks) and words[after_start] in lx.in_org and after_start + 1 < len(toks):
        a, b = _np_after(lx, toks, words, after_start + 1, numbers)
        if b > a and (toks[a].text[0].isupper() or toks[a].text in QUOTES or _known_org(lx, _render(lx, toks, a, b, False))):
            return Cue(_render(lx, toks, a, b, True), cue_text, k, (a, b))
    if after_start < len(toks) and words[after_start] in lx.pronouns:
        return Cue(toks[after_start].text, cue_text, k, (after_start, after_start + 1), pronoun=True)
    if not inverted:
        a, b, in_org = _np_before(lx, toks, words, k, numbers)
        prep = (
            a > 0 and words[a - 1] not in lx.time_words and any(p.tag.POS == "PREP" for p in morph.parses(lx.lang, words[a - 1]))
        )
        org = toks[a].text[:1].isupper() or kind(lx, _render(lx, toks, a, b, False), strict=True) is not None if b > a else False
        # a phrase after a preposition is no subject ("на брифінгу повідомив X"), unless it is the
        # organisation as the place of speaking ("в МВД заявили")
        if b > a and (not prep or in_org and org):
            return Cue(_render(lx, toks, a, b, in_org), cue_text, k, (a, b))
    if after_start < len(toks) and (toks[after_start].text[0].isalpha() or toks[after_start].text in QUOTES):
        w = words[after_start]
        if w not in lx.np_break and (toks[after_start].text[0].isupper() or morph.pos(lx.lang, w) in ("NOUN", "ADJF", "PRTF")):
            a, b = _np_after(lx, toks, words, after_start, numbers)
            if b > a:
                return Cue(_render(lx, toks, a, b, False), cue_text, k, (a, b))
    return None


def sentence_subject(lx: Lex, toks: list[Token]) -> str | None:
    """The speaker a later pronoun may mean: a sentence opening with a claimant-like noun phrase
    ("Губернатор выступил...", "Мер міста виступив...")."""
    if not toks or not toks[0].text[:1].isupper():
        return None
    words = [t.lower for t in toks[: MAX_NP + 1]]
    a, b = _np_after(lx, toks[: MAX_NP + 1], words, 0, [])
    if b <= a or b - a > 6:
        return None
    name = _render(lx, toks, a, b, False)
    return name if kind(lx, name, strict=True) else None


def _quoted_name_before(toks: list[Token], k: int) -> int | None:
    """The start of a short capitalised name in quotes ending just before token k, if there is one."""
    if k < 3 or toks[k - 1].text not in ("»", '"', "”"):
        return None
    for m in range(k - 2, max(-1, k - 6), -1):
        if toks[m].text in ("«", '"', "“", "„"):
            inner = toks[m + 1 : k - 1]
            if (
                inner
                and len(inner) <= 3
                and inner[0].text[:1].isupper()
                and not any(t.text[0].isdigit() for t in inner)
                and (m == 0 or toks[m - 1].text not in (",", ":"))
            ):
                return m
            return None
    return None


def _known_org(lx: Lex, word: str) -> bool:
    return kind(lx, word, strict=True) is not None


def kind(lx: Lex, claimant: str | None, strict: bool = False) -> str | None:
    """government / independent / international / media / anonymous / armed_group, from the
    claimant's own words; `strict` gives None rather than the default for a name no list covers."""
    if not claimant:
        return None
    found = _kind(lx, claimant)
    return found if found or strict else lx.default_kind


@lru_cache(maxsize=4096)
def _kind(lx: Lex, claimant: str) -> str | None:
    low = " " + " ".join(morph.fold(w) for w in claimant.replace("«", " ").replace("»", " ").replace('"', " ").split()) + " "
    words = low.split()
    for name, whole, starts in lx.kinds:
        if any(f" {w} " in low for w in whole) or any(x.startswith(starts) for x in words if starts):
            return name
    return None
