"""The issue's bar, on the real pipeline: the seed article plus the dev corpus, extracted by
`claimtally.extract`, stored through the ledger API (dates from the corpus INDEX.tsv), and
compared by the `claimtally compare` command. The seed's three claimants must appear side by side
with their bounds and dates."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest

from claimtally.cli import main
from claimtally.extract import extract
from claimtally.model import Document

from .conftest import shared_dir

SEED = "seed-moscow-times-kemerovo"


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> str:
    shared = shared_dir()
    if shared is None:
        pytest.skip("shared corpus not found ($SHARED or ../shared)")
    from claimtally.ledger import open_ledger

    corpus = shared / "corpus"
    with (corpus / "INDEX.tsv").open(encoding="utf-8") as fh:
        index = {r["doc"]: r for r in csv.DictReader(fh, delimiter="\t")}
    db = str(tmp_path_factory.mktemp("corpus") / "corpus.db")
    with open_ledger(db) as ledger:
        for path in sorted(corpus.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            meta = index.get(path.stem, {})
            url = meta.get("url") if (meta.get("url") or "").startswith("http") else None
            doc = Document(path.stem, text, url=url, published=meta.get("published") or None)
            ledger.add_document(doc, extract(text, doc.published, doc.id),
                                text_hash=hashlib.sha256(text.encode()).hexdigest(), extractor_version="test")
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
    assert main(["compare", "russian", "--db", corpus_db]) == 0
    lines = capsys.readouterr().out.splitlines()
    for claimant, kind, metric, shown, date in EXPECTED:
        hits = [ln for ln in lines if claimant in ln and f" {shown} " in ln and date in ln and kind in ln
                and f" {metric} " in ln]
        assert hits, f"{claimant} {shown} {date} missing from:\n" + "\n".join(lines)
