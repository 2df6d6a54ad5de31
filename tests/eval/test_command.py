"""`claimtally eval` end to end on a tiny gold directory, with a fixed stand-in extractor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimtally.cli import main
from claimtally.eval import runner
from claimtally.model import Figure

TEXT_A = "The ministry said 498 soldiers were killed. Police detained 20 people on Monday."
TEXT_B = "An article with 7 figures nobody scored."


def figure(doc: str, text: str, needle: str, value: int, metric: str, **kw: Any) -> Figure:
    start = text.index(needle)
    return Figure(doc=doc, start=start, end=start + len(needle), text=needle, sentence=text,
                  value=value, low=value, high=value, approx=False, qualifier=None, metric=metric,
                  **{"subject": "soldiers", "claimant": "the ministry", **kw})


def gold_line(doc: str, text: str, needle: str, value: int, metric: str, **kw: Any) -> str:
    published = kw.pop("published", "2022-03-07")
    rec = figure(doc, text, needle, value, metric, **kw).to_dict()
    rec["published"] = published
    rec["alts"] = {"subject": [], "claimant": ["ministry of defence"]}
    return json.dumps(rec)


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    gold, corpus = tmp_path / "gold", tmp_path / "corpus"
    gold.mkdir()
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (corpus / "b.txt").write_text(TEXT_B, encoding="utf-8")
    (corpus / "INDEX.tsv").write_text("doc\tpublished\turl\ttopic\na\t2022-03-01\t\twar\n"
                                      "b\t2022-04-19\t\tsport\n", encoding="utf-8")
    (gold / "a.jsonl").write_text(
        gold_line("a", TEXT_A, "498", 498, "killed") + "\n"
        + gold_line("a", TEXT_A, "20", 20, "detained", subject="people", claimant="Police") + "\n",
        encoding="utf-8")
    (gold / "b.jsonl").write_text("", encoding="utf-8")  # no figures: predictions are spurious
    (gold / "notes.txt").write_text("not a gold file", encoding="utf-8")
    return gold, corpus


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Replace the extractor with a fixed one; record (doc, published) of each call."""
    seen: list[tuple[str, Any]] = []

    def fake(text: str, published: Any = None, doc_id: str | None = None) -> list[Figure]:
        seen.append((doc_id, published))
        if doc_id == "a":
            return [figure("a", text, "498", 498, "killed", claimant="Ministry of Defence"),
                    figure("a", text, "20", 20, "detained", subject="people", claimant="the army")]
        return [figure("b", text, "7", 7, "incidents")]

    monkeypatch.setattr(runner, "default_extractor", lambda: fake)
    return seen


