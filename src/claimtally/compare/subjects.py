"""What a figure counts: its subject as a counted group (head noun, nationality, modifiers).

"Russian soldiers", "Russia's troops", "Russian servicemen", "российские военные" and
"окупанти" count one group; "servicemen" said by Russia's defence ministry about its losses
count it too, because a claimant's unqualified troops are its own side's. The tables are data
(`data/subjects.json`) so a researcher can read and extend them; this module only applies them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from claimtally.compare.claimants import AliasError, _read_json
from claimtally.compare.text import tokens, words
from claimtally.model import METRICS


@dataclass(frozen=True, slots=True)
class Group:
    """A counted group: `head` noun ("troops"), the nationalities it is qualified by
    ("russian"), other modifiers ("bosnian muslim" men), and whether its words mean the
    claimant's enemy. `key` is what quantities are grouped by."""

    head: str
    demonyms: tuple[str, ...] = ()
    modifiers: tuple[str, ...] = ()
    enemy: bool = False
    key: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", " ".join((*self.demonyms, *self.modifiers, self.head)).strip())


@dataclass(frozen=True, slots=True)
class SubjectRules:
    """Compiled `subjects.json`."""

    family_of: Mapping[str, str]
    nouns: Mapping[tuple[str, ...], str]
    demonyms: Mapping[tuple[str, ...], str]
    max_phrase: int
    enemy: frozenset[tuple[str, ...]]
    opponents: Mapping[str, str]
    side_heads: frozenset[str]
    side_families: frozenset[str]
    materiel: frozenset[str]
    enemy_families: frozenset[str]
    verbs: frozenset[str]
    generic_people: frozenset[str]
    metric_nouns: frozenset[tuple[str, ...]]
    roles: Mapping[str, frozenset[str]]
    states: frozenset[str]
    cut: frozenset[str]
    relative: frozenset[str]
    narrowing: frozenset[str]
    drop: frozenset[str]
    stock_metrics: frozenset[str]

    def family(self, metric: str) -> str:
        return self.family_of.get(metric, metric)

    def demonym_of(self, text: str) -> str | None:
        """The first nationality a name mentions ("the Armenian Defence Ministry" -> "armenian")."""
        ws = words(text)
        for i in range(len(ws)):
            for n in (2, 1):
                d = self.demonyms.get(tuple(ws[i : i + n]))
                if d:
                    return d
        return None


def _phrases(values: list[str]) -> list[tuple[str, ...]]:
    return [w for w in (words(v) for v in values) if w]


def load_subject_rules(path: str | Path | None = None) -> SubjectRules:
    """Read the subject rules (bundled by default); errors name the file."""
    origin = str(path) if path else "bundled subjects.json"
    data = _read_json(Path(path) if path else "subjects.json", origin)
    try:
        family_of: dict[str, str] = {}
        for fam, metrics in data.get("families", {}).items():
            for m in metrics:
                if m not in METRICS:
                    raise AliasError(f"{origin}: family {fam!r} lists unknown metric {m!r}")
                family_of[m] = fam
        nouns: dict[tuple[str, ...], str] = {}
        for canon, variants in data.get("nouns", {}).items():
            for v in _phrases([canon, *variants]):
                nouns[v] = canon
        demonyms: dict[tuple[str, ...], str] = {}
        for k, v in data.get("demonyms", {}).items():
            demonyms[words(k)] = v
            demonyms.setdefault(words(v), v)
        rules = SubjectRules(
            family_of=family_of, nouns=nouns, demonyms=demonyms,
            max_phrase=max((len(k) for k in (*nouns, *demonyms)), default=1),
            enemy=frozenset(_phrases(data.get("enemy", []))),
            opponents=dict(data.get("opponents", {})),
            side_heads=frozenset(data.get("side_heads", [])),
            side_families=frozenset(data.get("side_families", [])),
            materiel=frozenset(),
            enemy_families=frozenset(data.get("enemy_families", [])),
            verbs=frozenset(w for p in _phrases(data.get("verbs", [])) for w in p),
            generic_people=frozenset(data.get("generic_people", [])),
            metric_nouns=frozenset(_phrases(data.get("metric_nouns", []))),
            roles={},
            states=frozenset(w for p in _phrases(data.get("states", [])) for w in p),
            cut=frozenset(w for p in _phrases(data.get("cut", [])) for w in p),
            relative=frozenset(w for p in _phrases(data.get("relative", [])) for w in p),
            narrowing=frozenset(w for p in _phrases(data.get("narrowing", [])) for w in p),
            drop=frozenset(w for p in _phrases(data.get("drop", [])) for w in p),
            stock_metrics=frozenset(data.get("stock_metrics", [])),
        )
        object.__setattr__(rules, "materiel", frozenset(_parse(rules, n).head for n in data.get("materiel", [])))
        for metric, nouns_of in data.get("roles", {}).items():
            if metric not in METRICS:
                raise AliasError(f"{origin}: roles lists unknown metric {metric!r}")
            heads = [_parse(rules, n).head for n in nouns_of]
            rules.roles[metric] = frozenset(heads)  # type: ignore[index]
            _ROLE_HEAD[(id(rules), metric)] = heads[0]
    except (AttributeError, TypeError):
        raise AliasError(f"{origin}: expected families, nouns, demonyms and drop as in the bundled file") from None
    bad = sorted(set(rules.stock_metrics) - set(METRICS))
    if bad:
        raise AliasError(f"{origin}: stock_metrics lists unknown metric {bad[0]!r}")
    return rules


