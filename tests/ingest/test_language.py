"""Language detection with py3langid (model shipped in the wheel)."""

from __future__ import annotations

import pytest

from claimtally.ingest.language import detect_language, is_supported

from .conftest import STORY

CASES = [
    (" ".join(STORY), None, "en"),
    ("Министерство обороны заявило, что в результате удара погибли 12 человек, ещё 40 были ранены в городе.", None, "ru"),
    ("Міністерство оборони заявило, що внаслідок удару загинули 12 людей, ще 40 отримали поранення у місті.", None, "uk"),
    ("Le ministère de la Santé a déclaré que douze personnes avaient été tuées lors de la frappe de lundi.", None, "fr"),
    ("Das Gesundheitsministerium teilte mit, dass bei dem Angriff am Montag zwölf Menschen getötet wurden.", None, "de"),
    ("Ok.", "de-DE", "de"),
    ("Ok.", None, None),
    ("12 34 56", "EN_us", "en"),
]


@pytest.mark.parametrize(("text", "declared", "expected"), CASES)
def test_detect_language(text: str, declared: str | None, expected: str | None) -> None:
    assert detect_language(text, declared) == expected


@pytest.mark.parametrize(("lang", "supported"), [("en", True), (None, True), ("ru", True), ("uk", True), ("de", False)])
def test_supported(lang: str | None, supported: bool) -> None:
    assert is_supported(lang) is supported