def test_text_report(dirs: tuple[Path, Path], calls: list, capsys: pytest.CaptureFixture) -> None:
    gold, corpus = dirs
    assert main(["eval", str(gold), "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "gold 2  predicted 3  matched 2  fully right 1" in out
    assert "full-record (headline)" in out and "MISSED" not in out
    # the gold record's `published` wins; a document with an empty gold file takes INDEX.tsv's date
    assert calls == [("a", "2022-03-07"), ("b", "2022-04-19")]


def test_show_misses(dirs: tuple[Path, Path], calls: list, capsys: pytest.CaptureFixture) -> None:
    gold, corpus = dirs
    assert main(["eval", str(gold), "--corpus", str(corpus), "--show-misses"]) == 0
    out = capsys.readouterr().out
    assert "SPURIOUS  b [16:17] '7'" in out
    assert "WRONG     a [60:62] '20'  claimant: expected 'Police', got 'the army'" in out
    assert "missed gold records (0)" in out


def test_json_report(dirs: tuple[Path, Path], calls: list, capsys: pytest.CaptureFixture) -> None:
    gold, corpus = dirs
    assert main(["eval", str(gold), "--corpus", str(corpus), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["gold"], report["predicted"], report["matched"], report["full_correct"]) == (2, 3, 2, 1)
    assert report["headline"]["detection_f1"] == pytest.approx(0.8)
    assert report["headline"]["full_record_f1"] == pytest.approx(0.4)
    assert report["accuracy"] == {"metric": 1.0, "claimant": 0.5, "subject": 1.0, "date": 1.0}
    assert [d["doc"] for d in report["documents"]] == ["a", "b"]
    assert report["documents"][1]["spurious"] == 1
    assert [w["field"] for w in report["wrong"]] == ["claimant"]


def test_by_topic(dirs: tuple[Path, Path], calls: list, capsys: pytest.CaptureFixture) -> None:
    gold, corpus = dirs
    assert main(["eval", str(gold), "--corpus", str(corpus), "--by", "topic", "--json"]) == 0
    groups = {g["group"]: g for g in json.loads(capsys.readouterr().out)["by"]["topic"]}
    assert (groups["war"]["gold"], groups["war"]["matched"], groups["war"]["full"]) == (2, 2, 1)
    assert groups["sport"]["predicted"] == 1
    assert groups["sport"]["detection_f1"] == 0.0
    assert main(["eval", str(gold), "--corpus", str(corpus), "--by", "topic"]) == 0
    assert "per topic" in capsys.readouterr().out


def test_by_unknown_column(dirs: tuple[Path, Path], calls: list, capsys: pytest.CaptureFixture) -> None:
    gold, corpus = dirs
    assert main(["eval", str(gold), "--corpus", str(corpus), "--by", "colour"]) == 2
    assert "--by colour: no such column" in capsys.readouterr().err


def test_half_scores_one_fixed_half(dirs: tuple[Path, Path], calls: list, capsys: pytest.CaptureFixture) -> None:
    gold, corpus = dirs
    halves = {doc: runner.half_of(doc) for doc in ("a", "b")}
    for half in "AB":
        calls.clear()
        assert main(["eval", str(gold), "--corpus", str(corpus), "--half", half, "--json"]) == 0
        scored = [d["doc"] for d in json.loads(capsys.readouterr().out)["documents"]]
        assert scored == [d for d in ("a", "b") if halves[d] == half]
        assert [c[0] for c in calls] == scored


def test_lang_from_index_reaches_the_extractor(dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    gold, corpus = dirs
    (corpus / "INDEX.tsv").write_text("doc\tpublished\tlang\na\t2022-03-01\tru\nb\t2022-04-19\t\n",
                                      encoding="utf-8")
    seen: dict[str, Any] = {}

    def fake(text: str, published: Any = None, doc_id: str | None = None, **kw: Any) -> list[Figure]:
        seen[doc_id] = kw.get("lang")
        return []

    monkeypatch.setattr(runner, "default_extractor", lambda: fake)
    assert main(["eval", str(gold), "--corpus", str(corpus), "--json"]) == 0
    assert seen == {"a": "ru", "b": None}


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


BAD_INPUTS = [
    ("missing gold dir", lambda g, c: g / "nope", None, "nope: not a directory"),
    ("no gold files", lambda g, c: c, None, "no gold *.jsonl files"),
    ("bad JSON", None, lambda g, c: _write(g / "a.jsonl", '{"doc": "a",\n'), "a.jsonl:1: not valid JSON"),
    ("not an object", None, lambda g, c: _write(g / "a.jsonl", "[1]\n"), "a.jsonl:1: a gold record must"),
    ("missing fields", None, lambda g, c: _write(g / "a.jsonl", '{"doc": "a"}\n'),
     "a.jsonl:1: missing field(s) start, end"),
    ("doc differs from file", None,
     lambda g, c: _write(g / "a.jsonl", gold_line("b", TEXT_A, "498", 498, "killed") + "\n"),
     "a.jsonl:1: doc 'b' does not match"),
    ("bad published", None,
     lambda g, c: _write(g / "a.jsonl", gold_line("a", TEXT_A, "498", 498, "killed",
                                                  published="7 March") + "\n"),
     "a.jsonl:1: 'published' is not a date"),
    ("missing corpus text", None, lambda g, c: (c / "b.txt").unlink(), "b.txt: corpus text for gold"),
    ("undecodable corpus text", None, lambda g, c: (c / "b.txt").write_bytes(b"\xff\xfe\x00bad"),
     "b.txt: cannot read"),
]


@pytest.mark.parametrize(("gold_arg", "breaker", "message"), [c[1:] for c in BAD_INPUTS],
                         ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_one_line_naming_it(dirs: tuple[Path, Path], calls: list,
                                         capsys: pytest.CaptureFixture, gold_arg: Any, breaker: Any,
                                         message: str) -> None:
    gold, corpus = dirs
    if breaker:
        breaker(gold, corpus)
    target = gold_arg(gold, corpus) if gold_arg else gold
    assert main(["eval", str(target), "--corpus", str(corpus)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimtally eval: ") and message in lines[0], lines


def test_extractor_crash_names_the_document(dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture) -> None:
    def boom(text: str, published: Any = None, doc_id: str | None = None) -> list[Figure]:
        raise IndexError("string index out of range")

    monkeypatch.setattr(runner, "default_extractor", lambda: boom)
    gold, corpus = dirs
    assert main(["eval", str(gold), "--corpus", str(corpus)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "claimtally eval: a: extractor raised IndexError: string index out of range"


def test_gold_text_not_at_its_offsets_is_warned(dirs: tuple[Path, Path], calls: list,
                                                capsys: pytest.CaptureFixture) -> None:
    gold, corpus = dirs
    _write(corpus / "a.txt", "Shifted. " + TEXT_A)
    assert main(["eval", str(gold), "--corpus", str(corpus)]) == 0
    err = capsys.readouterr().err
    assert "warning: " in err and "a.jsonl:1: text '498' is not what the corpus has" in err
