"""Who asserts a figure (spec section 5): claimant, its kind, and the cue words.

Per sentence we find attribution cues — verbs with their subject before ("the ministry said")
or after ("said the governor"), "according to X", nested sources ("citing X", which win), and
passives ("is said to") — and give each figure the nearest cue whose scope covers it.
Pronouns and short definite descriptions ("it", "they", "the official") resolve to the nearest
earlier claimant that fits. A sentence with no cue can take its claimant from the next sentence
when that one only comments on it ("... Human Rights Watch said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimtally.extract import lexicon
from claimtally.extract.text import Token, capitalised_words

QUOTES_OPEN = frozenset({"“", '"', "‘"})
AUXILIARY_VERBS = frozenset({"has", "have", "had", "will", "would", "could", "can", "may", "might", "must", "should",
                             "did", "does", "do"})
FUNCTION_WORDS = frozenset({"in", "as", "by", "the", "of", "to", "a", "an"})
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that", "new", "latest", "annual", "final"})
NAME_PUNCTUATION = frozenset({".", "-", "’", "'", "&", "/", "#", "@"})
QUOTES_CLOSE = frozenset({"”", '"', "’"})
MAX_NP = 14
DATA_VERBS = frozenset({"show", "shows", "showed", "suggest", "suggests", "suggested", "indicate", "indicates"})
DATA_SOURCES = frozenset({"data", "figures", "statistics", "records", "numbers", "count", "tally", "survey", "census"})
CONTINUING_CUES = frozenset({"adding", "saying", "noting", "claiming", "stating", "citing"})
LEADING_PREPOSITIONS = frozenset({"with", "to", "by", "from", "in", "on", "at", "for", "of", "and"})
COLON_CLAIMANT_MAX = 4


@dataclass(slots=True)
class Cue:
    claimant: str | None
    cue: str | None
    verb_at: int  # token index of the cue word
    np: tuple[int, int]  # token span of the claimant phrase
    scope: tuple[int, int]  # token span of the figures it covers
    nested: bool = False
    resolved: str | None = None  # the claimant with pronouns resolved, once the pipeline knows it


@dataclass(frozen=True, slots=True)
class _ALex:
    verbs: frozenset[str]
    preps: dict[tuple[str, ...], str]
    nested: frozenset[str]
    passive: dict[tuple[str, ...], str]
    skip: frozenset[str]
    time_lead: frozenset[str]
    np_break: frozenset[str]
    pronouns: dict[str, str]
    backrefs: dict[tuple[str, ...], str]
    object_verbs: frozenset[str]
    count_objects: frozenset[str]
    noun_like: frozenset[str]
    count_nouns: frozenset[str]
    data_nouns: frozenset[str]  #: what a source publishes, which keeps its source: 'data from X'
    verb_followers: frozenset[str]
    kinds: list[tuple[str, re.Pattern[str]]]
    default_kind: str
    agent_words: frozenset[str]
    org_heads: frozenset[str]
    person_titles: frozenset[str]
    plural_heads: frozenset[str]
    definite_org_heads: frozenset[str]
    not_claim_objects: lexicon.PhraseIndex
    person_nouns: frozenset[str]
    not_claimants: frozenset[str]
    kind_neutral: re.Pattern[str]
    claim_verbs: frozenset[str]
    event_nouns: frozenset[str]


@cache
def _lex() -> _ALex:
    cues = lexicon.load("cues")
    cl = lexicon.load("claimants")
    kinds = []
    for kind in cl["order"]:
        words = sorted(cl["kinds"][kind], key=len, reverse=True)
        pattern = r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])"
        kinds.append((kind, re.compile(pattern)))
    return _ALex(
        verbs=frozenset(lexicon.expand_all(cues["verbs"])),
        preps=lexicon.phrases(cues["prepositional"]),
        nested=frozenset(cues["nested"]),
        passive=lexicon.phrases(cues["passive"]),
        skip=frozenset(cues["skip"]),
        time_lead=frozenset(cues.get("time_lead", ())),
        np_break=frozenset(cues["np_break"]),
        pronouns=cues["pronouns"],
        backrefs=lexicon.phrases(cues["backrefs"]),
        kinds=kinds,
        object_verbs=frozenset(cues.get("object_verbs", [])),
        count_objects=frozenset(cues.get("count_objects", [])),
        noun_like=frozenset(cues.get("noun_like", [])),
        count_nouns=frozenset(cues.get("count_nouns", [])),
        data_nouns=frozenset(cues.get("count_nouns", [])) | frozenset(cues.get("source_nouns", [])),
        verb_followers=frozenset(cues.get("verb_followers", [])),
        default_kind=cl["default_kind"],
        agent_words=frozenset(cl["agent_words"]),
        org_heads=frozenset(cl["org_heads"]),
        person_titles=frozenset(cl["person_titles"]),
        plural_heads=frozenset(cl["plural_heads"]),
        definite_org_heads=frozenset(cl.get("definite_org_heads", [])),
        not_claim_objects=lexicon.phrases(cues["not_claim_objects"]),
        not_claimants=frozenset(cl["not_claimants"]),
        kind_neutral=re.compile(cl["kind_neutral"]),
        claim_verbs=frozenset(lexicon.expand_all(["~claim"])),
        event_nouns=frozenset(cues["event_nouns"]),
        person_nouns=frozenset(w.lower() for w in lexicon.load("wordclasses")["person_nouns"] if w.endswith("s")),
    )


def claimant_kind(claimant: str | None) -> str | None:
    """government / independent / international / media / anonymous / armed_group, from the claimant's own words."""
    if not claimant:
        return None
    lx = _lex()
    low = lx.kind_neutral.sub(" ", claimant.lower().replace("’", "'"))
    for kind, pattern in lx.kinds:
        if pattern.search(low):
            return kind
    if re.sub(r"^the\s+", "", low.strip().rstrip(".")) in _countries():
        return "government"  # a state speaking as such: "Israel says"
    return lx.default_kind


