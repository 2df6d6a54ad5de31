"""Quantities: what is counted, where, over what span; the unit every comparison lines up.

A quantity is a metric family ("losses": killed, wounded, ... side by side, never summed), a
counted group ("russian troops"), a scope and a span:

* scope: the place, folded within a document ("Azovstal steel plant, Mariupol" and "Mariupol"
  name one place where the same document counts the same group in both); a figure without a
  place takes its document's one place for that family, and otherwise counts a nationality's
  troops war-wide or, for people at large, only what its own document describes;
* span: cumulative ("since the invasion", "so far", or nothing said), one event or day (events
  in one place are kept apart by date: two strikes on Lviv a week apart are two quantities;
  one-day counts for a whole war form a per-day series), a stated period, or history (a
  period that ended years before publication, kept off the current timeline).

Cumulative and one-day figures are never one quantity, so never one line. A figure with no
span of its own joins the event its own document (or, in a city, its day) describes, else
the cumulative count. Reviewers' corrections (`Corrections`) move figures and merge or split
quantities on top of all this.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from claimtally.compare.core import Annotated
from claimtally.compare.scope import (
    CUMULATIVE,
    DAY,
    EVENT,
    HISTORIC,
    HISTORIC_DAYS,
    PERIOD,
    SPAN_LABELS,
    UNSTATED,
    contains,
    is_wide,
    wide_places_in,
)
from claimtally.compare.subjects import Group, SubjectRules, people_at_large
from claimtally.compare.text import CYRILLIC, fold

if TYPE_CHECKING:
    from claimtally.compare.claims import Claim
    from claimtally.compare.corrections import Corrections

DAILY = "daily"
#: Events in one place whose days are at most this far apart are one event.
EVENT_GAP_DAYS = 1


@dataclass(slots=True)
class Quantity:
    """Figures that count the same thing, from every claimant."""

    key: str
    family: str
    group: str
    span: str = CUMULATIVE
    span_label: str = ""
    place: str | None = None  #: the place as most often written, when the quantity has one
    figures: list[Annotated] = field(default_factory=list)
    _claims: list[Claim] | None = None

    @property
    def subject(self) -> str:
        """The subject as most often written; the group's (English) key when the figures are
        written in more than one alphabet ("люди" and "people" are shown as "people")."""
        counts = Counter(a.subject for a in self.figures)
        if not counts or _mixed_scripts(counts):
            return self.group
        return counts.most_common(1)[0][0]

    @property
    def span_text(self) -> str:
        """The span as a reader sees it: "", "one event, 2022-04-18", "per day", "in 1995"."""
        if self.span == EVENT:
            return f"one event, {self.span_label}" if self.span_label else "one event"
        if self.span == HISTORIC:
            return f"in {self.span_label}"
        if self.span == PERIOD:
            return self.span_label.replace("..", " to ")
        return SPAN_LABELS[DAILY] if self.span == DAILY else ""

    @property
    def label(self) -> str:
        """The subject as most often written, where (as most often written) and over what span."""
        text = self.subject
        if self.place:
            text = f"{text} in {self.place}"
        return f"{text} ({self.span_text})" if self.span_text else text

    @property
    def claims(self) -> list[Claim]:
        """The quantity's claims (figures folded into one claim per statement), computed once."""
        if self._claims is None:
            from claimtally.compare.claims import claims_of

            self._claims = claims_of(self.figures)
        return self._claims

    def haystack(self) -> str:
        parts = {self.key, self.family, self.group, self.label}
        for a in self.figures:
            parts.update((a.metric, a.claimant.name, a.claimant_text, a.place or "", a.subject))
        return fold(" | ".join(sorted(parts)))


def _day(s: str | None) -> int | None:
    try:
        return date.fromisoformat(s[:10]).toordinal() if s else None
    except ValueError:
        return None


def _group_key(rules: SubjectRules, a: Annotated, pk: str, places: Iterable[str]) -> str:
    """People at large in one city or one event are one count, and "Americans" killed in the
    US are the people killed there; a modifier that is a place the document names says
    where, not who ("Chibok girls" in a story about Chibok); elsewhere the group as parsed."""
    g = a.group
    if g.modifiers and places:
        kept = tuple(m for m in g.modifiers if m not in places)
        if kept != g.modifiers:
            g = Group(g.head, g.demonyms, kept, g.enemy)
    if not people_at_large(rules, g):
        return g.key
    if (pk and not is_wide(pk)) or a.span.kind == EVENT:
        return " ".join((*g.demonyms, "people"))
    if g.demonyms and pk and rules.demonyms.get(tuple(pk.split())) in g.demonyms:
        return g.head
    return g.key


