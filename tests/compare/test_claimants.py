"""Claimant identity: one canonical claimant per source, with its kind and side, whatever the
text calls it, extensible by the user and correctable in review."""

from __future__ import annotations

import json

import pytest

from claimtally.compare.claimants import (
    AliasError,
    Claimant,
    clean,
    document_claimants,
    load_aliases,
    resolve_claimant,
    resolve_generic,
)
from claimtally.compare.corrections import Corrections


@pytest.fixture(scope="module")
def aliases():
    return load_aliases(use_env=False)


CLAIMANTS = [
    # raw claimant as extracted, canonical name, kind
    ("Russia's military", "Russian Defence Ministry", "government"),
    ("the Russian Defence Ministry", "Russian Defence Ministry", "government"),
    ("The Russian Defense Ministry", "Russian Defence Ministry", "government"),
    ("Russian Defense Ministry spokesman Maj. Gen. Igor Konashenkov", "Russian Defence Ministry", "government"),
    ("Минобороны России", "Russian Defence Ministry", "government"),
    ("Міністерства оборони РФ", "Russian Defence Ministry", "government"),
    ("Zelenskyy", "Volodymyr Zelenskyy", "government"),
    ("President Volodymyr Zelenskyy", "Volodymyr Zelenskyy", "government"),
    ("Зеленський", "Volodymyr Zelenskyy", "government"),
    ("The Ukrainian military", "Ukrainian military", "government"),
    ("Ukraine's General Staff", "Ukrainian military", "government"),
    ("Генштаб ЗСУ", "Ukrainian military", "government"),
    ("Генштабу ЗСУ", "Ukrainian military", "government"),
    ("Генштаб ЗCУ", "Ukrainian military", "government"),       # Latin C
    ("Генштаб ВСУ", "Ukrainian military", "government"),
    ("UNHCR spokesperson Shabia Mantoo", "UNHCR", "international"),
    ("The Geneva-based U.N. High Commissioner for Refugees", "UNHCR", "international"),
    ("the U.N. refugee agency", "UNHCR", "international"),
    ("the UN refugee agency", "UNHCR", "international"),
    ("U.N. High Commissioner for Refugees", "UNHCR", "international"),
    ("UNHCR's Grandi", "UNHCR", "international"),                # a possessive names the organisation
    ("OVD-Info", "OVD-Info", "independent"),
    ("ОВД-Инфо", "OVD-Info", "independent"),
    ("Human Rights Watch--including Muzafar Avozov, who was boiled", "Human Rights Watch", "independent"),
    ("The Taliban", "Taliban", "armed_group"),
    ("Turkey's disaster agency AFAD", "AFAD", "government"),
    ("Управление по ликвидации последствий ЧС при правительстве Турции", "AFAD", "government"),
    ("the Israeli military", "Israel Defense Forces", "government"),
    ("Gaza's Hamas-run health ministry", "Gaza Health Ministry", "government"),
    ("the U.N. humanitarian office", "OCHA", "international"),
]


@pytest.mark.parametrize(("raw", "name", "kind"), CLAIMANTS)
def test_alias_table_names_one_claimant(aliases, raw, name, kind):
    c = resolve_claimant(aliases, raw, None)
    assert (c.name, c.kind) == (name, kind)


@pytest.mark.parametrize(("raw", "extracted", "kind"), [
    ("Warsaw Mayor Rafal Trzaskowski", "independent", "government"),  # a title says what the extractor missed
    ("Las Vegas sheriff", "independent", "government"),
    ("a Health Ministry source", "government", "anonymous"),
    ("a reporter for the Russian news organization Fergana.ru", None, "media"),
    ("an independent monitor", "independent", "independent"),
    ("Ali", "independent", "independent"),  # nothing to go by: the extractor's kind stands
])
def test_unknown_claimants_take_the_kind_their_words_say(aliases, raw, extracted, kind):
    assert resolve_claimant(aliases, raw, extracted).kind == kind


def test_titled_person_and_bare_name_are_one_claimant(aliases):
    a = resolve_claimant(aliases, "Ukraine's Deputy Prime Minister Iryna Vereshchuk", "government")
    b = resolve_claimant(aliases, "Iryna Vereshchuk", "government")
    assert a.key == b.key


def test_sides_of_a_conflict(aliases):
    assert resolve_claimant(aliases, "Russia's military", None).side == "russian"
    assert resolve_claimant(aliases, "Генштаб ЗСУ", None).side == "ukrainian"
    assert resolve_claimant(aliases, "UNHCR", None).side is None


