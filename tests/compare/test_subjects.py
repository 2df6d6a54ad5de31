"""What a figure counts: subjects to counted groups, in every language, as the claimant means them."""

from __future__ import annotations

import pytest

from claimtally.compare.subjects import AliasError, counted_group, in_role, load_subject_rules, with_side


@pytest.fixture(scope="module")
def rules():
    return load_subject_rules()


def key(rules, subject: str, metric: str = "killed", side: str | None = None) -> str:
    group = in_role(rules, counted_group(rules, subject), metric)
    return with_side(rules, group, rules.family(metric), side).key


SAME_SUBJECT = [
    ("Russian troops", "Russian soldiers"),
    ("Russian troops", "Russian servicemen"),
    ("Russian troops", "Russia's troops"),
    ("Russian troops", "Russia\u2019s troops"),
    ("Russian troops", "Russian troop"),
    ("Russian troops", "the Russian service members"),
    ("Russian troops", "Russian troop casualties"),       # the head noun, not the count's name
    ("Russian troops", "российские военные"),
    ("Russian troops", "российских военнослужащих"),
    ("Russian troops", "російські військові"),
    ("Russian troops", "окупанти"),                       # as Ukraine's General Staff writes
    ("Russian troops", "окупантів"),
    ("Russian troops", "оккупанты"),
    ("Russian troops", "військові РФ"),
    ("Ukrainian troops", "військовослужбовці ЗСУ"),
    ("Ukrainian troops", "солдаты ВСУ"),
    ("civilians", "civilian"),
    ("civilians", "мирные жители"),
    ("people", "persons"),
    ("people", "люди"),
    ("people", "человек"),
    ("protesters", "demonstrators"),
    ("protesters", "demonstrators march"),                # a headline's verb is not part of the group
    ("Ukrainian refugees", "Ukraine's refugees"),
    ("U.S. troops", "US soldiers"),
    ("girls", "freed girls"),                             # the metric's own state is no modifier
    ("bodies", "dead bodies"),
    ("shells", "120 mm rounds"),
]

DIFFERENT_SUBJECT = [
    ("Russian troops", "Ukrainian troops"),
    ("Russian troops", "Russians"),
    ("civilians", "children"),
    ("people", "civilians"),
    ("Armenians from Azerbaijan", "Azerbaijanis from Armenia"),
    ("people", "people in critical condition"),            # a clause that narrows the group
    ("refugees", "refugees who applied for protected status"),
    ("civilian bodies", "civilians"),
]


@pytest.mark.parametrize(("a", "b"), SAME_SUBJECT)
def test_subjects_that_count_the_same_thing_share_a_group(rules, a, b):
    assert key(rules, a) == key(rules, b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_SUBJECT)
def test_subjects_that_differ_keep_apart(rules, a, b):
    assert key(rules, a) != key(rules, b)


@pytest.mark.parametrize(("subject", "metric", "side", "group"), [
    ("servicemen", "killed", "russian", "russian troops"),       # its own losses
    ("servicemen", "wounded", "russian", "russian troops"),
    ("enemy troops", "killed", "ukrainian", "russian troops"),    # the enemy is the other side
    ("ворожі військові", "killed", "ukrainian", "russian troops"),
    ("personnel", "killed", None, "troops"),                       # no side known: no nationality
    ("helicopters", "destroyed", "armenian", "azerbaijani helicopters"),  # what a side shot down is the enemy's
    ("missiles", "intercepted", "ukrainian", "russian missiles"),
    ("Ukrainian troops", "killed", "russian", "ukrainian troops"),   # a stated nationality stands
    ("servicemen", "detained", "russian", "troops"),                 # not a family a side's own count
    ("people", "refugees", None, "refugees"),                        # people who fled abroad are refugees
    ("demonstrators", "participants", None, "protesters"),
    ("people", "killed", None, "people"),
])
def test_groups_as_the_claimant_and_metric_mean_them(rules, subject, metric, side, group):
    assert key(rules, subject, metric, side) == group


def test_families_put_killed_and_casualties_together(rules):
    assert rules.family("killed") == rules.family("casualties") == "losses"
    assert rules.family("detained") != rules.family("killed")
    assert rules.family("locations") == "locations"


def test_bad_subject_file_names_itself(tmp_path):
    f = tmp_path / "subjects.json"
    f.write_text('{"families": {"losses": ["vibes"]}}', encoding="utf-8")
    with pytest.raises(AliasError, match="subjects.json: family 'losses' lists unknown metric 'vibes'"):
        load_subject_rules(f)
