"""Number expressions in Russian and Ukrainian sentences, with their bounds (spec sections 3 and 8).

Digits use a space, a narrow no-break space, a dot or an apostrophe between thousands and a comma
as the decimal mark ("13 500", "13,5 тыс."); number words compose in every case and gender
("двадцати трёх", "п'ятьох"), with collective numerals ("трое", "двоє"), "полторы тысячи",
"полсотни" and "десяток" (about ten). The word forms come from the dictionary (`lex`), the
composition is ours: no library adds "двадцать" and "три", and the rules for what a number is
(years, ages, times, names such as "С-300") are part of reading news, not of morphology.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimtally.extract import lexicon
from claimtally.extract.slavic.lex import Lex
from claimtally.extract.text import Token

MAX_DIGITS = 13
MAX_PER_SENTENCE = 40
TIME_RE = re.compile(r"\d{1,2}[.:]\d{2}")
GLUE_QUALIFIER_MIN = 4  # "более1300": a qualifier run into the number by a scraper


@dataclass(slots=True)
class Number:
    i: int  # first token (qualifier included)
    j: int  # one past the last token
    core_i: int
    start: int  # character offsets (a qualifier glued into a word starts inside that token)
    end: int
    value: float | int | None
    low: float | int | None
    high: float | int | None
    approx: bool
    qualifier: str | None
    kind: str  # exact | vague | range | zero


def _num(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


def _parse_digits(text: str) -> float | None:
    if sum(c.isdigit() for c in text) > MAX_DIGITS:
        return None
    if "," in text:
        parts = text.split(",")
        if len(parts) > 2 and all(len(p) == 3 for p in parts[1:]):
            return float("".join(parts))  # "1,200,000" written the English way
        if len(parts) != 2:
            return None
        return float(parts[0].replace(".", "") + "." + parts[1])
    if "." in text:
        parts = text.split(".")
        if all(len(p) == 3 for p in parts[1:]):
            return float("".join(parts))  # "13.500": a dot between thousands
        return float(text) if len(parts) == 2 else None
    return float(text)


class _Core:
    __slots__ = ("j", "value", "low", "high", "kind", "approx")

    def __init__(self, j: int, value: float | None, low: float | None, high: float | None, kind: str, approx: bool = False):
        self.j, self.value, self.low, self.high, self.kind, self.approx = j, value, low, high, kind, approx


def _glued(a: Token, b: Token) -> bool:
    return a.end == b.start


def _digits_at(toks: list[Token], i: int) -> tuple[int, float] | None:
    text = toks[i].text
    if TIME_RE.fullmatch(text):
        return None
    value = _parse_digits(text)
    if value is None:
        return None
    j = i + 1
    if text.isdigit() and len(text) <= 3:
        # "13 500", "1 234 567", "13'500": thousands groups
        while j < len(toks) and toks[j].text.isdigit() and len(toks[j].text) == 3:
            gap = toks[j].start - toks[j - 1].end
            if gap == 1 and toks[j].start - 1 >= 0:
                value = value * 1000 + float(toks[j].text)
                j += 1
            else:
                break
        if (
            j + 1 < len(toks)
            and toks[j].text == "'"
            and _glued(toks[j - 1], toks[j])
            and _glued(toks[j], toks[j + 1])
            and toks[j + 1].text.isdigit()
            and len(toks[j + 1].text) == 3
        ):
            value = value * 1000 + float(toks[j + 1].text)
            j += 2
    return j, value


def _words_at(lx: Lex, words: list[str], i: int) -> tuple[int, float] | None:
    """'двадцати трёх' -> 23, 'сто двадцать' -> 120, 'трёх тысяч пятисот' -> 3500."""
    total, current, k, last = 0.0, 0.0, i, None
    while k < len(words):
        w = words[k]
        if w in lx.values:
            v = lx.values[w]
            if last is not None and not (v < last and (last >= 100 and v < 100 or last >= 20 and v < 10)):
                break
            current += v
            last = v
        elif w in lx.scales and (current or total == 0) and k > i:
            total += (current or 1) * lx.scales[w]
            current, last = 0.0, 1000.0
        else:
            break
        k += 1
    if k == i:
        return None
    return k - i, total + current


def _core(lx: Lex, toks: list[Token], words: list[str], i: int) -> _Core | None:
    w = words[i]
    if w in lx.vague_key:
        keys = []
        for k in range(i, min(i + 3, len(words))):
            keys.append(lx.vague_key.get(words[k], words[k]))
        hit = lexicon.longest_match(lx.vague, keys, 0, 3)
        if hit:
            n, (lo, hi) = hit
            return _Core(i + n, None, float(lo), float(hi), "vague", True)
    if w in lx.half_words:
        return _Core(i + 1, lx.half_words[w], lx.half_words[w], lx.half_words[w], "exact")
    value: float | None = None
    approx = False
    j = i
    if toks[i].text[0].isdigit():
        got = _digits_at(toks, i)
        if got is None:
            return None
        j, value = got
    elif w in lx.halves:
        if i + 1 < len(words) and (words[i + 1] in lx.scales or words[i + 1] in lx.dozens):
            value, j = lx.halves[w], i + 1
        else:
            return None
    elif w in lx.dozens and lx.dozens[w] != 12 or w in lx.dozens:
        value, j, approx = 1.0, i, lx.dozens[w] != 12
    elif w in lx.scales and w not in lx.vague_key and len(w) > 4 and not (i and words[i - 1] in lx.values):
        value, j = lx.scales[w], i + 1  # "тысяча человек", "понад тисячу": one thousand
    else:
        got = _words_at(lx, words, i)
        if got is None:
            return None
        value, j = got[1], i + got[0]
    if j < len(words) and words[j] in lx.dozens:
        approx = lx.dozens[words[j]] != 12
        value *= lx.dozens[words[j]]
        j += 1
    if j < len(words) and words[j] in lx.scales and j > i:
        value *= lx.scales[words[j]]
        j += 1
        if j < len(toks) and toks[j].text == "." and _glued(toks[j - 1], toks[j]) and len(toks[j - 1].text) <= 4:
            j += 1  # "тыс.", "млн."
    if j == i:
        return None
    return _Core(j, value, value, value, "exact", approx)


def _excluded(lx: Lex, toks: list[Token], words: list[str], i: int, j: int, core: _Core) -> bool:
    """Numbers that are plainly not counts: dates, years, ages, times, money, units, names."""
    t = toks[i]
    nxt = words[j] if j < len(words) else ""
    if nxt and (nxt in lx.after or not lx.lemmas(nxt).isdisjoint(lx.after)):
        return True
    if nxt and any(nxt in forms for forms in lx.dates["months"]):
        return True
    if i > 0 and (words[i - 1] in lx.before or not lx.lemmas(words[i - 1]).isdisjoint(lx.before)):
        return True
    if i > 1 and words[i - 1] == "." and words[i - 2] in lx.before:
        return True  # "ст. 212", "ч. 2"
    if t.text[0].isdigit():
        if i > 0 and _glued(toks[i - 1], t):
            prev = toks[i - 1].text
            if prev in ("-", "–") and i > 1 and _glued(toks[i - 2], toks[i - 1]) and toks[i - 2].text[-1].isalpha():
                return True  # a name: "С-300", "Ту-95", "KN-23"
            if prev[-1].isalpha() and not (len(prev) >= GLUE_QUALIFIER_MIN and prev[-GLUE_QUALIFIER_MIN:].islower()):
                return True  # "F16", "Су27"; a long lower-case word run into the number is scraped text
            if prev in ("$", "€", "£", "#", "№", "/", ":", "+", "."):
                return True
        if j < len(toks) and _glued(toks[j - 1], toks[j]):
            follow = toks[j].text
            if follow in ("-", "–") and j + 1 < len(toks) and _glued(toks[j], toks[j + 1]) and toks[j + 1].text[0].isalpha():
                return True  # "32-летний", "14-й", "1990-х"
            if follow in ("%", "/", ":", "$", "€", "°"):
                return True
        raw = t.text
        if core.kind == "exact" and j == i + 1 and raw.isdigit() and len(raw) == 4 and 1000 <= int(raw) <= 2100:
            if j < len(toks) and toks[j].text in ("-", "–") and j + 1 < len(toks) and len(toks[j + 1].text) == 4:
                return True  # "1990-1992"
            if j >= len(toks) or not toks[j].text[0].isalpha() or i > 0 and words[i - 1] in ("в", "у", "к", "с", "з", "по", "до"):
                return True  # a year standing alone
    return False


def _qualifier_at(lx: Lex, words: list[str], i: int) -> tuple[int, str, tuple[str, ...]] | None:
    best = None
    for kind, index in (("low", lx.low_q), ("high", lx.high_q), ("approx", lx.approx_q)):
        hit = lexicon.longest_match(index, words, i, 4)
        if hit and (best is None or hit[0] > best[0]):
            best = (hit[0], kind, tuple(words[i : i + hit[0]]))
    return best


def _glued_qualifier(lx: Lex, toks: list[Token], i: int) -> tuple[int, str, str] | None:
    """'задержалиболее1300': a one-word qualifier run into the word before the digits."""
    if i == 0 or not _glued(toks[i - 1], toks[i]) or not toks[i].text[0].isdigit():
        return None
    prev = toks[i - 1].lower
    for kind, index in (("low", lx.low_q), ("high", lx.high_q), ("approx", lx.approx_q)):
        for key in index:
            if len(key) == 1 and len(key[0]) >= GLUE_QUALIFIER_MIN and prev.endswith(key[0]):
                return toks[i - 1].end - len(key[0]), kind, key[0]
    return None


@cache
def starters(lx: Lex) -> frozenset[str]:
    words = (
        set(lx.values)
        | set(lx.halves)
        | {w for w in lx.scales if len(w) > 4}
        | set(lx.half_words)
        | set(lx.dozens)
        | set(lx.vague_key)
        | set(lx.range_openers)
    )
    for index in (lx.low_q, lx.high_q, lx.approx_q):
        words |= index.firsts
    return frozenset(words | lx.low_verbs | {w for w, lem in lx.lemma.items() if lem & lx.low_verbs})


def find_numbers(lx: Lex, toks: list[Token], sentence: str, offset: int) -> list[Number] | None:
    """Every number expression of a sentence, left to right, non-overlapping; None for a table (more
    than MAX_PER_SENTENCE numbers), which the caller skips whole."""
    words = [t.lower for t in toks]
    start_words = _starters_cached(lx)
    out: list[Number] = []
    i = 0
    while i < len(toks):
        if words[i] not in start_words and not words[i][0].isdigit():
            i += 1
            continue
        expr, skip_to = _expression_at(lx, toks, words, i)
        if expr is not None:
            out.append(expr)
            if len(out) > MAX_PER_SENTENCE:
                return None  # a table, a score sheet or noise, not a sentence making claims
        i = max(skip_to, i + 1)
    return out


_starters_cached = starters


def _expression_at(lx: Lex, toks: list[Token], words: list[str], i: int) -> tuple[Number | None, int]:
    q = _qualifier_at(lx, words, i)
    qkind = q[1] if q else None
    core_i = i + q[0] if q else i
    opener = words[i] in lx.range_openers
    if opener:
        core_i, q, qkind = i + 1, None, None
    if q is None and not opener and not lx.lemmas(words[i]).isdisjoint(lx.low_verbs):
        q, qkind, core_i = (1, "low", (words[i],)), "low", i + 1  # "превысило 300"
    if core_i >= len(toks):
        return None, i + 1
    if q is not None and words[core_i] in lx.singular_genitive:
        # "более тысячи", "около сотни": one thousand, one hundred, not "thousands"
        v = lx.singular_genitive[words[core_i]]
        core = _Core(core_i + 1, v, v, v, "exact", words[core_i] in lx.dozens and lx.dozens[words[core_i]] != 12)
    else:
        core = _core(lx, toks, words, core_i)
    if core is None:
        return None, i + 1
    start = toks[i].start
    qual_text = " ".join(t.text for t in toks[i:core_i]) if q else None
    if q is None:
        glued = _glued_qualifier(lx, toks, core_i)
        if glued:
            start, qkind, _ = glued
            qual_text = toks[core_i - 1].text[start - toks[core_i - 1].start :]
    j = core.j
    # ranges: "от 7 до 15 тысяч", "7–15 тыс.", "восьми или десяти"
    if j + 1 < len(words) and (words[j] in lx.range_joiners):
        second = _core(lx, toks, words, j + 1)
        if second is not None and second.kind == "exact" and core.kind == "exact" and core.value is not None:
            lo, hi = core.value, second.value
            if hi is not None and second.j - (j + 1) > 1 and lo < hi / 1000 and words[second.j - 1] in lx.scales:
                lo *= lx.scales[words[second.j - 1]]
            elif hi is not None and second.j > j + 1 and words[second.j - 1] == "." and lo < hi / 1000:
                lo *= lx.scales.get(words[second.j - 2], 1)
            if _excluded(lx, toks, words, j + 1, second.j, second) or _excluded(lx, toks, words, core_i, j, core):
                return None, second.j
            if hi is not None and hi > lo:
                approx = core.approx or second.approx or qkind == "approx"
                return Number(
                    i, second.j, core_i, start, toks[second.j - 1].end, None, _num(lo), _num(hi), approx, qual_text, "range"
                ), second.j
    if opener:
        return None, i + 1
    if _excluded(lx, toks, words, core_i, j, core):
        return None, j
    value, low, high, approx = core.value, core.low, core.high, core.approx
    if core.kind == "vague":
        if qkind == "low":
            high = None
        elif qkind == "high":
            low = None
    elif qkind == "low":
        low, high = value, None
    elif qkind == "high":
        low, high = None, value
        approx = approx or (q is not None and q[2] in lx.approx_high)
    elif qkind == "approx":
        low, high, approx = None, None, True
    return Number(i, j, core_i, start, toks[j - 1].end, _num(value), _num(low), _num(high), approx, qual_text, core.kind), j