@cache
def _countries() -> frozenset[str]:
    return frozenset(lexicon.load("grammar")["demonyms"])


def _span_text(toks: list[Token], sentence: str, offset: int, a: int, b: int) -> str:
    return sentence[toks[a].start - offset : toks[b - 1].end - offset] if b > a else ""


COUNT_TAIL = re.compile(r"(?:['’]s|s['’])\s+(?:count|tally|figures?|estimates?|data|tallies|toll|numbers|statistics)$", re.I)


TIME_TAIL = re.compile(
    r"\s+(?:on\s+)?(?:(?:last\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|today|earlier|later)$", re.I
)


def clean_claimant(text: str) -> str:
    """'The group's figures' (show) -> 'The group'; 'Amnesty International on Tuesday' -> 'Amnesty International'."""
    return TIME_TAIL.sub("", COUNT_TAIL.sub("", text)).strip()


PARTITIVE_HEADS = frozenset({"most", "many", "some", "all", "none", "few", "several", "one", "each", "majority", "half"})
HEAD_PREPOSITIONS = frozenset({"of", "at", "in", "on", "from", "for", "with", "near", "inside", "outside"})


def _np_head(toks: list[Token], a: int, b: int) -> int:
    """The head of a claimant phrase: 'The FDNY Chief at the scene' -> Chief; 'Most of the casualties' -> casualties."""
    if b - a > 2 and toks[a].lower in PARTITIVE_HEADS and toks[a + 1].lower == "of":
        return b - 1
    for k in range(a + 1, b):
        if toks[k].lower in HEAD_PREPOSITIONS:
            return k - 1
    return b - 1


def _looks_like_agent(toks: list[Token], a: int, b: int) -> bool:
    lx = _lex()
    if b > a and toks[_np_head(toks, a, b)].lower in lx.not_claimants:
        return False  # "Shocking footage showed ...", "Most of the civilian casualties ...": no one asserts
    return any(
        t.text[0].isupper()
        and t.lower not in ("the", "a", "an")
        or t.lower in lx.agent_words
        or t.lower in lx.person_titles
        or t.lower in lx.org_heads
        for t in toks[a:b]
    )