_PUNCT = re.compile(r"[^\w\s-]")


def _mixed_scripts(names: Iterable[str]) -> bool:
    """True when some of the names are Cyrillic and some are not."""
    scripts = {bool(CYRILLIC.search(n)) for n in names}
    return len(scripts) > 1


def _mentioned(sentence: str, claimant: str | None, keys: Iterable[str]) -> set[str]:
    """The place keys whose words all appear in the sentence (the claimant's own name aside:
    "Russia's Defence Ministry said" does not place a figure in Russia)."""
    text = sentence.replace(claimant, " ") if claimant else sentence
    padded = f" {_PUNCT.sub(' ', text.lower())} "
    # a Latin word is matched whole ("russia" is not in "russian"), a Cyrillic key is a stem
    # ("донецьк" is in "донецьку")
    return {key for key in keys
            if all((f" {w}" if CYRILLIC.search(w) else f" {w} ") in padded for w in key.split())}


def _place_of(a: Annotated, doc_keys: set[str], group_keys: set[str]) -> str:
    """A place for a figure the extractor gave none: a place its document names that its own
    sentence mentions, else a country or region the sentence locates it in ("fled Ukraine",
    "people from Syria"), else its document's one place for the same group."""
    sentence, claimant = a.sentence, a.claimant_text
    wide = wide_places_in(sentence.replace(claimant, " ") if claimant else sentence)
    # a country the document names is mentioned in any language ("turkey" by "в Турции")
    found = (_mentioned(sentence, claimant, doc_keys) | (wide & doc_keys)) if doc_keys else set()
    if len(found) == 1:
        return next(iter(found))
    if not found and len(wide) == 1:
        return next(iter(wide))
    return next(iter(group_keys)) if len(group_keys) == 1 else ""


def _canonical_places(keys: Mapping[str, str]) -> dict[str, str]:
    """Within one document and group, each place key -> the one key of the places it names
    (`keys` maps each key to a place as written): "las vegas", "a Las Vegas concert",
    "concert" and "Las Vegas Strip" are one place; the shortest name stands for them."""
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a in keys:
        for b in keys:
            if a != b and contains(a, b, keys[b]):
                ra, rb = root(a), root(b)
                if ra != rb:
                    parent[max(ra, rb, key=lambda k: (len(k.split()), k))] = min(ra, rb, key=lambda k: (len(k.split()), k))
    return {k: root(k) for k in keys}


