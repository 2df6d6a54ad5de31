"""Claimant identity: one canonical claimant per source, whatever the text calls it.

The press writes "Russia's military", "the Russian Defence Ministry", "Maj. Gen. Igor
Konashenkov" and "Минобороны России" for one source; a claimants page or a comparison that
keeps them apart shows one source as four. The alias table (`data/claimants.json`, extended by
the user's files, the ledger's `claimants` rows and reviewers' corrections) names each source
once, with its kind and, for parties to a conflict, its side. A name the table does not know
is grouped with what it plainly stands for: a spokesperson with their organisation, a titled
person with the bare name, "UNHCR's Grandi" with UNHCR; and within one document a short name
("Kabore", "the Observatory") with the one longer name it abbreviates.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from claimtally.compare.text import fold, plain
from claimtally.model import CLAIMANT_KINDS

#: Environment variable naming extra alias files (joined with os.pathsep).
ALIASES_ENV = "CLAIMTALLY_ALIASES"
#: What a figure with no claimant is shown as: the outlet states it as its own fact.
OUTLET = "the outlet"

#: Where an extracted claimant string runs on into the sentence ("Human Rights Watch--including
#: ...", "the chief of police who witnessed"): everything from here on is not the name.
_RUN_ON = re.compile(r"\s*(?:--|—|\(|,\s*(?:who|which|that|including)\b|\s(?:who|which|whose)\b)")


class AliasError(ValueError):
    """An alias or subject file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Claimant:
    """A claimant as compare shows it: one display name, one kind, the key it groups by and,
    for a party to a conflict, its side (a demonym: "russian")."""

    key: str
    name: str
    kind: str | None
    side: str | None = None
    known: bool = False  #: named by the alias table (or a reviewer), not only by the text


@dataclass(slots=True)
class _Entry:
    name: str
    kind: str | None
    side: str | None


def _read_json(path: Path | str, origin: str) -> Any:
    """A JSON file (a Path) or a bundled data file (a str); errors name the file."""
    try:
        if isinstance(path, Path):
            raw = path.read_text(encoding="utf-8")
        else:
            raw = resources.files("claimtally.compare").joinpath("data", path).read_text(encoding="utf-8")
    except OSError as exc:
        raise AliasError(f"{origin}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise AliasError(f"{origin}: not UTF-8 text") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise AliasError(f"{origin}: not valid JSON (line {exc.lineno}: {exc.msg})") from None


_BUNDLED = _read_json("claimants.json", "bundled claimants.json")
_TITLES: tuple[tuple[str, ...], ...] = tuple(sorted(
    {tuple(fold(t).split()) for t in _BUNDLED["titles"] if fold(t)}, key=len, reverse=True))
_SPOKES: tuple[str, ...] = tuple(sorted({fold(s) for s in _BUNDLED["spokes"]}, key=len, reverse=True))
_GENERIC = frozenset(w for g in _BUNDLED["generic"] for w in fold(g).split())
_ROLE_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(r"(?:^| )(?:" + "|".join(re.escape(fold(w)) for w in sorted(ws, key=len, reverse=True)) + r")(?: |$)"))
    for kind, ws in _BUNDLED["role_kinds"].items()
)


@dataclass(slots=True)
class AliasTable:
    """Canonical claimants by folded alias. Build with `load_aliases`; extend with `add`;
    correct with `merge`, `split` and `set_kind` (what review stores)."""

    by_alias: dict[str, _Entry] = field(default_factory=dict)
    generic: dict[str, list[_Entry]] = field(default_factory=dict)
    _cache: dict[tuple[str, str | None], Claimant] = field(default_factory=dict)

    def add(self, name: str, kind: str | None, aliases: Iterable[str], origin: str = "aliases",
            side: str | None = None, generic: Iterable[str] = ()) -> None:
        """Add or extend an entry; a name or alias already known merges into that entry."""
        if not isinstance(name, str) or not name.strip():
            raise AliasError(f"{origin}: an entry has no name")
        if kind is not None and kind not in CLAIMANT_KINDS:
            raise AliasError(f"{origin}: {name!r} has kind {kind!r} (choose from {', '.join(CLAIMANT_KINDS)})")
        aliases = list(aliases)
        if any(not isinstance(a, str) for a in aliases):
            raise AliasError(f"{origin}: {name!r} has an alias that is not a string")
        names = [name, *aliases]
        entry = next((self.by_alias[fold(n)] for n in names if fold(n) in self.by_alias), None)
        if entry is None:
            entry = _Entry(name.strip(), kind, side)
        else:
            entry.kind = kind or entry.kind
            entry.side = side or entry.side
        for n in names:
            if fold(n):
                self.by_alias[fold(n)] = entry
        for g in generic:
            self.generic.setdefault(fold(g), []).append(entry)
        self._cache.clear()

    def lookup(self, folded: str) -> _Entry | None:
        return self.by_alias.get(folded)

    # -- review corrections -------------------------------------------------------------

    def _entry_for(self, name: str) -> _Entry:
        """The entry `name` resolves to, made (from its resolution) when the table has none."""
        c = resolve_claimant(self, name, None)
        entry = self.by_alias.get(c.key)
        if entry is None:
            entry = self.by_alias[c.key] = _Entry(c.name, None, None)
        self.by_alias.setdefault(fold(name), entry)
        return entry

    def merge(self, source: str, target: str) -> None:
        """Every name of `source`'s claimant now names `target`'s (a reviewer's merge)."""
        src, dst = self._entry_for(source), self._entry_for(target)
        if src is dst:
            return
        for key, entry in list(self.by_alias.items()):
            if entry is src:
                self.by_alias[key] = dst
        dst.kind = dst.kind or src.kind
        self._cache.clear()

    def split(self, name: str) -> None:
        """`name` stops standing for the claimant it resolved to and is a claimant of its own."""
        self.by_alias[fold(name)] = _Entry(clean(name), None, None)
        self._cache.clear()

    def set_kind(self, name: str, kind: str) -> None:
        if kind not in CLAIMANT_KINDS:
            raise AliasError(f"kind {kind!r} is not one of {', '.join(CLAIMANT_KINDS)}")
        self._entry_for(name).kind = kind
        self._cache.clear()


