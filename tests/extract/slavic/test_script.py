"""The alphabet helpers: language by letters and words, and look-alike folding that keeps offsets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtally.extract.slavic.script import ru_or_uk, script_language, working_copy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Генштаб ЗСУ повідомив про втрати.", "uk"),
        ("Минобороны России сообщило об этом.", "ru"),
        ("Загинули понад 20 людей.", "uk"),
        ("Погибли более 20 человек.", "ru"),
        ("The ministry said.", "en"),
        ("12 345", None),
    ],
)
def test_script_language(text: str, expected: str | None) -> None:
    assert script_language(text) == expected


def test_ru_or_uk_default_when_nothing_tells() -> None:
    assert ru_or_uk("Москва", default="ru") == "ru"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Генштаб ЗCУ", "Генштаб ЗСУ"),  # Latin C
        ("Bce", "Bce"),  # all Latin: left alone
        ("Reuters и AFAD", "Reuters и AFAD"),
        ("ещё", "еще"),
        ("п’ять", "п'ять"),
        ("13\u202f500", "13 500"),
    ],
)
def test_working_copy(text: str, expected: str) -> None:
    assert working_copy(text) == expected


@given(st.text(max_size=200))
def test_working_copy_keeps_length(text: str) -> None:
    assert len(working_copy(text)) == len(text)
