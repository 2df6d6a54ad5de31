"""Output conventions of `claimtally figures` and `export` (issue 11, items 12 and 20).

Shortcut options beside `--format`; a table on a terminal and JSON Lines when piped; a table
that shows the document and sentence, does not cut the source id and escapes control
characters; one CSV form of remarks everywhere; Parquet with integer counts and date columns.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from claimtally.cli import main
from claimtally.ledger import open_ledger
from claimtally.ledger.command import COLUMNS
from claimtally.model import Document, Figure

LONG_DOC = "https://example.org/2022/03/07/a-very-long-article-address-that-a-table-must-not-cut"
SENTENCE = "The health ministry said 12 people were killed and 30 wounded in the shelling of the town."


def _fig(value: float, **kw: object) -> Figure:
    base = dict(doc=LONG_DOC, start=25, end=27, text="12", sentence=SENTENCE, value=value, low=value, high=value,
                approx=False, qualifier=None, metric="killed", subject="people", claimant="the health ministry",
                claimant_kind="government", claim_date="2022-03-06", remarks=["unverified", "a; b"])
    base.update(kw)
    return Figure(**base)  # type: ignore[arg-type]


def _ledger(db: str, figures: list[Figure], text: str = SENTENCE) -> str:
    with open_ledger(db) as ledger:
        ledger.add_document(Document(id=LONG_DOC, text=text, published="2022-03-07", site="example.org"), figures,
                            text_hash=hashlib.sha256(text.encode()).hexdigest(), extractor_version="t")
    return db


@pytest.fixture
def ledger_db(db_url: str) -> str:
    return _ledger(db_url, [_fig(12), _fig(30, start=52, end=54, text="30", metric="wounded", claim_date=None)])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("option", "check"), [
    ("--nl", lambda out: [json.loads(x)["value"] for x in out.splitlines()] == [12, 30]),
    ("--json", lambda out: [r["value"] for r in json.loads(out)] == [12, 30]),
    ("--csv", lambda out: next(csv.reader(io.StringIO(out))) == list(COLUMNS)),
    ("--tsv", lambda out: next(csv.reader(io.StringIO(out), delimiter="\t")) == list(COLUMNS)),
    ("--table", lambda out: out.split()[:2] == ["id", "published"]),
])
def test_format_shortcuts(ledger_db: str, capsys: pytest.CaptureFixture[str], option: str, check) -> None:
    assert main(["figures", "--db", ledger_db, option]) == 0
    assert check(capsys.readouterr().out)


def test_shortcut_and_format_are_exclusive(ledger_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["figures", "--db", ledger_db, "--csv", "--format", "json"])
    assert exc.value.code == 2 and "not allowed with" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["figures"], ["compare"]])
def test_default_is_jsonl_when_piped_and_a_table_on_a_terminal(ledger_db: str, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    assert main([*command, "--db", ledger_db]) == 0  # capsys: not a terminal
    piped = capsys.readouterr().out
    assert all(json.loads(line) for line in piped.splitlines()) and piped
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main([*command, "--db", ledger_db]) == 0
    assert terminal.getvalue().split()[0] in ("id", "quantity")


def test_table_shows_document_and_sentence_whole(ledger_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["figures", "--db", ledger_db, "--table"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[-2:] == ["doc", "sentence"]
    assert LONG_DOC in lines[1] and lines[1].rstrip().endswith(SENTENCE)


def test_table_escapes_control_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "The ministry\x1b]0;owned\x07 said 12 people\x1b[2J were killed.\x9b"
    db = _ledger(str(tmp_path / "l.db"), [_fig(12, sentence=text, claimant="the\x1b[31m ministry",
                                               subject="people\x08\x08\x08", remarks=["x\x1bc"])], text)
    assert main(["figures", "--db", db, "--table"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x08" not in out and "\x9b" not in out
    assert "the\\x1b[31m ministry" in out and "people\\x08\\x08\\x08" in out and "\\x1b[2J" in out
    assert main(["figures", "--db", db, "--nl"]) == 0  # data formats keep the text exact
    assert json.loads(capsys.readouterr().out)["sentence"] == text


def test_csv_remarks_are_one_json_list_everywhere(ledger_db: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["figures", "--db", ledger_db, "--csv"]) == 0
    listed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert main(["export", "--db", ledger_db, str(tmp_path / "f.csv")]) == 0
    with (tmp_path / "f.csv").open(newline="", encoding="utf-8") as fh:
        exported = list(csv.DictReader(fh))
    assert listed == exported
    assert [json.loads(r["remarks"]) for r in listed] == [["unverified", "a; b"]] * 2


def test_parquet_keeps_integers_and_dates(ledger_db: str, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    out = tmp_path / "f.parquet"
    assert main(["export", "--db", ledger_db, str(out)]) == 0
    table = pq.read_table(out)
    for name in ("value", "low", "high", "id", "start"):
        assert table.schema.field(name).type == pa.int64(), name
    for name in ("claim_date", "published", "period_start"):
        assert table.schema.field(name).type == pa.date32(), name
    rows = table.to_pylist()
    assert [r["value"] for r in rows] == [12, 30] and isinstance(rows[0]["value"], int)
    assert rows[0]["claim_date"] == date(2022, 3, 6) and rows[1]["claim_date"] is None
    assert rows[0]["published"] == date(2022, 3, 7)


def test_parquet_keeps_a_fractional_count(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    db = _ledger(str(tmp_path / "l.db"), [_fig(12), _fig(12.7, start=40, end=44, text="12.7")])
    out = tmp_path / "f.parquet"
    assert main(["export", "--db", db, str(out)]) == 0
    table = pq.read_table(out)
    assert table.schema.field("value").type == pa.float64()
    assert table.column("value").to_pylist() == [12.0, 12.7]
