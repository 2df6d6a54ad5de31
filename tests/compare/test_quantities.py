"""Grouping into quantities (what is counted, where, over what span), one rule per case, on
invented figures shaped like the extractor's records."""

from __future__ import annotations

import pytest

from claimtally.compare.claimants import load_aliases
from claimtally.compare.core import annotate
from claimtally.compare.corrections import Corrections
from claimtally.compare.quantities import find_quantity, group_quantities
from claimtally.compare.subjects import load_subject_rules

from .conftest import row


@pytest.fixture(scope="module")
def ctx():
    return load_aliases(use_env=False), load_subject_rules()


def quantities(ctx, rows, **kw):
    aliases, rules = ctx
    return group_quantities(annotate(rows, aliases, rules), rules, **kw)


def key_of(qs, figure_id):
    return next(q.key for q in qs for a in q.figures if a.id == figure_id)


def test_a_claimants_own_unqualified_troops_are_its_side_and_one_series(ctx):
    """The demo's headline: the ministry's 498 "Russian servicemen" and later 1,351
    "servicemen" are one series, with every other claimant's figure for Russian troops."""
    rows = [
        row(value=498, subject="Russian servicemen", claimant="Russia's Defence Ministry", claim_date="2022-03-02",
            sentence="Russia's Defence Ministry said 498 Russian servicemen had been killed since the start.",
            text="498", document_id=1, doc="a", published="2022-03-02"),
        row(value=1351, subject="servicemen", place="Ukraine", claimant="Russia's Defence Ministry",
            claim_date="2022-03-25", sentence="Russia's Defence Ministry said 1,351 servicemen had been killed.",
            text="1,351", document_id=2, doc="b", published="2022-03-25"),
        row(value=16000, low=16000, high=None, subject="Russian soldiers", claimant="Ukraine's General Staff",
            claim_date=None, sentence="Ukraine's General Staff said more than 16,000 Russian soldiers had died.",
            text="more than 16,000", document_id=2, doc="b", published="2022-03-25"),
        row(value=None, low=2000, high=4000, subject="Russian soldiers", claimant="U.S. officials",
            claim_date="2022-03-09", sentence="U.S. officials said 2,000 to 4,000 Russian soldiers had been killed.",
            text="2,000 to 4,000", document_id=3, doc="c", published="2022-03-09"),
    ]
    qs = quantities(ctx, rows)
    troops = [q for q in qs if q.group == "russian troops"]
    assert len(troops) == 1
    (q,) = troops
    ministry = [c for c in q.claims if c.claimant.name == "Russian Defence Ministry"]
    assert [c.figure for c in ministry] == ["498", "1,351"]
    assert {c.claimant.name for c in q.claims} == {"Russian Defence Ministry", "Ukrainian military", "US government"}


def test_cumulative_and_daily_counts_are_never_one_quantity(ctx):
    rows = [
        row(value=15000, subject="Russian troops", claimant="Ukraine's General Staff", claim_date="2022-04-01",
            sentence="Ukraine's General Staff said 15,000 Russian troops had been killed since the invasion began.",
            text="15,000"),
        row(value=300, subject="окупанти", claimant="Генштаб ЗСУ", claim_date="2022-04-01",
            sentence="За добу ЗСУ знищили 300 окупантів.", text="300"),
        row(value=250, subject="Russian troops", claimant="Ukraine's General Staff", claim_date="2022-04-02",
            sentence="Ukraine's General Staff said 250 Russian troops were killed in the past 24 hours.", text="250"),
    ]
    qs = quantities(ctx, rows)
    assert key_of(qs, rows[0]["id"]) != key_of(qs, rows[1]["id"])
    assert key_of(qs, rows[1]["id"]) == key_of(qs, rows[2]["id"])  # one daily series, in two languages
    daily = next(q for q in qs if q.key == key_of(qs, rows[1]["id"]))
    assert daily.span == "daily" and daily.key.endswith("~daily")


