"""The issue's bars, on the real pipeline: the seed article, the dev corpus and the world corpus
(../shared/corpus, ../shared/eval/world/corpus), ingested by `claimtally ingest` (dates from
each INDEX.tsv) and compared. The seed's three claimants appear side by side with their bounds
and dates; no quantity mixes places or events the texts tell apart, or cumulative and one-day
counts; and no source appears under two names on the claimants page."""

from __future__ import annotations

import csv
import json

import pytest

from claimtally.cli import main

from .conftest import shared_dir

SEED = "seed-moscow-times-kemerovo"


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> str:
    """The seed and the dev corpus ingested by `claimtally ingest`, each with its INDEX.tsv date."""
    shared = shared_dir()
    if shared is None:
        pytest.skip("shared corpus not found ($SHARED or ../shared)")
    db = str(tmp_path_factory.mktemp("corpus") / "corpus.db")
    for corpus in (shared / "corpus", shared / "eval" / "world" / "corpus"):
        with (corpus / "INDEX.tsv").open(encoding="utf-8") as fh:
            index = {r["doc"]: r for r in csv.DictReader(fh, delimiter="\t")}
        for path in sorted(corpus.glob("*.txt")):
            published = index.get(path.stem, {}).get("published")
            argv = ["ingest", "--quiet", "--db", db, *(["--published", published] if published else []), str(path)]
            assert main(argv) == 0, f"ingest failed for {path.name}"
    return db


@pytest.fixture(scope="module")
def quantities(corpus_db):
    from claimtally.compare.source import ledger_comparison
    from claimtally.ledger import open_ledger

    with open_ledger(corpus_db) as ledger:
        found, *_ = ledger_comparison(ledger)
    return found


EXPECTED = [
    # claimant shown, kind, metric, figure with bounds, date
    ("Russian Defence Ministry", "government", "killed", "498", "2022-03-02"),
    ("Ukrainian military", "government", "casualties", "<= 11,000", "2022-03-07"),
    ("an independent monitor", "independent", "detained", "~<= 13,500", "2022-03-07"),
]


def test_seed_claimants_side_by_side(corpus_db, capsys):
    assert main(["compare", "--db", corpus_db, "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    seed = {(r["claimant"], r["claimant_kind"], r["metric"], r["figure"], r["date"]) for r in rows
            if r["doc"] == SEED}
    for expected in EXPECTED:
        assert expected in seed, f"{expected} not in {sorted(seed)}"
    # killed and casualties of Russian troops are one quantity, listed together, never summed
    losses = [r for r in rows if r["doc"] == SEED and r["metric"] in ("killed", "casualties")]
    assert len({r["quantity_key"] for r in losses}) == 1


def test_seed_claimants_in_one_table(corpus_db, capsys):
    assert main(["compare", "russian", "--db", corpus_db, "--table"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for claimant, kind, metric, shown, date in EXPECTED:
        hits = [ln for ln in lines if claimant in ln and f" {shown} " in ln and date in ln and kind in ln
                and f" {metric} " in ln]
        assert hits, f"{claimant} {shown} {date} missing from:\n" + "\n".join(lines)


def _quantity_of(quantities, doc: str, metric: str, value: float):
    return next(q for q in quantities for a in q.figures if a.doc == doc and a.metric == metric and a.rep == value)


def test_the_issues_people_killed_are_five_quantities(quantities):
    """6 killed in Lviv, 18 in Kharkiv, 21,000 in Mariupol, more than 100 at the Maidan in 2014,
    about 300 in Mali: once one "killed: people", now each its own quantity, the 2014 one kept
    off the current timeline."""
    cases = [("ap-2022-04-19-russia-pours-in-more-troops", 6), ("irishtimes-2022-04-19-adapting-for-new-offensive", 18),
             ("irishtimes-2022-04-19-adapting-for-new-offensive", 21000),
             ("foreignpolicy-2022-04-19-bucha-collective-memory", 100), ("aljazeera-2022-04-23-wagner-africa", 300)]
    found = [_quantity_of(quantities, doc, "killed", value) for doc, value in cases]
    assert len({q.key for q in found}) == len(cases), [q.key for q in found]
    maidan = found[3]
    assert maidan.span == "historic" and all(c.date < "2015" for c in maidan.claims)


def test_no_quantity_mixes_places_the_texts_tell_apart(quantities):
    """Across documents a quantity's figures name one place (within one document a place may be
    named more fully: "a Las Vegas concert" is in Las Vegas)."""
    from claimtally.compare.scope import place_key

    for q in quantities:
        by_doc: dict[str, set[str]] = {}
        for a in q.figures:
            if a.place:
                by_doc.setdefault(a.independent, set()).add(place_key(a.place))
        if len(by_doc) > 1:
            shortest = {min(keys, key=lambda k: (len(k.split()), k)) for keys in by_doc.values()}
            assert len(shortest) == 1, (q.key, by_doc)


def test_no_cumulative_and_one_day_count_on_one_line(quantities):
    from claimtally.compare.scope import CUMULATIVE, EVENT

    for q in quantities:
        kinds = {(a.span.kind, a.span.label) for a in q.figures}
        if q.span in ("daily", "event"):
            assert (CUMULATIVE, "since") not in kinds, (q.key, kinds)
        if q.span == "cumulative":
            assert not any(kind == EVENT for kind, _ in kinds), (q.key, kinds)
        if q.span == "event":  # one event: its dated figures lie within days of each other
            days = sorted(a.span.day for a in q.figures if a.span.dated and a.span.kind == EVENT)
            if days:
                from datetime import date

                assert (date.fromisoformat(days[-1]) - date.fromisoformat(days[0])).days <= 3, (q.key, days)


def test_no_source_under_two_names_on_the_claimants_page(quantities):
    from claimtally.web.comparison import _claimant_summaries

    claimants, _ = _claimant_summaries(quantities)
    where: dict[str, str] = {}
    for c in claimants:
        for name in c["names"]:
            if not c["key"].count("@"):  # "officials" of two articles are two sources
                assert where.setdefault(name, c["key"]) == c["key"], name
    by_name = {n: c["claimant"] for c in claimants for n in c["names"]}
    families = {
        "UNHCR": ("refugee agency", "High Commissioner for Refugees", "UNHCR"),
        "Syrian Observatory for Human Rights": ("Observatory",),
        "Russian Defence Ministry": ("Russian Defense Ministry", "Russia’s military", "Russia's military"),
    }
    for canonical, marks in families.items():
        named = {n for n in by_name if any(m in n for m in marks)}
        assert named and {by_name[n] for n in named} == {canonical}, (canonical, {n: by_name[n] for n in named})
