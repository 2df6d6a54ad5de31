"""The Russian and Ukrainian word lists extend like the English ones: a `CLAIMTALLY_LEXICON_DIR`
holding `ru/metrics.json` adds its words to the bundled Russian lists."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimtally import extract
from claimtally.extract import lexicon
from claimtally.extract.slavic import lex, pipeline


def _clear() -> None:
    lexicon.load.cache_clear()
    lex.get.cache_clear()
    pipeline._interesting.cache_clear()


@pytest.fixture
def overlay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "ru").mkdir()
    monkeypatch.setenv("CLAIMTALLY_LEXICON_DIR", str(tmp_path))
    _clear()
    yield tmp_path
    monkeypatch.delenv("CLAIMTALLY_LEXICON_DIR")
    _clear()


SENTENCE = "Боевики угнали 40 жителей села."


def test_bundled_lists_do_not_know_the_verb() -> None:
    _clear()
    assert "captured" not in {f.metric for f in extract(SENTENCE, lang="ru")}


def test_an_overlay_adds_a_metric_verb(overlay: Path) -> None:
    (overlay / "ru" / "metrics.json").write_text(
        json.dumps({"metrics": {"captured": {"verbs": ["угнать"]}}}, ensure_ascii=False), encoding="utf-8"
    )
    (fig,) = extract(SENTENCE, lang="ru")
    assert (fig.metric, fig.value, fig.subject) == ("captured", 40, "жители села")
