"""Numbers that count nothing (spec section 1, out of scope), in Russian and Ukrainian."""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract.table import check, row

ROWS = [
    row("В 1992 году в городе погибли люди."),
    row("32-летний мужчина был задержан полицией."),
    row("Полиция задержала мужчину в 15:30 по местному времени."),
    row("Акция прошла 24 сентября в центре города."),
    row("Ущерб оценили в 800 млн рублей."),
    row("Явка составила 45% избирателей."),
    row("Город обстреляли из систем С-300."),
    row("Бомбардувальники Ту-95 запустили ракети."),
    row("Дело возбуждено по ст. 212 УК."),
    row("Бои шли в течение 11 дней."),
    row("Вік поранених — від 18 до 62 років."),
    row("Колону атакували на 14-й кілометровій позначці."),
    row("Армии поставили 18 гаубиц."),
    row("В одной из школ города прошли занятия."),
    row("Один из военных заявил, что наступление продолжается."),
    row("Получил удостоверение под номером 56600."),
    # headlines of related articles under a label are page furniture
    row("Подробности:\nНаводнение продолжается — затоплены больше 10 тысяч домов\n- В Орске прорвало дамбу"),
    row("Читайте також:\nЗСУ знищили 20 танків\nНа фронті загинули 5 військових"),
]


@pytest.mark.parametrize(("text", "published", "expected"), ROWS)
def test_not_a_figure(text: str, published: str | None, expected: list[dict[str, Any]]) -> None:
    check(text, published, expected)
