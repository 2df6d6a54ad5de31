"""Loading the lexicons in `data/`: the rules read word lists, users extend the lists.

Every list is data so a researcher can add a metric word, a cue verb or a claimant kind
without touching code. `CLAIMTALLY_LEXICON_DIR` may name a folder whose JSON files are
merged over the bundled ones (lists are extended, mappings updated).
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


class PhraseIndex(dict):
    """Phrases keyed by their word tuple, with the set of first words and the lengths in use, so a
    lookup at a position that starts no phrase costs one set membership test."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__(items)
        self.firsts = frozenset(k[0] for k in self)
        self.lasts = frozenset(k[-1] for k in self)
        self.lengths = sorted({len(k) for k in self}, reverse=True)


def phrases(words: list[str]) -> PhraseIndex:
    """Index multiword phrases by their word tuple, for longest-match lookups over tokens."""
    return PhraseIndex({tuple(p.lower().split()): p for p in words})


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
