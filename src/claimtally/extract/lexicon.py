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


def phrases(words: list[str]) -> dict[tuple[str, ...], str]:
    """Index multiword phrases by their word tuple, for longest-match lookups over tokens."""
    return {tuple(p.lower().split()): p for p in words}


def longest_match(
    index: dict[tuple[str, ...], Any], words: list[str], i: int, max_len: int = 5
) -> tuple[int, Any] | None:
    """The longest phrase of `index` starting at words[i]: (length, value) or None."""
    for n in range(min(max_len, len(words) - i), 0, -1):
        key = tuple(words[i : i + n])
        if key in index:
            return n, index[key]
    return None
