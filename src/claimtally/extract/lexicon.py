"""Loading the lexicons in `data/`: the rules read word lists, users extend the lists.

Every list is data so a researcher can add a metric word, a cue verb or a claimant kind
without touching code. `CLAIMTALLY_LEXICON_DIR` may name a folder whose JSON files are
merged over the bundled ones (lists are extended, mappings updated).

A word written `~lemma` in a phrase stands for every form of that verb ("~bury their dead"
matches "buried their dead", "burying their dead"): the forms come from `wordclasses.json`
(grown from a lexical resource by `tools/grow_lexicon.py`), so entries name a concept once
instead of listing the inflections a few texts happened to use.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = _merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + [v for v in extra if v not in base]
    return extra


@cache
def load(name: str) -> dict[str, Any]:
    """The lexicon `name` (file `data/<name>.json`), with any user overlay merged in."""
    data = json.loads(resources.files("claimtally.extract").joinpath(f"data/{name}.json").read_text("utf-8"))
    overlay_dir = os.environ.get("CLAIMTALLY_LEXICON_DIR")
    if overlay_dir:
        path = Path(overlay_dir) / f"{name}.json"
        if path.is_file():
            data = _merge(data, json.loads(path.read_text("utf-8")))
    return data


def _regular_forms(lemma: str) -> list[str]:
    """Forms of a verb the generated table does not know (a user's own `~lemma`): the regular ones."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else "s")
    past = lemma + "d" if lemma.endswith("e") else (lemma[:-1] + "ied" if lemma.endswith("y") else lemma + "ed")
    return [lemma, third, past, stem + "ing"]


@cache
def _inflections() -> dict[str, list[str]]:
    return load("wordclasses").get("inflections", {})


@cache
def verb_forms() -> frozenset[str]:
    """Every form of every verb the lexicons name as `~lemma`: a word that can head a predicate."""
    return frozenset(f for forms in _inflections().values() for f in forms)


def expand(phrase: str) -> list[str]:
    """Every phrase `phrase` stands for: each `~lemma` word replaced by each of its forms."""
    variants = [[]]
    for word in phrase.split():
        if word.startswith("~") and len(word) > 1:
            lemma = word[1:]
            forms = _inflections().get(lemma) or _regular_forms(lemma)
        else:
            forms = [word]
        variants = [v + [f] for v in variants for f in forms]
    return [" ".join(v) for v in variants]


def expand_all(phrases: list[str]) -> list[str]:
    """`expand` over a list, keeping order and dropping repeats."""
    return list(dict.fromkeys(p for phrase in phrases for p in expand(phrase)))


class PhraseIndex(dict):
    """Phrases keyed by their word tuple, with the set of first words and the lengths in use, so a
    lookup at a position that starts no phrase costs one set membership test."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__(items)
        self.firsts = frozenset(k[0] for k in self)
        self.lasts = frozenset(k[-1] for k in self)
        self.lengths = sorted({len(k) for k in self}, reverse=True)


def phrases(words: list[str]) -> PhraseIndex:
    """Index multiword phrases (`~lemma` expanded) by their word tuple, for longest-match lookups."""
    return PhraseIndex({tuple(p.lower().split()): p for p in expand_all(words)})


def longest_match(index: PhraseIndex, words: list[str], i: int, max_len: int = 5) -> tuple[int, Any] | None:
    """The longest phrase of `index` starting at words[i]: (length, value) or None."""
    if i >= len(words) or words[i] not in index.firsts:  # type: ignore[attr-defined]
        return None
    for n in index.lengths:  # type: ignore[attr-defined]
        if n <= max_len and i + n <= len(words):
            key = tuple(words[i : i + n])
            if key in index:
                return n, index[key]
    return None
