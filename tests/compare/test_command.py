"""`claimtally compare` and `claimtally chart` end to end over a real ledger (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from claimtally.cli import main
from claimtally.model import Document

from .conftest import figure, store

SEED = "Russia's military said 498 died. Ukraine's military claimed as many as 11,000. A monitor said 13,500."


def seed_ledger(db: str) -> None:
    store(db, [
        (Document("seed", SEED, url="https://example.org/seed", site="example.org", published="2022-03-07"), [
            figure(doc="seed", value=498, claimant="Russia\u2019s military", place="Ukraine",
                   sentence="Russia's military said 498 died.", claim_date="2022-03-02"),
            figure(doc="seed", value=11000, low=None, high=11000, metric="casualties",
                   claimant="The Ukrainian military", sentence="Ukraine's military claimed as many as 11,000.",
                   claim_date="2022-03-07"),
            figure(doc="seed", value=13500, low=None, high=13500, approx=True, metric="detained",
                   subject="Russians", claimant="an independent monitor", claimant_kind="independent",
                   claim_date=None, period_start="2022-02-24", period_end="2022-03-07",
                   sentence="A monitor said 13,500."),
        ]),
        (Document("later", "The Russian Defence Ministry said 1,351 troops were killed.", published="2022-03-25"), [
            figure(doc="later", value=1351, claimant="the Russian Defence Ministry", claim_date="2022-03-25",
                   place="Ukraine", sentence="The Russian Defence Ministry said 1,351 troops were killed."),
        ]),
        (Document("copy", "The Russian Defence Ministry said 1,351 troops were killed!", published="2022-03-26"), [
            figure(doc="copy", value=1351, claimant="Russian Defense Ministry", claim_date="2022-03-25",
                   place="Ukraine", sentence="The Russian Defence Ministry said 1,351 troops were killed!"),
        ]),
    ], duplicates={"copy": "later"})


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_compare_jsonl(db_url, capsys):
    seed_ledger(db_url)
    code, out, _ = run_cli(capsys, "compare", "--db", db_url, "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    by = {r["claimant"]: r for r in rows}
    assert set(by) == {"Russian Defence Ministry", "Ukrainian military", "an independent monitor"}
    rdm = by["Russian Defence Ministry"]
    assert (rdm["figure"], rdm["date"], rdm["documents"], rdm["figures"]) == ("1,351", "2022-03-25", 1, 3)
    assert by["Ukrainian military"]["figure"] == "<= 11,000"
    assert by["an independent monitor"]["figure"] == "~<= 13,500"
    assert by["an independent monitor"]["date"] == "2022-03-07"
    assert by["Ukrainian military"]["link"].startswith("https://example.org/seed#:~:text=")
    assert by["Ukrainian military"]["sentence"] == "Ukraine's military claimed as many as 11,000."
    # a metric family filter goes to the database as an IN list
    code, out, _ = run_cli(capsys, "compare", "--db", db_url, "--metric", "losses", "--format", "jsonl")
    assert code == 0 and {json.loads(x)["metric"] for x in out.splitlines()} == {"killed", "casualties"}


def test_compare_table_and_csv(tmp_path, capsys):
    db = str(tmp_path / "l.db")
    seed_ledger(db)
    code, out, _ = run_cli(capsys, "compare", "--db", db, "--table")
    assert code == 0
    header = out.splitlines()[0].split()
    assert header[:5] == ["quantity", "metric", "claimant", "kind", "figure"]
    assert "<= 11,000" in out and "~<= 13,500" in out and "independent" in out
    code, out, _ = run_cli(capsys, "compare", "russians", "--db", db, "--format", "csv")
    recs = list(csv.DictReader(io.StringIO(out)))
    assert [r["claimant"] for r in recs] == ["an independent monitor"]
    code, out, _ = run_cli(capsys, "compare", "--db", db, "--metric", "losses", "--until", "2022-03-10",
                           "--format", "jsonl")
    assert {json.loads(x)["figure"] for x in out.splitlines()} == {"498", "<= 11,000"}


def test_compare_limit_says_what_it_left_out(tmp_path, capsys):
    db = str(tmp_path / "l.db")
    seed_ledger(db)
    code, out, err = run_cli(capsys, "compare", "--db", db, "--limit", "1")
    assert code == 0 and "showing 1 of 2 quantities" in err
    assert "Russian Defence Ministry" in out and "independent monitor" not in out


def test_compare_user_aliases(tmp_path, capsys):
    db = str(tmp_path / "l.db")
    seed_ledger(db)
    aliases = tmp_path / "a.json"
    aliases.write_text(json.dumps([{"name": "OVD-Info", "kind": "independent",
                                    "aliases": ["an independent monitor"]}]), encoding="utf-8")
    code, out, _ = run_cli(capsys, "compare", "detained", "--db", db, "--aliases", str(aliases), "--format", "jsonl")
    assert json.loads(out)["claimant"] == "OVD-Info"


@pytest.mark.parametrize(("argv", "message"), [
    (["compare", "--db", "{tmp}/missing.db"], "missing.db: no such ledger"),
    (["compare", "--db", "{db}", "--metric", "vibes"], "--metric 'vibes': not a metric or family"),
    (["compare", "--db", "{db}", "--aliases", "{tmp}/none.json"], "none.json: cannot read"),
    (["compare", "--db", "{db}", "--since", "2022-04-01", "--until", "2022-03-01"], "is after --until"),
    (["compare", "--db", "mysql://x/y"], "unsupported kind"),
    (["compare", "--db", "{db}", "--limit", "-1"], "--limit -1: must be 0 (all) or more"),
    (["chart", "nothing here", "--db", "{db}", "--out", "{tmp}/c.html"], "no figures match"),
    (["chart", "losses:russian troops@ukraine", "--db", "{db}", "--out", "{tmp}/c.pdf"], "unknown chart format"),
    (["chart", "losses:russian troops@ukraine", "--db", "{db}", "--out", "{tmp}/no/dir/c.svg"], "does not exist"),
    (["chart", "russian", "--db", "{db}", "--out", "{tmp}/c.svg"], "matches 2 quantities"),
])
def test_bad_input_gives_one_line_error(tmp_path, capsys, argv, message):
    db = str(tmp_path / "l.db")
    seed_ledger(db)
    before = Path(db).read_bytes()
    argv = [a.format(tmp=tmp_path, db=db) for a in argv]
    code, out, err = run_cli(capsys, *argv)
    assert code == 1 and out == ""
    assert message in err and err.count("\n") == 1, err
    assert Path(db).read_bytes() == before  # nothing stored changes
    assert not (tmp_path / "missing.db").exists()


def test_bad_date_is_refused_by_the_parser(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["compare", "--db", str(tmp_path / "l.db"), "--since", "March"])
    assert exc.value.code == 2
    assert "not a date (YYYY-MM-DD): 'March'" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", ["html", "svg", "png"])
def test_chart_files(tmp_path, capsys, suffix):
    db = str(tmp_path / "l.db")
    seed_ledger(db)
    out = tmp_path / f"chart.{suffix}"
    code, _, err = run_cli(capsys, "chart", "losses:russian troops@ukraine", "--db", db, "--out", str(out))
    assert code == 0, err
    data = out.read_bytes()
    if suffix == "png":
        assert data.startswith(b"\x89PNG")
    elif suffix == "svg":
        text = data.decode()
        assert text.startswith("<svg") and "Russian Defence Ministry" in text and "Ukrainian military" in text
    else:
        text = data.decode()
        assert "cdn" not in text.lower().replace("vega-embed", "") or "https://cdn" not in text
        assert "<script src" not in text and "window.vegaEmbed" in text
        assert "Russian Defence Ministry" in text


def test_chart_html_escapes_sentences(tmp_path, capsys):
    db = str(tmp_path / "l.db")
    store(db, [(Document("x", "text", published="2022-03-07"), [
        figure(doc="x", sentence="</script><script>alert(1)</script> 5 killed", value=5, claimant="UNHCR"),
    ])])
    out = tmp_path / "c.html"
    assert run_cli(capsys, "chart", "russian troops", "--db", db, "--out", str(out))[0] == 0
    text = out.read_text()
    assert "<script>alert(1)" not in text and "\\u003c/script\\u003e" in text


def test_claims_in_russian_ukrainian_and_english_line_up_in_one_quantity(db_url, capsys):
    """Figures in three languages about one quantity (Russian troops killed since the invasion)
    by claimants named three ways each come out side by side in one quantity."""
    from claimtally.model import Figure

    def fig(doc: str, value: int, subject: str, claimant: str, sentence: str, claim_date: str) -> Figure:
        return Figure(doc=doc, start=0, end=len(str(value)), text=str(value), sentence=sentence, value=value, low=value,
                      high=value, approx=False, qualifier=None, metric="killed", subject=subject, place=None,
                      claimant=claimant, claimant_kind="government", claim_date=claim_date)

    store(db_url, [
        (Document("uk", "Генштаб ЗСУ: з початку вторгнення знищено 15300 окупантів.", published="2022-04-01",
                  language="uk"),
         [fig("uk", 15300, "окупанти", "Генштаб ЗСУ",
              "Генштаб ЗСУ: з початку вторгнення знищено 15300 окупантів.", "2022-04-01")]),
        (Document("ru", "Генштаб ВСУ заявил, что с начала войны погибли 17200 российских военных.",
                  published="2022-04-08", language="ru"),
         [fig("ru", 17200, "российские военные", "Генштаб ВСУ",
              "Генштаб ВСУ заявил, что с начала войны погибли 17200 российских военных.", "2022-04-08")]),
        (Document("en", "Ukraine's General Staff said 18,900 Russian soldiers had been killed since the invasion.",
                  published="2022-04-15", language="en"),
         [fig("en", 18900, "Russian soldiers", "Ukraine's General Staff",
              "Ukraine's General Staff said 18,900 Russian soldiers had been killed since the invasion.", "2022-04-15")]),
        (Document("ru2", "Минобороны России сообщило, что с начала операции погибли 1351 военнослужащий.",
                  published="2022-03-25", language="ru"),
         [fig("ru2", 1351, "военнослужащие", "Минобороны России",
              "Минобороны России сообщило, что с начала операции погибли 1351 военнослужащий.", "2022-03-25")]),
    ])
    code, out, _ = run_cli(capsys, "compare", "--db", db_url, "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["quantity_key"] for r in rows} == {"losses:russian troops"}
    by = {r["claimant"]: r for r in rows}
    assert set(by) == {"Ukrainian military", "Russian Defence Ministry"}
    assert (by["Ukrainian military"]["figure"], by["Ukrainian military"]["claims"]) == ("18,900", 3)
    assert by["Russian Defence Ministry"]["figure"] == "1,351"  # "военнослужащие" said by the ministry: its own
    code, out, _ = run_cli(capsys, "compare", "российские", "--db", db_url)  # a Russian query finds it too
    assert code == 0 and "Ukrainian military" in out


def test_reviewers_corrections_change_what_compare_shows(tmp_path, capsys):
    """A correction stored in the ledger (the dashboard writes them) is applied by the CLI too,
    and a cached grouping is not served after it."""
    from claimtally.ledger import open_ledger
    from claimtally.web.auth import hash_password
    from claimtally.web.store import User, WebStore

    db = str(tmp_path / "l.db")
    seed_ledger(db)
    code, out, _ = run_cli(capsys, "compare", "--db", db, "--format", "jsonl")
    first = [json.loads(x) for x in out.splitlines()]
    monitor = next(r for r in first if r["claimant"] == "an independent monitor")
    with open_ledger(db) as ledger:
        store = WebStore(ledger)
        uid = store.add_user("alice", hash_password("correct horse battery"))
        store.compare.correct("merge_claimant", User(uid, "alice"), source="an independent monitor", target="OVD-Info")
        store.compare.correct("move_figure", User(uid, "alice"), figure_id=monitor["figure_id"],
                              target="repression:protesters@russia")
    code, out, _ = run_cli(capsys, "compare", "--db", db, "--format", "jsonl")
    rows = {r["claimant"]: r for r in (json.loads(x) for x in out.splitlines())}
    assert "an independent monitor" not in rows
    assert rows["OVD-Info"]["quantity_key"] == "repression:protesters@russia"


def test_the_cached_grouping_follows_the_ledger(tmp_path, capsys, monkeypatch):
    """The second run reads the cached grouping; a new document makes it stale; a damaged cache
    file is recomputed; CLAIMTALLY_CACHE=off keeps none. The ledger file is never written."""
    monkeypatch.setenv("CLAIMTALLY_CACHE", str(tmp_path / "cache"))
    db = str(tmp_path / "l.db")
    seed_ledger(db)
    before = Path(db).read_bytes()
    first = run_cli(capsys, "compare", "--db", db, "--format", "jsonl")[1]
    (cached,) = (tmp_path / "cache").glob("compare-*.json.z")
    assert run_cli(capsys, "compare", "--db", db, "--format", "jsonl")[1] == first
    assert Path(db).read_bytes() == before
    cached.write_bytes(b"not a cache")
    assert run_cli(capsys, "compare", "--db", db, "--format", "jsonl")[1] == first
    # the default table reads only its quantities' figures from a warm cache: the same table
    for old in (tmp_path / "cache").glob("*"):
        old.unlink()
    cold = run_cli(capsys, "compare", "--db", db, "--limit", "1")
    assert run_cli(capsys, "compare", "--db", db, "--limit", "1") == cold and "showing 1 of 2" in cold[2]
    store(db, [(Document("more", "Officials said 20,000 Russian troops had been killed.", published="2022-04-01"),
                [figure(doc="more", value=20000, claimant="Ukrainian officials", claim_date="2022-04-01",
                        sentence="Officials said 20,000 Russian troops had been killed.")])])
    assert "20,000" in run_cli(capsys, "compare", "--db", db, "--format", "jsonl")[1]
    monkeypatch.setenv("CLAIMTALLY_CACHE", "off")
    assert run_cli(capsys, "compare", "--db", db)[0] == 0