def _np_before(toks: list[Token], k: int) -> tuple[int, int]:
    """The claimant phrase ending just before token k (time words between are skipped)."""
    lx = _lex()
    if k > 0 and toks[k - 1].lower in ("being", "been", "be"):
        return (k, k)  # "deaths being announced by the ministry": the phrase before a passive asserts nothing
    end = _skip_relative_clause(toks, k)
    while end > 0 and toks[end - 1].lower in lx.skip and end - 1 > 0:
        prev = toks[end - 1]
        if prev.text in (",", ".") and not _date_context(toks, end - 1):
            break
        end -= 1
    while end > 0 and toks[end - 1].text[0].isdigit():
        end -= 1
        while end > 0 and toks[end - 1].lower in lx.skip:
            end -= 1
    start = end
    while start > 0 and end - start < MAX_NP:
        t = toks[start - 1]
        w = t.lower
        if w == "who" and start > 1 and toks[start - 2].text[0].isalpha() and toks[start - 2].lower not in lx.np_break:
            start -= 1  # "an official who asked not to be named said": keep the clause with its noun
            continue
        noun_here = w in lx.noun_like and start >= 2 and (
            _possessive(toks[start - 2].text) or toks[start - 2].lower in DETERMINERS
        )  # "TNO's report said", "the latest report said": a noun, not an earlier cue verb
        if w in lx.np_break or t.text in QUOTES_CLOSE or t.text in QUOTES_OPEN or (w in lx.verbs and not noun_here):
            break
        if start < end and toks[start].start - t.end > 1:
            break  # a gap left by a stripped dash: 'KHARKIV, Ukraine  Associated Press journalists'
        if not t.text[0].isalnum() and t.text not in NAME_PUNCTUATION:
            break
        if t.text == "-" and start >= 2 and toks[start - 2].text == "-":
            break  # a double-hyphen dash
        joined = toks[start].start == t.end and start >= 2 and toks[start - 2].end == t.start
        abbreviation = start >= 2 and len(toks[start - 2].text) <= 4 and toks[start - 2].text[0].isalpha()
        if t.text == "." and not joined and not abbreviation:
            break
        start -= 1
    while start < end and (not toks[start].text[0].isalnum() or toks[start].lower in LEADING_PREPOSITIONS):
        start += 1
    while end - start > 1 and toks[start].lower in lx.time_lead:
        start += 1  # "Last week police revealed", "On Monday police said": a time, then the speaker
    start = _name_after_words(toks, start, end)
    if start < end and toks[start].text[:1].isdigit():
        return (end, end)  # "over 241K confirmed cases": a number is no speaker
    if end - start > 1 and toks[end - 1].lower in lx.pronouns:
        start = end - 1  # "In December and January they claimed": the pronoun is the subject
    return (start, end)


def _name_after_words(toks: list[Token], start: int, end: int) -> int:
    """"... his decision on her death Attorney General Daniel Cameron said": a run of capitalised
    words that ends the phrase after a lower-case word that is no title is the speaker's name."""
    lx = _lex()
    k = end
    while k > start and toks[k - 1].text[:1].isupper():
        k -= 1
    if end - k >= 2 and k - start >= 2 and toks[k - 1].text[:1].islower() and toks[k - 1].lower not in lx.person_titles \
            and toks[k - 1].lower not in ("of", "for", "and", "the", "at", "in", "on", "to"):
        return k
    return start


def _appositive_name(toks: list[Token], a: int, b: int) -> bool:
    """A name or title between two commas ('deputy police chief Abdul Razaq Qaderi'), not a clause
    ('likewise speaking on condition of anonymity')."""
    lx = _lex()
    if b <= a or not _looks_like_agent(toks, a, b):
        return False
    first = toks[a]
    if not (first.text[:1].isupper() or first.lower in lx.person_titles or first.lower in lx.agent_words):
        return False
    return not any(t.lower.endswith(("ing", "ly")) or t.lower in lx.verbs for t in toks[a:b])


def _aside_word(word: str) -> bool:
    return word.endswith(("ly", "ing")) or word in ("likewise", "also", "however", "meanwhile", "too", "though")


