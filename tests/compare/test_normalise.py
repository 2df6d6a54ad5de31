"""Subject and claimant normalisation: the tables a researcher would check by eye."""

from __future__ import annotations

import json

import pytest

from claimtally.compare.normalise import (
    AliasError,
    fold,
    load_aliases,
    load_subject_rules,
    resolve_claimant,
    subject_key,
)


@pytest.fixture(scope="module")
def aliases():
    return load_aliases(use_env=False)


@pytest.fixture(scope="module")
def rules():
    return load_subject_rules()


SAME_SUBJECT = [
    ("Russian troops", "Russian soldiers"),
    ("Russian troops", "Russian servicemen"),
    ("Russian troops", "Russia's troops"),
    ("Russian troops", "Russia\u2019s troops"),
    ("Russian troops", "Russian troop"),
    ("Russian troops", "the Russian service members"),
    ("civilians", "civilian"),
    ("people", "persons"),
    ("protesters", "demonstrators"),
    ("Ukrainian refugees", "Ukraine's refugees"),
    ("U.S. troops", "US soldiers"),
]

DIFFERENT_SUBJECT = [
    ("Russian troops", "Ukrainian troops"),
    ("Russian troops", "Russians"),
    ("civilians", "children"),
    ("people", "civilians"),
]


@pytest.mark.parametrize(("a", "b"), SAME_SUBJECT)
def test_subjects_that_count_the_same_thing_share_a_key(rules, a, b):
    assert subject_key(rules, a) == subject_key(rules, b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_SUBJECT)
def test_subjects_that_differ_keep_apart(rules, a, b):
    assert subject_key(rules, a) != subject_key(rules, b)


CLAIMANTS = [
    # raw claimant, canonical name, kind
    ("Russia's military", "Russian Defence Ministry", "government"),
    ("the Russian Defence Ministry", "Russian Defence Ministry", "government"),
    ("The Russian Defense Ministry", "Russian Defence Ministry", "government"),
    ("Russian Defense Ministry spokesman Maj. Gen. Igor Konashenkov", "Russian Defence Ministry", "government"),
    ("Zelenskyy", "Volodymyr Zelenskyy", "government"),
    ("President Volodymyr Zelenskyy", "Volodymyr Zelenskyy", "government"),
    ("The Ukrainian military", "Ukrainian military", "government"),
    ("Ukraine's General Staff", "Ukrainian military", "government"),
    ("UNHCR spokesperson Shabia Mantoo", "UNHCR", "international"),
    ("The Geneva-based U.N. High Commissioner for Refugees", "UNHCR", "international"),
    ("the U.N. refugee agency", "UNHCR", "international"),
    ("OVD-Info", "OVD-Info", "independent"),
]


@pytest.mark.parametrize(("raw", "name", "kind"), CLAIMANTS)
def test_alias_table_names_one_claimant(aliases, raw, name, kind):
    c = resolve_claimant(aliases, raw, None)
    assert (c.name, c.kind) == (name, kind)


def test_unknown_claimants_keep_their_name_and_extracted_kind(aliases):
    c = resolve_claimant(aliases, "an independent monitor", "independent")
    assert (c.name, c.kind) == ("an independent monitor", "independent")
    # a titled person and the bare name group together even without an alias entry
    a = resolve_claimant(aliases, "Ukraine's Deputy Prime Minister Iryna Vereshchuk", "government")
    b = resolve_claimant(aliases, "Iryna Vereshchuk", "government")
    assert a.key == b.key


def test_no_claimant_is_unattributed(aliases):
    c = resolve_claimant(aliases, None, None)
    assert (c.key, c.name, c.kind) == ("", "(unattributed)", None)


@pytest.mark.parametrize(("raw", "folded"), [
    ("The Ukrainian military", "ukrainian military"),
    ("Russia\u2019s military", "russia military"),
    ("U.N.", "un"),
    ("  the  Defense   Ministry, ", "defence ministry"),
])
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_user_alias_file_extends_and_overrides(tmp_path, monkeypatch):
    f = tmp_path / "mine.json"
    f.write_text(json.dumps({"claimants": [
        {"name": "OVD-Info", "kind": "independent", "aliases": ["an independent monitor", "the protest monitor"]},
        {"name": "Mediazona", "kind": "media", "aliases": ["Mediazona journalists"]},
    ]}), encoding="utf-8")
    table = load_aliases([f], use_env=False)
    assert resolve_claimant(table, "an independent monitor", None).name == "OVD-Info"
    assert resolve_claimant(table, "OVD Info", None).name == "OVD-Info"  # bundled alias kept
    assert resolve_claimant(table, "Mediazona journalists", None).kind == "media"
    # the same file through the environment variable
    monkeypatch.setenv("CLAIMTALLY_ALIASES", str(f))
    assert resolve_claimant(load_aliases(), "the protest monitor", None).name == "OVD-Info"


def test_ledger_claimants_rows_extend_the_table():
    table = load_aliases(extra=[{"name": "Mediazona", "kind": "media", "aliases": ["Mediazona count"]}],
                         use_env=False)
    assert resolve_claimant(table, "Mediazona count", None).name == "Mediazona"


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"),
    ('{"claimants": 3}', "expected a list"),
    ('[{"name": "X", "kind": "alien", "aliases": []}]', "kind 'alien'"),
    ('[{"kind": "media", "aliases": []}]', "has no name"),
    ('[{"name": "X", "aliases": "Y"}]', "must be a list"),
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


def test_families_put_killed_and_casualties_together(rules):
    assert rules.family("killed") == rules.family("casualties") == "losses"
    assert rules.family("detained") != rules.family("killed")
    assert rules.family("locations") == "locations"
