"""Placing a figure in its sentence's context: the day of the claim, the period counted, the place
and the reliability remarks (spec sections 2 and 4). Pure functions over one sentence."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from claimtally.extract import attribution, dates, lexicon
from claimtally.extract.numbers import NumberExpr
from claimtally.extract.text import Sentence

BETWEEN_CUE_AND_DAY = re.compile(
    r"(?:\s|,|on|in a (?:statement|briefing|post|report|video|interview)|at a (?:news conference|briefing))*"
)
STATEMENT_DAY = re.compile(
    r"(?:in a (?:statement|briefing|post|video|report)|told (?:reporters|journalists)|news conference"
    r"|(?:published|released|issued|posted|made public)) (?:on )?$"  # "a report published on Thursday"
)
PLACE_FILLERS = frozenset(
    {
        "the",
        "western",
        "eastern",
        "northern",
        "southern",
        "central",
        "city",
        "town",
        "village",
        "region",
        "port",
        "of",
        "besieged",
        "capital",
        "southeastern",
        "northeastern",
        "southwestern",
        "northwestern",
        "rural",
        "strategic",
    }
)
NOT_PLACES = (
    frozenset(dates.WEEKDAYS)
    | frozenset(dates.MONTHS)
    | frozenset(lexicon.load("grammar")["adjective_demonyms"])
    | frozenset(
        {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
    )
)
PLACE_PREPS = frozenset({"in", "into", "across", "near", "at", "outside", "throughout"})
#: verbs whose object is the place an event befell ("the earthquakes that struck southern Turkey")
PLACE_VERBS = frozenset({"struck", "hit", "rocked", "shook", "battered", "ravaged", "devastated", "pounded"})


@cache
def _remark_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in lexicon.load("remarks")["patterns"]]


REMARK_HINT = re.compile(r"verif|confirm|corroborat|toll|count|estimat|disput|contest|actual|real|true", re.IGNORECASE)


def claim_day(sent: Sentence, cue: attribution.Cue | None, times: list[dates.TimeExpr]) -> dates.TimeExpr | None:
    """A day named next to the attribution verb: 'said Monday', 'on Wednesday, April 20, 2022 put'."""
    if cue is None or cue.claimant is None and not cue.cue:
        return None
    toks = sent.tokens
    if cue.verb_at >= len(toks):
        return None
    verb = toks[cue.verb_at]
    v_start, v_end = verb.start - sent.start, verb.end - sent.start
    np_end = toks[cue.np[1] - 1].end - sent.start if cue.np[1] > cue.np[0] else v_start
    best = None
    for t in times:
        if not t.point or t.kind == "as_of":
            continue
        stated = STATEMENT_DAY.search(sent.text[max(0, t.start - 40) : t.start]) is not None
        after = (
            stated
            or 0 <= t.start - v_end <= 4
            or (0 <= t.start - v_end <= 40 and BETWEEN_CUE_AND_DAY.fullmatch(sent.text[v_end : t.start]))
        )
        between = np_end <= t.start and t.end <= v_start
        if (after or between) and (best is None or (best.kind in ("weekday",) and t.kind == "date")):
            best = t
    return best


def period(
    sent: Sentence,
    expr: NumberExpr,
    figures: list[NumberExpr],
    times: list[dates.TimeExpr],
    claim: dates.TimeExpr | None,
    claim_day: date | None,
) -> tuple[date | None, date | None]:
    """The span the count covers: the nearest span expression before which no other figure stands, or
    the nearest single day not blocked by another figure of a separate clause; 'overnight' ends on the
    claim's day when there is one."""
    toks = sent.tokens
    paired = _respectively(sent, expr, figures, times)
    if paired is not None:
        return paired.first, paired.last
    f_start = toks[expr.i].start - sent.start
    f_end = toks[expr.j - 1].end - sent.start
    best = None
    best_dist = None
    for t in times:
        if t is claim:
            continue
        dist = t.start - f_end if t.start >= f_end else f_start - t.end
        if not t.point and t.start < f_start and any(toks[o.i].start - sent.start < f_start for o in figures if o is not expr):
            continue
        if (
            not t.point
            and t.start >= f_end
            and any(f_end <= toks[o.i].start - sent.start < t.start for o in figures if o is not expr)
            and re.search(r",\s*(?:for|bringing|up|down)\b", sent.text[f_end : t.start])
        ):
            continue
        if t.point:
            lo, hi = (f_end, t.start) if t.start >= f_end else (t.end, f_start)
            between = sent.text[lo:hi]
            blocked = any(lo <= toks[o.i].start - sent.start < hi for o in figures if o is not expr) and re.search(
                r"along with|;|\bwhile\b|\bbut\b|\bwhich\b", between
            )
            if blocked or _nearer_elsewhere(sent, expr, figures, t):
                continue
        elif t.start >= f_end and RELATIVE_OPENER.search(sent.text[f_end : t.start]):
            continue  # "..., who was boiled to death in 2002": the year dates the relative clause, not the count
        if best_dist is None or dist < best_dist:
            best, best_dist = t, dist
    if best is None:
        return None, None
    if best.point and TOTAL_BEFORE.search(sent.text[max(0, f_start - 30) : f_start]):
        return None, best.last or best.first  # "the toll rose to 59 on Monday": a running total as of that day
    if best.kind == "past_day" and claim_day is not None:
        return claim_day - timedelta(days=1), claim_day
    if best.first and best.last and best.first > best.last:
        return None, None  # "since April 20, 2022" in a text published before it: no usable span
    return best.first, best.last


