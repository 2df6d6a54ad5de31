"""Russian and Ukrainian time expressions, resolved against the publication date (spec sections 4, 8).

The same points and spans as in English, from the language's own words (`data/<lang>/dates.json`):
"в среду" / "у середу" (the latest Wednesday on or before publication), "в прошлую среду" /
"минулої середи" (that weekday of the previous calendar week), "вчера", "накануне" (the day before
publication), "за сутки" / "за добу" (P-1 to P), "с начала войны" (up to P), "с 24 февраля",
"20 июля", "в 2020 году". The results are `extract.dates.TimeExpr`, as the English rules make.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from claimtally.extract.dates import TimeExpr
from claimtally.extract.slavic.lex import Lex, get


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    d = get(lang).dates
    wd = _alt([f for forms in d["weekdays"] for f in forms])
    mon = _alt([f for forms in d["months"] for f in forms])
    on = _alt(d["on"])
    years = _alt(d["year_words"])
    since = _alt(d["since"])
    b, e = r"(?<![\w'])", r"(?![\w'])"
    units = _alt(list(d["window"]["units"]))
    prefix = _alt(d["window"]["prefix"])
    day = r"(?:[12]\d|3[01]|0?[1-9])"
    rx = [
        ("past_day", _alt(d["past_day"])),
        ("since_open", _alt(d["since_open"])),
        ("this_year", _alt(d["this_year"])),
        ("this_week", _alt(d["this_week"])),
        ("last_week", _alt(d["last_week"])),
        ("this_month", _alt(d["this_month"])),
        ("last_month", _alt(d["last_month"])),
        ("last_year", _alt(d["last_year"])),
        ("window", rf"(?:{prefix}) (\d{{1,3}}) ({units})"),
        ("window_one", rf"(?:{_alt(d['window_one']['prefix'])}) ({_alt(list(d['window_one']['units']))})"),
        ("year_start", rf"(?:{_alt(d['year_start'])}) ((?:1[89]|20)\d\d) (?:{years})"),
        ("since_date", rf"(?:{since}) ({day}) ({mon})(?: (\d{{4}}))?"),
        ("as_of_date", rf"(?:{_alt(d['as_of'])}) ({day}) ({mon})(?: (\d{{4}}))?"),
        ("as_of", _alt(d["as_of"])),
        ("date_range", rf"({day})\s*[-–]\s*({day}) ({mon})(?: (\d{{4}}))?"),
        ("date", rf"({day}) ({mon})(?: (\d{{4}}))?"),
        ("month", rf"(?:{on}) ({mon})(?:,? (?:и|і|та|й|або|или|[-–]) ({mon}))?(?: ((?:1[89]|20)\d\d)(?: (?:{years}))?)?"),
        ("year", rf"(?:{on}|з|с|до|к|по|за) ((?:1[89]|20)\d\d)(?:\s*[-–]\s*((?:1[89]|20)\d\d))?[-–]?\w{{0,2}} (?:{years})\.?"),
        ("last_weekday", rf"(?:(?:{on}) )?(?:{_alt(d['last'])}) ({wd})"),
        ("weekday", rf"(?:{on}) ({wd})"),
        ("yesterday", _alt(d["yesterday"])),
        ("day_before", _alt(d["day_before"])),
        ("today", _alt(d["today"])),
    ]
    # a date may be run into the word before it by a scraper ("над областью29 декабря")
    starts = {kind: (r"(?<!\d)" if kind in ("date", "date_range") else b) for kind, _ in rx}
    return [(kind, re.compile(starts[kind] + "(?:" + p + ")" + e, re.IGNORECASE)) for kind, p in rx]


POINTS = frozenset({"date", "last_weekday", "weekday", "yesterday", "today", "day_before"})


def _month(lx: Lex, word: str) -> int:
    w = word.lower()
    return next(k + 1 for k, forms in enumerate(lx.dates["months"]) if w in forms)


def _weekday(lx: Lex, word: str) -> int:
    w = word.lower()
    return next(k for k, forms in enumerate(lx.dates["weekdays"]) if w in forms)


def _day(y: int | None, m: int, d: int, p: date | None) -> date | None:
    if y is None:
        if p is None:
            return None
        try:
            y = p.year if date(p.year, m, d) <= p else p.year - 1
        except ValueError:
            return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _months(lx: Lex, g: tuple[str | None, ...], p: date | None) -> tuple[date | None, date | None]:
    """'у вересні та жовтні 2024 року': the first day of the first month to the last of the
    second; without a year, the latest such months up to publication."""
    m1 = _month(lx, g[0] or "")
    m2 = _month(lx, g[1]) if g[1] else m1
    if g[2]:
        year = int(g[2])
    elif p is not None:
        year = p.year if m1 <= p.month else p.year - 1
    else:
        return None, None
    end_year = year + 1 if m2 < m1 else year
    after = date(end_year + (m2 == 12), m2 % 12 + 1, 1)
    first, last = date(year, m1, 1), after - timedelta(days=1)
    return first, (min(last, p) if p is not None and first <= p else last)  # "this November" ends today


def _resolve(lx: Lex, kind: str, m: re.Match[str], p: date | None) -> tuple[date | None, date | None]:
    g = m.groups()
    if kind == "date":
        d = _day(int(g[2]) if g[2] else None, _month(lx, g[1]), int(g[0]), p)
        return d, d
    if kind == "date_range":
        month = _month(lx, g[2])
        last = _day(int(g[3]) if g[3] else None, month, int(g[1]), p)
        first = _day(last.year, month, int(g[0]), None) if last else None
        return first, last
    if kind == "month":
        return _months(lx, g, p)
    if kind == "year":
        y1 = int(g[0])
        return date(y1, 1, 1), date(int(g[1]) if g[1] else y1, 12, 31)
    if kind == "since_date":
        return _day(int(g[2]) if g[2] else None, _month(lx, g[1]), int(g[0]), p), p
    if kind == "as_of_date":
        return None, _day(int(g[2]) if g[2] else None, _month(lx, g[1]), int(g[0]), p)
    if p is None:
        return None, None
    monday = p - timedelta(days=p.weekday())
    if kind == "past_day":
        return p - timedelta(days=1), p
    if kind in ("since_open", "as_of"):
        if kind == "as_of" and re.search(r"вчера|вчора|учора", m.group(0), re.IGNORECASE):
            return None, p - timedelta(days=1)
        return None, p
    if kind == "this_year":
        return date(p.year, 1, 1), p
    if kind == "last_year":
        return date(p.year - 1, 1, 1), date(p.year - 1, 12, 31)
    if kind == "this_week":
        return monday, p
    if kind == "last_week":
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if kind == "this_month":
        return p.replace(day=1), p
    if kind == "last_month":
        last = p.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if kind == "window_one":
        return p - timedelta(days=lx.dates["window_one"]["units"][g[0].lower()]), p
    if kind == "year_start":
        return date(int(g[0]), 1, 1), p
    if kind == "window":
        n, unit = int(g[0]), lx.dates["window"]["units"][g[1].lower()]
        days = n * unit if unit else max(1, n // 24)
        return p - timedelta(days=days), p
    if kind == "last_weekday":
        d = monday - timedelta(days=7) + timedelta(days=_weekday(lx, g[0]))
        return d, d
    if kind == "weekday":
        d = p - timedelta(days=(p.weekday() - _weekday(lx, g[0])) % 7)
        return d, d
    if kind in ("yesterday", "day_before"):
        return p - timedelta(days=1), p - timedelta(days=1)
    if kind == "today":
        return p, p
    return None, None


def find_times(lx: Lex, sentence: str, published: date | None) -> list[TimeExpr]:
    """All time expressions of a sentence, left to right, without overlaps (earlier patterns win)."""
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _patterns(lx.lang):
        for m in rx.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                first, last = _resolve(lx, kind, m, published)
            except (OverflowError, ValueError, StopIteration):
                first, last = None, None
            point = "date" if kind in POINTS else kind
            found.append(TimeExpr(m.start(), m.end(), point if kind in POINTS else kind, first, last))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda t: t.start)
    return _merge_weekday_dates(sentence, found)


def _merge_weekday_dates(sentence: str, found: list[TimeExpr]) -> list[TimeExpr]:
    """'в среду, 12 ноября' is one day, named twice; the date wins."""
    out: list[TimeExpr] = []
    for t in found:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == t.kind == "date" and sentence[prev.end : t.start].strip() in (",", ""):
            out[-1] = TimeExpr(prev.start, t.end, "date", t.first, t.last)
            continue
        out.append(t)
    return out
