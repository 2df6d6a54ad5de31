"""Where (spec section 2 `place`) and what the text says about reliability (`remarks`), in Russian
and Ukrainian: the place in the nominative as named, the remark as written."""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract.table import check, row

ROWS = [
    row("В Харькове погибли 5 человек.", {"at": "5", "place": "Харьков"}),
    row("У Курській області перебуває 11 тисяч солдатів.", {"at": "11 тисяч", "place": "Курська область"}),
    row("Армия атаковала 3 объекта на юге Ливана.", {"at": "3", "place": "юг Ливана"}),
    row("В городе Орске эвакуировали 4 тысячи жителей.", {"at": "4 тысячи", "place": "Орск"}),
    row("Погибли 5 человек в Донецке и 3 в Горловке.", {"at": "5", "place": "Донецк"}, {"at": "3", "place": "Горловка"}),
    row("В понедельник задержаны 40 человек.", {"at": "40", "place": None}),
    row(
        "По данным Минобороны, уничтожены 30 танков. Эти данные невозможно независимо проверить.",
        {"at": "30", "remarks": ["Эти данные невозможно независимо проверить"]},
    ),
    row(
        "Загинули 12 людей, але цю інформацію не вдалося перевірити.",
        {"at": "12", "remarks": ["цю інформацію не вдалося перевірити"]},
    ),
    row("По предварительной информации, пострадали два человека.", {"at": "два", "remarks": ["По предварительной информации"]}),
]


@pytest.mark.parametrize(("text", "published", "expected"), ROWS)
def test_place_and_remarks(text: str, published: str | None, expected: list[dict[str, Any]]) -> None:
    check(text, published, expected)