def test_different_events_in_one_place_are_different_quantities(ctx):
    def strike(value, day, doc, claimant):
        return row(value=value, subject="people", place="Lviv", claimant=claimant, claim_date=None,
                   period_start=day, period_end=day, published=day, document_id=ord(doc), doc=doc,
                   sentence=f"A Russian missile strike on Lviv killed {value} people, {claimant} said.", text=str(value))

    first = [strike(6, "2022-04-18", "a", "officials"), strike(7, "2022-04-18", "b", "the mayor")]
    later = [strike(5, "2022-04-25", "c", "officials")]
    qs = quantities(ctx, first + later)
    assert key_of(qs, first[0]["id"]) == key_of(qs, first[1]["id"])
    assert key_of(qs, first[0]["id"]) != key_of(qs, later[0]["id"])
    assert key_of(qs, later[0]["id"]).endswith("~2022-04-25")


def test_different_places_are_different_quantities(ctx):
    rows = [row(value=v, subject="people", place=p, claimant="local officials", document_id=i, doc=f"d{i}",
                sentence=f"Shelling killed {v} people in {p}.", text=str(v))
            for i, (v, p) in enumerate([(18, "Kharkiv"), (7, "Lviv"), (21000, "Mariupol")], 1)]
    qs = quantities(ctx, rows)
    assert len({key_of(qs, r["id"]) for r in rows}) == 3


def test_a_figure_from_years_before_is_not_on_the_current_timeline(ctx):
    rows = [
        row(value=100, low=100, high=None, subject="people", place="Ukraine", claimant=None, claimant_kind=None,
            period_start="2013-01-01", period_end="2014-12-31", published="2022-04-19", claim_date=None,
            sentence="More than 100 people died during the 2013-14 revolution.", text="More than 100"),
        row(value=8000, subject="civilians", place="Ukraine", claimant="Ukrainian officials", claim_date="2022-04-19",
            sentence="Ukrainian officials said 8,000 civilians had been killed since the invasion.", text="8,000"),
        row(value=9000, subject="people", place="Ukraine", claimant="UN human rights office", claim_date="2022-04-19",
            sentence="The UN human rights office said 9,000 people had been killed so far.", text="9,000"),
    ]
    qs = quantities(ctx, rows)
    history = next(q for q in qs if any(a.id == rows[0]["id"] for a in q.figures))
    assert history.span == "historic" and history.key.endswith("~in 2013-2014") and len(history.figures) == 1
    assert "2013-2014" in history.label
    current = next(q for q in qs if any(a.id == rows[2]["id"] for a in q.figures))
    assert all(c.date >= "2022" for c in current.claims)


def test_cumulative_runs_years_apart_are_different_quantities(ctx):
    """One archive holding a 2016 tally and 2022 tallies of the same troops: the 2022 run is the
    current line, the 2016 one a quantity of its year, even though each text dates only itself."""
    def tally(value, day, who):
        return row(value=value, subject="Russian troops", place="Ukraine", claimant=who, claim_date=day,
                   published=day, sentence=f"{who} said {value} Russian troops had been killed.", text=str(value))
    rows = [tally(6, "2016-09-01", "the outlet"), tally(11, "2016-09-02", "the outlet"),
            tally(498, "2022-03-02", "Russia's military"), tally(11000, "2022-03-07", "Ukraine's military")]
    qs = quantities(ctx, rows)
    old, new = key_of(qs, rows[0]["id"]), key_of(qs, rows[2]["id"])
    assert old == key_of(qs, rows[1]["id"]) and old.endswith("~in 2016") and old != new
    assert new == key_of(qs, rows[3]["id"]) and "~" not in new


