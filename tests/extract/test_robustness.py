"""Property tests: the extractor never raises or hangs, and what it returns is consistent.

Arbitrary Unicode and number-heavy news-like strings go in; every record must point at its
own text (`text == input[start:end]`), carry bounds consistent with its value, valid dates
and taxonomy values. Example counts are bounded so the file runs in seconds; under CI
(CI=true) the examples are derandomised so a failure reproduces.
"""

from __future__ import annotations

import json
import math
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtally import InputTooLarge, extract
from claimtally.extract import DEFAULT_MAX_CHARS
from claimtally.model import CLAIMANT_KINDS, METRICS, Figure

#: Bounded so the suite stays fast; raise it (e.g. 20000) to hunt for bugs locally.
EXAMPLES = int(os.environ.get("CLAIMTALLY_HYPOTHESIS_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=timedelta(seconds=5), derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.too_slow],
)

#: Pieces of casualty-report prose, chosen to hit every rule family: numbers, qualifiers,
#: vague amounts, ranges, zeros, metrics, cues, dates, names with numbers, furniture, quotes.
TOKENS = [
    "0", "1", "7", "11", "498", "1,000", "13,500", "13 500", "1.5", "10.4k", "2022", "1,1,1", "007",
    "12345678901234567890", "1.2.3", "3,", ",5", "5.", "-4", "+3", "½", "٣", "१२", "Ⅻ", "1e9", "0x1F",
    "million", "billion", "thousand", "hundred", "dozen", "dozens", "hundreds", "thousands", "tens of",
    "scores", "several", "a few", "a", "an", "one", "two", "eleven", "twenty-one", "and", "or", "to",
    "-", "–", "between", "from", "more than", "at least", "up to", "as many as", "almost", "nearly",
    "about", "some", "an estimated", "no one", "nobody", "no", "none", "not", "of", "its", "their",
    "killed", "dead", "wounded", "injured", "missing", "detained", "arrested", "displaced", "refugees",
    "evacuated", "protesters", "troops", "tanks", "missiles", "drones", "intercepted", "attacks",
    "cities", "people", "civilians", "soldiers", "Russian", "Ukraine's", "the", "ministry", "It",
    "said", "told", "claimed", "according to", "citing", "estimated", "he added", "Reuters", "UN",
    "Monday", "last Wednesday", "yesterday", "since", "Feb. 24", "in the 11 days since", "as of",
    "overnight", "this week", "in 2020", "March 3", "Su-27", "Kh-101", "$2", "$", "€5", "50%", "percent",
    "23-year-old", "years", "km", "1 of 47", "Advertisement", "Read more", "Share", "support us monthly",
    '"', "\u201c", "\u201d", "'", "\u2019", "(", ")", ".", ",", ";", ":", "?", "!", "...", "\n", "\n\n",
    "\t", "\u00a0", "\u200b", "\u2028", "\ufeff", "\x00", "é", "\U0001f600", "\u0301",
]
SEPARATORS = st.sampled_from([" ", " ", " ", "", "\n", ", ", ". ", "\u00a0"])


@st.composite
def news_like(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(TOKENS), SEPARATORS), max_size=60))
    return "".join(tok + sep for tok, sep in parts)


NUMBER_HEAVY = st.text(alphabet=st.sampled_from(list("0123456789,.- \n kKmM%$")), max_size=200)
#: Publication dates: none, any date the calendar has (relative dates must not step past its
#: ends), and mostly plausible news dates.
PUBLISHED = st.one_of(st.none(), st.dates(),
                      st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))


def check(text: str, figures: list[Figure], doc_id: str) -> None:
    """Every invariant a caller may rely on, for every record."""
    assert isinstance(figures, list)
    for f in figures:
        assert isinstance(f, Figure)
        assert f.doc == doc_id
        assert 0 <= f.start < f.end <= len(text), (f.start, f.end, len(text))
        assert f.text == text[f.start:f.end], (f.text, text[f.start:f.end])
        assert " ".join(f.text.split()) in " ".join(f.sentence.split()), (f.text, f.sentence)
        assert f.metric in METRICS, f.metric
        assert f.claimant_kind in (*CLAIMANT_KINDS, None), f.claimant_kind
        if f.claimant is None:
            assert f.claimant_kind is None
        assert isinstance(f.approx, bool)
        assert isinstance(f.subject, str)
        assert isinstance(f.remarks, list) and all(isinstance(r, str) for r in f.remarks)
        nums = [n for n in (f.value, f.low, f.high) if n is not None]
        for n in nums:
            assert isinstance(n, (int, float)) and not isinstance(n, bool), n
            assert math.isfinite(n) and n >= 0, n
        if f.low is not None and f.high is not None:
            assert f.low <= f.high, (f.low, f.high)
        if f.value is not None:
            assert f.low is None or f.low <= f.value, (f.low, f.value)
            assert f.high is None or f.value <= f.high, (f.value, f.high)
        else:
            assert f.low is not None or f.high is not None, "a null value needs a bound"
        json.dumps(f.to_dict(), allow_nan=False)  # strict JSON: no NaN or Infinity in the jsonl
        iso = {}
        for name in ("claim_date", "period_start", "period_end"):
            value = getattr(f, name)
            if value is not None:
                iso[name] = date.fromisoformat(value)
        if "period_start" in iso and "period_end" in iso:
            assert iso["period_start"] <= iso["period_end"], iso


