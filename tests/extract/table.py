"""The harness shared by the extractor's test tables: a row is an invented sentence, an optional
publication date and the figures it must yield, each located by its number expression (`at`)
and compared on the fields that concern that table."""

from __future__ import annotations

import re
from typing import Any

import pytest

from claimtally import extract
from claimtally.eval.scoring import normalise_name

NAME_FIELDS = ("subject", "claimant")
CASELESS_FIELDS = ("qualifier", "cue")


def row(text: str, *expected: dict[str, Any], published: str | None = None, xfail: str | None = None) -> Any:
    """One table row; `xfail` gives the reason the extractor fails it today (strict)."""
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(text, published, list(expected), marks=marks, id=re.sub(r"\W+", "_", text)[:70])


def locate(text: str, exp: dict[str, Any]) -> tuple[int, int]:
    needle = exp.get("at", exp.get("text"))
    assert needle, f"row must give `at` or `text`: {exp}"
    hits = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", text)]
    assert len(hits) > exp.get("nth", 0), f"{needle!r} (as a whole word) is not in the row's text"
    return hits[exp.get("nth", 0)]


def same(key: str, have: Any, want: Any) -> bool:
    """Equal for this field; a tuple `want` lists the acceptable values."""
    if isinstance(want, tuple):
        return any(same(key, have, w) for w in want)
    if key in NAME_FIELDS and isinstance(have, str) and isinstance(want, str):
        return normalise_name(have) == normalise_name(want)
    if key in CASELESS_FIELDS and isinstance(have, str) and isinstance(want, str):
        return have.lower() == want.lower()
    if isinstance(have, bool) or isinstance(want, bool):
        return have is want
    return have == want


def check(text: str, published: str | None, expected: list[dict[str, Any]]) -> None:
    got = [f.to_dict() for f in extract(text, published=published, doc_id="row")]
    keys = dict.fromkeys(["text", "value", "metric", *(k for e in expected for k in e if k not in ("at", "nth"))])
    shown = [{k: g[k] for k in keys} for g in got]
    assert len(got) == len(expected), f"expected {len(expected)} figure(s), got {shown}"
    for exp in expected:
        start, end = locate(text, exp)
        hits = [g for g in got if g["start"] < end and start < g["end"]]
        assert hits, f"no figure over {text[start:end]!r}; got {shown}"
        fig = hits[0]
        for key, want in exp.items():
            if key in ("at", "nth"):
                continue
            assert same(key, fig[key], want), f"{key}: expected {want!r}, got {fig[key]!r} in {fig['text']!r}"