def _skip_relative_clause(toks: list[Token], k: int) -> int:
    """'A senior official, who asked not to be named, said' / 'Civic Shield, a rights group, said':
    the claimant stands before the relative clause or appositive."""
    if k < 2 or toks[k - 1].text != ",":
        return k
    lx = _lex()
    for r in range(k - 2, max(0, k - 16), -1):
        if toks[r].lower in ("who", "which", "a", "an", "the") and r > 0 and toks[r - 1].text == ",":
            return r - 1
        # "Ales Bialiatski, head of the Viasna human rights organisation, said": an appositive after a name
        if (
            r > 1
            and toks[r - 1].text == ","
            and toks[r - 2].text[:1].isupper()
            and (toks[r].lower in lx.person_titles or toks[r].lower in lx.agent_words)
        ):
            return r - 1
        if toks[r].text == "," and r > 0 and _appositive_name(toks, r + 1, k - 1):
            # "Another provincial official, deputy police chief Abdul Razaq Qaderi, said": the name between the commas
            return k - 1
        if toks[r].text == "," and r > 0 and r + 1 < k - 1 and any(_aside_word(t.lower) for t in toks[r + 1 : r + 3]):
            # "A European official, likewise speaking on condition of anonymity, said": the phrase before the aside
            return r
        if toks[r].text in (",", ".", ";") or toks[r].text in QUOTES_CLOSE:
            break
    return k


def _date_context(toks: list[Token], k: int) -> bool:
    """A comma or dot inside a date ('on Wednesday, April 20, 2022 put')."""
    return k > 0 and (toks[k - 1].text[0].isdigit() or toks[k - 1].lower in _lex().skip) and toks[k - 1].text not in (",",)


def _np_after(toks: list[Token], k: int) -> tuple[int, int]:
    lx = _lex()
    start = k
    if k < len(toks) and toks[k].lower in lx.np_break:
        return (k, k)
    end = start
    while end < len(toks) and end - start < MAX_NP:
        t = toks[end]
        if (
            t.lower == "and"
            and end > start
            and end + 1 < len(toks)
            and toks[end + 1].text[:1].isupper()
            and toks[end - 1].text[:1].isupper()
        ):
            end += 1  # one name: "the Armed Conflict Location and Event Data Project"
            continue
        if (
            t.lower in ("from", "by")
            and end > start
            and toks[end - 1].lower in lx.data_nouns
            and end + 1 < len(toks)
            and (toks[end + 1].text[:1].isupper() or toks[end + 1].lower == "the")
        ):
            end += 1  # "according to data from the Centers for Disease Control": the source goes with its data
            continue
        if t.lower in lx.np_break and end > start:
            break
        if not t.text[0].isalnum() and t.text not in NAME_PUNCTUATION:
            break
        if t.text == "-" and end + 1 < len(toks) and toks[end + 1].text == "-":
            break  # "Human Rights Watch--including ...": a dash, not a hyphen
        joined = end + 1 < len(toks) and toks[end + 1].start == t.end and toks[end - 1].end == t.start
        if t.text == "." and not joined and (
            end + 1 >= len(toks) or not toks[end + 1].text[0].isalpha() or len(toks[end - 1].text) > 4
        ):
            break  # a full stop, not "U.N." or "Fergana.ru"
        end += 1
    return (start, end)


@cache
def cue_words() -> frozenset[str]:
    """Lower-case words without which a sentence holds no attribution cue."""
    lx = _lex()
    # a phrase's most telling word ("according", "words", "reported"), not "in" or "as", which most sentences hold
    telling = {max((w for w in k if w not in FUNCTION_WORDS), key=len, default=k[0]) for k in lx.preps}
    return frozenset(set(lx.verbs) | telling | {k[-1] for k in lx.passive} | lx.count_nouns | {":"})


