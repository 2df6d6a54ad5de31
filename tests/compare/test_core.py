"""The figure-level basics every comparison rests on: bounds, dates, links, records as tuples."""

from __future__ import annotations

import pytest

from claimtally.compare.claimants import load_aliases
from claimtally.compare.claims import compare_limited
from claimtally.compare.core import (
    RECORD_KEYS,
    annotate,
    effective_date,
    format_figure,
    representative,
    sentence_link,
)
from claimtally.compare.subjects import load_subject_rules

from .conftest import row


@pytest.fixture(scope="module")
def ctx():
    return load_aliases(use_env=False), load_subject_rules()


FIGURES = [
    # value, low, high, approx, shown
    (498, 498, 498, False, "498"),
    (11000, None, 11000, False, "<= 11,000"),
    (13500, None, 13500, True, "~<= 13,500"),
    (100, 100, None, False, ">= 100"),
    (None, 7000, 15000, False, "7,000-15,000"),
    (300, None, None, True, "~300"),
    (None, 200, 999, True, "~200-999"),
    (1500000, 1500000, 1500000, False, "1,500,000"),
    (2.5, 2.5, 2.5, False, "2.5"),
    (0, 0, 0, False, "0"),
]


@pytest.mark.parametrize(("value", "low", "high", "approx", "shown"), FIGURES)
def test_figure_shows_its_bounds(value, low, high, approx, shown):
    assert format_figure(value, low, high, approx) == shown


@pytest.mark.parametrize(("fields", "rep"), [
    ({"value": 498, "low": 498, "high": 498}, 498),
    ({"value": None, "low": 7000, "high": 15000}, 11000),
    ({"value": None, "low": None, "high": 50}, 50),
    ({"value": None, "low": 5, "high": None}, 5),
    ({"value": None, "low": None, "high": None}, None),
])
def test_representative(fields, rep):
    assert representative(fields) == rep


@pytest.mark.parametrize(("fields", "expected"), [
    ({"claim_date": "2022-03-02", "period_end": "2022-03-07", "published": "2022-03-07"}, ("2022-03-02", "claimed")),
    ({"claim_date": None, "period_end": "2022-03-07", "published": "2022-03-08"}, ("2022-03-07", "as of")),
    ({"claim_date": None, "period_end": None, "published": "2022-03-08T10:00:00"}, ("2022-03-08", "published")),
    ({}, (None, None)),
])
def test_effective_date(fields, expected):
    assert effective_date(fields) == expected


def test_links_back_to_the_sentence():
    assert sentence_link("https://example.org/a#top", "498 of its troops have been killed in Ukraine.", "d", 4) \
        .startswith("https://example.org/a#:~:text=498%20of%20its")
    assert sentence_link(None, "x", "doc-a", 40) == "doc-a@40"


def test_the_outlets_own_figures_are_each_outlets_claim(ctx):
    """No claimant: the outlet states it as its own fact; two outlets are two claimants, both
    named "the outlet" in the table, the chart and the dashboard alike."""
    a, b = annotate([row(claimant=None, claimant_kind=None, site="one.example", document_id=1, doc="a"),
                     row(claimant=None, claimant_kind=None, site="two.example", document_id=2, doc="b")], *ctx)
    assert a.claimant.key != b.claimant.key
    assert a.claimant.name == "the outlet (one.example)" and a.claimant.kind == "media"


def test_tuple_records_compare_like_dicts(ctx):
    """The command's fast path (tuples in RECORD_KEYS order) gives the same table as row dicts."""
    rows = [
        row(value=498, claimant="Russia's military", place="Ukraine", document_id=1, doc="a"),
        row(value=11000, low=None, high=11000, metric="casualties", claimant="Ukrainian military", document_id=2,
            doc="b"),
        row(value=11000, low=None, high=11000, metric="casualties", claimant="Ukraine's army", document_id=3,
            doc="c", duplicate_of=2),
        row(value=None, low=7000, high=15000, claimant="NATO", claimant_kind="international", document_id=4, doc="d",
            claim_date=None, published="2022-03-25T08:00:00"),
    ]
    tuples = [tuple(r.get(k) for k in RECORD_KEYS) for r in rows]
    a, _, _ = compare_limited(rows, *ctx, full=False)
    b, _, _ = compare_limited(tuples, *ctx, full=False)
    assert a == b
    assert {r["claimant"]: r["documents"] for r in b}["Ukrainian military"] == 1
