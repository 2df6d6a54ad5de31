"""Spec section 4 as a table: `claim_date`, `period_start` and `period_end` against a publication date.

Each row is an invented sentence, the publication date it is read against (None: no date
known, so relative expressions stay null) and the figures it must yield, given by `at` (the
number expression, located in the text; a figure matches when its span overlaps it) and all
three date fields, as the spec's date accuracy compares them together. The row also asserts
the number of figures. Rows the extractor gets wrong today are strict xfails.

P = 2023-03-08 is a Wednesday (its week runs Monday 03-06 to Sunday 03-12); 2024-01-03 is a
Wednesday across a year boundary; 2023-03-12 is a Sunday; 2024 is a leap year.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract.table import check, row

P = "2023-03-08"  # a Wednesday
NEW_YEAR = "2024-01-03"  # a Wednesday; the previous week is 2023-12-25..2023-12-31
SUNDAY = "2023-03-12"
LEAP = "2024-03-05"


def on(at: str, claim: str | None = None, start: str | None = None, end: str | None = None) -> dict[str, Any]:
    return {"at": at, "claim_date": claim, "period_start": start, "period_end": end}


def day(at: str, iso: str) -> dict[str, Any]:
    """A count of one day's events."""
    return on(at, None, iso, iso)


ROWS = [
    # claim_date from the time expression attached to the claim
    row("The ministry said Tuesday that 40 soldiers had been captured.", on("40", "2023-03-07"), published=P),
    row("A tank fired two shells at the journalists, according to a report published on Tuesday.",
        on("two", "2023-03-07"), published=P),                       # the day the source was published
    # two parallel lists pair in order
    row("The deadliest shootings were at Virginia Tech in 2007 and Sandy Hook in 2012, with 32 and 27 killed.",
        on("32", None, "2007-01-01", "2007-12-31"), on("27", None, "2012-01-01", "2012-12-31"), published=P),
    row("Police said Monday that 15 people were detained.", on("15", "2023-03-06"), published=P),
    row("The rights office said on Tuesday that it had recorded 726 civilians killed.", on("726", "2023-03-07"), published=P),
    row("Police said Wednesday that 15 people were detained.", on("15", "2023-03-08"), published=P),
    row("The ministry said last Thursday that 40 soldiers were captured.", on("40", "2023-03-02"), published=P),
    row("The ministry said yesterday that 40 soldiers were captured.", on("40", "2023-03-07"), published=P),
    row("The ministry announced on April 19 that 300 soldiers were captured.", on("300", "2022-04-19"), published=P),
    row("Police said on March 3, 2022, that 40 people were detained.", on("40", "2022-03-03"), published=P),
    row("Police said on Tuesday that 15 people were detained on Sunday.", on("15", "2023-03-07", "2023-03-05", "2023-03-05"),
        published=P),
    row("The ministry said 40 soldiers were captured, in a statement on Tuesday.", on("40", "2023-03-07"), published=P),
    row("Some 300 villagers were killed. Rights groups said on Tuesday that most were civilians.",
        on("Some 300", "2023-03-07"), published=P),
    # one day's events
    row("Police said 15 people were detained on Sunday.", day("15", "2023-03-05"), published=P),
    row("Police said 15 people were detained on Monday.", day("15", "2023-03-06"), published=P),
    row("Police said 15 people were detained last Monday.", day("15", "2023-02-27"), published=P),
    row("Police said 15 people were detained last Sunday.", day("15", "2023-03-05"), published=P),
    row("Police said 15 people were detained yesterday.", day("15", "2023-03-07"), published=P),
    row("Police said 15 people were detained today.", day("15", "2023-03-08"), published=P),
    row("A strike on Tuesday killed five people, police said.", day("five", "2023-03-07"), published=P),
    row("Yesterday's attacks killed five people, police said.", day("five", "2023-03-07"), published=P),
    row("Police said 15 people were detained on Feb. 24.", day("15", "2023-02-24"), published=P),
    row("Police said 15 people were detained on March 20.", day("15", "2022-03-20"), published=P),
    # spans
    row("Police said 15 people were detained overnight.", on("15", None, "2023-03-07", "2023-03-08"), published=P),
    row("Police said 15 people were detained in the past 24 hours.", on("15", None, "2023-03-07", "2023-03-08"), published=P),
    row("Police said 15 people were detained this week.", on("15", None, "2023-03-06", "2023-03-08"), published=P),
    row("Police said 15 people were detained last week.", on("15", None, "2023-02-27", "2023-03-05"), published=P),
    row("Police said 15 people were detained this month.", on("15", None, "2023-03-01", "2023-03-08"), published=P),
    row("Police said 15 people were detained in February.", on("15", None, "2023-02-01", "2023-02-28"), published=P),
    row("Police said 15 people were detained last month.", on("15", None, "2023-02-01", "2023-02-28"), published=P),
    row("Police said 1,500 people were detained in 2020.", on("1,500", None, "2020-01-01", "2020-12-31"), published=P),
    row("In 2021, 320 journalists were jailed, the group said.", on("320", None, "2021-01-01", "2021-12-31"), published=P),
    row("The army says 1,000 militants have been killed since January.", on("1,000", None, "2023-01-01", P), published=P),
    row("Police said 1,500 people have been detained since Feb. 24.", on("1,500", None, "2023-02-24", P), published=P),
    row("Police said 60 people had been killed since Jan. 1.", on("60", None, "2023-01-01", P), published=P),
    row("Police said 1,500 people have been detained in the 11 days since Feb. 24.", on("1,500", None, "2023-02-25", P),
        published=P),
    row("Police said 1,500 people have been detained in the 11 days since the invasion.", on("1,500", None, "2023-02-25", P),
        published=P),
    row("Police said 60 people had been killed in the 3 days since the flood.", on("60", None, "2023-03-05", P), published=P),
    row("Police said 1,500 people have been detained since the war started.", on("1,500", None, None, P), published=P),
    row("As of Wednesday, 1,500 people had been detained, police said.", on("1,500", None, None, P), published=P),
    row("As of Monday, 1,500 people had been detained, police said.", on("1,500", None, None, "2023-03-06"), published=P),
    # periods and days are never carried over from an earlier sentence
    row("The strike was on Monday. Police said 15 people were killed.", on("15"), published=P),
    row("Fighting raged all last week. The army said 40 soldiers were killed.", on("40"), published=P),
    # across a year boundary, on a Sunday, in a leap year
    row("Police said 15 people were detained on Dec. 30.", day("15", "2023-12-30"), published=NEW_YEAR),
    row("Police said 15 people were detained on Monday.", day("15", "2024-01-01"), published=NEW_YEAR),
    row("Police said 15 people were detained last Monday.", day("15", "2023-12-25"), published=NEW_YEAR),
    row("Police said 15 people were detained last week.", on("15", None, "2023-12-25", "2023-12-31"), published=NEW_YEAR),
    row("Police said 15 people were detained last month.", on("15", None, "2023-12-01", "2023-12-31"), published=NEW_YEAR),
    row("Police said 15 people were detained in December.", on("15", None, "2023-12-01", "2023-12-31"), published=NEW_YEAR),
    row("The ministry said Friday that 12 soldiers were killed overnight.",
        on("12", "2023-12-29", "2023-12-28", "2023-12-29"), published=NEW_YEAR),
    row("Police said 15 people were detained this week.", on("15", None, "2023-03-06", SUNDAY), published=SUNDAY),
    row("Police said 15 people were detained on Sunday.", day("15", SUNDAY), published=SUNDAY),
    row("Police said 15 people were detained last Sunday.", day("15", "2023-03-05"), published=SUNDAY),
    row("Police said 15 people were detained in February.", on("15", None, "2024-02-01", "2024-02-29"), published=LEAP),
    # no publication date: relative dates stay null, absolute ones resolve
    row("Police said Monday that 15 people were detained.", on("15")),
    row("Police said 15 people were detained yesterday.", on("15")),
    row("Police said 15 people were detained overnight.", on("15")),
    row("Police said 15 people were detained this week.", on("15")),
    row("Police said 15 people were detained last month.", on("15")),
    row("Police said 1,500 people were detained in 2020.", on("1,500", None, "2020-01-01", "2020-12-31")),
    row("Police said 15 people were detained on March 3, 2022.", day("15", "2022-03-03")),
    row("The ministry said on April 19, 2022 that 300 soldiers were captured.", on("300", "2022-04-19")),
    row("Police said 1,500 people have been detained since Feb. 24, 2022.", on("1,500", None, "2022-02-24", None)),
    # windows and counts up to publication (spec section 4, as the spec grew)
    row("So far, 120 people have been killed, officials said.", on("120", None, None, P), published=P),
    row("Officials said 40 people have been detained to date.", on("40", None, None, P), published=P),
    row("In its first and so far only toll, the army said 498 soldiers were killed.", on("498"), published=P),
    row("Over the last two months, 2,000 people fled.", on("2,000", None, "2023-01-08", P), published=P),
    row("In the past year, 50 journalists were killed.", on("50", None, "2022-03-08", P), published=P),
    row("This year 300 people have been killed.", on("300", None, "2023-01-01", P), published=P),
    row("Last year 500 migrants drowned.", on("500", None, "2022-01-01", "2022-12-31"), published=P),
    row("In December and January the army said it killed 65,000 soldiers.",
        on("65,000", None, "2022-12-01", "2023-01-31"), published=P),
    row("This morning a horrible accident left four people dead.", day("four", P), published=P),
    # a day goes to the nearest figure and those in its clause; relative clauses keep their own dates
    row("Police opened fire the day before in a crackdown that killed one person, injured 13 others and angered many.",
        day("one", "2023-03-07"), day("13", "2023-03-07"), published=P),
    row("Militants freed 21 girls Thursday after talks, the government said, in the first release of any of the more "
        "than 200 girls kidnapped in 2014.", day("21", "2023-03-02"), on("more than 200", None, "2014-01-01", "2014-12-31"),
        published=P),
    row("At least 10 died in custody, according to the group, including one man, who was boiled to death in 2002.",
        on("At least 10"), on("one"), published=P),
    row("Since the start of the year, 1,200 migrants have drowned, the IOM said.", on("1,200", None, "2023-01-01", P),
        published=P),
    row("By Saturday evening, the toll had risen to 80.", on("80", None, None, "2023-03-04"), published=P),
    row("Over the weekend, 200 people were detained.", on("200", None, "2023-03-04", "2023-03-05"), published=P),
    row("In the first half of 2020, 1,282 civilians were killed.", on("1,282", None, "2020-01-01", "2020-06-30"),
        published=P),
    row("The number of people killed in the shooting rose to 59 on Monday, the sheriff said.",
        on("59", None, None, "2023-03-06"), published=P),
]


@pytest.mark.parametrize(("text", "published", "expected"), ROWS)
def test_dates(text: str, published: str | None, expected: list[dict[str, Any]]) -> None:
    check(text, published, expected)
