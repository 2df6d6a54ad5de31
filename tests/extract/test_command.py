"""The `claimtally extract` command-line contract (spec section 6).

A few tests run the command as a real process, the honest test of "standard output holds
records and nothing else" (a stray print, warning or import-time chatter would show up);
the rest call the same entry point in-process, which is much faster.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimtally.cli import main
from claimtally.model import FIGURE_FIELDS

ARTICLE_A = "The ministry said on Monday that 498 soldiers were killed. Police detained 20 protesters in Minsk.\n"
ARTICLE_B = "Rescuers said on Sunday that at least 12 people were injured in the blast.\n"
NO_FIGURES = "The weather was mild and the markets were calm.\n"


def claimtally(*args: str, stdin: str | bytes = b"", process: bool = False) -> subprocess.CompletedProcess[str]:
    """Run `claimtally ARGS` in-process, or as a separate process with `process=True`."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    if not process:
        out, err = io.StringIO(), io.StringIO()
        fake_stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            old, sys.stdin = sys.stdin, fake_stdin
            try:
                try:
                    code = main(list(args))
                except SystemExit as exc:  # argparse refusing an option
                    code = exc.code if isinstance(exc.code, int) else 2
            finally:
                sys.stdin = old
        return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())
    proc = subprocess.run([sys.executable, "-m", "claimtally.cli", *args], input=data,
                          capture_output=True, timeout=120, check=False)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"),
                                       proc.stderr.decode("utf-8"))


def _not_json(name: str) -> None:
    raise AssertionError(f"{name} is not valid JSON")


def jsonl(out: str) -> list[dict]:
    """Every stdout line must be one JSON object with every spec-2 field."""
    records = [json.loads(line, parse_constant=_not_json) for line in out.splitlines()]
    for rec in records:
        assert isinstance(rec, dict) and set(FIGURE_FIELDS) <= set(rec), rec
    return records


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {"a": tmp_path / "article-a.txt", "b": tmp_path / "article-b.txt",
             "none": tmp_path / "calm.txt", "empty": tmp_path / "empty.txt"}
    for key, text in (("a", ARTICLE_A), ("b", ARTICLE_B), ("none", NO_FIGURES), ("empty", "")):
        paths[key].write_text(text, encoding="utf-8")
    return paths


def test_jsonl_is_the_only_thing_on_stdout(files: dict[str, Path]) -> None:
    proc = claimtally("extract", "--published", "2022-03-07", str(files["a"]), str(files["b"]), process=True)
    assert proc.returncode == 0 and proc.stderr == ""
    records = jsonl(proc.stdout)
    assert {r["doc"] for r in records} == {"article-a", "article-b"}  # doc = file stem
    by_doc = {"article-a": ARTICLE_A, "article-b": ARTICLE_B}
    for rec in records:
        assert by_doc[rec["doc"]][rec["start"]:rec["end"]] == rec["text"]
    assert [r["doc"] for r in records] == sorted(r["doc"] for r in records)  # files in order given
    killed = next(r for r in records if r["text"] == "498")
    assert (killed["value"], killed["metric"], killed["claim_date"]) == (498, "killed", "2022-03-07")


def test_relative_dates_stay_null_without_published(files: dict[str, Path]) -> None:
    proc = claimtally("extract", str(files["a"]))
    assert proc.returncode == 0
    assert all(r["claim_date"] is None for r in jsonl(proc.stdout))


@pytest.mark.parametrize(("content", "count"), [(NO_FIGURES, 0), ("", 0)], ids=["no figures", "empty"])
def test_files_without_figures_print_nothing(tmp_path: Path, content: str, count: int) -> None:
    path = tmp_path / "x.txt"
    path.write_text(content, encoding="utf-8")
    proc = claimtally("extract", str(path))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


UNREADABLE = [
    ("missing file", lambda tmp: tmp / "does-not-exist.txt", "does-not-exist.txt: No such file or directory"),
    ("a directory", lambda tmp: tmp, "Is a directory"),
    ("over the size limit", lambda tmp: _big(tmp), "too-big.txt: "),
]


