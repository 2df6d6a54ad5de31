"""What a number counts (spec sections 1 and 8): the metric and the subject in the nominative."""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract.table import check, row


def m(at: str, metric: str, subject: Any = None, **more: Any) -> dict[str, Any]:
    out = {"at": at, "metric": metric, **more}
    if subject is not None:
        out["subject"] = subject
    return out


ROWS = [
    row("10 человек погибли при взрыве.", m("10", "killed", ("человек", "люди"))),
    row("При взрыве погибли 10 человек.", m("10", "killed", ("человек", "люди"))),
    row("Ранены 37 жителей села.", m("37", "wounded", "жители села")),
    row(
        "Погибли 22 офицера и солдата, 11 бойцов пропали без вести.",
        m("22", "killed", "офицеры и солдаты"),
        m("11", "missing", "бойцы"),
    ),
    row("Погибли 22 офицера, 11 бойцов и 5 полицейских.", m("22", "killed"), m("11", "killed"), m("5", "killed")),
    row("Военный, убивший 26 и ранивший 57 человек, задержан.", m("26", "killed"), m("57", "wounded")),
    row("Убито и ранено ещё несколько человек.", m("несколько", "casualties")),
    row("6 загиблих та 11 поранених.", m("6", "killed", "загиблі"), m("11", "wounded", "поранені")),
    row("14 поранених, з яких шестеро досі в лікарнях.", m("14", "wounded", "поранені"), m("шестеро", "wounded", "поранені")),
    row("Поліція затримала вісьмох нападників.", m("вісьмох", "detained", "нападники")),
    row("Сімох учасників ходи було захоплено в заручники.", m("Сімох", "captured", "учасники ходи")),
    row("Боевики взяли в плен 19 солдат.", m("19", "captured", "солдаты")),
    row("Из Ливана было выпущено 36 ракет.", m("36", "launched", "ракеты")),
    row("ПВО сбила 16 ракет над городом.", m("16", "intercepted", "ракеты")),
    row("Сили ППО збили 50 дронів.", m("50", "intercepted", "дрони")),
    row("Повреждены два частных дома.", m("два", "destroyed", "частные дома")),
    row("Танкист подбил два танка.", m("два", "destroyed", "танки")),
    row(
        "Сталося 14 ворожих обстрілів, зокрема 1 – з важкого озброєння.",
        m("14", "incidents", "ворожі обстріли"),
        m("1", "incidents"),
    ),
    row("Армия атаковала 3 объекта противника.", m("3", "incidents")),
    row("Более 100 тысяч человек приняли участие в марше.", m("Более 100 тысяч", "participants")),
    row("В город направили 540 сотрудников МВД.", m("540", "deployed", "сотрудники МВД")),
    row("У Курській області перебуває 11 тисяч солдатів КНДР.", m("11 тисяч", "deployed", "солдати КНДР")),
    row("Из зоны затопления эвакуировали 4 тысячи жителей.", m("4 тысячи", "evacuated", "жители")),
    row("53 868 осіб, які вважаються зниклими безвісти.", m("53 868", "missing", "особи")),
    row("Число задержанных превысило 300 человек.", m("превысило 300", "detained")),
    row("Число жертв двух землетрясений достигло 7108.", m("7108", "killed")),
    row("Около 70 государств подписали документ о возвращении пленных."),
]


@pytest.mark.parametrize(("text", "published", "expected"), ROWS)
def test_metrics(text: str, published: str | None, expected: list[dict[str, Any]]) -> None:
    check(text, published, expected)
