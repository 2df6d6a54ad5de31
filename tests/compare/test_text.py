"""Folding words to lookup keys in English, Russian and Ukrainian: the tables a reader checks by eye."""

from __future__ import annotations

import pytest

from claimtally.compare.text import fold, one_alphabet, stem, words


@pytest.mark.parametrize(("raw", "folded"), [
    ("The Ukrainian military", "ukrainian military"),
    ("Russia\u2019s military", "russia military"),
    ("U.N.", "un"),
    ("  the  Defense   Ministry, ", "defence ministry"),
    ("«Медиазона»", "медиазон"),
    ("Генштаба ЗСУ", "генштаб зсу"),
    ("Генштабу ЗСУ", "генштаб зсу"),
    ("Генштаб ЗCУ", "генштаб зсу"),  # a Latin C typed for the Cyrillic С
    ("Министерства обороны России", "министерств оборон росси"),
])
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(("a", "b"), [
    ("окупанти", "окупантів"),              # Ukrainian nominative and genitive plural
    ("оккупанты", "оккупантов"),            # Russian
    ("российские военные", "российских военных"),
    ("Міністерство оборони", "Міністерства оборони"),
    ("військовослужбовці", "військовослужбовців"),
    ("Україна", "України"),
    ("ё", "е"),
])
def test_inflected_forms_fold_together(a: str, b: str) -> None:
    assert words(a) == words(b)


@pytest.mark.parametrize(("token", "fixed"), [
    ("ЗCУ", "ЗСУ"),          # Latin C among Cyrillic letters
    ("Ukrаine", "Ukraine"),  # Cyrillic а among Latin letters
    ("НАТО", "НАТО"),
    ("NATO", "NATO"),
])
def test_one_alphabet(token: str, fixed: str) -> None:
    assert one_alphabet(token) == fixed


def test_acronyms_and_latin_words_keep_their_endings() -> None:
    assert words("ЗСУ ВСУ ООН") == ("зсу", "всу", "оон")
    assert stem("troops") == "troops"
    assert stem("люди") == "люд" and stem("людей") == "люд"
