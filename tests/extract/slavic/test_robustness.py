"""Property tests for the Russian and Ukrainian rules: they never raise or hang, records point at
their own text, bounds and dates are consistent, and the work is linear in the input.

The invariants are the English suite's (`tests/extract/test_robustness.check`); the inputs are
Cyrillic report prose broken up at random, look-alike Latin letters, and real ru/uk articles
with cuts and insertions.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtally import extract
from tests.extract.test_robustness import PUBLISHED, SEPARATORS, SETTINGS, check

TOKENS = [
    "0",
    "1",
    "7",
    "11",
    "498",
    "13 500",
    "13\u202f500",
    "13,5",
    "1.250",
    "13'500",
    "2022",
    "1990-1992",
    "С-300",
    "Ту-95",
    "тыс.",
    "тыс",
    "млн",
    "тисяч",
    "мільйонів",
    "полторы",
    "полсотни",
    "десяток",
    "десятки",
    "сотни",
    "тысячи",
    "несколько",
    "кілька",
    "пятерых",
    "двадцати",
    "трёх",
    "трое",
    "двоє",
    "п'ятьох",
    "сімох",
    "один",
    "одна",
    "из",
    "более",
    "более1300",
    "свыше",
    "не менее",
    "по меньшей мере",
    "до",
    "от",
    "почти",
    "около",
    "понад",
    "щонайменше",
    "близько",
    "майже",
    "превысило",
    "никто",
    "ніхто",
    "не",
    "нет",
    "немає",
    "пострадавших",
    "постраждалих",
    "погибли",
    "загинули",
    "ранены",
    "поранено",
    "задержаны",
    "затримали",
    "пропали без вести",
    "эвакуировали",
    "человек",
    "людей",
    "осіб",
    "солдат",
    "ракет",
    "дронів",
    "домов",
    "обстрілів",
    "сбили",
    "збили",
    "выпущено",
    "заявил",
    "сообщил",
    "повідомив",
    "сказав",
    "по данным",
    "за даними",
    "со ссылкой на",
    "сообщается",
    "Об этом",
    "Про це",
    "ОВД-Инфо",
    "Генштаб ЗСУ",
    "Генштаб ЗCУ",
    "губернатор",
    "Reuters",
    "он",
    "він",
    "«",
    "»",
    "—",
    "–",
    "-",
    "в среду",
    "минулої середи",
    "вчера",
    "накануне",
    "за сутки",
    "за добу",
    "с начала войны",
    "с 24 февраля",
    "24 февраля",
    "в 2020 году",
    "32-летний",
    "15:30",
    "%",
    "рублей",
    "ст.",
    "Читайте также",
    "Фото:",
    "\n",
    ".",
    ",",
    ":",
    "(",
    ")",
    '"',
    "ё",
    "ʼ",
    "’",
    "\u00a0",
    "\x00",
    "\ufeff",
    "A",
    "C",
    "i",
]


@st.composite
def cyrillic_soup(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(TOKENS), SEPARATORS), max_size=60))
    return "".join(tok + sep for tok, sep in parts)


def run(text: str, published: date | None, lang: str | None) -> None:
    figures = extract(text, published=published, doc_id="prop", lang=lang)
    check(text, figures, "prop")
    again = extract(text, published=published, doc_id="prop", lang=lang)
    assert [f.to_dict() for f in again] == [f.to_dict() for f in figures], "not deterministic"


@SETTINGS
@given(text=cyrillic_soup(), published=PUBLISHED, lang=st.sampled_from([None, "ru", "uk"]))
def test_cyrillic_token_soup(text: str, published: date | None, lang: str | None) -> None:
    run(text, published, lang)


@SETTINGS
@given(
    text=st.text(
        alphabet=st.characters(min_codepoint=0x400, max_codepoint=0x4FF) | st.sampled_from(" 0123456789.,-«»\n"), max_size=300
    ),
    published=PUBLISHED,
)
def test_arbitrary_cyrillic(text: str, published: date | None) -> None:
    run(text, published, None)


REPO = Path(__file__).resolve().parents[3]
CORPUS = Path(os.environ.get("CLAIMTALLY_SHARED") or REPO.parent / "shared") / "eval" / "ru-uk" / "corpus"
ARTICLES = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] if CORPUS.is_dir() else []


@st.composite
def mutated_article(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(ARTICLES))
    start = draw(st.integers(0, max(0, len(text) - 1500)))
    text = text[start : start + draw(st.integers(0, 1500))]
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            text = text[:at] + draw(st.sampled_from(TOKENS)) + draw(SEPARATORS) + text[at:]
    return text


@pytest.mark.skipif(not ARTICLES, reason=f"no articles under {CORPUS}")
@SETTINGS
@given(text=mutated_article(), published=PUBLISHED)
def test_mutated_real_articles(text: str, published: date | None) -> None:
    run(text, published, None)


@pytest.mark.parametrize(
    "piece",
    [
        "более " * 20 + "300 человек погибли. ",
        "13 " * 50 + "человек. ",
        "«" * 40 + "погибли 5 человек, — сказал он. ",
        "по данным по данным по данным " * 10 + "задержаны 39 человек. ",
        "ЗCУ" * 100 + " ",
        "десятки тысяч сотни тысяч " * 20 + ". ",
        "Об этом сообщил губернатор. " * 5,
        "погибли " * 200,
        "1," * 500,
        "9" * 999 + " ",
    ],
)
def test_hostile_cyrillic(piece: str) -> None:
    """A hostile pattern at 50 KB keeps every invariant (its speed at 1 MB is measured by
    `make bench-ru`, not here: timings belong in benchmarks)."""
    text = (piece * (50_000 // len(piece) + 1))[:50_000]
    check(text, extract(text, doc_id="hostile", lang="ru"), "hostile")


def test_lookalike_letters_keep_offsets() -> None:
    text = "Генштаб ЗCУ повідомив, що за добу збито 40 дронів."  # a Latin C in ЗСУ
    (fig,) = extract(text, published="2024-11-13", doc_id="x", lang="uk")
    assert text[fig.start : fig.end] == fig.text == "40"
    assert fig.claimant == "Генштаб ЗСУ" and fig.claimant_kind == "government"
    assert fig.sentence == text