def _respectively(
    sent: Sentence, expr: NumberExpr, figures: list[NumberExpr], times: list[dates.TimeExpr]
) -> dates.TimeExpr | None:
    """Years and figures in two parallel lists pair in order: "at Virginia Tech in 2007 and Sandy
    Hook in 2012, with 32 and 27 killed" dates the 32 to 2007 and the 27 to 2012."""
    years = [t for t in times if t.kind == "year"]
    if len(years) < 2 or len(figures) != len(years):
        return None
    toks = sent.tokens
    ordered = sorted(figures, key=lambda e: e.i)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if not all(toks[k].lower in ("and", ",") for k in range(a.j, b.i)) or b.i == a.j:
            return None  # not one coordinated list
    first, last = toks[ordered[0].i].start - sent.start, toks[ordered[-1].j - 1].end - sent.start
    if not (all(t.end <= first for t in years) or all(t.start >= last for t in years)):
        return None
    return years[ordered.index(expr)]


TOTAL_BEFORE = re.compile(
    r"\b(?:rose|risen|rising|climbed|jumped|increased|grew|soared|stood|stands|reached|hit|passed|topped|surpassed)"
    r"\s+(?:to\s+|at\s+)?(?:\w+\s+){0,2}$"
)
RELATIVE_OPENER = re.compile(r",\s*(?:who|which|where|whose|when)\b|-{2}|—\s*including|,\s*including\b")


def _nearer_elsewhere(sent: Sentence, expr: NumberExpr, figures: list[NumberExpr], t: dates.TimeExpr) -> bool:
    """A day goes to the figure nearest to it and to the figures coordinated with that one ("killed 4 and
    wounded 7 on Monday"); a figure across a comma from both does not take it."""
    toks = sent.tokens

    def gap(o: NumberExpr) -> int:
        a, b = toks[o.i].start - sent.start, toks[o.j - 1].end - sent.start
        return t.start - b if t.start >= b else a - t.end

    nearest = min(figures, key=gap)
    if nearest is expr:
        return False
    first, second = sorted((nearest, expr), key=lambda o: o.i)
    between = sent.text[toks[first.j - 1].end - sent.start : toks[second.i].start - sent.start]
    # "killed one person, injured 13 others": a list of predicates is one clause; a longer stretch is not
    return ";" in between or ("," in between and len(between.split()) > 5)


def remarks(text: str) -> list[str]:
    out: list[str] = []
    if not REMARK_HINT.search(text):
        return out
    for rx in _remark_patterns():
        for m in rx.finditer(text):
            remark = m.group(0).strip()
            if remark and not any(remark in r or r in remark for r in out):
                out.append(remark)
    return out


def place(sent: Sentence, expr: NumberExpr, np_end: int) -> str | None:
    """The place named nearest the figure after 'in', 'near', 'across' ...: 'the western city of Lviv' -> 'Lviv'."""
    toks = sent.tokens
    best, best_dist = None, None
    for k, t in enumerate(toks):
        if (t.lower not in PLACE_PREPS and t.lower not in PLACE_VERBS) or expr.i <= k < max(np_end, expr.j):
            continue
        m = k + 1
        while m < len(toks) and toks[m].lower in PLACE_FILLERS:
            m += 1
        end = m
        while end < len(toks) and end - m < 4:
            t = toks[end]
            if t.text[:1].isupper() and t.lower not in NOT_PLACES:
                end += 1
            elif (
                t.text == "."
                and end > m
                and len(toks[end - 1].text) <= 3
                and end + 1 < len(toks)
                and toks[end + 1].text[:1].isupper()
            ):
                end += 1  # "St. Petersburg"
            else:
                break
        if end == m:
            continue
        dist = k - expr.j if k >= expr.j else expr.i - end
        if best_dist is None or dist < best_dist:
            best, best_dist = sent.text[toks[m].start - sent.start : toks[end - 1].end - sent.start], dist
    return best
