"""Spec section 3 as a table: how number expressions read, and the bounds their wording sets.

Each row is an invented sentence and the figures it must yield, given only by the fields this
file is about (`text`, `value`, `low`, `high`, `approx`, `qualifier`). `at` locates the expected
expression in the sentence (default: `text`); a figure matches when its span overlaps it. The
row also asserts the number of figures, so an empty row means "no figure here". Rows the
extractor gets wrong today are strict xfails, so the gap stays visible and a fix is noticed.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract.table import check, row


def exact(text: str, value: float, **more: Any) -> dict[str, Any]:
    return {"text": text, "value": value, "low": value, "high": value, "approx": False, **more}


def at_least(text: str, value: float, qualifier: str) -> dict[str, Any]:
    return {"text": text, "value": value, "low": value, "high": None, "approx": False, "qualifier": qualifier}


def at_most(text: str, value: float, qualifier: str, approx: bool = False) -> dict[str, Any]:
    return {"text": text, "value": value, "low": None, "high": value, "approx": approx, "qualifier": qualifier}


def about(text: str, value: float, qualifier: str) -> dict[str, Any]:
    return {"text": text, "value": value, "low": None, "high": None, "approx": True, "qualifier": qualifier}


def between(text: str, low: float, high: float, **more: Any) -> dict[str, Any]:
    return {"text": text, "value": None, "low": low, "high": high, **more}


def vague(text: str, low: float, high: float) -> dict[str, Any]:
    return {"text": text, "value": None, "low": low, "high": high, "approx": True}


ROWS = [
    # digits, separators, decimals, multipliers
    row("Police said 13,500 people were detained at the rallies.", exact("13,500", 13500)),
    row("Police said 13 500 people were detained at the rallies.", exact("13 500", 13500)),
    row("Police said 498 protesters were detained in the capital.", exact("498", 498)),
    row("The UN agency said 1.5 million people had fled abroad.", exact("1.5 million", 1_500_000)),
    row("The UN agency said 2 million people had been displaced.", exact("2 million", 2_000_000)),
    row("Police said 10.4k residents were evacuated from the coast.", exact("10.4k", 10_400)),
    row("The agency said 3.2m people had been displaced by the floods.", exact("3.2m", 3_200_000)),
    row("Police said 12 thousand residents were evacuated.", exact("12 thousand", 12_000)),
    # number words
    row("Police said two dozen protesters were detained.", exact("two dozen", 24)),
    row("Police said eleven students were detained outside the court.", exact("eleven", 11)),
    row("Police said twenty-one students were detained outside the court.", exact("twenty-one", 21)),
    row("Police said one hundred and twenty students were detained.", exact("one hundred and twenty", 120)),
    row("Police said ten thousand residents were evacuated.", exact("ten thousand", 10_000)),
    row("Police said a dozen students were detained outside the court.", exact("a dozen", 12)),
    row("Police said a thousand residents were evacuated overnight.", exact("a thousand", 1000)),
    row("Police said a hundred students were detained outside the court.", exact("a hundred", 100)),
    row("An attack on the market killed one person, police said.", exact("one", 1)),
    # qualifiers: lower bounds
    row("The ministry said at least 40 soldiers were killed.", at_least("at least 40", 40, "at least")),
    row("The ministry said more than 40 soldiers were killed.", at_least("more than 40", 40, "more than")),
    row("The ministry said over 40 soldiers were killed.", at_least("over 40", 40, "over")),
    row("The ministry said upwards of 40 soldiers were killed.", at_least("upwards of 40", 40, "upwards of")),
    row("The ministry said no fewer than 40 soldiers were killed.", at_least("no fewer than 40", 40, "no fewer than")),
    row("The ministry said more than a dozen soldiers were killed.", at_least("more than a dozen", 12, "more than")),
    row("The ministry said at least two dozen soldiers were killed.", at_least("at least two dozen", 24, "at least")),
    # qualifiers: upper bounds
    row("The ministry said up to 40 soldiers were killed.", at_most("up to 40", 40, "up to")),
    row("The ministry said as many as 11,000 soldiers were killed.", at_most("as many as 11,000", 11_000, "as many as")),
    row("The ministry said at most 40 soldiers were killed.", at_most("at most 40", 40, "at most")),
    row("The ministry said no more than 40 soldiers were killed.", at_most("no more than 40", 40, "no more than")),
    row("The ministry said fewer than 40 soldiers were killed.", at_most("fewer than 40", 40, "fewer than")),
    row("The ministry said almost 40 soldiers were killed.", at_most("almost 40", 40, "almost", approx=True)),
    row("The ministry said nearly 40 soldiers were killed.", at_most("nearly 40", 40, "nearly", approx=True)),
    row("The ministry said just under 40 soldiers were killed.", at_most("just under 40", 40, "just under", approx=True)),
    # qualifiers: approximate
    row("The ministry said about 40 soldiers were killed.", about("about 40", 40, "about")),
    row("The ministry said around 40 soldiers were killed.", about("around 40", 40, "around")),
    row("The ministry said roughly 40 soldiers were killed.", about("roughly 40", 40, "roughly")),
    row("The ministry said some 40 soldiers were killed.", about("some 40", 40, "some")),
    row("The ministry said approximately 40 soldiers were killed.", about("approximately 40", 40, "approximately")),
    row("The ministry said an estimated 40 soldiers were killed.", about("an estimated 40", 40, "an estimated")),
    # ranges
    row("Monitors said between 7,000 and 15,000 people were displaced.", between("between 7,000 and 15,000", 7000, 15000)),
    row("Monitors said 7,000 to 15,000 people were displaced.", between("7,000 to 15,000", 7000, 15000)),
    row("Monitors said 20 or 30 people were displaced.", between("20 or 30", 20, 30)),
    row("Monitors said 7,000-15,000 people were displaced.", between("7,000-15,000", 7000, 15000)),
    row("Monitors said 7,000\u201315,000 people were displaced.", between("7,000\u201315,000", 7000, 15000)),
    row("Monitors said around 7,000 to 15,000 people were displaced.",
        between("around 7,000 to 15,000", 7000, 15000, approx=True)),
    row("Police said some 2,000 to 3,000 people were detained.", between("some 2,000 to 3,000", 2000, 3000, approx=True)),
    # vague amounts
    row("Medics said a few people were wounded.", vague("a few", 2, 5)),
    row("Medics said several people were wounded.", vague("several", 3, 9)),
    row("Medics said dozens of people were wounded.", vague("dozens", 24, 99)),
    row("Medics said scores of people were wounded.", vague("scores", 40, 99)),
    row("Medics said hundreds of people were wounded.", vague("hundreds", 200, 999)),
    row("Medics said thousands of people were wounded.", vague("thousands", 2000, 9999)),
    row("Aid agencies said tens of thousands of people were displaced.", vague("tens of thousands", 20_000, 99_999)),
    row("Aid agencies said hundreds of thousands of people were displaced.", vague("hundreds of thousands", 200_000, 999_999)),
    row("Aid agencies said millions of people were displaced.", vague("millions", 2_000_000, 9_999_999)),
    row("Medics said several hundred people were wounded.", vague("several hundred", 300, 999)),
    row("Medics said several thousand people were wounded.", vague("several thousand", 3000, 9999)),
    row("Several bodies were pulled from the river, police said.", vague("Several", 3, 9)),
    row("Tens of thousands remain trapped in the port, the UN said.", vague("Tens of thousands", 20_000, 99_999)),
    # the indefinite article is not a number
    row("A cruise missile hit the station, police said."),
    row("An explosion hit the depot, police said."),
    # zeros stated in words, and absence of information
    row("Nobody was hurt in the blast, police said.", exact("Nobody", 0)),
    row("There were no casualties, the governor said.", exact("no", 0)),
    row("No casualties were reported after the drill.", exact("No", 0)),
    row("The mayor said nobody had been evacuated.", exact("nobody", 0)),
    row("No one was killed in the blast, police said.", exact("No one", 0)),
    row("No soldiers were killed in the raid, the army said.", exact("No", 0)),
    row("No civilians were injured in the strike, the mayor said.", exact("No", 0)),
    row("There were no immediate reports of casualties."),
    row("It was not clear if anyone was hurt."),
    row("There was no immediate word on casualties after the blast."),
    row("Casualty figures were not immediately available."),
    # one expression, one figure; two figures in one breath
    row("The shelling killed 6 and wounded 20, police said.", exact("6", 6), exact("20", 20)),
    row("The shelling killed four and wounded seven, police said.", exact("four", 4), exact("seven", 7)),
    row("At least four were killed and three wounded, police said.", at_least("At least four", 4, "At least"), exact("three", 3)),
    row("Police detained 13,500 Russians across more than 100 cities, the monitor said.",
        exact("13,500", 13500), at_least("more than 100", 100, "more than")),
    # the same claim in another sentence is another figure
    row("Police said 40 people were detained. Police later repeated that 40 people were detained.",
        exact("40", 40), {"at": "40", "nth": 1, "value": 40}),
    # a couple, a handful (spec section 3)
    row("A couple of hundred protesters gathered outside.", {"at": "A couple of hundred", "value": 200, "low": None,
                                                             "high": None, "approx": True}),
    row("Police said a couple were injured in the crash.", {"at": "a couple", "value": 2, "approx": True}),
    row("A handful were wounded, medics said.", vague("A handful", 2, 5)),
]


@pytest.mark.parametrize(("text", "published", "expected"), ROWS)
def test_numbers_and_bounds(text: str, published: str | None, expected: list[dict[str, Any]]) -> None:
    check(text, published, expected)
