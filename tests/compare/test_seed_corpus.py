"""The issue's bar, on the real pipeline: the seed article plus the dev corpus, ingested by
`claimtally ingest` (dates from the corpus INDEX.tsv) and compared by `claimtally compare`.
The seed's three claimants must appear side by side with their bounds and dates."""

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
    corpus = shared / "corpus"
    with (corpus / "INDEX.tsv").open(encoding="utf-8") as fh:
        index = {r["doc"]: r for r in csv.DictReader(fh, delimiter="\t")}
    db = str(tmp_path_factory.mktemp("corpus") / "corpus.db")
    for path in sorted(corpus.glob("*.txt")):
        published = index.get(path.stem, {}).get("published")
        argv = ["ingest", "--quiet", "--db", db, *(["--published", published] if published else []), str(path)]
        assert main(argv) == 0, f"ingest failed for {path.name}"
    return db


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
