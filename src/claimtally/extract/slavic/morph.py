"""Russian and Ukrainian morphology from pymorphy3 (OpenCorpora and VESUM dictionaries).

The rules list lemmas ("погибнуть", "загинути"); every inflected form is generated once from the
dictionary when a language's lexicon loads, so reading a text costs a dictionary lookup per word,
not a morphological parse (pymorphy3 parses a few thousand words a second in pure Python). A
parse is only made to turn a counted noun phrase or a claimant into the nominative, a few words
per figure, cached. The analysers load on first use, so English texts never pay for them.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from claimtally.extract.slavic.script import FOLD

EXTRA = "ru-uk"


class MorphologyMissing(RuntimeError):
    """pymorphy3 or a dictionary is not installed; the message names the extra that installs them."""


@cache
def analyzer(lang: str) -> Any:
    try:
        import pymorphy3
    except ImportError:
        raise MorphologyMissing(
            f"reading {lang} text needs pymorphy3 and its dictionaries: pip install 'claimtally[{EXTRA}]'"
        ) from None
    try:
        return pymorphy3.MorphAnalyzer(lang=lang)
    except (ValueError, OSError, ImportError) as exc:
        raise MorphologyMissing(
            f"the pymorphy3 {lang} dictionary is missing ({exc}): pip install 'claimtally[{EXTRA}]'"
        ) from None


def fold(word: str) -> str:
    return word.lower().translate(FOLD)


def forms(lang: str, lemma: str, pos: str | None = None, tag: str | None = None) -> set[str]:
    """Every inflected form of `lemma` (folded lower case); `pos` picks the reading ("NUMR" for
    "сім" the number, not the pronoun), `tag` keeps only forms with that grammeme ("plur")."""
    morph = analyzer(lang)
    parses = [p for p in morph.parse(lemma) if fold(p.normal_form) == fold(lemma)]
    same_pos_only = False
    if not parses:
        # a participle listed as a noun ("задержанный"): the dictionary files it under its verb,
        # so take the participle's own forms, not the verb's
        parses = [p for p in morph.parse(lemma) if fold(p.word) == fold(lemma) and p.tag.POS in ("PRTF", "ADJF")][:1]
        same_pos_only = True
    if pos:
        parses = [p for p in parses if pos == p.tag.POS] or parses
    out = {fold(lemma)} if tag is None else set()
    for p in parses[:1] if pos else parses[:2]:
        for f in p.lexeme:
            if (tag is None or tag in f.tag) and (
                not same_pos_only or f.tag.POS == p.tag.POS and f.tag.voice == p.tag.voice and f.tag.tense == p.tag.tense
            ):
                out.add(fold(f.word))
    return out


def gerunds(lang: str, lemma: str) -> set[str]:
    """Ukrainian past gerunds of a verb ("затримати" -> "затримавши"), which the VESUM dictionary files
    as words of their own, so they never appear among the verb's forms."""
    if lang != "uk":
        return set()
    if lemma.endswith("тися"):
        return {lemma[:-4] + "вшись"}
    if lemma.endswith("ти"):
        return {lemma[:-2] + "вши"}
    return set()


@lru_cache(maxsize=50_000)
def parses(lang: str, word: str) -> tuple[Any, ...]:
    return tuple(analyzer(lang).parse(word))


@lru_cache(maxsize=50_000)
def pos(lang: str, word: str) -> str | None:
    """The most likely part of speech of a word (pymorphy3's first reading)."""
    p = parses(lang, word.lower())
    return str(p[0].tag.POS) if p and p[0].tag.POS else None


def _pick(lang: str, word: str, cases: tuple[str, ...]) -> Any:
    """The reading of `word` in one of `cases`, common nouns before names and surnames."""
    best = None
    for p in parses(lang, word.lower()):
        if p.tag.case in cases or (not cases and p.tag.POS):
            if "Surn" in p.tag or "Name" in p.tag or "Patr" in p.tag:
                best = best or p
                continue
            return p
    return best


COORDINATORS = frozenset({"и", "і", "й", "та"})
NOMINAL = frozenset({"NOUN", "ADJF", "PRTF", "NUMR", "NPRO"})