def find_cues(toks: list[Token], sentence: str, offset: int, numbers: list[tuple[int, int]]) -> list[Cue]:
    """Attribution cues in a sentence; `numbers` are the token spans of its candidate figures."""
    lx = _lex()
    words = [t.lower for t in toks]
    n = len(toks)
    cues: list[Cue] = []

    def overlaps_number(a: int, b: int) -> bool:
        return any(s < b and a < e for s, e in numbers)

    k = 0
    starts = lx.preps.firsts | lx.passive.firsts | lx.verbs | lx.count_nouns | CONTINUING_CUES
    upper, alpha = capitalised_words(toks)
    title_case = bool(alpha) and upper > alpha / 2  # a headline
    while k < n:
        if words[k] not in starts:
            k += 1
            continue
        if k > 0 and toks[k].text[:1].isupper() and toks[k - 1].text[:1].isupper() and toks[k - 1].text[:1].isalpha() \
                and not title_case:
            k += 1  # "the 2020 Mayor's Management Report": a word of a name, not the verb "report"
            continue
        if words[k] in lx.count_nouns and k > 0 and _possessive(toks[k - 1].text):
            # "in the monitor's count", "the group's figures show"
            a, b = _np_before(toks, k)
            if b > a and not overlaps_number(a, b):
                text = _span_text(toks, sentence, offset, a, b)
                text = re.sub(r"(?:['’]s|s['’])$", "", text)
                cues.append(Cue(text, None, k, (a, k + 1), (0, n)))
                k += 1
                continue
        prep = lexicon.longest_match(lx.preps, words, k, 4)
        if prep:
            a, b = _np_after(toks, k + prep[0])
            if b > a and not overlaps_number(a, b) and _looks_like_agent(toks, a, b):
                cue_text = _span_text(toks, sentence, offset, k, k + prep[0])
                cues.append(
                    Cue(_span_text(toks, sentence, offset, a, b), cue_text, k, (a, b), (0, n), nested=words[k] in lx.nested)
                )
                k = b  # "according to UNHCR's Global Trends report,": no cue verb inside the source's own name
                continue
            k += prep[0]
            continue
        passive = lexicon.longest_match(lx.passive, words, k, 3)
        if passive:
            cues.append(Cue(None, _span_text(toks, sentence, offset, k, k + passive[0]), k, (k, k), (k, n)))
            k += passive[0]
            continue
        takes_object = (
            words[k] in lx.object_verbs
            and k + 1 < n
            and toks[k + 1].text[0].isalnum()
            and words[k + 1] != "that"
            and not any(w in lx.count_objects for w in words[k + 1 : k + 5])
        )
        nounish = words[k] in lx.noun_like and not (
            k + 1 >= n  # "..., rights groups estimate."
            or words[k + 1] in lx.verb_followers
            or words[k + 1] in (".", ";", "!")
            or toks[k + 1].text[0].isdigit()
            or toks[k + 1].text[0].isupper()
        )
        claims_other = k + 1 < n and (
            lexicon.longest_match(lx.not_claim_objects, words, k + 1, 2) is not None
            or (words[k] in lx.claim_verbs and _claims_an_event(words, k + 1))
        )
        if (
            words[k] in lx.verbs
            and not takes_object
            and not nounish
            and not claims_other
            and not (k > 0 and words[k - 1] in ("to", "the", "a", "an", "not"))
        ):
            cue = _verb_cue(toks, sentence, offset, k, overlaps_number)
            if cue:
                cues.append(cue)
        if (
            words[k] in lx.verbs
            and k > 0
            and words[k - 1] in ("and", "but")
            and not any(c.verb_at == k for c in cues)
            and not (k > 1 and words[k - 2] in ("to", "not"))
        ):
            # "Local officials reported the death toll and said 10 were injured", "Azerbaijan has not disclosed
            # its casualties, but says 26 civilians were killed": the sentence's subject goes on speaking
            prev = cues[-1] if cues and cues[-1].claimant and cues[-1].verb_at < k else None
            subject = prev.claimant if prev else sentence_subject(toks[:k], sentence, offset)
            if subject:
                cues.append(Cue(subject, toks[k].text, k, prev.np if prev else (0, 0), (k, n)))
        if (
            words[k] in CONTINUING_CUES
            and k > 0
            and toks[k - 1].text == ","
            and cues
            and cues[-1].claimant
            and cues[-1].verb_at < k
        ):
            # "..., the air force said, adding that 30 missiles were shot down": the same speaker goes on
            prev = cues[-1]
            cues.append(Cue(prev.claimant, toks[k].text, k, prev.np, (k, n)))
        k += 1
    if not cues:
        colon = _headline_claimant(toks, sentence, offset)
        if colon:
            cues.append(colon)
    return cues


