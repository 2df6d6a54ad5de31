"""The regression gate: each gold set's scores may not fall below its floors in floors.json.

Raising a floor is a deliberate commit when the extractor gets better; lowering one is a
defect. The real articles live outside the repository (`../shared`, or $CLAIMTALLY_SHARED);
locally the gate skips without them, under CI (CI=true) their absence is a failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claimtally.eval import Report, evaluate

FLOORS_PATH = Path(__file__).with_name("floors.json")
REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CLAIMTALLY_SHARED") or REPO.parent / "shared")
#: Each gold set the gate scores: its gold directory and its corpus.
GOLD_SETS: dict[str, tuple[Path, Path]] = {
    "dev": (SHARED / "eval" / "dev", SHARED / "corpus"),
    "world": (SHARED / "eval" / "world" / "gold", SHARED / "eval" / "world" / "corpus"),
    "ru-uk": (SHARED / "eval" / "ru-uk" / "gold", SHARED / "eval" / "ru-uk" / "corpus"),
}


SEED = "seed-moscow-times-kemerovo"


def floors() -> dict[str, dict[str, float]]:
    return json.loads(FLOORS_PATH.read_text(encoding="utf-8"))


_REPORTS: dict[str, Report] = {}


def report_for(name: str) -> Report:
    """The scored gold set, computed once per test session."""
    if name not in _REPORTS:
        gold, corpus = GOLD_SETS[name]
        if not gold.is_dir() or not corpus.is_dir():
            message = f"{name} gold/corpus not found under {SHARED} (set CLAIMTALLY_SHARED)"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
        _REPORTS[name] = evaluate(gold, corpus)
    return _REPORTS[name]


@pytest.fixture(scope="module")
def report() -> Report:
    return report_for("dev")


@pytest.mark.parametrize(("gold_set", "name"), [(g, n) for g, fl in sorted(floors().items()) for n in sorted(fl)])
def test_score_at_or_above_floor(gold_set: str, name: str) -> None:
    floor = floors()[gold_set][name]
    score = report_for(gold_set).headline()[name]
    assert score >= floor, (
        f"{gold_set} {name} fell to {score:.4f}, below its floor {floor:.2f} in {FLOORS_PATH.name}; "
        f"run `claimtally eval` on the {gold_set} set with --show-misses to see what changed"
    )


@pytest.mark.parametrize("gold_set", sorted(GOLD_SETS))
def test_floors_cover_every_headline_score(gold_set: str) -> None:
    assert gold_set in floors(), f"no floors for the {gold_set} gold set"
    assert set(floors()[gold_set]) == set(report_for(gold_set).headline())


def test_seed_article_is_exactly_right(report: Report) -> None:
    """Issue 2's first bar: all four seed figures right in every scored field, nothing spurious."""
    gold = [g for g in report.gold if g["doc"] == SEED]
    matches = [m for m in report.matches if m.gold["doc"] == SEED]
    wrong = [(m.gold["text"], name) for m in matches for name, ok in m.fields.items() if not ok]
    assert len(gold) == 4
    assert [g["text"] for g in report.missed if g["doc"] == SEED] == []
    assert [p["text"] for p in report.spurious if p["doc"] == SEED] == []
    assert wrong == []