def _add_entries(table: AliasTable, data: Any, origin: str) -> None:
    entries = data.get("claimants") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise AliasError(f"{origin}: expected a list of claimants or an object with a 'claimants' list")
    for entry in entries:
        if not isinstance(entry, dict):
            raise AliasError(f"{origin}: each claimant must be an object with name, kind, aliases")
        aliases = entry.get("aliases") or []
        generic = entry.get("generic") or []
        if not isinstance(aliases, list) or not isinstance(generic, list):
            raise AliasError(f"{origin}: aliases of {entry.get('name')!r} must be a list")
        side = entry.get("side")
        if side is not None and not isinstance(side, str):
            raise AliasError(f"{origin}: side of {entry.get('name')!r} must be a demonym string")
        table.add(entry.get("name"), entry.get("kind"), aliases, origin, side=side, generic=generic)


def load_aliases(
    files: Sequence[str | Path] = (),
    extra: Iterable[Mapping[str, Any]] = (),
    use_env: bool = True,
) -> AliasTable:
    """The bundled alias table, then `$CLAIMTALLY_ALIASES` files, then `files`, then `extra`.

    Later sources extend and override earlier ones, so a user's file wins over the bundled one.
    `extra` takes entries shaped like the file's (the ledger's `claimants` rows, for example).
    Reviewers' corrections are applied on top by `claimtally.compare.corrections`.
    """
    table = AliasTable()
    _add_entries(table, _BUNDLED, "bundled claimants.json")
    paths: list[str | Path] = []
    if use_env and os.environ.get(ALIASES_ENV):
        paths.extend(p for p in os.environ[ALIASES_ENV].split(os.pathsep) if p)
    paths.extend(files)
    for p in paths:
        _add_entries(table, _read_json(Path(p), str(p)), str(p))
    for entry in extra:
        aliases = entry.get("aliases") or []
        if entry.get("name") and isinstance(aliases, list) and len(aliases) > 0:
            table.add(entry["name"], entry.get("kind"), aliases, "ledger claimants table")
    return table


def clean(raw: str) -> str:
    """The name an extracted claimant string gives, without what runs on after it."""
    s = " ".join(plain(raw).split())
    m = _RUN_ON.search(s)
    if m and m.start() > 0:
        s = s[: m.start()]
    return s.strip(" ,.;:")


def _strip_titles(words: list[str]) -> list[str]:
    """["ukraine", "deputy", "prime", "minister", "iryna", "vereshchuk"] -> ["iryna", "vereshchuk"]."""
    last = -1
    i = 0
    while i < len(words):
        for t in _TITLES:
            if tuple(words[i : i + len(t)]) == t:
                last = i + len(t) - 1
                i += len(t) - 1
                break
        i += 1
    return words[last + 1 :] if 0 <= last < len(words) - 1 else words


def _spokes_org(folded: str) -> str | None:
    """ "russian defence ministry spokesman maj gen igor konashenkov" -> "russian defence ministry"."""
    for word in _SPOKES:
        idx = folded.find(" " + word)
        end = idx + 1 + len(word)
        if idx > 0 and (len(folded) == end or folded[end] == " "):
            return folded[:idx]
    return None


def role_kind(folded: str) -> str | None:
    """The kind a claimant's own words say it is ("Warsaw mayor ..." -> government), if any."""
    for kind, pattern in _ROLE_KINDS:
        if pattern.search(folded):
            return kind
    return None


