"""Names to keys: which subjects count the same thing and which claimants are the same source.

Comparison is only as good as its grouping. The press writes "Russia's troops", "Russian
soldiers" and "Russian servicemen" for one quantity, and "Russia's military", "the Russian
Defence Ministry" for one claimant; a table that keeps them apart hides the disagreement it is
meant to show. Both mappings are data (`data/subjects.json`, `data/claimants.json`) so a
researcher can read and extend them without touching code. All regexes here are simple
character classes and run in linear time.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from claimtally.model import CLAIMANT_KINDS, METRICS

#: Environment variable naming extra alias files (joined with os.pathsep).
ALIASES_ENV = "CLAIMTALLY_ALIASES"

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_WORD = re.compile(r"[a-z0-9&]+(?:[-'.][a-z0-9&]+)*\.?")
_SPACES = re.compile(r"\s+")
#: US spellings folded to one form so "Defense Ministry" and "Defence Ministry" meet.
_SPELLING = {"defense": "defence", "organization": "organisation", "program": "programme"}
#: Words that introduce a person speaking for an organisation ("Kremlin spokesman Dmitry
#: Peskov" speaks for the Kremlin); everything before them names the organisation.
_SPOKES = ("spokesman", "spokeswoman", "spokesperson", "spokespeople", "representative", "press service")
#: Titles before a person's name; the name after the last title is the person.
_TITLES = (
    "president", "prime minister", "deputy prime minister", "minister", "foreign minister",
    "defence minister", "mayor", "governor", "gen", "maj", "col", "lt", "commander",
    "secretary", "secretary-general", "ambassador", "adviser", "advisor", "sen", "senator", "rep",
    "chancellor", "king", "pope", "dr", "mr", "ms", "mrs",
)


class AliasError(ValueError):
    """An alias or subject file cannot be used; the message names the file and the problem."""


def fold(text: str) -> str:
    """The spec's comparison normalisation (section 7), plus dots and US/UK spelling.

    Lower case, typographic quotes to plain, possessive 's dropped, a leading article dropped,
    dots removed ("U.N." = "UN"), spaces collapsed. Used as the lookup key for aliases.
    """
    s = text.translate(_QUOTES).lower().replace("'s ", " ").replace("s' ", "s ")
    if s.endswith("'s"):
        s = s[:-2]
    s = s.replace(".", "").replace(",", " ").replace('"', " ")
    words = [_SPELLING.get(w, w) for w in _SPACES.split(s.strip(" ,.")) if w]
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Claimant:
    """A claimant as compare shows it: one display name, one kind, and the key it groups by."""

    key: str
    name: str
    kind: str | None


@dataclass(slots=True)
class AliasTable:
    """Canonical claimants by folded alias. Build with `load_aliases`; extend with `add`."""

    by_alias: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def add(self, name: str, kind: str | None, aliases: Iterable[str], origin: str = "aliases") -> None:
        """Add or extend an entry; a name or alias already known merges into that entry."""
        if not isinstance(name, str) or not name.strip():
            raise AliasError(f"{origin}: an entry has no name")
        if kind is not None and kind not in CLAIMANT_KINDS:
            raise AliasError(
                f"{origin}: {name!r} has kind {kind!r} (choose from {', '.join(CLAIMANT_KINDS)})"
            )
        aliases = list(aliases)
        if any(not isinstance(a, str) for a in aliases):
            raise AliasError(f"{origin}: {name!r} has an alias that is not a string")
        names = [name, *aliases]
        existing = next((self.by_alias[fold(n)] for n in names if fold(n) in self.by_alias), None)
        canonical, old_kind = existing if existing else (name.strip(), None)
        entry = (canonical, kind or old_kind)
        if existing:
            for key, value in list(self.by_alias.items()):
                if value[0] == canonical:
                    self.by_alias[key] = entry
        for n in names:
            if fold(n):
                self.by_alias[fold(n)] = entry
        _resolve_cached.cache_clear()

    def lookup(self, folded: str) -> tuple[str, str | None] | None:
        return self.by_alias.get(folded)


def _read_json(path: Path | str, origin: str) -> Any:
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


def _add_entries(table: AliasTable, data: Any, origin: str) -> None:
    entries = data.get("claimants") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise AliasError(f"{origin}: expected a list of claimants or an object with a 'claimants' list")
    for entry in entries:
        if not isinstance(entry, dict):
            raise AliasError(f"{origin}: each claimant must be an object with name, kind, aliases")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list):
            raise AliasError(f"{origin}: aliases of {entry.get('name')!r} must be a list")
        table.add(entry.get("name"), entry.get("kind"), aliases, origin)


def load_aliases(
    files: Sequence[str | Path] = (),
    extra: Iterable[Mapping[str, Any]] = (),
    use_env: bool = True,
) -> AliasTable:
    """The bundled alias table, then `$CLAIMTALLY_ALIASES` files, then `files`, then `extra`.

    Later sources extend and override earlier ones, so a user's file wins over the bundled one.
    `extra` takes entries shaped like the file's (the ledger's `claimants` rows, for example).
    """
    table = AliasTable()
    _add_entries(table, _read_json("claimants.json", "bundled claimants.json"), "bundled claimants.json")
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


def _strip_titles(folded: str) -> str:
    """ "ukraine deputy prime minister iryna vereshchuk" -> "iryna vereshchuk"."""
    words = folded.split()
    last = -1
    i = 0
    while i < len(words):
        for t in sorted(_TITLES, key=len, reverse=True):
            tw = t.split()
            if words[i : i + len(tw)] == tw:
                last = i + len(tw) - 1
                i += len(tw) - 1
                break
        i += 1
    return " ".join(words[last + 1 :]) if 0 <= last < len(words) - 1 else folded


def _spokes_org(folded: str) -> str | None:
    """ "russian defence ministry spokesman maj gen igor konashenkov" -> "russian defence ministry"."""
    for word in _SPOKES:
        idx = folded.find(" " + word)
        if idx > 0 and (len(folded) == idx + 1 + len(word) or folded[idx + 1 + len(word)] == " "):
            return folded[:idx]
    return None


@lru_cache(maxsize=65536)
def _resolve_cached(table_id: int, raw: str) -> tuple[str, str, str | None]:
    table = _TABLES[table_id]
    folded = fold(raw)
    candidates = [folded]
    org = _spokes_org(folded)
    if org:
        candidates.append(org)
    person = _strip_titles(folded)
    if person != folded:
        candidates.append(person)
    # "the Geneva-based U.N. refugee agency": a leading "<place>-based" says where, not who.
    if folded.split(" ", 1)[0].endswith("-based") and " " in folded:
        candidates.append(folded.split(" ", 1)[1])
    for cand in candidates:
        hit = table.lookup(cand)
        if hit:
            return fold(hit[0]), hit[0], hit[1]
    # Unknown: group a spokesperson with their organisation and a titled person with the bare name.
    return (org or person or folded), "", None


_TABLES: dict[int, AliasTable] = {}


def resolve_claimant(table: AliasTable, raw: str | None, kind: str | None) -> Claimant:
    """The claimant a figure's `claimant` string stands for.

    A name in the alias table (directly, after a title, or as the organisation a spokesperson
    speaks for) becomes its canonical entry, with the table's kind. Any other name is its own
    claimant, keyed by its folded form, with the kind the extractor gave it.
    """
    if not raw or not raw.strip():
        return Claimant("", "(unattributed)", None)
    _TABLES.setdefault(id(table), table)
    key, name, table_kind = _resolve_cached(id(table), raw)
    if name:
        return Claimant(key, name, table_kind or kind)
    return Claimant(key, raw.strip(), kind)


@dataclass(frozen=True, slots=True)
class SubjectRules:
    """Compiled `subjects.json`: metric families, noun synonyms, demonyms, dropped words."""

    family_of: Mapping[str, str]
    nouns: Mapping[tuple[str, ...], str]
    max_noun: int
    demonyms: Mapping[tuple[str, ...], str]
    drop: frozenset[str]

    def family(self, metric: str) -> str:
        return self.family_of.get(metric, metric)


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
            for v in [canon, *variants]:
                nouns[tuple(fold(v).split())] = canon
        demonyms = {tuple(k.lower().replace(".", "").split()): v for k, v in data.get("demonyms", {}).items()}
        drop = frozenset(w.lower() for w in data.get("drop", []))
    except (AttributeError, TypeError):
        raise AliasError(f"{origin}: expected families, nouns, demonyms and drop as in the bundled file") from None
    return SubjectRules(family_of, nouns, max((len(k) for k in nouns), default=1), demonyms, drop)


@lru_cache(maxsize=131072)
def _subject_key_cached(rules_id: int, subject: str) -> str:
    rules = _RULES[rules_id]
    words = _WORD.findall(subject.translate(_QUOTES).lower().replace("'s ", " ").replace("' ", " "))
    words = [w.rstrip(".").replace(".", "") if w != "u.s." else "us" for w in words]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    while words and words[0] in rules.drop:
        words = words[1:]
    # A leading country or city in possessive or attributive use: "Russia's troops".
    for n in (2, 1):
        head = tuple(words[:n])
        if len(words) > n and head in rules.demonyms:
            words = [rules.demonyms[head], *words[n:]]
            break
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(rules.max_noun, len(words) - i), 0, -1):
            canon = rules.nouns.get(tuple(words[i : i + n]))
            if canon:
                out.append(canon)
                i += n
                break
        else:
            if words[i] not in rules.drop:
                out.append(words[i])
            i += 1
    return " ".join(out)


_RULES: dict[int, SubjectRules] = {}


def subject_key(rules: SubjectRules, subject: str | None) -> str:
    """The normalised subject: "Russia's troops", "Russian soldiers" -> "russian troops"."""
    if not subject:
        return ""
    _RULES.setdefault(id(rules), rules)
    return _subject_key_cached(id(rules), subject)
