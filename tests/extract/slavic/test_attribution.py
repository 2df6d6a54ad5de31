"""Who says so (spec sections 5 and 8), in invented Russian and Ukrainian sentences."""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract.table import check, row


def a(at: str, claimant: Any, cue: Any = None, kind: Any = "", **more: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"at": at, "claimant": claimant, **more}
    if cue is not None:
        out["cue"] = cue
    if kind != "":
        out["claimant_kind"] = kind
    return out


ROWS = [
    # the speaker before the verb, after it, and as the place of speaking
    row("Минобороны России заявило, что сбито 20 беспилотников.", a("20", "Минобороны России", "заявило", "government")),
    row(
        "В результате удара погибли 5 человек, сообщил губернатор области.", a("5", "губернатор области", "сообщил", "government")
    ),
    row("Погибли 12 человек, пишет Reuters.", a("12", "Reuters", "пишет", "media")),
    row("В МВД сообщили, что задержаны 30 человек.", a("30", "МВД", "сообщили", "government")),
    row("У поліції повідомили, що затримано 15 людей.", a("15", "поліція", "повідомили", "government")),
    row("Генштаб ЗСУ повідомив, що збито 40 дронів.", a("40", "Генштаб ЗСУ", "повідомив", "government")),
    row("Генштаб ЗCУ повідомив, що збито 40 дронів.", a("40", "Генштаб ЗСУ", "повідомив", "government")),
    row("Загинули 7 людей, повідомила прокуратура.", a("7", "прокуратура", "повідомила", "government")),
    row("Позже израильские СМИ сообщили о 30 выпущенных ракетах.", a("30", "израильские СМИ", "сообщили", "media")),
    row("Погибли 3 человека, написал в Telegram глава региона.", a("3", "глава региона", "написал")),
    row("Загинули 3 людини, повідомив у Telegram голова ОВА.", a("3", "голова ОВА", "повідомив")),
    row(
        "«Медиазона» установила имена 50 тысяч военных, погибших в Украине.",
        a("50 тысяч", "«Медиазона»", "установила", "independent"),
    ),
    row("Сили ППО збили 37 із 50 дронів, повідомили в Повітряних силах.", a("37", "Повітряні сили"), a("50", "Повітряні сили")),
    row("«Погибли 14 человек» сказал он.", a("14", None)),
    # prepositional cues, the claimant put in the nominative
    row("По данным ОВД-Инфо, задержаны 39 человек.", a("39", "ОВД-Инфо", "По данным", "independent")),
    row("По данным правозащитного центра, задержаны 300 человек.", a("300", "правозащитный центр", "По данным", "independent")),
    row("По словам губернатора, ранены 4 человека.", a("4", "губернатор", "По словам", "government")),
    row("За даними Генштабу, знищено 12 танків.", a("12", "Генштаб", "За даними", "government")),
    row("За словами мера, поранено 9 людей.", a("9", "мер", "За словами", "government")),
    row("Согласно данным ООН, из страны бежали 2 миллиона человек.", a("2 миллиона", "ООН", kind="international")),
    row("Как сообщает ТАСС, погибли 3 человека.", a("3", "ТАСС", "Как сообщает", "media")),
    row("Як повідомляє Укрінформ, загинули 6 людей.", a("6", "Укрінформ", "Як повідомляє", "media")),
    # a source cited by a source wins
    row(
        "Агентство со ссылкой на источник в полиции сообщило о 25 задержанных.",
        a("25", "источник в полиции", "со ссылкой на", "anonymous"),
    ),
    row(
        "Видання з посиланням на джерела повідомило про 100 затриманих.",
        a("100", "джерела", "з посиланням на", "anonymous"),
        xfail="the nominative keeps the first reading's number: 'джерела' (plural) becomes 'джерело'",
    ),
    # impersonal cues name no one
    row("Сообщается, что погибли 8 человек.", a("8", None, "Сообщается")),
    row("Повідомляється, що загинули 8 людей.", a("8", None, "Повідомляється")),
    # pronouns and quotes
    row("Губернатор выступил с обращением. «Погибли 14 человек», — сказал он.", a("14", "Губернатор", "сказал")),
    row(
        'Мер міста виступив перед журналістами. "Загинули 14 людей. Ще 20 поранено", - сказав він.',
        a("14", "Мер міста"),
        a("20", "Мер міста"),
    ),
    # the next sentence gives the source of the one before
    row("В результате обстрела погибли 3 человека. Об этом сообщил глава региона.", a("3", "глава региона", "сообщил")),
    row("Внаслідок обстрілу загинули 3 людини. Про це повідомив голова ОВА.", a("3", "голова ОВА", "повідомив")),
    # a headline's source before its colon; a place before a colon is no source
    row("Генштаб ВСУ: уничтожены 15 танков", a("15", "Генштаб ВСУ", kind="government")),
    row("Беларусь: задержаны более 300 человек", a("более 300", None)),
    # the source after a headline's last dash
    row("В Киеве погибли 5 человек — Кличко", a("5", "Кличко")),
    # a sentence that goes on with the claim before it keeps its source; a new impersonal cue does not
    row("В КГВА сообщили, что погибли 3 человека. Также повреждены два частных дома.", a("3", "КГВА"), a("два", "КГВА")),
    row("По данным Reuters, погибли 6 человек. Также сообщается, что 45 ранены.", a("6", "Reuters"), a("45", None)),
    # a phrase after a preposition before the verb is no speaker; the speaker follows the verb
    row("Про це на брифінгу повідомив спікер АП Андрій Лисенко. Загинули 2 військових.", a("2", None)),
    row("Загинули 2 військових. Про це на брифінгу повідомив спікер АП Андрій Лисенко.", a("2", "спікер АП Андрій Лисенко")),
    row("Погибли 12 человек. Данными поделились в МЧС.", a("12", "МЧС", "поделились")),
    # the outlet's own statement
    row("В результате землетрясения погибли 6234 человека.", a("6234", None)),
]


@pytest.mark.parametrize(("text", "published", "expected"), ROWS)
def test_attribution(text: str, published: str | None, expected: list[dict[str, Any]]) -> None:
    check(text, published, expected)