def test_one_document_repeating_a_figure_counts_one_quantity(ctx):
    """"21 Chibok girls" in the headline, "the 21 freed girls" in Banki, "21 released women and
    girls": one document's one figure, however each sentence scopes it."""
    common = dict(metric="captured", claimant=None, claimant_kind=None, claim_date=None, published="2016-10-13",
                  doc="chibok", value=21)
    rows = [row(subject="Chibok girls", place=None, sentence="Boko Haram releases 21 Chibok girls", text="21", **common),
            row(subject="freed girls", place="Banki", sentence="Some of the 21 freed girls appear in Banki.", text="21",
                **common),
            row(subject="released women and girls", place=None, text="21",
                sentence="These are the 21 released women and girls.", **common)]
    qs = quantities(ctx, rows)
    assert len({key_of(qs, r["id"]) for r in rows}) == 1


@pytest.mark.parametrize(("second", "why"), [
    (dict(place="Kharkiv", sentence="Two people were killed in Kharkiv.", period_start="2022-04-18",
          period_end="2022-04-18"), "another place"),
    (dict(place=None, sentence="Two people were killed in a strike on Friday.", period_start="2022-04-22",
          period_end="2022-04-22"), "another day"),
])
def test_a_repeated_value_the_text_tells_apart_stays_apart(ctx, second, why):
    common = dict(metric="killed", subject="people", claimant=None, claimant_kind=None, published="2022-04-22",
                  doc="strikes", value=2, text="Two")
    first = row(place="Lviv", sentence="Two people were killed in a strike in Lviv on Monday.", period_start="2022-04-18",
                period_end="2022-04-18", **common)
    other = row(**second, **common)
    qs = quantities(ctx, [first, other])
    assert key_of(qs, first["id"]) != key_of(qs, other["id"]), why


def test_people_at_large_in_one_city_and_one_event_are_one_count(ctx):
    rows = [
        row(value=7, subject="civilians", place="Lviv", claimant="authorities", period_start="2022-04-18",
            period_end="2022-04-18", sentence="Russian missile strikes on Lviv killed seven civilians, authorities said.",
            text="seven", document_id=1, doc="a"),
        row(value=6, low=6, high=None, subject="people", place="the western city of Lviv", claimant="Ukrainian officials",
            period_start="2022-04-18", period_end="2022-04-18", text="at least six", document_id=2, doc="b",
            sentence="Russian missiles hit the western city of Lviv on Monday, killing at least six people."),
    ]
    qs = quantities(ctx, rows)
    assert key_of(qs, rows[0]["id"]) == key_of(qs, rows[1]["id"])


def test_a_figure_without_a_place_takes_the_one_its_sentence_names(ctx):
    rows = [
        row(value=4, subject="people", place="Kharkiv", claimant="local officials", document_id=1, doc="a",
            sentence="Shelling killed four people in Kharkiv, local officials said.", text="four"),
        row(value=3, subject="people", place="Lviv", claimant="local officials", document_id=1, doc="a",
            sentence="Three people were killed in Lviv.", text="Three"),
        row(value=5, subject="people", place=None, claimant="the mayor", document_id=1, doc="a",
            sentence="The Kharkiv mayor later said five people had died.", text="five"),
        row(value=2, subject="people", place=None, claimant="police", document_id=2, doc="b",
            sentence="Two people were killed, police said.", text="Two"),
    ]
    qs = quantities(ctx, rows)
    assert key_of(qs, rows[2]["id"]) == key_of(qs, rows[0]["id"])
    assert "@doc:b" in key_of(qs, rows[3]["id"])  # nothing says where: it counts only what its own text describes