def _claims_an_event(words: list[str], k: int) -> bool:
    """'Islamic State claims Aden suicide car bombing that kills seven': a claim of an attack, not of a count."""
    lx = _lex()
    for m in range(k, min(k + 5, len(words))):
        if words[m] in lx.event_nouns:
            return True
        if not words[m].isalpha():
            return False
    return False


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s", "s'", "s’"))


def _headline_claimant(toks: list[Token], sentence: str, offset: int) -> Cue | None:
    """'Ten dead in market shelling: governor' — a short source after a headline's final colon."""
    for k in range(len(toks) - 2, 0, -1):
        if toks[k].text == ":":
            a, b = k + 1, len(toks)
            while b > a and not toks[b - 1].text[0].isalnum():
                b -= 1
            if 0 < b - a <= COLON_CLAIMANT_MAX and _looks_like_agent(toks, a, b):
                return Cue(_span_text(toks, sentence, offset, a, b), None, k, (a, b), (0, k))
            return None
    return None


def _verb_cue(toks, sentence, offset, k, overlaps_number) -> Cue | None:  # noqa: ANN001
    _lex()
    n = len(toks)
    a, b = _np_before(toks, k)
    after_quote = a > 0 and toks[a - 1].text in (",",) and a > 1 and toks[a - 2].text in QUOTES_CLOSE
    if b > a and not overlaps_number(a, b) and _looks_like_agent(toks, a, b):
        text = clean_claimant(_span_text(toks, sentence, offset, a, b))
        # ", X said." closes the sentence: its scope is what came before
        tail = k + 1 >= n or all(not t.text[0].isalnum() for t in toks[k + 1 : k + 2])
        if a > 0 and toks[a - 1].text == "," and k + 1 < n and toks[k + 1].text == "," and not after_quote:
            scope = (0, n)  # "That year, the GTI said, Boko Haram was responsible for 6,644 deaths"
        elif (
            a > 0
            and toks[a - 1].text == ","
            and (tail or toks[k + 1].text == ",")
            or after_quote
            or (toks[a - 1].text in QUOTES_CLOSE if a > 0 else False)
        ):
            scope = (0, a)
        else:
            scope = (k, _relative_clause_end(toks, k))
            if a > 0:
                scope = (0, scope[1]) if toks[a - 1].text == "," else scope
        # a named data source "shows" rather than claims: "Federal data show 19,000 ..." has no cue word (hard cases)
        cue_word = None if toks[k].lower in DATA_VERBS and head_word(text) in DATA_SOURCES else toks[k].text
        return Cue(text, cue_word, k, (a, b), scope)
    # inverted: "..., said the governor" / '"...," said Fyodor Bondarenko'
    if k > 0 and (toks[k - 1].text in (",",) or toks[k - 1].text in QUOTES_CLOSE):
        a, b = _np_after(toks, k + 1)
        if b > a and not overlaps_number(a, b) and _looks_like_agent(toks, a, b):
            # "It was like a movie, says Hassid, the last to leave, two shells exploding": the speaker's
            # account goes on after a parenthetical cue
            goes_on = toks[k - 1].text == "," and b < n and toks[b].text == ","
            name = clean_claimant(_span_text(toks, sentence, offset, a, b))
            return Cue(name, toks[k].text, k, (a, b), (0, n if goes_on else k))
    return None


def _relative_clause_end(toks: list[Token], k: int) -> int:
    """Where the claim's complement ends: before ', which ...' (the outlet's own background)."""
    for m in range(k + 1, len(toks) - 1):
        if toks[m].text == "," and toks[m + 1].lower in ("which", "whose"):
            return m
    return len(toks)


def pronoun_class(claimant: str) -> str | None:
    """'org', 'plural' or 'person' for pronouns and bare definite descriptions, else None."""
    lx = _lex()
    low = claimant.lower().strip()
    if low in lx.pronouns:
        return lx.pronouns[low]
    return None


def head_word(claimant: str) -> str:
    words = re.findall(r"[\w.’']+", claimant.lower())
    return words[-1] if words else ""


def is_definite_description(claimant: str) -> bool:
    """'the official', 'the ministry', 'the agency': short, lower-case, needs an antecedent."""
    words = claimant.split()
    return 1 < len(words) <= 3 and words[0].lower() == "the" and all(w.islower() for w in words[1:])


