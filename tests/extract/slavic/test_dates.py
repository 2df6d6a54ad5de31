"""Spec sections 4 and 8, dates in Russian and Ukrainian: claim days and counted periods.

P = 2023-03-08 is a Wednesday (its week runs Monday 03-06 to Sunday 03-12).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract.table import check, row

P = "2023-03-08"


def on(at: str, claim: str | None = None, start: str | None = None, end: str | None = None) -> dict[str, Any]:
    return {"at": at, "claim_date": claim, "period_start": start, "period_end": end}


ROWS = [
    # the day of the claim, beside the attribution verb
    row("Губернатор заявил во вторник, что погибли 5 человек.", on("5", "2023-03-07"), published=P),
    row("Губернатор у вівторок заявив, що загинули 5 людей.", on("5", "2023-03-07"), published=P),
    row("Вчера мэр сообщил, что ранены 9 человек.", on("9", "2023-03-07"), published=P),
    row("Прокуратура накануне сообщила, что задержаны 3 человека.", on("3", "2023-03-07"), published=P),
    # one day's events
    row("В воскресенье задержаны 40 человек.", on("40", None, "2023-03-05", "2023-03-05"), published=P),
    row("В прошлую среду задержаны 40 человек.", on("40", None, "2023-03-01", "2023-03-01"), published=P),
    row("Минулої середи затримали 40 людей.", on("40", None, "2023-03-01", "2023-03-01"), published=P),
    row("Вчора загинули 2 людини.", on("2", None, "2023-03-07", "2023-03-07"), published=P),
    row("В ходе вчерашних протестов задержаны 300 человек.", on("300", None, "2023-03-07", "2023-03-07"), published=P),
    row("24 февраля задержаны 70 человек.", on("70", None, "2023-02-24", "2023-02-24"), published=P),
    # spans
    row("За сутки ПВО сбила 20 ракет.", on("20", None, "2023-03-07", "2023-03-08"), published=P),
    row("За минулу добу сталося 14 обстрілів.", on("14", None, "2023-03-07", "2023-03-08"), published=P),
    row("За последние 24 часа погибли 6 человек.", on("6", None, "2023-03-07", "2023-03-08"), published=P),
    row("С начала войны погибли 400 детей.", on("400", None, None, P), published=P),
    row("З початку повномасштабного вторгнення загинули 500 дітей.", on("500", None, None, P), published=P),
    row("С 24 февраля задержаны 15 000 человек.", on("15 000", None, "2023-02-24", P), published=P),
    row("З 24 лютого затримано 200 людей.", on("200", None, "2023-02-24", P), published=P),
    row("За ночь ЦАХАЛ атаковал 3 объекта.", on("3", None, "2023-03-07", "2023-03-08"), published=P),
    row("С начала года погибли 12 человек.", on("12", None, "2023-01-01", P), published=P),
    row("В 2020 году погибли 12 человек.", on("12", None, "2020-01-01", "2020-12-31"), published=P),
    row("На прошлой неделе задержаны 8 человек.", on("8", None, "2023-02-27", "2023-03-05"), published=P),
    row("Станом на сьогодні зниклими безвісти вважаються 50 тисяч осіб.", on("50 тисяч", None, None, P), published=P),
    row("Во вторник, 7 марта, МВД сообщило о задержании 80 человек.", on("80", "2023-03-07"), published=P),
    row("Накануне губернатор сообщил о 3 погибших.", on("3", "2023-03-07"), published=P),
    row("За последнюю неделю задержаны 40 человек.", on("40", None, "2023-03-01", P), published=P),
    row("За минулий тиждень росіяни 300 разів обстріляли область.", on("300", None, "2023-03-01", P), published=P),
    row("Всего за 2022 год погибли 500 человек.", on("500", None, "2022-01-01", "2022-12-31"), published=P),
    row("С начала 2022 года погибли 500 человек.", on("500", None, "2022-01-01", P), published=P),
    row("ПВО сбили 21 ракету над областью8 марта.", on("21", None, "2023-03-08", "2023-03-08"), published=P),
    # without a publication date, relative days stay null; dates with a year still resolve
    row("Во вторник задержаны 40 человек.", on("40")),
    row("8 февраля 2020 года погибли 26 человек.", on("26", None, "2020-02-08", "2020-02-08")),
    # a day in another clause after the figure does not date it
    row("В Турции погибли 6234 человека, сегодня утром произошли новые толчки.", on("6234"), published=P),
]


@pytest.mark.parametrize(("text", "published", "expected"), ROWS)
def test_dates(text: str, published: str | None, expected: list[dict[str, Any]]) -> None:
    check(text, published, expected)
