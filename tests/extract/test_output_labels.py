"""The labels `extract()` returns hold no control characters (issue 11, item 6).

Claimant, subject, place, cue, qualifier and remarks are derived text: a control character
there reached vl-convert (which aborts the process on C0 characters) and terminals. `text`
and `sentence` are exact slices of the input and keep whatever the input held; they are
escaped where they are displayed instead (see tests/compare and tests/web).
"""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtally import extract
from claimtally.safetext import escape_controls, strip_controls

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
LABELS = ("claimant", "subject", "place", "cue", "qualifier")

SENTENCES = [
    "An independent monitor said 120 civilians were killed in Mariupol on Tuesday.",
    "Russia\u2019s military said on Wednesday that about 498 of its troops had been killed in Ukraine.",
    "Police in Moscow said at least 1,200 anti-war protesters were detained, according to OVD-Info.",
    "Officials said more than 12 people were killed, though the toll could rise.",
    "The UN refugee agency said more than 5 million people had fled Ukraine since Feb. 24.",
]
CONTROLS = [chr(c) for c in (*range(0x00, 0x20), 0x7F, 0x85, 0x9B, 0x9F)]


def _assert_clean(text: str) -> list:
    figures = extract(text, published="2022-04-20")
    for fig in figures:
        for name in LABELS:
            value = getattr(fig, name)
            assert value is None or not CONTROL.search(value), (name, value)
        assert all(not CONTROL.search(r) for r in fig.remarks), fig.remarks
        assert text[fig.start:fig.end] == fig.text  # offsets untouched
        assert fig.sentence in text  # the sentence is still the input's own text
    return figures


# (input, expected claimant): a stray control inside a name leaves the name whole; a line
# break or tab between its words is a space.
CLAIMANT_CASES = [
    ("An independ\x0bent monitor said 120 civilians were killed in Mariupol on Tuesday.", "An independent monitor"),
    ("A\x85n independent monitor said 120 civilians were killed in Mariupol on Tuesday.", "An independent monitor"),
]


@pytest.mark.parametrize(("text", "claimant"), CLAIMANT_CASES)
def test_controls_are_stripped_from_the_claimant(text: str, claimant: str) -> None:
    figures = _assert_clean(text)
    assert figures and {f.claimant for f in figures} == {claimant}


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_control_anywhere_leaves_no_control_in_a_label(sentence: str, char: str) -> None:
    for pos in range(0, len(sentence), 7):
        _assert_clean(sentence[:pos] + char + sentence[pos:])


@settings(max_examples=int(os.environ.get("CLAIMTALLY_HYPOTHESIS_EXAMPLES", "150")),
          deadline=timedelta(seconds=5), derandomize=os.environ.get("CI") == "true",
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SENTENCES), st.lists(st.tuples(st.integers(0, 200), st.sampled_from(CONTROLS)), max_size=6))
def test_property_no_control_reaches_a_label(sentence: str, inserts: list[tuple[int, str]]) -> None:
    text = sentence
    for pos, char in inserts:
        pos %= len(text) + 1
        text = text[:pos] + char + text[pos:]
    _assert_clean(text)


@pytest.mark.parametrize(("raw", "stripped", "escaped"), [
    ("plain", "plain", "plain"),
    ("milita\x0bry", "military", "milita\\x0bry"),
    ("Ministry of\nDefence", "Ministry of Defence", "Ministry of Defence"),
    ("a\t\tb", "a b", "a  b"),
    ("\x1b[31mred\x1b[0m", "[31mred[0m", "\\x1b[31mred\\x1b[0m"),
    ("c1\x9bx", "c1x", "c1\\x9bx"),
    ("nonchar\ufffe", "nonchar", "nonchar\\ufffe"),
    ("\x00\x07", "", "\\x00\\x07"),
])
def test_strip_and_escape_table(raw: str, stripped: str, escaped: str) -> None:
    assert strip_controls(raw) == stripped
    assert escape_controls(raw) == escaped
    assert not CONTROL.search(escape_controls(raw))