def build_quantities(
    annotated: Sequence[Annotated],
    rules: SubjectRules,
    corrections: Corrections | None = None,
    any_place: bool = False,
) -> list[Quantity]:
    """Every quantity of the annotated figures, with reviewers' corrections applied."""
    n = len(annotated)
    # 1. place: a figure's own, else one its sentence or its document gives it
    doc_places: dict[str, set[str]] = defaultdict(set)
    group_places: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for a in annotated:
        if a.place_key:
            doc_places[a.independent].add(a.place_key)
            group_places[(a.independent, a.family, a.group.key)].add(a.place_key)
    doc_words = {doc: {w for k in keys for w in k.split()} for doc, keys in doc_places.items()}
    pks: list[str] = [""] * n
    gkeys: list[str] = [""] * n
    per_doc: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    for i, a in enumerate(annotated):
        pk = "" if any_place else a.place_key
        if not pk and not any_place and doc_places:
            pk = _place_of(a, doc_places.get(a.independent, set()),
                           group_places.get((a.independent, a.family, a.group.key), set()))
        g = _group_key(rules, a, pk, doc_words.get(a.independent, ()))
        pks[i], gkeys[i] = pk, g
        if pk:
            per_doc[(a.independent, a.family, g)].setdefault(pk, a.place or pk)
    # 2. one document naming one place two ways, for one group
    reps = {k: _canonical_places(v) for k, v in per_doc.items() if len(v) > 1}
    # 3. scope: the place; troops of a nationality without one count the war (joining the one
    #    country-wide place their group has); people at large without one, their document
    scopes: list[str] = [""] * n
    wide_homes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for i, a in enumerate(annotated):
        pk, g = pks[i], gkeys[i]
        if pk:
            rep = reps.get((a.independent, a.family, g))
            if rep:
                pk = rep.get(pk, pk)
            scopes[i] = pk
            if a.group.demonyms and is_wide(pk):
                wide_homes[(a.family, g)].add(pk)
        elif not (a.group.demonyms or any_place):
            scopes[i] = f"doc:{a.independent}"
    buckets: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    written: dict[str, Counter[str]] = defaultdict(Counter)
    for i, a in enumerate(annotated):
        scope = scopes[i]
        if not scope and not any_place:
            homes = wide_homes.get((a.family, gkeys[i]))
            if homes and len(homes) == 1:
                scope = scopes[i] = next(iter(homes))
        buckets[(a.family, gkeys[i], scope)].append(i)
        if scope and a.place and not scope.startswith("doc:"):
            written[scope][a.place] += 1
    # 4. span, within each (family, group, scope)
    keyed: dict[str, Quantity] = {}
    assigned: list[str] = [""] * n
    for (family, g, scope), members in buckets.items():
        base = f"{family}:{g}" + (f"@{scope}" if scope else "")
        place = None
        if scope in written:
            place = scope.title() if _mixed_scripts(written[scope]) else written[scope].most_common(1)[0][0]
        for idx, (span, label) in _spans(annotated, members, is_wide(scope) and not scope.startswith("doc:")).items():
            key = base + _SUFFIX[span].format(label)
            if key not in keyed:
                keyed[key] = Quantity(key, family, g, span, label, place)
            assigned[idx] = key
    # 5. one sentence telling two figures apart: they are parts, not rival counts
    for i, key in _told_apart(annotated, assigned).items():
        assigned[i] = key
        if key not in keyed:
            src = keyed[key.rsplit("#", 1)[0]]
            keyed[key] = Quantity(key, src.family, src.group, src.span, src.span_label, src.place)
    # 5b. one document repeating one figure for one kind of thing means one quantity
    for i, key in _repeated(annotated, assigned, gkeys).items():
        assigned[i] = key
    # 6. reviewers' corrections
    for i, a in enumerate(annotated):
        key = corrections.quantity_of(a.id, assigned[i]) if corrections else assigned[i]
        q = keyed.get(key)
        if q is None:
            src = keyed[assigned[i]]
            q = keyed[key] = Quantity(key, key.split(":", 1)[0] or src.family, src.group, src.span, src.span_label,
                                      src.place)
        q.figures.append(a)
    return [q for q in keyed.values() if q.figures]


_SUFFIX = {CUMULATIVE: "", DAILY: "~daily", EVENT: "~{}", PERIOD: "~{}", HISTORIC: "~in {}"}
_FROM = re.compile(r"\bfrom\s+(?:just\s+|only\s+|about\s+|some\s+)?$", re.IGNORECASE)
_TO = re.compile(r"\bto\s+(?:just\s+|only\s+|about\s+|some\s+)?$", re.IGNORECASE)


def _told_apart(annotated: Sequence[Annotated], assigned: Sequence[str]) -> dict[int, str]:
    """Figures that one claimant's one sentence gives as different numbers for what grouping
    made one quantity ("three fatalities outside the train and one inside", "bursts of nine
    and 12 shots") count different parts of it; each gets a quantity of its own. Not a series
    ("from 18,000 to 23,000", "dozens, up from a handful") and not rival claims (those have
    different claimants)."""
    by_sentence: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, a in enumerate(annotated):
        if a.values[15]:
            by_sentence[(a.independent, a.values[15])].append(i)
    out: dict[int, str] = {}
    for idx in by_sentence.values():
        if len(idx) < 2:
            continue
        parts: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for i in idx:
            parts[(assigned[i], annotated[i].metric, annotated[i].claimant.key)].append(i)
        for (key, _, _), same in parts.items():
            if len(same) > 1 and len({annotated[i].rep for i in same}) > 1 and not _series(annotated, same):
                for i in same:
                    out[i] = f"{key}#{annotated[i].values[2]}"
    return out


