"""`claimtally figures` and `claimtally export`, on both backends: data on stdout or OUT,
messages on stderr, one clear line and a non-zero status for bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from claimtally.cli import main
from claimtally.ledger import open_ledger
from claimtally.ledger.command import COLUMNS
from tests.ledger.worker import make_document


@pytest.fixture
def ledger_db(db_url: str) -> str:
    with open_ledger(db_url) as ledger:
        for i in (3, 4):
            doc, figs, digest = make_document(i)
            doc.published = f"2022-03-0{i}"
            ledger.add_document(doc, figs[:2], text_hash=digest, extractor_version="t")
    return db_url


def test_figures_jsonl(ledger_db: str, capsys) -> None:
    assert main(["figures", "--db", ledger_db, "--format", "jsonl", "--since", "2022-03-04"]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["doc"] for r in rows] == ["doc-00004", "doc-00004"]
    assert set(COLUMNS) <= set(rows[0])
    assert err == "claimtally figures: 2 figure(s)\n"


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_figures_formats(ledger_db: str, fmt: str, capsys) -> None:
    assert main(["figures", "--db", ledger_db, "--format", fmt, "--claimant", "health"]) == 0
    out, _ = capsys.readouterr()
    if fmt == "json":
        assert [r["claimant"] for r in json.loads(out)] == ["the health ministry"] * 2
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == 2 and list(rows[0]) == list(COLUMNS)
    else:
        lines = out.splitlines()
        assert lines[0].split()[:4] == ["id", "published", "claim_date", "metric"] and len(lines) == 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["figures", "--db", "/no/such/dir/x.db"], "claimtally figures: database /no/such/dir/x.db: directory"),
        (["export", "--db", "/no/such/dir/x.db", "out.csv"], "claimtally export: database /no/such/dir/x.db"),
        (["figures", "--db", "mysql://h/d"], "unsupported kind 'mysql'"),
        (["figures", "--db", "NOPE.db"], "NOPE.db: no such ledger"),
    ],
)
def test_errors_are_one_line_on_stderr(argv: list[str], message: str, capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == "" and message in err and err.count("\n") == 1
    assert not (tmp_path / "NOPE.db").exists()


@pytest.mark.parametrize("argv", [["figures", "--since", "March"], ["figures", "--metric", "slain"]])
def test_bad_filter_values_are_usage_errors(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "not a date (YYYY-MM-DD): 'March'" in err or "unknown metric 'slain'" in err


def test_export_jsonl_and_csv_round_trip(ledger_db: str, tmp_path: Path, capsys) -> None:
    assert main(["export", "--db", ledger_db, str(tmp_path / "f.jsonl")]) == 0
    assert main(["export", "--db", ledger_db, "--format", "csv", str(tmp_path / "f.txt")]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "4 figure(s)" in err
    rows = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text().splitlines()]
    with (tmp_path / "f.txt").open(newline="") as fh:
        table = list(csv.DictReader(fh))
    assert len(rows) == len(table) == 4
    assert [json.loads(r["remarks"]) for r in table] == [r["remarks"] for r in rows]
    assert [float(r["value"]) for r in table] == [r["value"] for r in rows]
    assert not list(tmp_path.glob(".f.*"))  # no temporary files left behind


def test_export_parquet(ledger_db: str, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "figures.parquet"
    assert main(["export", "--db", ledger_db, "--metric", "killed", str(out)]) == 0
    table = pq.read_table(out)
    assert table.column_names == list(COLUMNS) and table.num_rows == 4
    row = table.to_pylist()[1]
    assert row["remarks"] == ["unverified"] and row["approx"] is False and row["doc"] == "doc-00003"
    assert main(["export", "--db", ledger_db, "--metric", "wounded", str(out)]) == 0
    assert pq.read_table(out).num_rows == 0  # an empty export is still a valid file


def test_export_to_stdout_and_refusals(ledger_db: str, tmp_path: Path, capsys) -> None:
    assert main(["export", "--db", ledger_db, "--format", "jsonl", "-"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 4 and "4 figure(s)" in err
    assert main(["export", "--db", ledger_db, "--format", "parquet", "-"]) == 2
    assert main(["export", "--db", ledger_db, str(tmp_path / "figures.xlsx")]) == 2
    assert main(["export", "--db", ledger_db, "--format", "csv", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "standard output" in err and "figures.xlsx: cannot tell the format" in err and "is a directory" in err


def test_failed_export_keeps_the_old_file(ledger_db: str, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "keep.jsonl"
    out.write_text("old\n")
    import claimtally.ledger.command as command

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(command, "_write_text", boom)
    assert main(["export", "--db", ledger_db, str(out)]) == 1
    assert out.read_text() == "old\n" and not list(tmp_path.glob(".keep.*"))


def test_shared_db_option_and_registration(monkeypatch, tmp_path: Path) -> None:
    import argparse

    from claimtally.cli import build_parser
    from claimtally.ledger import add_db_argument, resolve_db

    parser = argparse.ArgumentParser()
    add_db_argument(parser)
    assert parser.parse_args([]).db is None
    assert parser.parse_args(["--db", "x.db"]).db == "x.db"
    monkeypatch.setenv("CLAIMTALLY_DB", str(tmp_path / "from-env.db"))
    assert resolve_db(parser.parse_args([]).db).path == tmp_path / "from-env.db"
    args = build_parser().parse_args(["export", "--format", "csv", "out.csv"])
    assert args.db is None and args.format == "csv" and callable(args.func)


def test_read_commands_work_on_a_read_only_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "ro.db"
    with open_ledger(str(path)) as ledger:
        doc, figs, digest = make_document(7)
        ledger.add_document(doc, figs, text_hash=digest, extractor_version="t")
    path.chmod(0o444)
    try:
        assert main(["figures", "--db", str(path), "--format", "jsonl"]) == 0
        assert len(capsys.readouterr().out.splitlines()) == len(figs)
        assert main(["export", "--db", str(path), str(tmp_path / "all.csv")]) == 0
        assert len((tmp_path / "all.csv").read_text().splitlines()) == len(figs) + 1
    finally:
        path.chmod(0o644)
