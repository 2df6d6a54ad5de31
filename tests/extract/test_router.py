"""Language routing (`extract/router.py`, `extract(lang=)`, `claimtally extract --lang`): which rules
read a text, per document or per paragraph, and what a language without rules gets."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from claimtally import extract
from claimtally.extract import UnsupportedLanguage
from claimtally.extract.router import segments
from tests.extract.test_command import claimtally

RU = "Минобороны России заявило, что сбиты 20 беспилотников."
UK = "Генштаб ЗСУ повідомив, що за добу збито 40 дронів."
EN = "The ministry said on Monday that 498 soldiers were killed."


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (EN, None, ["en"]),
        (RU, None, ["ru"]),
        (UK, None, ["uk"]),
        (RU, "ru", ["ru"]),
        (EN + "\n" + RU, None, ["en", "ru"]),  # an English article quoting a Russian statement
        (UK + "\n" + "Мэр города заявил: «В результате обстрела погибли 5 человек, ещё 12 ранены».", "uk", ["uk", "ru"]),
        (UK + "\n" + RU + "\n" + UK, None, ["uk", "ru", "uk"]),
        ("Загинули понад 20 людей, що стало відомо вчора.", None, ["uk"]),  # no і/ї/є/ґ: told by its words
    ],
)
def test_segments_by_alphabet_and_letters(text: str, lang: str | None, expected: list[str]) -> None:
    parts = segments(text, lang)
    assert [p[2] for p in parts] == expected
    assert parts[0][0] == 0 and parts[-1][1] == len(text)


def test_mixed_document_reads_each_paragraph_by_its_rules_with_offsets_into_the_whole() -> None:
    text = EN + "\n" + RU
    figures = extract(text, published="2024-11-13", doc_id="mixed")
    assert [(f.text, f.metric) for f in figures] == [("498", "killed"), ("20", "intercepted")]
    for f in figures:
        assert text[f.start : f.end] == f.text
    assert figures[1].claimant == "Минобороны России"


def test_lang_argument_wins_over_detection_between_ru_and_uk() -> None:
    (fig,) = extract("Погибли 5 человек, сообщил губернатор.", lang="ru")
    assert (fig.metric, fig.claimant) == ("killed", "губернатор")


def test_english_text_never_loads_the_morphology() -> None:
    code = (
        "import sys; from claimtally import extract; "
        f"extract({EN!r}, lang='en'); extract({EN!r}); print('pymorphy3' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_language_without_rules_is_refused_by_name() -> None:
    with pytest.raises(UnsupportedLanguage, match=r"doc-de: no extraction rules for language 'de'"):
        extract("Bei dem Angriff wurden 14 Menschen getötet.", doc_id="doc-de", lang="de")


@pytest.mark.parametrize(("lang", "expected"), [("ru", "20"), ("auto", "20")])
def test_cli_lang_option(lang: str, expected: str) -> None:
    proc = claimtally("extract", "--lang", lang, "--published", "2024-11-13", "-", stdin=RU)
    assert proc.returncode == 0, proc.stderr
    (rec,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rec["text"] == expected and rec["claimant"] == "Минобороны России"


def test_cli_rejects_an_unknown_lang() -> None:
    proc = claimtally("extract", "--lang", "de", "-", stdin=RU)
    assert proc.returncode == 2 and "--lang" in proc.stderr


def test_missing_morphology_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from claimtally.extract.slavic import morph

    morph.analyzer.cache_clear()
    real_import = builtins.__import__

    def no_pymorphy(name: str, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if name == "pymorphy3":
            raise ImportError("No module named 'pymorphy3'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pymorphy)
    try:
        with pytest.raises(morph.MorphologyMissing, match=r"pip install 'claimtally\[ru-uk\]'"):
            morph.analyzer("ru")
    finally:
        monkeypatch.undo()
        morph.analyzer.cache_clear()