def _repeated(annotated: Sequence[Annotated], assigned: Sequence[str], gkeys: Sequence[str]) -> dict[int, str]:
    """Figures of one document with the same value, metric family and head noun ("21 Chibok
    girls", "the 21 freed girls", "21 released women and girls") that grouping put in several
    quantities are one, unless the text places them in two different places: they join the
    quantity of the figure whose own place is the narrowest, else the most common one."""
    same: dict[tuple[str, str, str, float], list[int]] = defaultdict(list)
    for i, a in enumerate(annotated):
        if a.rep is not None and a.rep >= 2 and gkeys[i]:
            same[(a.independent, a.family, gkeys[i].split()[-1], a.rep)].append(i)
    out: dict[int, str] = {}
    for idx in same.values():
        keys = Counter(assigned[i] for i in idx)
        if len(keys) < 2:
            continue
        own = {annotated[i].place_key for i in idx if annotated[i].place_key and not is_wide(annotated[i].place_key)}
        if len(own) > 1:
            continue  # "2 killed in Lviv ... 2 killed in Kharkiv": told apart by place
        days = sorted(d for i in idx if annotated[i].span.dated and (d := _day(annotated[i].span.day)))
        if days and days[-1] - days[0] > EVENT_GAP_DAYS:
            continue  # "a strike on Monday killed 2 ... another on Friday killed 2": told apart by date
        placed = [assigned[i] for i in idx if annotated[i].place_key in own] if own else []
        target = placed[0] if placed else keys.most_common(1)[0][0]
        for i in idx:
            out[i] = target
    return out


def _series(annotated: Sequence[Annotated], idx: list[int]) -> bool:
    """True when the sentence gives the figures as one count moving: "from 18,000 to 23,000",
    "dozens, up from just a handful"."""
    text = annotated[idx[0]].sentence
    spots = sorted((p, i) for i in idx if (p := text.find(annotated[i].text or "\0")) >= 0)
    for (p1, _), (p2, _) in zip(spots, spots[1:], strict=False):
        before1, before2 = text[max(0, p1 - 16):p1], text[max(0, p2 - 16):p2]
        if (_FROM.search(before1) and _TO.search(before2)) or _FROM.search(before2):
            return True
    return False


def _spans(annotated: Sequence[Annotated], members: list[int], wide: bool) -> dict[int, tuple[str, str]]:
    """Figure index -> (span kind, key label) for the figures of one (family, group, scope).

    Events the figures date themselves (a period, a claim date) are clustered by day. An
    incident a document only dates by publishing it ("a U.S. air strike killed 18"), an
    incident over a stated period ("last week, soldiers opened fire") and, in one place, a
    figure with no span of its own join the one event their document describes, else the one
    event of their day; otherwise incidents make events of their own and the rest counts as
    cumulative.
    """
    out: dict[int, tuple[str, str]] = {}
    dated: list[tuple[int, int]] = []
    floating: list[int] = []
    periods: list[int] = []
    unstated: list[int] = []
    for i in members:
        s = annotated[i].span
        if s.kind == EVENT:
            if wide and s.label == DAY:
                out[i] = (DAILY, "")
            elif s.dated:
                dated.append((_day(s.day) or 0, i))
            else:
                floating.append(i)
        elif s.kind == PERIOD and s.incident and not wide:
            periods.append(i)
            out[i] = (PERIOD, s.label)
        elif s.kind in (PERIOD, HISTORIC):
            out[i] = (s.kind, s.label)
        elif not wide and (s.kind == UNSTATED or (s.kind == CUMULATIVE and s.label == "running")):
            # a running toll ("so far", "rose to") in one place is its event's toll, if it has one
            unstated.append(i)
        else:
            out[i] = (CUMULATIVE, "")
    clusters = _clusters(annotated, dated)
    for i in periods:
        first, last = (_day(d) for d in annotated[i].span.label.split(".."))
        doc = annotated[i].independent
        inside = [c for c in clusters if first is not None and last is not None and first <= c.first <= last
                  and doc in c.docs]
        if len(inside) == 1:
            inside[0].members.append(i)
    homeless = [i for i in floating if not _home(annotated, clusters, i)]
    clusters += _clusters(annotated, [(_day(annotated[i].span.day) or 0, i) for i in homeless])
    for i in unstated:
        if not _home(annotated, clusters, i):
            out[i] = (CUMULATIVE, "")
    for c in clusters:
        label = date.fromordinal(c.first).isoformat() if c.first else "undated"
        for i in c.members:
            out[i] = (EVENT, label)
    _earlier_runs(annotated, out)
    return out