def test_no_claimant_is_the_outlet(aliases):
    c = resolve_claimant(aliases, None, None)
    assert (c.key, c.name, c.kind) == ("", "the outlet", "media")


def test_clean_cuts_what_runs_on_after_the_name():
    assert clean("the Kabul chief of police who witnessed the incident") == "the Kabul chief of police"
    assert clean("Human Rights Watch--including Muzafar Avozov") == "Human Rights Watch"
    assert clean("Medecins Sans Frontieres (MSF)") == "Medecins Sans Frontieres"


def test_a_generic_noun_stands_for_the_entry_named_in_its_sentence(aliases):
    alliance = resolve_claimant(aliases, "the alliance", "international")
    sentence = "A senior NATO military official said the alliance estimated that 7,000 had been killed."
    assert resolve_generic(aliases, alliance, sentence).name == "NATO"
    assert resolve_generic(aliases, alliance, "The alliance said 7,000 had been killed.").name == "the alliance"


def test_short_names_in_one_document_take_the_longer_name():
    def c(key: str) -> Claimant:
        return Claimant(key, key.title(), None)

    folded = document_claimants([c("roch marc christian kabore"), c("kabore"), c("anthony torres"),
                                 c("jose torres"), c("torres")])
    assert folded["kabore"].key == "roch marc christian kabore"
    assert "torres" not in folded  # two Torreses: no telling which


def test_user_alias_file_extends_and_overrides(tmp_path, monkeypatch):
    f = tmp_path / "mine.json"
    f.write_text(json.dumps({"claimants": [
        {"name": "OVD-Info", "kind": "independent", "aliases": ["an independent monitor", "the protest monitor"]},
        {"name": "Kyiv City Military Administration", "kind": "government", "side": "ukrainian",
         "aliases": ["КМВА", "Київська міська військова адміністрація"]},
    ]}), encoding="utf-8")
    table = load_aliases([f], use_env=False)
    assert resolve_claimant(table, "an independent monitor", None).name == "OVD-Info"
    assert resolve_claimant(table, "OVD Info", None).name == "OVD-Info"  # bundled alias kept
    assert resolve_claimant(table, "Київської міської військової адміністрації", None).side == "ukrainian"
    monkeypatch.setenv("CLAIMTALLY_ALIASES", str(f))
    assert resolve_claimant(load_aliases(), "the protest monitor", None).name == "OVD-Info"


def test_ledger_claimants_rows_extend_the_table():
    table = load_aliases(extra=[{"name": "Mediazona", "kind": "media", "aliases": ["Mediazona count"]}],
                         use_env=False)
    assert resolve_claimant(table, "Mediazona count", None).name == "Mediazona"


def test_review_corrections_merge_split_and_set_kind():
    rows = [
        {"id": 1, "action": "merge_claimant", "source": "an independent monitor", "target": "OVD-Info"},
        {"id": 2, "action": "split_claimant", "source": "Ukraine", "target": None},
        {"id": 3, "action": "claimant_kind", "source": "Shevchuck", "target": "government"},
        {"id": 4, "action": "claimant_kind", "source": "Russia's military", "target": "armed_group",
         "undone_at": "2026-01-01T00:00:00"},
    ]
    table = Corrections.from_rows(rows).apply_to(load_aliases(use_env=False))
    assert resolve_claimant(table, "an independent monitor", "independent").name == "OVD-Info"
    assert resolve_claimant(table, "Ukraine", None).name == "Ukraine"  # no longer "Ukrainian government"
    assert resolve_claimant(table, "Ukrainian officials", None).name == "Ukrainian government"
    assert resolve_claimant(table, "Shevchuck", "independent").kind == "government"
    assert resolve_claimant(table, "Russia's military", None).kind == "government"  # the undone row is ignored


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"),
    ('{"claimants": 3}', "expected a list"),
    ('[{"name": "X", "kind": "alien", "aliases": []}]', "kind 'alien'"),
    ('[{"kind": "media", "aliases": []}]', "has no name"),
    ('[{"name": "X", "aliases": "Y"}]', "must be a list"),
    ('[{"name": "X", "aliases": [], "side": 3}]', "side of 'X'"),
])
def test_bad_alias_files_give_one_line_errors_naming_the_file(tmp_path, content, message):
    f = tmp_path / "bad.json"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(AliasError) as err:
        load_aliases([f], use_env=False)
    assert str(f) in str(err.value) and message in str(err.value) and "\n" not in str(err.value)


def test_missing_alias_file(tmp_path):
    with pytest.raises(AliasError, match="nope.json: cannot read"):
        load_aliases([tmp_path / "nope.json"], use_env=False)