def resolve(claimant: str, history: list[str]) -> str | None:
    """Resolve a pronoun or definite description against earlier claimants (most recent first)."""
    lx = _lex()
    cls = pronoun_class(claimant)
    if cls is not None:
        for prev in reversed(history):
            if pronoun_class(prev) is not None:
                continue
            head = head_word(prev)
            if cls == "org" and (
                head in lx.org_heads
                or prev.isupper()
                or (prev[:1].isupper() and head not in lx.person_titles and head not in lx.plural_heads)
            ):
                return prev
            if cls == "plural" and (head in lx.plural_heads or head.endswith("s") and head not in lx.org_heads):
                return prev
            if cls == "person" and (
                head in lx.person_titles
                or prev.split()[-1][:1].isupper()
                and head not in lx.org_heads
                and head not in lx.plural_heads
            ):
                return prev
        return None
    if is_definite_description(claimant):
        head = head_word(claimant)
        for prev in reversed(history):
            if head_word(prev) == head and len(prev.split()) > len(claimant.split()):
                return prev
        if head in lx.definite_org_heads:
            for prev in reversed(history[-3:]):
                if _is_org(prev):
                    return prev
    return claimant


def _is_org(claimant: str) -> bool:
    lx = _lex()
    head = head_word(claimant)
    return head in lx.org_heads or (
        claimant[:1].isupper()
        and head not in lx.person_titles
        and head not in lx.plural_heads
        and len(claimant.split()) <= 3
        and not is_definite_description(claimant)
    )


#: Endings of plural agent nouns no word list knows ("drone operators", "machine-gunners"); only
#: after a modifier, so a bare "Lasers ..." opening a sentence is not taken for people.
AGENT_SUFFIXES = ("ors", "ers", "ists", "ians")


def sentence_subject(toks: list[Token], sentence: str, offset: int) -> str | None:
    """The noun phrase a sentence opens with, when it names a possible claimant ('The defence ministry
    issued a statement.'), so a later 'It said' can refer to it even though no cue introduced it."""
    lx = _lex()
    end = 0
    while end < min(len(toks), MAX_NP):
        w = toks[end].lower
        if end > 0 and toks[end - 1].lower in lx.agent_words and toks[end].text[:1].islower() and w not in lx.agent_words:
            break  # the phrase ends after its head: "Rights activists | held a news conference"
        if (
            w in lx.np_break
            or w in lx.verbs
            or w in AUXILIARY_VERBS
            or (w.endswith("ed") and end > 0)
            or not toks[end].text[0].isalnum()
            and toks[end].text not in (".", "-", "’", "'", "&")
        ):
            break
        end += 1
    start = 0
    while end - start > 1 and (toks[start].lower in lx.time_lead or toks[start].lower in LEADING_PREPOSITIONS):
        start += 1  # "On Tuesday the first images ...": the time is no part of the subject
    if (
        end
        and (
            any(
                (t.lower in lx.agent_words or (k > 0 and t.text[:1].isupper())) and t.lower not in lx.pronouns
                for k, t in enumerate(toks[:end])
            )
            or toks[end - 1].lower in lx.person_nouns  # "Drone operators are central to the army."
            or (end > 1 and toks[end - 1].lower.endswith(AGENT_SUFFIXES) and len(toks[end - 1].text) > 5)
            or _span_text(toks, sentence, offset, 0, end).lower() in _countries()  # "Azerbaijan has not disclosed"
        )
        and pronoun_class(_span_text(toks, sentence, offset, start, end)) is None
        and toks[_np_head(toks, start, end)].lower not in lx.not_claimants  # "the first images emerged"
    ):
        return _span_text(toks, sentence, offset, start, end)
    return None


def refers_back(toks: list[Token], within: int = 6) -> bool:
    """Does the sentence open by pointing back ('Some of those killed ...', 'Shevchuck fears they're ...')?"""
    lx = _lex()
    words = [t.lower for t in toks]
    return any(lexicon.longest_match(lx.backrefs, words, i, 3) for i in range(min(within, len(words))))