def _earlier_runs(annotated: Sequence[Annotated], out: dict[int, tuple[str, str]]) -> None:
    """Cumulative figures in runs more than HISTORIC_DAYS apart count different stretches of
    time (Donbas shelling tallies of 2016 and the 2022 invasion's, in one archive): the latest
    run stays the current line, each earlier one becomes a quantity of its years."""
    dated = [(d, i) for i, span in out.items() if span == (CUMULATIVE, "") and (d := _day(annotated[i].span.day))]
    runs = _clusters(annotated, dated, gap=HISTORIC_DAYS)
    for run in runs[:-1]:
        first, last = date.fromordinal(run.first).year, date.fromordinal(run.last).year
        for i in run.members:
            out[i] = (HISTORIC, str(first) if first == last else f"{first}-{last}")


@dataclass(slots=True)
class _Cluster:
    """One event: its first and last day, its figures, and the documents they come from."""

    first: int
    last: int
    members: list[int]
    docs: set[str]


def _clusters(annotated: Sequence[Annotated], days: list[tuple[int, int]], gap: int = EVENT_GAP_DAYS) -> list[_Cluster]:
    """(day, figure) pairs as events: days at most `gap` apart are one event."""
    out: list[_Cluster] = []
    for day, i in sorted(days):
        if out and day - out[-1].last <= gap:
            out[-1].last = day
            out[-1].members.append(i)
            out[-1].docs.add(annotated[i].independent)
        else:
            out.append(_Cluster(day, day, [i], {annotated[i].independent}))
    return out


def _home(annotated: Sequence[Annotated], clusters: list[_Cluster], i: int) -> bool:
    """Put figure `i` in the one event its document describes, else the one event of its
    day when its document describes none; False when there is no such one event."""
    a = annotated[i]
    own = [c for c in clusters if a.independent in c.docs]
    if own:
        home = own[0] if len(own) == 1 else None
    else:
        d = _day(a.span.day)
        near = [c for c in clusters if d is not None and c.first - EVENT_GAP_DAYS <= d <= c.last + EVENT_GAP_DAYS]
        home = near[0] if len(near) == 1 else None
    if home is not None:
        home.members.append(i)
        home.docs.add(a.independent)
    return home is not None


def group_quantities(
    annotated: Sequence[Annotated],
    rules: SubjectRules,
    *,
    any_place: bool = False,
    corrections: Corrections | None = None,
    **filters: Any,
) -> list[Quantity]:
    """The quantities of the figures that match `filters` (see `select_quantities`), most
    contested first."""
    return select_quantities(build_quantities(annotated, rules, corrections, any_place), **filters)


def select_quantities(
    quantities: list[Quantity],
    *,
    query: str | None = None,
    metric: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[Quantity]:
    """The quantities that match the filters, most contested first.

    Quantities are built from every figure first and filtered after, so a quantity's key is
    the same whatever is asked. `metric` keeps one metric or one family (e.g. "losses");
    `since`/`until` (ISO dates, inclusive) keep figures by their effective date, and undated
    figures drop out when either is given; `query` keeps quantities where every word of it
    appears in the subject, place, metric, span or a claimant's name. Sorted by how many
    claimants they have, then by independent documents.
    """
    if metric or since or until:
        kept = []
        for q in quantities:
            figs = [a for a in q.figures if (not metric or metric in (a.metric, a.family))
                    and (not since or (a.date and a.date >= since)) and (not until or (a.date and a.date <= until))]
            if figs:
                q.figures = figs
                q._claims = None
                kept.append(q)
        quantities = kept
    if query:
        wanted = fold(query).split()
        quantities = [q for q in quantities if all(w in q.haystack() for w in wanted)]
    return sorted(quantities, key=_order)


def _order(q: Quantity) -> tuple[int, int, str]:
    claimants = {a.claimant.key for a in q.figures}
    return (-len(claimants), -len({a.independent for a in q.figures}), q.key)


def find_quantity(quantities: Sequence[Quantity], wanted: str) -> list[Quantity]:
    """Quantities a user's words name: an exact key or label, else one key that begins with
    the words ("losses:russian troops" names "losses:russian troops@ukraine" when it is the
    only one), else every quantity whose text holds all the words."""
    w = wanted.strip()
    exact = [q for q in quantities if q.key == w or fold(q.label) == fold(w)]
    if exact:
        return exact
    prefix = [q for q in quantities if q.key.startswith(w) and q.key[len(w):len(w) + 1] in ("@", "~")]
    if prefix:
        cumulative = [q for q in prefix if q.span == CUMULATIVE]
        return cumulative if len(cumulative) == 1 else prefix
    words = fold(w).split()
    return [q for q in quantities if all(x in q.haystack() for x in words)]
