"""Claims in Russian, Ukrainian and English side by side, on the real pipeline.

The ledger holds the Russian and Ukrainian gold articles (../shared/eval/ru-uk/corpus) and the
English ones (../shared/corpus), each ingested by `claimtally ingest` with its INDEX.tsv date.
None of those English articles reports an event a Russian or Ukrainian one does, so two short
reports of our own (invented wording, one English, one Ukrainian) on the February 2023
earthquake in Turkey join them; the Russian gold article reports that earthquake too. Compare
must put the three languages' death tolls in Turkey in one quantity, and must keep a 2016
Donbas tally of "окупанти" off the 2022 invasion's line of Russian troop losses.
"""

from __future__ import annotations

import csv
import json

import pytest

from claimtally.cli import main

from .conftest import shared_dir

OURS = {
    "en-quake-report.txt": ("Turkey earthquake toll passes 6,000\n\n"
                            "Turkey's disaster agency AFAD said on Wednesday that 6,234 people had been killed "
                            "in Turkey by the two earthquakes.\n"),
    "uk-quake-report.txt": ("Землетрус у Туреччині\n\n"
                            "У Туреччині внаслідок двох землетрусів загинули 6234 людини, повідомило AFAD.\n"),
}
QUAKE_DOC = "nokta-2023-02-08-turkey-earthquake-6234-dead"


@pytest.fixture(scope="module")
def ledger_rows(tmp_path_factory) -> list[dict]:
    shared = shared_dir()
    if shared is None:
        pytest.skip("shared corpus not found ($SHARED or ../shared)")
    tmp = tmp_path_factory.mktemp("languages")
    db = str(tmp / "languages.db")
    for corpus in (shared / "eval" / "ru-uk" / "corpus", shared / "corpus"):
        with (corpus / "INDEX.tsv").open(encoding="utf-8") as fh:
            index = {r["doc"]: r for r in csv.DictReader(fh, delimiter="\t")}
        for path in sorted(corpus.glob("*.txt")):
            meta = index.get(path.stem, {})
            argv = ["ingest", "--quiet", "--db", db, *(["--published", meta["published"]] if meta.get("published") else []),
                    str(path)]
            assert main(argv) == 0, f"ingest failed for {path.name}"
    for name, text in OURS.items():  # ingest detects each one's language
        (tmp / name).write_text(text, encoding="utf-8")
        assert main(["ingest", "--quiet", "--db", db, "--published", "2023-02-08", str(tmp / name)]) == 0
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["compare", "--db", db, "--format", "jsonl"]) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _docs(row: dict) -> set[str]:
    return {s["doc"] for s in row["sources"]}


def test_three_languages_tolls_of_one_earthquake_are_one_quantity(ledger_rows):
    quake = [r for r in ledger_rows if r["quantity_key"] == "losses:people@turkey"]
    tolls = [r for r in quake if r["figure"] == "6,234" and r["metric"] == "killed"]
    assert {QUAKE_DOC, "en-quake-report", "uk-quake-report"} <= set().union(*map(_docs, tolls)), quake
    # AFAD's figure reported in Russian, English and Ukrainian is one claim with three reports,
    # beside the Russian article's own figure: the agency's names in the three languages are one
    # claimant, and the Russian article's figure without a place is the one it gives for Turkey
    afad = next(r for r in tolls if r["claimant"] == "AFAD")
    assert _docs(afad) == {QUAKE_DOC, "en-quake-report", "uk-quake-report"}
    # the quantity is shown in English, whatever the language of its figures
    assert {r["quantity"] for r in quake} == {"people in Turkey"}


def test_a_tally_years_before_is_not_on_the_current_line(ledger_rows):
    current = {r["doc"] for r in ledger_rows if r["quantity_key"] == "losses:russian troops@ukraine"}
    assert "seed-moscow-times-kemerovo" in current
    assert not any(d.startswith("depo-2016") for d in current)
    earlier = {r["quantity_key"] for r in ledger_rows if r["doc"].startswith("depo-2016") and r["subject"] == "окупанти"}
    assert earlier and all(k.endswith("~in 2016") for k in earlier)
