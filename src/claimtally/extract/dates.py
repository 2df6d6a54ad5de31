"""Time expressions in a sentence, resolved against the publication date (spec section 4).

Each expression is either a *point* (a day: "Monday", "April 19", "yesterday", "as of
Wednesday") or a *span* ("overnight", "in the past 24 hours", "over the last two months",
"this week", "this year", "in February", "in December and January", "since Feb. 24",
"so far", "in the 11 days since ..."). Points next to an attribution verb date the claim;
other points date the event of the nearest figure; spans cover every figure of the sentence.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from claimtally.extract import lexicon

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WD = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_NUMWORD = (
    r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty)"
)

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "ndays_since",
        re.compile(r"\b(?:in|over|during) the (?:past |last |first )?(" + _NUMWORD + r") (day|week|month)s? since\b", re.I),
    ),
    ("year_start", re.compile(r"\bsince the (?:start|beginning) of (?:the|this) year\b", re.I)),
    ("since_date", re.compile(r"\b[Ss]ince\b[^.;]{0,90}?\b(" + _MON + r" " + _DAYNUM + r"(?:,? \d{4})?)")),
    (
        "since_open",
        re.compile(
            r"\bsince (?:the )?(?:war|invasion|conflict|fighting|start|beginning|outbreak|offensive|attack"
            r"|Russia|Russian|it|they|hostilities)\b",
            re.I,
        ),
    ),
    (
        "as_of",
        re.compile(
            r"\b(?:[Aa]s of|[Bb]y) (?:(?:last )?" + _WD + r"|" + _MON + r" " + _DAYNUM + r"(?:,? \d{4})?|today|yesterday)"
        ),
    ),
    (
        "past_day",
        re.compile(
            r"\b(?:overnight|(?:in|over|during) the (?:past|last) (?:24 hours|day)|in the past twenty-four hours)\b", re.I
        ),
    ),
    (
        "window",
        re.compile(
            r"\b(?:in|over|during|within|for) the (?:past|last|previous) (?:(" + _NUMWORD + r") )?(hour|day|week|month|year)s?\b",
            re.I,
        ),
    ),
    (
        "so_far",
        re.compile(
            r"\b(?:so far|thus far|to date|up to now|until now|as yet)\b"
            # not an adjective's adverb: "the first and so far only toll"
            r"(?! (?:the )?(?:only|largest|biggest|deadliest|worst|highest|most|best|first)\b)",
            re.I,
        ),
    ),
    ("year_rel", re.compile(r"\b(last|this|earlier this|past) year\b", re.I)),
    ("weekend", re.compile(r"\b(?:over|during|at|on) the weekend\b|\b(?:this|last) weekend\b", re.I)),
    ("half_year", re.compile(r"\b(?:in|during) the (first|second) half of ((?:19|20)\d\d)\b", re.I)),
    ("week", re.compile(r"\b(last|this|past) week\b", re.I)),
    ("month_rel", re.compile(r"\b(last|this|earlier this) month\b", re.I)),
    (
        "in_month",
        re.compile(
            r"\b(?:[Ii]n|[Dd]uring|[Tt]hroughout|[Ss]ince|[Bb]etween) (" + _MON + r")(?: (\d{4}))?"
            r"(?: (?:and|to|through|until) (" + _MON + r")(?: (\d{4}))?)?\b"
        ),
    ),
    (
        "year",
        re.compile(r"(?:\b(?:[Ii]n|[Ss]ince|[Bb]y)|[Dd]uring|[Tt]hroughout) (?:the )?((?:1[89]|20)\d\d)(?:[-–](\d{2,4}))?\b"),
    ),
    (
        "date",
        re.compile(r"\b(" + _MON + r") (" + _DAYNUM + r")(?:,? (\d{4}))?\b|\b(" + _DAYNUM + r") (" + _MON + r")(?: (\d{4}))?\b"),
    ),
    ("last_weekday", re.compile(r"\blast (" + _WD + r")\b")),
    ("weekday", re.compile(r"\b(" + _WD + r")\b")),
    ("yesterday", re.compile(r"\byesterday\b|\bthe day before\b", re.I)),
    ("today", re.compile(r"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b", re.I)),
]
POINT_KINDS = frozenset({"date", "last_weekday", "weekday", "yesterday", "today", "as_of"})


@dataclass(slots=True)
class TimeExpr:
    start: int  # char offsets within the sentence
    end: int
    kind: str
    first: date | None
    last: date | None

    @property
    def point(self) -> bool:
        return self.kind in POINT_KINDS


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")[:4].rstrip("t") if name.lower().startswith("sept") else name.lower()[:3]]


def _year_for(month: int, day: int, p: date) -> int:
    """The year that puts month/day on or before the publication date."""
    try:
        return p.year if date(p.year, month, day) <= p else p.year - 1
    except ValueError:
        return p.year


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _weekday_on_or_before(name: str, p: date) -> date:
    target = WEEKDAYS.index(name.lower())
    return p - timedelta(days=(p.weekday() - target) % 7)


def _parse_day(text: str, p: date | None) -> date | None:
    """A single day from a date, weekday, 'last <weekday>', 'today', 'yesterday'."""
    low = text.lower()
    m = re.search(r"(" + _MON + r") (" + _DAYNUM + r")(?:,? (\d{4}))?", text) or None
    if m:
        month, day = _month(m.group(1)), int(re.match(r"\d+", m.group(2)).group())
        if m.group(3):
            return _safe(int(m.group(3)), month, day)
        return _safe(_year_for(month, day, p), month, day) if p else None
    m = re.search(r"(" + _DAYNUM + r") (" + _MON + r")(?: (\d{4}))?", text)
    if m:
        month, day = _month(m.group(2)), int(re.match(r"\d+", m.group(1)).group())
        if m.group(3):
            return _safe(int(m.group(3)), month, day)
        return _safe(_year_for(month, day, p), month, day) if p else None
    if p is None:
        return None
    m = re.search(r"last (" + _WD + r")", text)
    if m:
        monday_this_week = p - timedelta(days=p.weekday())
        return monday_this_week - timedelta(days=7) + timedelta(days=WEEKDAYS.index(m.group(1).lower()))
    m = re.search(_WD, text)
    if m:
        return _weekday_on_or_before(m.group(0), p)
    if "yesterday" in low or "day before" in low:
        return p - timedelta(days=1)
    if "today" in low or "tonight" in low or low.startswith("this "):
        return p
    return None


def _word_to_int(word: str) -> int:
    if word.isdigit():
        return int(word)
    units = lexicon.load("numbers")
    return units["units"].get(word.lower()) or units["tens"].get(word.lower()) or 0


def find_times(sentence: str, published: date | None) -> list[TimeExpr]:
    """All time expressions of a sentence, left to right, without overlaps (earlier patterns win)."""
    p = published
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                first, last = _resolve(kind, m, p)
            except (OverflowError, ValueError):
                first, last = None, None  # arithmetic past the calendar's ends (year 1 or 9999)
            if kind == "date" and sentence[m.end() : m.end() + 1] == "-":
                continue
            found.append(TimeExpr(m.start(), m.end(), kind, first, last))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda t: t.start)
    return _merge_weekday_dates(sentence, found)


def _merge_weekday_dates(sentence: str, found: list[TimeExpr]) -> list[TimeExpr]:
    """'Wednesday, April 20, 2022' is one day, not two expressions."""
    out: list[TimeExpr] = []
    for t in found:
        if out and out[-1].kind == "weekday" and t.kind == "date" and sentence[out[-1].end : t.start].strip() in (",", ""):
            out[-1] = TimeExpr(out[-1].start, t.end, "date", t.first, t.last)
            continue
        out.append(t)
    return out


def _resolve(kind: str, m: re.Match[str], p: date | None) -> tuple[date | None, date | None]:
    if kind == "ndays_since":
        n, unit = _word_to_int(m.group(1)), m.group(2).lower()
        if p is None or not n:
            return None, None
        days = n * {"day": 1, "week": 7, "month": 30}[unit]
        return p - timedelta(days=days), p
    if kind == "since_date":
        d = _parse_day(m.group(1), p)
        return d, p
    if kind == "since_open":
        return None, p
    if kind == "as_of":
        return None, _parse_day(m.group(0).split(" ", 2)[-1] if m.group(0)[:2].lower() == "as" else m.group(0)[3:], p)
    if kind == "past_day":
        return (p - timedelta(days=1), p) if p else (None, None)
    if kind == "window":
        if p is None:
            return None, None
        n = _word_to_int(m.group(1)) if m.group(1) else 1
        unit = m.group(2).lower()
        if unit == "hour":
            return p - timedelta(days=max(1, -(-n // 24))), p  # "in the past 24 hours": the day before to P
        if unit in ("month", "year"):
            months = n * (12 if unit == "year" else 1)
            y, mo = divmod(p.year * 12 + p.month - 1 - months, 12)
            return _safe(y, mo + 1, min(p.day, calendar.monthrange(y, mo + 1)[1])), p
        return p - timedelta(days=n * (7 if unit == "week" else 1)), p
    if kind == "so_far":
        return None, p
    if kind == "year_start":
        return (date(p.year, 1, 1), p) if p else (None, None)
    if kind == "weekend":
        if p is None:
            return None, None
        saturday = p - timedelta(days=(p.weekday() - 5) % 7)
        if m.group(0).lower().startswith("last") and p.weekday() >= 5:
            saturday -= timedelta(days=7)  # "last weekend" said on a weekend: the one before
        return saturday, min(saturday + timedelta(days=1), p)
    if kind == "half_year":
        y = int(m.group(2))
        return (date(y, 1, 1), date(y, 6, 30)) if m.group(1).lower() == "first" else (date(y, 7, 1), date(y, 12, 31))
    if kind == "year_rel":
        if p is None:
            return None, None
        if m.group(1).lower() == "last":
            return date(p.year - 1, 1, 1), date(p.year - 1, 12, 31)
        if m.group(1).lower() == "past":
            return _safe(p.year - 1, p.month, min(p.day, 28 if p.month == 2 else p.day)), p
        return date(p.year, 1, 1), p
    if kind == "week":
        if p is None:
            return None, None
        monday = p - timedelta(days=p.weekday())
        if m.group(1).lower() == "this":
            return monday, p
        if m.group(1).lower() == "past":
            return p - timedelta(days=7), p
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if kind == "month_rel":
        if p is None:
            return None, None
        if m.group(1).lower() == "last":
            last = p.replace(day=1) - timedelta(days=1)
            return last.replace(day=1), last
        return p.replace(day=1), p
    if kind == "in_month":
        month = _month(m.group(1))
        year = int(m.group(2)) if m.group(2) else (None if p is None else (p.year if month <= p.month else p.year - 1))
        if year is None:
            return None, None
        if m.group(3):  # "in December and January": from the first month's start to the second's end
            month2 = _month(m.group(3))
            year2 = int(m.group(4)) if m.group(4) else (year if month2 >= month else year + 1)
            if not m.group(2) and not m.group(4) and p is not None and date(year2, month2, 1) > p:
                year, year2 = year - 1, year2 - 1
            return date(year, month, 1), date(year2, month2, calendar.monthrange(year2, month2)[1])
        first = date(year, month, 1)
        if m.group(0)[:1] in "Ss" and p is not None:
            return first, p  # "since January": from the month's first day up to publication
        return first, date(year, month, calendar.monthrange(year, month)[1])
    if kind == "year":
        y1 = int(m.group(1))
        y2 = y1
        if m.group(2):
            tail = m.group(2)
            y2 = int(tail) if len(tail) == 4 else int(str(y1)[: 4 - len(tail)] + tail)
            if y2 < y1:
                y2 = y1
        return date(y1, 1, 1), date(y2, 12, 31)
    d = _parse_day(m.group(0), p)
    return d, d


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
