"""Over what span and where a figure counts: the rest of what makes two figures one quantity.

"498 killed since the start of the operation" and "300 killed in the past 24 hours" count
different things even when the claimant, the metric and the group agree; so do "6 killed in
Lviv" and "18 killed in Kharkiv", or "more than 100 people died during the 2013-14 revolution"
quoted in a 2022 article. The span comes from the figure's period first and its sentence's
cues second (`data/scope.json`); places are folded so "the western city of Lviv" is Lviv.
The extractor gives no span kind of its own, so it is derived here from what it does give.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from claimtally.compare.text import CYRILLIC, fold, plain, words

CUMULATIVE = "cumulative"
EVENT = "event"
PERIOD = "period"
HISTORIC = "historic"
UNSTATED = "unstated"
#: The labels of an EVENT span: one incident, or one day's (or night's) count.
INCIDENT = "incident"
DAY = "day"
#: How a quantity's span is shown to a reader.
SPAN_LABELS = {
    CUMULATIVE: "cumulative", EVENT: "one event or day", PERIOD: "stated period", HISTORIC: "earlier period",
    "daily": "per day",
}

_DATA = json.loads(resources.files("claimtally.compare").joinpath("data", "scope.json").read_text(encoding="utf-8"))
HISTORIC_DAYS: int = int(_DATA["historic_days"])
#: Country and territory names in our languages, folded, -> one English key (data/places.json).
_PLACES: dict[str, str] = json.loads(
    resources.files("claimtally.compare").joinpath("data", "places.json").read_text(encoding="utf-8"))["places"]


#: Cue kinds, in the order that breaks a tie between two equally near cues.
_KINDS: tuple[str, ...] = ("day", "since", "running", "recent", "event")


def _trie(phrases: list[str]) -> str:
    """A regex matching any of the lower-case phrases, as a character trie: Python's `re`
    tries the alternatives of a flat alternation one by one at every position, a trie only
    the branch of the next character (hundreds of phrases, 100,000 sentences)."""
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [(r"\s+" if ch == " " else r"\w*" if ch == "*" else re.escape(ch)) + build(sub)
                for ch, sub in sorted(node.items()) if ch]
        if "" in node:
            alts.append(r"\b")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(root)


_KIND_OF = {" ".join(p.lower().split()): k for k in _KINDS for p in _DATA[k]}
_WILD = [(re.compile(_trie([p]) + "$"), k) for p, k in _KIND_OF.items() if "*" in p]
_CUE = re.compile(r"\b" + _trie(list(_KIND_OF)))
#: The few cues that are patterns, not phrases ("in the first eleven days"), in one regex, run
#: only on sentences that name one of the `_UNITS` the patterns count in.
_UNITS = re.compile("day|week|month|year|дн|недел|месяц|тиж|місяц")
_PATTERNS = re.compile("|".join(
    f"(?P<{kind}{n}>{p})" for kind in ("since", "recent") for n, p in enumerate(_DATA.get(f"{kind}_patterns", []))
))


def _kind(matched: str) -> str:
    norm = " ".join(matched.split())
    return _KIND_OF.get(norm) or next((k for rx, k in _WILD if rx.match(norm)), "event")


_YEARS_AGO = re.compile(r"\b(\w+)\s+years\s+ago\b", re.IGNORECASE)
_PLACE_STOP = frozenset(w for p in _DATA["place_stop"] for w in words(p))
_DIRECTIONS = frozenset(w for p in _DATA["place_directions"] for w in words(p))
_LIST_WORDS = frozenset(words("and or и или і та й"))
_PLACE_NOUNS = frozenset(words("city town village port capital город місто село поселок селище"))
WIDE_PLACES = frozenset(fold(p) for p in _DATA["wide_places"]) | frozenset(_PLACES.values())


def _wide_regex() -> re.Pattern[str]:
    """The wide places after a preposition: the listed ones as written (a Cyrillic one with any
    ending) and every name of a country in the place table."""
    names = {(p.lower() if fold(p) == p.lower() else fold(p) + "*") for p in _DATA["wide_places"]}
    names |= {" ".join(w + "*" if CYRILLIC.match(w) else w for w in k.split()) for k in _PLACES}
    preps = "in|across|from|into|inside|within|throughout|fled|left|to|в|во|у|на|из|з|із|по|по всей"
    return re.compile(rf"(?<!\w)(?:{preps})\s+(?:the\s+)?({_trie(sorted(names))})", re.IGNORECASE)


_WIDE = _wide_regex()


def wide_places_in(sentence: str) -> set[str]:
    """Countries, continents or the world a sentence locates something in ("fled Ukraine",
    "in Syria", "в Украине"), as place keys."""
    return {place_key(m.group(1)) for m in _WIDE.finditer(plain(sentence))} & WIDE_PLACES if sentence else set()


@dataclass(frozen=True, slots=True)
class Span:
    """A figure's span: its kind, the day it is anchored to (events and periods end there),
    and a label: for periods and history what keys them ("2022-03-01..2022-03-31", "1995"),
    for events whether the sentence names an incident or counts one day."""

    kind: str
    day: str | None = None
    label: str = ""
    dated: bool = True  #: the day comes from the figure (its period or claim date), not from publication
    incident: bool = False  #: the sentence names an incident ("strike", "shooting")


@lru_cache(maxsize=8192)
def _iso(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _cues(text: str, stock: bool) -> list[tuple[int, int, str]]:
    """Every span cue in the sentence as (start, end, kind); stocks ignore incident cues."""
    low = text.lower()
    out = [(m.start(), m.end(), _kind(m.group(0))) for m in _CUE.finditer(low)]
    if _UNITS.search(low):  # every pattern counts days, weeks, months or years
        out.extend((m.start(), m.end(), (m.lastgroup or "since").rstrip("0123456789")) for m in _PATTERNS.finditer(low))
    return [c for c in out if not (stock and c[2] == "event")]


#: A time cue this close before the number is its own ("for a total of 78").
_ADJACENT = 20


def _time_cue(cues: list[tuple[int, int, str]], at: tuple[int, int] | None, adjacent_only: bool) -> str | None:
    """The time cue (day, since, running, recent) that applies to the number at `at`: one
    right before it, else the nearest one after it, else the nearest before. Incident nouns
    are not time cues. With `adjacent_only`, only a cue right before the number counts (the
    extractor's period stands otherwise)."""
    times = [c for c in cues if c[2] != "event"]
    if not times:
        return None
    if at is None:
        kinds = {k for _, _, k in times}
        return None if adjacent_only or len(kinds) > 1 else times[0][2]
    before = [c for c in times if c[1] <= at[0]]
    close = [c for c in before if at[0] - c[1] <= _ADJACENT]
    if close:
        return max(close, key=lambda c: c[1])[2]
    if adjacent_only:
        return None
    after = [c for c in times if c[0] >= at[1]]
    if after:
        return min(after, key=lambda c: c[0])[2]
    return max(before, key=lambda c: c[1])[2] if before else times[0][2]


def span_of(
    sentence: str | None,
    claim_date: str | None,
    period_start: str | None,
    period_end: str | None,
    published: str | None,
    stock: bool = False,
    text: str | None = None,
) -> Span:
    """The span of one figure; `text` is its number expression, found in the sentence to pick
    the nearest cue when cues of several kinds meet. `stock` metrics (troops deployed, people
    displaced) count a level, so a stated span is "as of" its end and only a one-day window
    is an increment."""
    ps, pe, pub, claimed = _iso(period_start), _iso(period_end), _iso(published), _iso(claim_date)
    end = pe or ps or claimed
    if end and pub and (pub - end).days > HISTORIC_DAYS:
        first = ps or end
        label = str(first.year) if first.year == end.year else f"{first.year}-{end.year}"
        return Span(HISTORIC, end.isoformat(), label)
    sent = sentence or ""
    cues = _cues(sent, stock) if sent else []
    day = pe or claimed or pub
    anchor = day.isoformat() if day else None
    dated = bool(pe or ps or claimed)
    if not cues and not (ps or pe):  # most figures: nothing said about the span
        past = _years_ago(sent, pub)
        return Span(HISTORIC, f"{past}-12-31", str(past)) if past else Span(UNSTATED, anchor, "", dated)
    at = sent.find(text) if text else -1
    where = (at, at + len(text)) if text and at >= 0 else None
    incident = any(k == "event" for _, _, k in cues)
    cue = _time_cue(cues, where, adjacent_only=bool(ps or pe))
    if cue is None:
        by_period = _period_span(ps, pe, stock, cues)
        if by_period is not None:
            return by_period
        past = _years_ago(sent, pub)
        if past:
            return Span(HISTORIC, f"{past}-12-31", str(past))
    if cue == "day":
        return Span(EVENT, anchor, _incident(cues), dated, incident)
    if cue in ("since", "running"):
        return Span(CUMULATIVE, anchor, cue, dated, incident)
    if cue == "recent":
        if ps and pe:
            return Span(PERIOD, pe.isoformat(), f"{ps.isoformat()}..{pe.isoformat()}", True, incident)
        m = next(c for c in cues if c[2] == "recent")
        return Span(PERIOD, anchor, f"{' '.join(sent[m[0]:m[1]].lower().split())}..{anchor}", dated, incident)
    if incident:
        return Span(EVENT, anchor, INCIDENT, dated, True)
    return Span(UNSTATED, anchor, "", dated)


def _period_span(ps: date | None, pe: date | None, stock: bool, cues: list[tuple[int, int, str]]) -> Span | None:
    """The span the extractor's period gives, if it gives one."""
    kinds = {k for _, _, k in cues}
    incident = "event" in kinds
    if ps and pe:
        if (pe - ps).days <= 1:
            return Span(EVENT, pe.isoformat(), _incident(cues), True, incident)
        if stock or kinds & {"since", "running"}:
            return Span(CUMULATIVE, pe.isoformat(), "running" if "since" not in kinds else "since", True, incident)
        return Span(PERIOD, pe.isoformat(), f"{ps.isoformat()}..{pe.isoformat()}", True, incident)
    if ps:
        return Span(CUMULATIVE, ps.isoformat(), "since", True, incident)
    if pe:
        return Span(CUMULATIVE, pe.isoformat(), "since" if "since" in kinds else "running", True, incident)
    return None


def _incident(cues: list[tuple[int, int, str]]) -> str:
    """An event span's label: one incident ("in Tuesday's strike") or one day's count."""
    return INCIDENT if any(k == "event" for _, _, k in cues) else DAY


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _years_ago(text: str, pub: date | None) -> int | None:
    """The year a sentence dates its count to by "two years ago", when that is more than a
    year before publication. (Stated years are the extractor's: it gives them as periods.)"""
    m = _YEARS_AGO.search(text) if pub and "years ago" in text else None
    if m and pub:
        n = _NUMBER_WORDS.get(m.group(1).lower()) or (int(m.group(1)) if m.group(1).isdigit() else 0)
        if n >= 2:
            return (pub - timedelta(days=365 * n)).year
    return None


@lru_cache(maxsize=65536)
def place_key(place: str | None) -> str:
    """A place as a lookup key: "the western city of Lviv" -> "lviv", "у Донецьку" -> "донецьк";
    a country in any of our languages as its English key ("в Турции", "Туреччина" -> "turkey")."""
    key = place_fold(place)
    return _PLACES.get(key, key)


def place_fold(place: str | None) -> str:
    """A place's words as compare folds them, before the country table is applied."""
    if not place:
        return ""
    ws = list(words(place.replace(",", " ")))
    out: list[str] = []
    for w in ws:
        if w in _PLACE_NOUNS:
            while out and out[-1] in _DIRECTIONS:
                out.pop()
            continue
        if w not in _PLACE_STOP:
            out.append(w)
    return " ".join(out) or " ".join(ws)


def is_wide(key: str) -> bool:
    """A country, a continent or the world (where a nationality's troops count a whole war)."""
    return not key or key in WIDE_PLACES


def contains(inner: str, outer: str, outer_text: str = "") -> bool:
    """True when place `outer` is a fuller name for place `inner` in one document ("las vegas"
    and "a Las Vegas concert", "aleppo hospital" and "a hospital in a rebel-held area of
    Aleppo"): every word of `inner` is in it, and it is not a list of places ("California,
    Oregon and Washington"), a part of `inner` ("Butte County, California", "Northern
    California") or a part of a country."""
    a, b = inner.split(), outer.split()
    if not a or len(a) >= len(b) or not set(a) <= set(b) or inner in WIDE_PLACES:
        return False
    extra = set(b) - set(a)
    return "," not in outer_text and not extra & _LIST_WORDS and not extra & _DIRECTIONS
