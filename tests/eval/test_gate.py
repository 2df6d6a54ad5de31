"""The regression gate: dev-set scores may not fall below the floors in floors.json.

Raising a floor is a deliberate commit when the extractor gets better; lowering one is a
defect. The real articles live outside the repository (`../shared`, or $CLAIMTALLY_SHARED);
locally the gate skips without them, under CI (CI=true) their absence is a failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claimtally.eval import evaluate

FLOORS_PATH = Path(__file__).with_name("floors.json")
REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CLAIMTALLY_SHARED") or REPO.parent / "shared")
GOLD, CORPUS = SHARED / "eval" / "dev", SHARED / "corpus"


@pytest.fixture(scope="module")
def headline() -> dict[str, float]:
    if not GOLD.is_dir() or not CORPUS.is_dir():
        message = f"dev gold/corpus not found under {SHARED} (set CLAIMTALLY_SHARED)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return evaluate(GOLD, CORPUS).headline()


def floors() -> dict[str, float]:
    return json.loads(FLOORS_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(floors()))
def test_score_at_or_above_floor(headline: dict[str, float], name: str) -> None:
    floor = floors()[name]
    assert headline[name] >= floor, (
        f"dev {name} fell to {headline[name]:.4f}, below its floor {floor:.2f} in {FLOORS_PATH.name}; "
        "run `make eval` with --show-misses to see what changed"
    )


def test_floors_cover_every_headline_score(headline: dict[str, float]) -> None:
    assert set(floors()) == set(headline)
