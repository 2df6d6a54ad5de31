"""Spec section 8, numbers and bounds, as a table of invented Russian and Ukrainian sentences."""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract.table import check, row


def n(at: str, value: Any, low: Any, high: Any, approx: bool = False, **more: Any) -> dict[str, Any]:
    return {"at": at, "value": value, "low": low, "high": high, "approx": approx, **more}


ROWS = [
    # digits: spaces, narrow no-break spaces, dots and apostrophes between thousands, a decimal comma
    row("В результате удара погибли 13 500 человек.", n("13 500", 13500, 13500, 13500)),
    row("В результате удара погибли 13\u202f500 человек.", n("13\u202f500", 13500, 13500, 13500)),
    row("Внаслідок обстрілу загинули 1.250 людей.", n("1.250", 1250, 1250, 1250)),
    row("Полиция задержала 13,5 тыс. человек.", n("13,5 тыс.", 13500, 13500, 13500)),
    row("Из страны бежали 1,2 млн беженцев.", n("1,2 млн", 1200000, 1200000, 1200000)),
    row("З країни виїхали 2,5 мільйона біженців.", n("2,5 мільйона", 2500000, 2500000, 2500000)),
    # number words in every case and gender, collective numerals
    row("Полиция задержала пятерых активистов.", n("пятерых", 5, 5, 5, metric="detained")),
    row("В аварии погибли двадцать три человека.", n("двадцать три", 23, 23, 23)),
    row("Медики сообщили о гибели двадцати трёх человек.", n("двадцати трёх", 23, 23, 23, metric="killed")),
    row("Трое военных погибли при обстреле.", n("Трое", 3, 3, 3, metric="killed")),
    row("Поліція затримала п'ятьох учасників акції.", n("п'ятьох", 5, 5, 5, metric="detained")),
    row("Двоє військових загинули під час обстрілу.", n("Двоє", 2, 2, 2, metric="killed")),
    row("Сімох заручників звільнили вчора.", n("Сімох", 7, 7, 7, metric="captured")),
    row("Эвакуировали полторы тысячи жителей.", n("полторы тысячи", 1500, 1500, 1500, metric="evacuated")),
    row("Задержали полсотни протестующих.", n("полсотни", 50, 50, 50, metric="detained")),
    row("Ранены десяток человек.", n("десяток", 10, 10, 10, True, metric="wounded")),
    # qualifiers
    row("Погибли более 300 человек.", n("более 300", 300, 300, None, qualifier="более")),
    row("Погибли по меньшей мере 12 человек.", n("по меньшей мере 12", 12, 12, None)),
    row("Задержаны не менее 40 человек.", n("не менее 40", 40, 40, None)),
    row("Задержаны до 200 человек.", n("до 200", 200, None, 200)),
    row("Погибли почти 100 человек.", n("почти 100", 100, None, 100, True)),
    row("Ранены около 50 человек.", n("около 50", 50, None, None, True)),
    row("Загинули понад 20 людей.", n("понад 20", 20, 20, None, qualifier="понад")),
    row("Затримали щонайменше 15 людей.", n("щонайменше 15", 15, 15, None)),
    row("Поранено близько 30 людей.", n("близько 30", 30, None, None, True)),
    row("Загинули майже 40 військових.", n("майже 40", 40, None, 40, True)),
    row("Число погибших превысило 2500 человек.", n("превысило 2500", 2500, 2500, None)),
    # ranges
    row("Эвакуировали от 7 до 15 тысяч человек.", n("от 7 до 15 тысяч", None, 7000, 15000)),
    row("Эвакуировали 7–15 тыс. человек.", n("7–15 тыс.", None, 7000, 15000)),
    # one hundred, one thousand in words, and the same forms after a qualifier
    row("Погибли более тысячи человек.", n("более тысячи", 1000, 1000, None)),
    row("Эвакуировали около сотни жителей.", n("около сотни", 100, None, None, True)),
    row("Загинули понад тисячу людей.", n("понад тисячу", 1000, 1000, None)),
    row("Тысяча человек вышли на акцию.", n("Тысяча", 1000, 1000, 1000, metric="participants")),
    # vague amounts
    row("Ранены несколько человек.", n("несколько", None, 3, 9, True)),
    row("Погибли десятки мирных жителей.", n("десятки", None, 20, 99, True)),
    row("Задержаны сотни протестующих.", n("сотни", None, 200, 999, True)),
    row("Погибли тысячи солдат.", n("тысячи", None, 2000, 9999, True)),
    row("Бежали десятки тысяч жителей.", n("десятки тысяч", None, 20000, 99999, True)),
    row("Ранены несколько десятков человек.", n("несколько десятков", None, 30, 99, True)),
    row("Задержаны несколько сотен человек.", n("несколько сотен", None, 300, 999, True)),
    row("Зникли безвісти десятки тисяч українців.", n("десятки тисяч", None, 20000, 99999, True)),
    row("Поранено кілька людей.", n("кілька", None, 3, 9, True)),
    # zeros, and the absence of information
    row("Никто не погиб.", n("Никто", 0, 0, 0, metric="killed")),
    row("Ніхто не загинув.", n("Ніхто", 0, 0, 0, metric="killed")),
    row("Пострадавших нет.", n("нет", 0, 0, 0, metric="wounded")),
    row("Постраждалих немає.", n("немає", 0, 0, 0, metric="wounded")),
    row("Информации о пострадавших пока нет."),
    # scraped text: a qualifier run into the number
    row("По всей стране задержаны более1300 протестующих.", n("более1300", 1300, 1300, None, qualifier="более")),
]


@pytest.mark.parametrize(("text", "published", "expected"), ROWS)
def test_numbers_and_bounds(text: str, published: str | None, expected: list[dict[str, Any]]) -> None:
    check(text, published, expected)