def _abbreviation(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 or not word[:1].isalpha()


def _inflect(lang: str, p: Any, plural: bool, gender: str | None) -> str | None:
    want = {"nomn", "plur"} if plural else {"nomn"} | ({"sing"} if lang == "ru" else set())
    if gender and not plural and p.tag.POS in ("ADJF", "PRTF"):
        want.add(gender)
    if p.tag.POS == "NOUN" and "Pltm" in p.tag:
        want = {"nomn"}
    out = p.inflect(want)
    return out.word if out is not None else None


def _head_case(lang: str, words: tuple[str, ...]) -> str | None:
    """The case of the first noun ahead that the words before it can agree with ("Повітряних силах":
    locative, though "Повітряних" alone reads first as genitive)."""
    for m, w in enumerate(words):
        if not w[:1].isalpha() or _abbreviation(w):
            return None
        nouns = [p for p in parses(lang, w.lower()) if p.tag.POS == "NOUN" and p.tag.case]
        if nouns:
            for p in nouns:
                if all(any(q.tag.case == p.tag.case for q in parses(lang, x.lower())) for x in words[:m]):
                    return p.tag.case
            return nouns[0].tag.case
        if not any(p.tag.POS in NOMINAL for p in parses(lang, w.lower())):
            return None
    return None


@lru_cache(maxsize=20_000)
def to_nominative(lang: str, words: tuple[str, ...], plural: bool) -> tuple[str, ...]:
    """The leading adjectives and head noun of a phrase in the nominative (plural or singular),
    keeping what follows the head (genitive complements, names) as written; a coordinated
    second noun ("солдат и офицеров") is put in the same form.

    Words the dictionary cannot read stay as they are, so a name or an abbreviation is never mangled.
    """
    out = list(words)
    cases = ("gent", "accs", "datv", "ablt", "loct", "nomn", "gen2", "loc2")
    k = 0
    while k < len(words):
        case = _head_case(lang, words[k : k + 5])
        group: list[tuple[int, Any]] = []
        head = None
        while k < len(words):
            w = words[k]
            if _abbreviation(w):
                break
            p = _pick(lang, w, (case,) if case else cases)
            if p is None or p.tag.POS not in NOMINAL:
                break
            case = case or p.tag.case
            group.append((k, p))
            k += 1
            if p.tag.POS == "NOUN":
                head = p
                break
            if w[:1].islower() and k < len(words) and words[k][:1].isupper() and not _agrees(lang, p, words[k]):
                break  # "військових Північної Кореї": the adjective stands as the noun, a name follows
        if head is None:
            for idx, p in group:  # adjectives standing as the noun: "поранених" -> "поранені"
                new = _inflect(lang, p, plural, None if plural else "masc")
                if new is not None:
                    out[idx] = new[:1].upper() + new[1:] if words[idx][:1].isupper() else new
            break
        number = plural or ("plur" in head.tag and "Pltm" not in head.tag)  # "у Повітряних силах" -> "Повітряні сили"
        for idx, p in group:
            new = _inflect(lang, p, number, head.tag.gender)
            if new is not None:
                out[idx] = new[:1].upper() + new[1:] if words[idx][:1].isupper() else new
        if "Name" in head.tag and k < len(words):
            sur = _pick(lang, words[k], (head.tag.case,))
            if sur is not None and ("Surn" in sur.tag or "Name" in sur.tag or "Patr" in sur.tag):
                new = _inflect(lang, sur, False, head.tag.gender)
                if new is not None:
                    out[k] = new[:1].upper() + new[1:]
                k += 1
        if head.tag.case != "nomn":
            _apposition(lang, words, out, k, head)
        if k + 1 < len(words) and words[k].lower() in COORDINATORS:
            k += 1
            continue
        break
    return tuple(out)


def _agrees(lang: str, adj: Any, word: str) -> bool:
    """True when a capitalised word after an adjective is the noun it agrees with ("офіційного
    Києва": official Kyiv), not a name of its own ("військових Північної Кореї")."""
    for q in parses(lang, word.lower()):
        same = q.tag.POS == "NOUN" and q.tag.case == adj.tag.case and q.tag.number == adj.tag.number
        if same and (adj.tag.number == "plur" or not adj.tag.gender or q.tag.gender == adj.tag.gender):
            return True
    return False


@cache
def _relational(lang: str) -> frozenset[str]:
    import json
    from importlib import resources

    raw = resources.files("claimtally.extract").joinpath("data", lang, "cues.json").read_text(encoding="utf-8")
    return frozenset(json.loads(raw).get("relational_heads", ()))


def _apposition(lang: str, words: tuple[str, ...], out: list[str], start: int, head: Any) -> None:
    """A person's name in apposition to the head, in the head's case, in the nominative too
    ("шерифа округа Харрис Эда Гонзалеса" -> "... Эд Гонзалес", "експерта Олександра Коваленка"
    -> "експерт Олександр Коваленко"). A name right after a relational head is its complement
    ("пресс-секретаря Владимира Путина") unless a second name follows."""
    case = head.tag.case
    pairs: list[int] = []
    j = start
    while j + 1 < len(words):
        first = _pick(lang, words[j], (case,)) if words[j][:1].isupper() else None
        last = _pick(lang, words[j + 1], (case,)) if first is not None and words[j + 1][:1].isupper() else None
        if first is not None and last is not None and "Name" in first.tag and last.tag.POS == "NOUN":
            pairs.append(j)
            j += 2
        else:
            j += 1
    if not pairs or (len(pairs) == 1 and pairs[0] == start and head.normal_form in _relational(lang)):
        return
    j = pairs[-1]
    first = _pick(lang, words[j], (case,))
    for idx, p in ((j, first), (j + 1, _pick(lang, words[j + 1], (case,)))):
        new = _inflect(lang, p, False, first.tag.gender)
        if new is not None:
            out[idx] = new[:1].upper() + new[1:]


def render(lang: str, tokens: list[Any], plural: bool | None, overrides: dict[str, str] | None = None) -> str:
    """Tokens as written, or with their leading phrase in the nominative (`plural` True/False; None
    keeps them as they are). Tokens run together by hyphens ("пресс", "-", "службе") are one word,
    and the spacing of the text is kept."""
    words: list[str] = []
    spaced: list[bool] = []
    for k, t in enumerate(tokens):
        glued = k and t.start == tokens[k - 1].end and (t.text == "-" or tokens[k - 1].text == "-")
        if glued and words:
            words[-1] += t.text
        else:
            words.append(t.text)
            spaced.append(k > 0 and t.start > tokens[k - 1].end)
    if plural is not None:
        inflected = to_nominative(lang, tuple(words), plural)
        if overrides and plural:
            inflected = tuple(overrides.get(w.lower(), n) for w, n in zip(words, inflected, strict=True))
        words = list(inflected)
    return "".join((" " if gap else "") + w for w, gap in zip(words, spaced, strict=True))
