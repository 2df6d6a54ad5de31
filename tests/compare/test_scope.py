"""Over what span and where a figure counts: the span kinds from periods and sentence cues, and
place names folded to keys."""

from __future__ import annotations

import pytest

from claimtally.compare.scope import (
    CUMULATIVE,
    EVENT,
    HISTORIC,
    PERIOD,
    UNSTATED,
    contains,
    place_key,
    span_of,
    wide_places_in,
)

PUB = "2022-04-19"

SPANS = [
    # sentence, number text, claim date, period start, period end, stock metric, expected kind
    ("Russia said 1,351 servicemen had been killed since the start of the operation.", "1,351", None, None, None,
     False, CUMULATIVE),
    ("Ukraine estimates 21,000 people have been killed so far.", "21,000", None, None, None, False, CUMULATIVE),
    ("As many as 11,000 Russian troops had been killed in the first eleven days of the war.", "11,000", None, None,
     None, False, CUMULATIVE),
    ("NATO estimated that between 7,000 and 15,000 Russian troops had been killed in four weeks of fighting.",
     "between 7,000 and 15,000", None, None, None, False, CUMULATIVE),
    ("The ministry said 300 Russian soldiers were killed in the past 24 hours.", "300", None, None, None, False, EVENT),
    ("За добу ЗСУ знищили 520 окупантів.", "520", None, None, None, False, EVENT),
    ("За сутки уничтожено 300 военнослужащих.", "300", None, None, None, False, EVENT),
    ("С начала войны погибли 15 000 военных.", "15 000", None, None, None, False, CUMULATIVE),
    ("A missile strike on Lviv killed seven people.", "seven", None, None, None, False, EVENT),
    ("Seven people were killed on Monday.", "Seven", None, "2022-04-18", "2022-04-18", False, EVENT),
    ("18 people have been killed in the last few days.", "18", None, None, None, False, PERIOD),
    ("Nearly 400 people were killed in May alone.", "Nearly 400", None, "2022-03-01", "2022-03-31", False, PERIOD),
    ("4,000 refugees arrived in March.", "4,000", None, "2022-03-01", "2022-03-31", True, CUMULATIVE),  # a level
    ("Officials said 12 people were killed.", "12", None, None, None, False, UNSTATED),
    # two cues in one sentence: the nearest decides
    ("The Russians added two more battalion tactical groups in the past 24 hours, for a total of 78.", "78", None,
     "2022-04-18", "2022-04-19", True, CUMULATIVE),
    ("The Russians added two more battalion tactical groups in the past 24 hours, for a total of 78.", "two", None,
     "2022-04-18", "2022-04-19", True, EVENT),
    # years before publication: history, off the current timeline
    ("More than 8,000 men and boys were killed at Srebrenica in 1995.", "More than 8,000", None, "1995-01-01",
     "1995-12-31", False, HISTORIC),
    ("More than 200 girls were kidnapped from their school two years ago.", "More than 200", None, None, None,
     False, HISTORIC),
]


@pytest.mark.parametrize(("sentence", "text", "claim", "start", "end", "stock", "kind"), SPANS)
def test_span_kinds(sentence, text, claim, start, end, stock, kind):
    assert span_of(sentence, claim, start, end, PUB, stock, text).kind == kind


def test_a_historic_span_is_labelled_by_its_years():
    s = span_of("More than 100 people died during the 2013-14 revolution.", None, "2013-01-01", "2014-12-31", PUB,
                text="more than 100")
    assert (s.kind, s.label) == (HISTORIC, "2013-2014")


@pytest.mark.parametrize(("place", "key"), [
    ("the western city of Lviv", "lviv"),
    ("Lviv", "lviv"),
    ("у Донецьку", "донецьк"),
    ("Донецьк", "донецьк"),
    ("near Alma al-Chaab, Lebanon", "alma al-chaab lebanon"),
    # countries and territories are one key in every language and case (data/places.json)
    ("в Турции", "turkey"), ("Туреччина", "turkey"), ("у Туреччині", "turkey"), ("Türkiye", "turkey"),
    ("Белоруссии", "belarus"), ("Білорусь", "belarus"), ("США", "united states"), ("КНДР", "north korea"),
    ("Syria", "syria"), ("в Сирии", "syria"),
    ("Nigerian", "nigeria"), ("Syrian", "syria"),                 # a nationality adjective placed as a place
])
def test_place_keys(place, key):
    assert place_key(place) == key


@pytest.mark.parametrize(("inner", "outer", "written", "same"), [
    ("las vegas", "las vegas concert", "a Las Vegas concert", True),
    ("aleppo hospital", "hospital rebel-held area aleppo", "a hospital in a rebel-held area of Aleppo", True),
    ("california", "california oregon and washington state", "California, Oregon and Washington state", False),
    ("california", "northern california", "Northern California", False),   # a part of it
    ("mariupol", "azovstal steel plant mariupol", "Azovstal steel plant, Mariupol", False),
    ("ukraine", "war-affected areas ukraine", "war-affected areas of Ukraine", False),  # a country's part
])
def test_one_place_named_two_ways(inner, outer, written, same):
    assert contains(inner, outer, written) is same


@pytest.mark.parametrize(("sentence", "places"), [
    ("More than 5 million people have now fled Ukraine since the invasion began.", {"ukraine"}),
    ("About 11.5 million people from Syria have fled their homes.", {"syria"}),
    ("Russia's Defence Ministry said 498 servicemen had been killed.", set()),   # a possessive, not a place
    ("В Украине погибли 10 человек.", {"ukraine"}),          # a country in any language is its English key
    ("У Туреччині загинули 6234 людини.", {"turkey"}),
    ("Люди бежали из Сирии в Турцию.", {"syria", "turkey"}),
    ("Погибли 12 человек в сирийском городе.", set()),          # an adjective is not the country
])
def test_wide_places_a_sentence_locates_a_figure_in(sentence, places):
    assert wide_places_in(sentence) == places