def test_one_sentence_telling_two_figures_apart_makes_two_quantities(ctx):
    sentence = "The fire chief said there were three fatalities outside the train and one inside."
    rows = [row(value=3, subject="people", place="Bronx", claimant="The FDNY chief", text="three", start=10,
                sentence=sentence, period_start="2013-12-01", period_end="2013-12-01"),
            row(value=1, subject="people", place="Bronx", claimant="The FDNY chief", text="one", start=60,
                sentence=sentence, period_start="2013-12-01", period_end="2013-12-01"),
            row(value=4, subject="people", place="Bronx", claimant="Gov. Cuomo", text="four", start=100,
                sentence="Gov. Cuomo said four people were killed in the derailment.",
                period_start="2013-12-01", period_end="2013-12-01")]
    qs = quantities(ctx, rows)
    assert len({key_of(qs, r["id"]) for r in rows}) == 3
    series = "The number of U.S. troops has risen from 18,000 to 23,000."
    moving = [row(value=v, metric="deployed", subject="U.S. troops", place="Afghanistan", claimant=None,
                  claimant_kind=None, text=t, sentence=series, start=s) for v, t, s in ((18000, "18,000", 5),
                                                                                      (23000, "23,000", 20))]
    qs = quantities(ctx, moving)
    assert key_of(qs, moving[0]["id"]) == key_of(qs, moving[1]["id"])


def test_rival_claims_in_one_sentence_stay_one_quantity(ctx):
    sentence = "Ukraine says 15,000 Russian troops have died, while Russia puts the toll at 1,351."
    rows = [row(value=15000, claimant="Ukraine", text="15,000", sentence=sentence),
            row(value=1351, claimant="Russia", text="1,351", sentence=sentence)]
    qs = quantities(ctx, rows)
    assert key_of(qs, rows[0]["id"]) == key_of(qs, rows[1]["id"])


def test_reviewers_move_merge_and_split(ctx):
    rows = [row(value=v, subject=s, place=p, claimant=c, document_id=i, doc=f"d{i}", text=str(v),
                sentence=f"{c} said {v} {s} were killed in {p}.")
            for i, (v, s, p, c) in enumerate([(10, "people", "Kharkiv", "officials"), (12, "people", "Kharkiv", "police"),
                                              (4, "people", "Izium", "officials")], 1)]
    plain = quantities(ctx, rows)
    kharkiv, izium = key_of(plain, rows[0]["id"]), key_of(plain, rows[2]["id"])
    merged = quantities(ctx, rows, corrections=Corrections.from_rows(
        [{"id": 1, "action": "merge_quantity", "source": izium, "target": kharkiv}]))
    assert key_of(merged, rows[2]["id"]) == kharkiv
    moved = quantities(ctx, rows, corrections=Corrections.from_rows(
        [{"id": 1, "action": "move_figure", "figure_id": rows[1]["id"], "target": kharkiv + "#police-count"}]))
    assert key_of(moved, rows[1]["id"]) == kharkiv + "#police-count"
    assert key_of(moved, rows[0]["id"]) == kharkiv


def test_filters_keep_keys_stable(ctx):
    rows = [row(value=498, claim_date="2022-03-02", text="498", sentence="498 troops were killed since the start."),
            row(value=1597, metric="wounded", claim_date="2022-03-02", text="1,597",
                sentence="1,597 troops were wounded since the start."),
            row(value=1351, claim_date="2022-03-25", text="1,351", sentence="1,351 troops were killed so far.")]
    everything = quantities(ctx, rows)
    killed = quantities(ctx, rows, metric="killed", since="2022-03-10")
    assert [q.key for q in killed] == [key_of(everything, rows[0]["id"])]
    assert [a.id for a in killed[0].figures] == [rows[2]["id"]]


def test_find_quantity_by_key_prefix_label_or_words(ctx):
    rows = [row(value=498, place="Ukraine", text="498", sentence="498 Russian troops were killed in Ukraine so far."),
            row(value=30, subject="people", place="Lviv", claimant="officials", text="30",
                sentence="Officials said 30 people were killed in Lviv.")]
    qs = quantities(ctx, rows)
    assert [q.key for q in find_quantity(qs, "losses:russian troops")] == ["losses:russian troops@ukraine"]
    assert [q.key for q in find_quantity(qs, "Lviv")] == ["losses:people@lviv"]
    assert find_quantity(qs, "nothing like it") == []