def run(text: str, published: date | None) -> None:
    figures = extract(text, published=published, doc_id="prop")
    check(text, figures, "prop")
    again = extract(text, published=published, doc_id="prop")
    assert [f.to_dict() for f in again] == [f.to_dict() for f in figures], "not deterministic"


@SETTINGS
@given(text=st.text(max_size=300), published=PUBLISHED)
def test_arbitrary_unicode(text: str, published: date | None) -> None:
    run(text, published)


@SETTINGS
@given(text=news_like(), published=PUBLISHED)
def test_news_like_token_soup(text: str, published: date | None) -> None:
    run(text, published)


@SETTINGS
@given(text=NUMBER_HEAVY, published=PUBLISHED)
def test_number_heavy_strings(text: str, published: date | None) -> None:
    run(text, published)


@SETTINGS
@given(prefix=st.text(max_size=40), published=PUBLISHED)
def test_offsets_survive_any_prefix(prefix: str, published: date | None) -> None:
    """A real sentence after arbitrary text still yields records pointing at the right place."""
    text = prefix + " Russia's military said last Wednesday that 498 of its troops have been killed."
    figures = extract(text, published=published, doc_id="prop")
    check(text, figures, "prop")


REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("CLAIMTALLY_SHARED") or REPO.parent / "shared") / "corpus"
ARTICLES = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] if CORPUS.is_dir() else []


@st.composite
def mutated_article(draw: st.DrawFn) -> str:
    """A window of a real article with a few random cuts, insertions and case flips, so the
    rules that only fire on real prose (attribution across sentences, quotes, dates) get
    exercised on broken variants of it."""
    text = draw(st.sampled_from(ARTICLES))
    start = draw(st.integers(0, max(0, len(text) - 1500)))
    text = text[start:start + draw(st.integers(0, 1500))]
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["cut", "insert", "upper", "lower"]))
        if op == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif op == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + draw(SEPARATORS) + text[at:]
        else:
            end = at + draw(st.integers(1, 80))
            text = text[:at] + getattr(text[at:end], op)() + text[end:]
    return text


@pytest.mark.skipif(not ARTICLES, reason=f"no articles under {CORPUS}")
@SETTINGS
@given(text=mutated_article(), published=PUBLISHED)
def test_mutated_real_articles(text: str, published: date | None) -> None:
    run(text, published)


@pytest.mark.parametrize("text", [
    "", " ", "\n" * 50, ".", "\x00", "\ufeff498 killed", "killed", "498", "no", "No one.",
    "between and", "between 5 and", "from 10 to", "1,000,000,000,000,000,000,000,000 people were killed",
    "9" * 400 + " people were killed", "9" * 5000 + " people were killed",
    "0.000000001 people were killed", "1e400 people were killed",
    "Dozens of dozens of hundreds of thousands of millions were killed.",
    "“" * 100 + "498 killed", "He said: \"" + "498 were killed, " * 30,
    "Su-27 Kh-101 MiG-29 T-72 were destroyed", "In 2020, 2021 and 2022, 12 were killed.",
    "Feb. 30 and April 31: 5 killed, the ministry said on Feb. 30.",
])
def test_edge_cases(text: str) -> None:
    for published in (None, date(2022, 3, 7), date(1, 1, 1), date(9999, 12, 31)):
        check(text, extract(text, published=published, doc_id="edge"), "edge")


@pytest.mark.parametrize("text", [
    "The ministry said on Wednesday that 5 people were killed.",
    "5 people were killed yesterday, officials said.",
])
def test_relative_dates_at_the_start_of_the_calendar(text: str) -> None:
    check(text, extract(text, published=date(1, 1, 1), doc_id="edge"), "edge")


def test_published_as_iso_string() -> None:
    text = "Russia's military said last Wednesday that 498 of its troops have been killed."
    assert [f.to_dict() for f in extract(text, published="2022-03-07", doc_id="x")] == \
        [f.to_dict() for f in extract(text, published=date(2022, 3, 7), doc_id="x")]


def test_size_limit_error_names_the_input() -> None:
    with pytest.raises(InputTooLarge, match=r"^big-article\.txt: .*over the limit of 1,000"):
        extract("7 killed. " * 101, doc_id="big-article.txt", max_chars=1000)


def test_size_limit_is_inclusive_and_configurable() -> None:
    text = "x" * 1000
    assert extract(text, doc_id="ok", max_chars=1000) == []
    with pytest.raises(InputTooLarge):
        extract(text + "x", doc_id="ok", max_chars=1000)


def test_default_size_limit_is_five_million() -> None:
    assert DEFAULT_MAX_CHARS == 5_000_000
    with pytest.raises(InputTooLarge, match="huge"):
        extract(" " * (DEFAULT_MAX_CHARS + 1), doc_id="huge")
