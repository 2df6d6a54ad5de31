"""Finding number expressions in a sentence and turning their wording into bounds (spec section 3).

Input is a sentence's tokens; output is `NumberExpr` spans with value/low/high/approx and the
qualifier words. Whether a number counts anything in the metric taxonomy is decided later
(`metrics`); this module only rules out numbers that are plainly not counts: years, dates,
times, ages, durations, money, percentages, ordinals and numbers inside names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimtally.extract import lexicon
from claimtally.extract.text import Token, capitalised_words

DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
MAX_DIGITS = 13  # no count of people or things reaches ten trillion; longer runs are ids or noise
MAX_PER_SENTENCE = 40


@dataclass(slots=True)
class NumberExpr:
    i: int  # first token (qualifier included)
    j: int  # one past the last token
    core_i: int  # first token of the number itself
    value: float | None
    low: float | None
    high: float | None
    approx: bool
    qualifier: str | None
    kind: str  # exact | vague | range | zero


@dataclass(frozen=True, slots=True)
class _Lex:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    dozens: dict[str, int]
    vague: lexicon.PhraseIndex
    low_q: dict[tuple[str, ...], str]
    high_q: dict[tuple[str, ...], str]
    approx_q: dict[tuple[str, ...], str]
    approx_high: frozenset[str]
    suffix_low: dict[tuple[str, ...], str]
    suffix_approx: dict[tuple[str, ...], str]
    after: frozenset[str]
    before: frozenset[str]
    months: frozenset[str]
    one_determiners: frozenset[str]
    kin: frozenset[str]
    measure_of: frozenset[str]
    particles: frozenset[str]
    particle_verbs: frozenset[str]


@cache
def _lex() -> _Lex:
    n = lexicon.load("numbers")
    x = lexicon.load("exclusions")
    q = n["qualifiers"]
    return _Lex(
        units=n["units"],
        tens=n["tens"],
        scales=n["scales"],
        dozens=n["dozens"],
        vague=lexicon.PhraseIndex({tuple(k.split()): tuple(v) for k, v in n["vague"].items()}),
        low_q=lexicon.phrases(q["low"]),
        high_q=lexicon.phrases(q["high"]),
        approx_q=lexicon.phrases(q["approx"]),
        approx_high=frozenset(q["approx_high"]),
        suffix_low=lexicon.phrases(q["suffix_low"]),
        suffix_approx=lexicon.phrases(q["suffix_approx"]),
        after=frozenset(x["after"]),
        before=frozenset(x["before"]),
        months=frozenset(x["months"]),
        one_determiners=frozenset(x["one_determiners"]),
        kin=frozenset(x.get("kin", ())),
        measure_of=frozenset(x.get("measure_of", ())),
        particles=frozenset(x["particles"]),
        particle_verbs=frozenset(lexicon.expand_all(x["particle_verbs"])),
    )


def _num(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def _parse_digits(tok: Token) -> float | None:
    if sum(c.isdigit() for c in tok.text) > MAX_DIGITS:
        return None  # a digit run this long is an identifier or noise, not a count
    m = DIGITS_RE.fullmatch(tok.text)
    if not m:
        return None
    return float(tok.text.replace(",", ""))


def _word_number(words: list[str], i: int) -> tuple[int, float] | None:
    """Parse spelled-out numbers ("one hundred and twenty", "twenty-one", "two dozen")."""
    lx = _lex()
    total, current, k, seen = 0, 0, i, False
    while k < len(words):
        w = words[k]
        if w in lx.units and current % 100 == 0 and (current % 10 == 0):
            if current % 100 and current % 100 >= 10:
                break
            current += lx.units[w]
        elif w in lx.tens and current % 100 == 0:
            current += lx.tens[w]
            if k + 2 < len(words) and words[k + 1] == "-" and words[k + 2] in lx.units and lx.units[words[k + 2]] < 10:
                current += lx.units[words[k + 2]]
                k += 2
        elif w == "hundred" and seen and current % 100 and current < 100:
            current *= 100
        elif w in ("thousand", "million", "billion") and seen:
            total += max(current, 1) * lx.scales[w]
            current = 0
        elif (
            w == "and"
            and seen
            and (total or current >= 100)
            and k + 1 < len(words)
            and (words[k + 1] in lx.units or words[k + 1] in lx.tens)
        ):
            pass
        else:
            break
        seen = True
        k += 1
    if not seen:
        return None
    return k - i, float(total + current)


class _Core:
    __slots__ = ("j", "value", "low", "high", "kind")

    def __init__(self, j: int, value: float | None, low: float | None, high: float | None, kind: str) -> None:
        self.j, self.value, self.low, self.high, self.kind = j, value, low, high, kind


def _exact(j: int, value: float) -> _Core:
    return _Core(j, value, value, value, "exact")


def _core(toks: list[Token], words: list[str], i: int) -> _Core | None:
    """The number starting at token i, without qualifiers: digits, words, dozens or a vague amount."""
    lx = _lex()
    w = words[i]
    vague = lexicon.longest_match(lx.vague, words, i, 4)
    if vague and not (words[i] == "a" and vague[0] == 1):
        n, (lo, hi) = vague
        if not (i + n < len(words) and words[i + n] in lx.scales and words[i + n] != "k"):
            return _Core(i + n, None, float(lo), float(hi), "vague")
    value: float | None = None
    j = i
    if toks[i].text[0].isdigit():
        value = _parse_digits(toks[i])
        if value is None:
            return None
        j = i + 1
        # "13 500": a space-separated thousands group
        if (
            j < len(toks)
            and len(toks[i].text) <= 3
            and toks[i].text.isdigit()
            and len(toks[j].text) == 3
            and toks[j].text.isdigit()
            and toks[j].start == toks[i].end + 1
        ):
            value = value * 1000 + float(toks[j].text)
            j += 1
    elif w == "a" and i + 1 < len(words) and words[i + 1] == "couple" and not _couple_is_noun(words, i + 2):
        # "a couple" 2, "a couple (of) hundred" 200: approximate (spec section 3)
        j = i + 2 + (1 if i + 2 < len(words) and words[i + 2] == "of" else 0)
        if j < len(words) and words[j] in ("hundred", "thousand", "million", "dozen"):
            return _Core(j + 1, 2.0 * (lx.scales.get(words[j]) or lx.dozens[words[j]]), None, None, "approx")
        return _Core(i + 2, 2.0, None, None, "approx")
    elif w in ("a", "an", "one", "half") and i + 1 < len(words):
        nxt = words[i + 1]
        if w == "half" and nxt in ("a", "-") and i + 2 < len(words) and words[i + 2] in lx.dozens:
            return _exact(i + 3, lx.dozens[words[i + 2]] / 2)  # "half a dozen", "a half-dozen"
        if w in ("a", "an") and nxt in lx.dozens:
            return _exact(i + 2, float(lx.dozens[nxt]))
        if w in ("a", "an") and nxt in ("hundred", "thousand", "million", "billion"):
            parsed = _word_number(["one"] + words[i + 1 :], 0)
            if parsed:
                return _exact(i + parsed[0], parsed[1])
        if w == "one" or w == "half":
            parsed = _word_number(words, i) if w == "one" else None
            if parsed:
                value, j = parsed[1], i + parsed[0]
    else:
        parsed = _word_number(words, i)
        if not parsed:
            return None
        value, j = parsed[1], i + parsed[0]
    if value is None:
        return None
    if j < len(words) and words[j] in lx.dozens:
        value *= lx.dozens[words[j]]
        j += 1
    elif (
        j < len(words)
        and words[j] in lx.scales
        and words[j] != "hundred"
        or (j < len(words) and words[j] == "hundred" and toks[i].text[0].isdigit())
    ):
        scale = words[j]
        if scale in ("k", "m", "bn", "mln") and toks[j].start != toks[j - 1].end and scale != "mln":
            pass
        else:
            value *= lx.scales[scale]
            j += 1
    return _Core(j, value, value, value, "exact")


def _year(tok: Token) -> bool:
    """A bare four-digit year ("in 1770", "since 2014"): a date, never a count here."""
    return tok.text.isdigit() and len(tok.text) == 4 and 1000 <= int(tok.text) <= 2100


def _quote_closes(toks: list[Token], i: int) -> bool:
    """Does a single quote close later in the sentence ("'12 people were killed,' he said")? Then
    the quote before token i opens speech, not a year ("the '21 season")."""
    return any(
        toks[k].text in ("'", "’") and toks[k].start == toks[k - 1].end for k in range(i + 1, min(len(toks), i + 60))
    )


def _excluded(toks: list[Token], words: list[str], i: int, j: int, core: _Core, in_range: bool = False) -> bool:
    """True for numbers that are plainly not counts (dates, years, money, ages, names...)."""
    lx = _lex()
    t = toks[i]
    if t.text[0].isdigit():
        before = t.start
        # glued to letters or a hyphenated name: Su-27, MiG-29, F16, 12th
        if (
            not in_range
            and i > 0
            and toks[i - 1].end == before
            and (
                toks[i - 1].text[-1].isalpha()
                or (
                    toks[i - 1].text in "-–" and i > 1 and toks[i - 2].end == toks[i - 1].start and toks[i - 2].text[-1].isalnum()
                )
                or toks[i - 1].text in ("$", "€", "£", "#", "№", "/", ":", ".")
                # "'21 season", "the ’90s": a year; "'200,000 Americans have died" opens a quote
                or toks[i - 1].text in ("'", "’") and (
                    i > 1 and toks[i - 2].end == toks[i - 1].start or len(t.text) == 2 and not _quote_closes(toks, i)
                )
            )
        ):
            return True
        if (
            j < len(toks)
            and toks[j].start == toks[j - 1].end
            and (
                toks[j].lower in ("th", "st", "nd", "rd", "s", "am", "pm", "d", "mm", "km", "kg", "p", "x")
                or toks[j].text in (":", "/")
            )
        ):
            return True
        if j < len(toks) and toks[j].text in ("/", ":") and j + 1 < len(toks) and toks[j + 1].text[:1].isdigit():
            return True
        if core.kind == "exact" and j == i + 1 and _year(t):
            return True
    # an age in apposition: "Tatiana Shulieva, 67, a retired epidemiologist"
    if (
        core.kind == "exact"
        and i >= 2
        and j < len(toks)
        and words[i - 1] == ","
        and toks[j].text == ","
        and toks[i - 2].text[:1].isupper()
        and core.value is not None
        and core.value < 120
    ):
        return True
    # a model or product number after an all-caps name: "RDNA 3", "RTX 40"
    if (
        i > 0
        and core.kind == "exact"
        and toks[i - 1].text.isupper()
        and toks[i - 1].text.isalnum()
        and len(toks[i - 1].text) >= 2
        and toks[i].text.isdigit()
        and len(toks[i].text) <= 4
        and toks[i].start == toks[i - 1].end + 1
    ):
        return True
    # a number in a title or product name: "Destiny 2: The Collection", "Rage 2,"
    if (
        i > 1
        and core.kind == "exact"
        and toks[i].text.isdigit()
        and toks[i - 1].text[:1].isupper()
        and toks[i - 1].text.isalpha()
        and toks[i - 1].lower not in lx.months
        and (j >= len(toks) or toks[j].text in (":", ",", ")", "."))
    ):
        return True
    # a number word in a title: "Speaking on The Nine Lives of Ozzy Osbourne" (not in a title-case headline)
    if (
        not t.text[0].isdigit()
        and t.text[:1].isupper()
        and i > 0
        and toks[i - 1].text[:1].isalpha()
        and j < len(toks)
        and toks[j].text[:1].isupper()
        and not _title_case_line(toks)
    ):
        return True
    # someone's children: "a father of two", "the mother-of-three" (hyphens are tokens of their own);
    # a measure: "under the age of 15", "a magnitude of 7"
    of_at = i - 2 if i > 1 and words[i - 1] in ("-", "–") else i - 1
    if of_at > 0 and words[of_at] == "of" and words[of_at - 1] in lx.measure_of:
        return True
    if of_at > 0 and words[of_at] == "of" and (words[of_at - 1] in lx.kin
                                               or (of_at > 1 and words[of_at - 1] in ("-", "–") and words[of_at - 2] in lx.kin)):
        return True
    # "one of the fires" picks one out of a group; "no one" is a zero, read elsewhere
    # "any one shareholder", "the one person who", "that one village": a determiner, not a count
    if words[i] == "one" and ((j < len(words) and words[j] == "of") or (i > 0 and words[i - 1] in lx.one_determiners)):
        return True
    # ratios: "1 in 5 residents", "two in five drivers"
    if j + 1 < len(words) and words[j] == "in" and _numeric(toks[j + 1], lx) and _numeric(toks[i], lx) and not _year(toks[j + 1]):
        return True  # ("killed 10 million in 1770": a year, not a ratio)
    if i > 1 and words[i - 1] == "in" and _numeric(toks[i - 2], lx):
        return True
    if i > 0 and (words[i - 1] in lx.before or words[i - 1] in lx.months):
        return not (words[i - 1] == "no" and not t.text[0].isdigit())
    if i > 1 and words[i - 1] == "." and words[i - 2] in lx.months:
        return True
    k = j
    # a compound modifier, not a count: "a one-game suspension", "a two-day visit" (but "70-plus")
    if (
        k + 1 < len(words)
        and toks[k].text in ("-", "–")
        and toks[k].start == toks[k - 1].end
        and toks[k + 1].start == toks[k].end
        and toks[k + 1].text[:1].isalpha()
        and words[k + 1] not in ("plus", "odd")
    ):
        return True
    if k < len(words) and words[k] in ("-", "–") and k + 1 < len(words):
        k += 1
    if k < len(words) and (words[k] in lx.after or (words[k] in lx.months and toks[k].text[:1].isupper())):
        return True
    # a slideshow counter standing alone: "1 of 47"
    return (
        k + 1 < len(words)
        and words[k] == "of"
        and words[k + 1].isdigit()
        and words[i].isdigit()
        and (k + 2 >= len(words) or not words[k + 2][0].isalnum())
    )


def _title_case_line(toks: list[Token]) -> bool:
    """A headline in title case ("Police Say Two Killed In Blast"): no full stop at its end and most
    longer words capitalised."""
    if toks and toks[-1].text in (".", "!", "?"):
        return False
    upper, long = capitalised_words(toks)
    return bool(long) and upper > long / 2


def _couple_is_noun(words: list[str], k: int) -> bool:
    """'a couple whose bodies were found', 'a couple from Ohio', 'a couple was': two people, one noun."""
    return k < len(words) and words[k] in ("who", "whose", "was", "is", "has", "from", "in", "living", "married", "'s", "’s")


def _numeric(tok: Token, lx: _Lex) -> bool:
    return tok.text[0].isdigit() or tok.lower in lx.units or tok.lower in lx.tens


def _range_end(toks: list[Token], words: list[str], k: int) -> _Core | None:
    """The second number of a range starting at token k, if there is one."""
    if k < len(words):
        return _core(toks, words, k)
    return None


def find_numbers(toks: list[Token]) -> list[NumberExpr]:
    """Every number expression in a sentence, left to right, non-overlapping.

    A "sentence" with more than MAX_PER_SENTENCE numbers is a table, a score sheet or noise,
    not prose making claims: it yields nothing, which also bounds the work on hostile input.
    """
    lx = _lex()
    words = [t.lower for t in toks]
    out: list[NumberExpr] = []
    starters = _starters()
    i = 0
    while i < len(toks):
        if words[i] not in starters and not words[i][0].isdigit():
            i += 1
            continue
        expr = _expression_at(toks, words, i, lx)
        if expr is None:
            i += 1
            continue
        if expr.kind == "excluded":
            i = expr.j  # skip the whole excluded expression: "aged 18 to 25"
            continue
        out.append(expr)
        if len(out) > MAX_PER_SENTENCE:
            return []
        i = expr.j
    return out


@cache
def _starters() -> frozenset[str]:
    """Words that can open a number expression; every other word is skipped at once."""
    lx = _lex()
    words = set(lx.units) | set(lx.tens) | {"a", "an", "half", "between"}
    for index in (lx.vague, lx.low_q, lx.high_q, lx.approx_q):
        words |= {k[0] for k in index}
    return frozenset(words)


@cache
def number_words() -> frozenset[str]:
    """Lower-case words that can make a sentence hold a number (number words, vague amounts, zeros)."""
    lx = _lex()
    words = set(lx.units) | set(lx.tens) | set(lx.scales) | set(lx.dozens) | {"dozens", "nobody", "none", "no", "couple"}
    words |= {w for k in lx.vague for w in k if w not in ("a", "of")}
    return frozenset(words)


def _qualifier_at(words: list[str], i: int, lx: _Lex) -> tuple[int, str, str] | None:
    if i > 0 and words[i] in lx.particles and words[i - 1] in lx.particle_verbs:
        return None  # "handed over 21 schoolgirls": the verb's particle, not "more than"
    for kind, index in (("low", lx.low_q), ("high", lx.high_q), ("approx", lx.approx_q)):
        hit = lexicon.longest_match(index, words, i, 4)
        if hit:
            return hit[0], kind, hit[1]
    return None


def _expression_at(toks: list[Token], words: list[str], i: int, lx: _Lex) -> NumberExpr | None:
    q = _qualifier_at(words, i, lx)
    core_i = i + q[0] if q else i
    between = words[i] == "between"
    if between:
        core_i, q = i + 1, None
    if core_i >= len(toks):
        return None
    core = _core(toks, words, core_i)
    if core is None:
        if q and q[0] and core_i < len(toks):
            return None
        return None
    if _excluded(toks, words, core_i, core.j, core):
        end = core.j
        if end + 1 < len(words) and words[end] in ("to", "-", "–"):
            tail = _range_end(toks, words, end + 1)
            end = tail.j if tail else end
        return NumberExpr(i, end, core_i, None, None, None, False, None, "excluded")
    j = core.j
    value, low, high, approx, kind = core.value, core.low, core.high, core.kind in ("vague", "approx"), core.kind
    if kind == "approx":
        kind = "exact"  # a stated number ("a couple"), approximate, with no bounds
    # ranges: "7,000 to 15,000", "7,000-15,000", "hundreds or thousands", "between 7,000 and 15,000"
    joiners = ("and",) if between else ("to", "-", "–", "or")
    if j < len(words) and words[j] in joiners and not (words[j] == "or" and j + 1 < len(words) and words[j + 1] == "more"):
        second = _range_end(toks, words, j + 1)
        if second is not None and not _excluded(toks, words, j + 1, second.j, second, in_range=True):
            lo = low if low is not None else value
            hi = second.high if second.high is not None else second.value
            if lo is not None and hi is not None and hi < lo and words[j] in ("-", "–") and toks[j].start == toks[j - 1].end:
                return NumberExpr(i, second.j, core_i, None, None, None, False, None, "excluded")  # a score: "a 2-1 win"
            if lo is not None and hi is not None and hi > lo:
                approx = approx or second.kind == "vague" or bool(q and q[1] == "approx")
                qual = " ".join(t.text for t in toks[i : i + q[0]]) if q else None
                return NumberExpr(i, second.j, core_i, None, _num(lo), _num(hi), approx, qual, "range")
    if between:
        return None
    qualifier = None
    if q:
        n, qkind, phrase = q
        qualifier = " ".join(t.text for t in toks[i : i + n])
        base = value if value is not None else None
        if kind == "vague":
            if qkind == "low":
                high = None
            elif qkind == "high":
                low = None
        elif qkind == "low":
            low, high = base, None
        elif qkind == "high":
            low, high = None, base
            approx = phrase in lx.approx_high
        else:
            low, high, approx = None, None, True
    suffix = lexicon.longest_match(lx.suffix_low, words, j + (1 if j < len(words) and words[j] == "-" else 0), 2)
    if suffix and value is not None and not q:
        step = 1 if words[j] == "-" else 0
        qualifier = toks[j + step + suffix[0] - 1].text if suffix[0] == 1 else suffix[1]
        j = j + step + suffix[0]
        low, high = value, None
    else:
        s2 = lexicon.longest_match(lx.suffix_approx, words, j, 2)
        if s2 and value is not None and not q:
            qualifier, j, low, high, approx = s2[1], j + s2[0], None, None, True
    return NumberExpr(
        i,
        j,
        core_i,
        _num(value) if value is not None else None,
        _num(low) if low is not None else None,
        _num(high) if high is not None else None,
        approx,
        qualifier,
        kind,
    )