def _big(tmp: Path) -> Path:
    path = tmp / "too-big.txt"
    path.write_text("12 people were killed. " * 100, encoding="utf-8")
    return path


@pytest.mark.parametrize(("make", "message"), [u[1:] for u in UNREADABLE], ids=[u[0] for u in UNREADABLE])
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_unreadable_file_is_named_and_the_others_still_processed(
        files: dict[str, Path], tmp_path: Path, make, message: str, fmt: str) -> None:
    bad = make(tmp_path)
    proc = claimtally("extract", "--max-chars", "1000", "--format", fmt,
                      str(files["a"]), str(bad), str(files["b"]), process=fmt == "jsonl" and bad.is_dir())
    assert proc.returncode != 0
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("claimtally extract: ") and str(bad) in err[0], err
    assert message in err[0]
    if fmt == "jsonl":
        docs = {r["doc"] for r in jsonl(proc.stdout)}
    else:
        docs = {row["doc"] for row in csv.DictReader(io.StringIO(proc.stdout))}
    assert docs == {"article-a", "article-b"}


def test_doc_id_overrides_the_file_stem(files: dict[str, Path]) -> None:
    proc = claimtally("extract", "--doc-id", "my-doc", str(files["a"]))
    records = jsonl(proc.stdout)
    assert records and {r["doc"] for r in records} == {"my-doc"}


@pytest.mark.parametrize(("extra", "doc"), [((), "-"), (("--doc-id", "piped"), "piped")])
def test_stdin(extra: tuple[str, ...], doc: str) -> None:
    proc = claimtally("extract", *extra, "-", stdin=ARTICLE_A, process=doc == "-")
    assert proc.returncode == 0 and proc.stderr == ""
    records = jsonl(proc.stdout)
    assert records and {r["doc"] for r in records} == {doc}
    assert all(ARTICLE_A[r["start"]:r["end"]] == r["text"] for r in records)


def test_stdin_matches_file(files: dict[str, Path]) -> None:
    from_file = jsonl(claimtally("extract", "--doc-id", "x", str(files["a"])).stdout)
    from_stdin = jsonl(claimtally("extract", "--doc-id", "x", "-", stdin=ARTICLE_A).stdout)
    assert from_file == from_stdin


def test_csv_has_every_field_and_one_row_per_record(files: dict[str, Path]) -> None:
    records = jsonl(claimtally("extract", str(files["a"]), str(files["b"])).stdout)
    proc = claimtally("extract", "--format", "csv", str(files["a"]), str(files["b"]))
    assert proc.returncode == 0 and proc.stderr == ""
    reader = csv.DictReader(io.StringIO(proc.stdout))
    assert tuple(reader.fieldnames or ()) == FIGURE_FIELDS
    rows = list(reader)
    assert [(r["doc"], int(r["start"]), r["text"]) for r in rows] == \
        [(r["doc"], r["start"], r["text"]) for r in records]


def test_table_is_aligned_text_for_people(files: dict[str, Path]) -> None:
    records = jsonl(claimtally("extract", str(files["a"])).stdout)
    proc = claimtally("extract", "--format", "table", str(files["a"]))
    assert proc.returncode == 0 and proc.stderr == ""
    header, *rows = proc.stdout.splitlines()
    assert header.split()[:3] == ["doc", "text", "value"]
    assert len(rows) == len(records)
    assert all(row.startswith("article-a") for row in rows)


@pytest.mark.parametrize("args", [
    ("--published", "7 March 2022"), ("--published", "2022-02-30"), ("--format", "xml"),
])
def test_bad_options_are_refused(files: dict[str, Path], args: tuple[str, ...]) -> None:
    proc = claimtally("extract", *args, str(files["a"]))
    assert proc.returncode == 2 and proc.stdout == ""
    assert args[1] in proc.stderr


def test_non_utf8_file_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Officials said 30 people were killed \u2014 a \u201cfirst\u201d count.".encode("cp1252"))
    proc = claimtally("extract", str(path))
    assert proc.returncode == 0
    assert all(r["doc"] == "legacy" for r in jsonl(proc.stdout))