def counted_group(rules: SubjectRules, subject: str | None) -> Group:
    """The group a subject counts, before any claimant's side is applied."""
    if not subject:
        return Group("")
    return _group(rules, subject)


@lru_cache(maxsize=131072)
def _group_cached(rules_id: int, subject: str) -> Group:
    return _parse(_RULES[rules_id], subject)


_RULES: dict[int, SubjectRules] = {}
_ROLE_HEAD: dict[tuple[int, str], str] = {}


def _group(rules: SubjectRules, subject: str) -> Group:
    _RULES.setdefault(id(rules), rules)
    return _group_cached(id(rules), subject)


def _parse(rules: SubjectRules, subject: str) -> Group:
    toks = tokens(subject)
    ws = [k for k, _ in toks]
    items: list[tuple[str, str, tuple[str, ...]]] = []  # (kind, value, words matched)
    qualifier: tuple[str, ...] = ()
    i = 0
    while i < len(ws):
        for n in range(min(rules.max_phrase, len(ws) - i), 0, -1):
            phrase = tuple(ws[i : i + n])
            if phrase in rules.enemy:
                items.append(("enemy", "", phrase))
            elif phrase in rules.demonyms:
                items.append(("demonym", rules.demonyms[phrase], phrase))
            elif phrase in rules.nouns:
                items.append(("noun", rules.nouns[phrase], phrase))
            else:
                continue
            i += n
            break
        else:
            w = ws[i]
            if w in rules.cut and items:
                qualifier = _qualifier(rules, toks[i:])
                break
            if w in rules.verbs and any(it[0] == "noun" for it in items):
                break  # "demonstrators march on palace": the headline's verb ends the group
            if w not in rules.drop and w not in rules.states and not w.isdigit():
                items.append(("word", w, (w,)))
            i += 1
    content = [k for k, it in enumerate(items) if it[0] in ("noun", "word")]
    # "Russian troop casualties": the metric noun names the count, the noun before it the group
    while len(content) > 1 and items[content[-1]][2] in rules.metric_nouns:
        content.pop()
    if not content:
        demonym = next((it[1] for it in items if it[0] == "demonym"), "")
        if demonym:  # "Russians", "українці": people of that nationality
            return Group("people", (demonym,))
        return Group(" ".join(ws), enemy=any(it[0] == "enemy" for it in items))
    h = content[-1]
    head_words = items[h][1].split()
    head = head_words[-1]
    demonyms = set(head_words[:-1])
    modifiers: list[str] = []
    for k, (kind, value, _) in enumerate(items):
        if kind == "demonym":
            demonyms.add(value)
        elif k < h and kind in ("word", "noun") and value not in rules.drop and items[k][2] not in rules.metric_nouns:
            modifiers.append(value)
    if qualifier:
        modifiers.append("(" + " ".join(qualifier) + ")")
    return Group(head, tuple(sorted(demonyms)), tuple(modifiers), any(it[0] == "enemy" for it in items))


def _qualifier(rules: SubjectRules, rest: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """What a clause after the group says about it, when it narrows the group: "who applied
    for protected status", "in critical condition". A phrase naming a place ("in Mariupol",
    "from Syria", "at a Las Vegas concert") says where, which the place already keys."""
    if len(rest) < 2 or any(orig[:1].isupper() for _, orig in rest[1:]):
        return ()
    if rest[0][0] not in rules.relative and rest[1][0] not in rules.narrowing:
        return ()
    return tuple(k for k, _ in rest[1:] if k not in rules.drop and k not in rules.cut)


def in_role(rules: SubjectRules, group: Group, metric: str) -> Group:
    """The group in the words of its metric: "people" who fled abroad are refugees, the
    "demonstrators" of a rally its participants."""
    if group.head in rules.roles.get(metric, ()) and not group.enemy:
        head = _ROLE_HEAD[(id(rules), metric)]
        if head != group.head:
            return Group(head, group.demonyms, group.modifiers)
    return group


def with_side(rules: SubjectRules, group: Group, family: str, side: str | None) -> Group:
    """The group as its claimant means it: "the enemy" is the claimant's opponent, an
    unqualified side head ("servicemen") in a side family is the claimant's own side, and the
    materiel a side says it destroyed or intercepted is its opponent's."""
    if group.demonyms or not side:
        return group
    if group.enemy:
        opponent = rules.opponents.get(side)
        return Group(group.head, (opponent,), group.modifiers) if opponent else group
    if group.head in rules.side_heads and family in rules.side_families:
        return Group(group.head, (side,), group.modifiers)
    if group.head in rules.materiel and family in rules.enemy_families:
        opponent = rules.opponents.get(side)
        return Group(group.head, (opponent,), group.modifiers) if opponent else group
    return group


def people_at_large(rules: SubjectRules, group: Group) -> bool:
    """People, civilians, residents with no modifier but a nationality: within one city or
    one event these are one count."""
    return group.head in rules.generic_people and not group.modifiers and not group.enemy