def _candidates(raw: str) -> tuple[str, list[str]]:
    """The folded name, then what else it may stand for, most specific first."""
    name = clean(raw)
    folded = fold(name)
    out = [folded]
    org = _spokes_org(folded)
    if org:
        out.append(org)
    if "'s " in plain(name):  # "UNHCR's Grandi": the organisation before the possessive ...
        owner, rest = plain(name).split("'s ", 1)
        rest_words = fold(rest).split()
        if _strip_titles(rest_words) == rest_words:  # ... unless a titled person follows
            out.append(fold(owner))
    if " of " in name:  # "Bebars Mishal of the Civil Defence": the organisation after "of"
        out.append(fold(name.rsplit(" of ", 1)[1]))
    words = folded.split()
    person = _strip_titles(words)
    if person != words:
        out.append(" ".join(person))
    # "Ukraines General Staff": a possessive whose apostrophe the text lost
    if len(words) > 1 and words[0].endswith("s") and len(words[0]) > 3:
        out.append(" ".join([words[0][:-1], *words[1:]]))
    # "the Geneva-based U.N. refugee agency": a leading "<place>-based" says where, not who.
    if len(words) > 1 and words[0].endswith("-based"):
        out.append(" ".join(words[1:]))
    return folded, out


def resolve_claimant(table: AliasTable, raw: str | None, kind: str | None) -> Claimant:
    """The claimant a figure's `claimant` string stands for.

    A name in the alias table (directly, after a title, or as the organisation a spokesperson
    speaks for) becomes its canonical entry, with the table's kind and side. Any other name is
    its own claimant, keyed by its folded form, with the kind its own role words say (a mayor
    is government), else the kind the extractor gave it. No name at all is the outlet.
    """
    if not raw or not raw.strip():
        return Claimant("", OUTLET, "media")
    hit = table._cache.get((raw, kind))
    if hit is not None:
        return hit
    folded, cands = _candidates(raw)
    found = None
    for cand in cands:
        entry = table.lookup(cand)
        if entry is not None:
            found = Claimant(fold(entry.name), entry.name, entry.kind or role_kind(folded) or kind, entry.side, True)
            break
    if found is None:
        org = _spokes_org(folded)
        person = _strip_titles(folded.split())
        key = org or " ".join(person) or folded
        found = Claimant(key, clean(raw) or raw.strip(), role_kind(folded) or kind, None)
    table._cache[(raw, kind)] = found
    return found


def resolve_generic(table: AliasTable, claimant: Claimant, sentence: str | None) -> Claimant:
    """ "the alliance" said in a sentence that names NATO is NATO: a generic noun stands for the
    one table entry that declares it and is named in the same sentence."""
    entries = table.generic.get(claimant.key)
    if not entries or not sentence:
        return claimant
    text = f" {fold(sentence)} "
    hits = {id(e): e for e in entries
            if any(f" {alias} " in text for alias, owner in table.by_alias.items() if owner is e and alias)}
    if len(hits) != 1:
        return claimant
    entry = next(iter(hits.values()))
    return Claimant(fold(entry.name), entry.name, entry.kind or claimant.kind, entry.side, True)


def is_generic(claimant: Claimant) -> bool:
    """A claimant named only by common words ("officials", "local authorities", "a source"):
    a different source in every document that names it."""
    return not claimant.known and bool(claimant.key) and all(w in _GENERIC for w in claimant.key.split())


def document_claimants(claimants: Iterable[Claimant]) -> dict[str, Claimant]:
    """Within one document, a short name that abbreviates exactly one longer claimant named
    there ("Kabore" and "President Roch Kabore", "The Observatory" and "the Syrian Observatory
    for Human Rights") is that claimant. Returns key -> the claimant it stands for."""
    found = {c.key: c for c in claimants if c.key}
    by_word: dict[str, list[Claimant]] = defaultdict(list)
    for c in found.values():
        for w in set(c.key.split()):
            by_word[w].append(c)
    out: dict[str, Claimant] = {}
    for c in found.values():
        words = c.key.split()
        if len(words) > 2 or c.known:
            continue
        longer = {o.key: o for o in by_word.get(words[-1], ()) if len(o.key.split()) > len(words)
                  and _abbreviates(words, o.key.split())}
        if len(longer) == 1:
            target = next(iter(longer.values()))
            out[c.key] = Claimant(target.key, target.name, target.kind or c.kind, target.side or c.side, target.known)
    return out


def _abbreviates(short: list[str], long: list[str]) -> bool:
    """True when `short` is a run of `long`'s words ending on a name-like word: a surname
    ("kabore" in "president roch marc christian kabore") or an organisation's head word."""
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))
