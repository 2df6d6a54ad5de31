"""The issue's demo bar, on the real pipeline: the bundled examples ingested as `make demo`
ingests them, then compared. The Russian ministry's 498 and 1,351 are one series in one
quantity with the other claimants' figures for Russian troops, and no quantity appears twice
under synonyms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtally.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    for path in sorted(EXAMPLES.glob("*.txt")):
        assert main(["ingest", "--quiet", "--db", db, "--published", path.name[:10], str(path)]) == 0
    return db


def test_the_ministrys_toll_is_one_series_with_its_rivals(demo_db, capsys):
    from claimtally.compare.quantities import find_quantity
    from claimtally.compare.source import ledger_comparison
    from claimtally.ledger import open_ledger

    with open_ledger(demo_db) as ledger:
        quantities, *_ = ledger_comparison(ledger)
    troops = [q for q in quantities if q.family == "losses" and q.group == "russian troops"]
    assert len(troops) == 1, [q.key for q in troops]  # "soldiers", "troops", "servicemen": one group
    (q,) = troops
    ministry = [c.figure for c in q.claims if c.claimant.name == "Russian Defence Ministry" and c.metric == "killed"]
    assert ministry == ["498", "1,351"]
    rivals = {c.claimant.name for c in q.claims} - {"Russian Defence Ministry"}
    assert {"Ukrainian military", "US government", "NATO"} <= rivals
    assert find_quantity(quantities, "losses:russian troops") == [q]  # what `make demo` charts

    assert main(["compare", "--db", demo_db, "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    latest = {r["claimant"]: r for r in rows if r["quantity_key"] == q.key and r["metric"] == "killed"}
    assert (latest["Russian Defence Ministry"]["figure"], latest["Russian Defence Ministry"]["claims"]) == ("1,351", 2)


def test_no_quantity_twice_under_synonyms(demo_db, capsys):
    assert main(["compare", "--db", demo_db, "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    labels: dict[str, set[str]] = {}
    for r in rows:
        labels.setdefault(r["quantity"], set()).add(r["quantity_key"])
    assert all(len(keys) == 1 for keys in labels.values()), labels
    subjects = {r["subject"] for r in rows if r["quantity_key"].startswith("losses:russian troops")}
    assert {"Russian soldiers", "Russian troops", "servicemen"} <= subjects


def test_the_demo_chart_names_every_claimant(demo_db, tmp_path, capsys):
    out = tmp_path / "chart.svg"
    assert main(["chart", "losses:russian troops", "--db", demo_db, "--out", str(out)]) == 0
    svg = out.read_text()
    assert "Russian Defence Ministry" in svg and "Ukrainian military" in svg and "NATO" in svg
