"""The comparison core over plain ledger rows: bounds, latest figures, documents, spread, grouping."""

from __future__ import annotations

import pytest

from claimtally.compare.core import (
    compare,
    effective_date,
    format_figure,
    representative,
    sentence_link,
    table_view,
)
from claimtally.compare.normalise import load_aliases, load_subject_rules

from .conftest import row


@pytest.fixture(scope="module")
def ctx():
    return load_aliases(use_env=False), load_subject_rules()


def run(ctx, rows, **kw):
    return compare(rows, *ctx, **kw)


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


def test_seed_claims_line_up_per_quantity(ctx):
    rows = [
        row(value=498, claimant="Russia\u2019s military", place="Ukraine", claim_date="2022-03-02"),
        row(value=11000, low=None, high=11000, metric="casualties", subject="Russian troops",
            claimant="The Ukrainian military", claim_date="2022-03-07"),
        row(value=13500, low=None, high=13500, approx=True, metric="detained", subject="Russians",
            claimant="an independent monitor", claimant_kind="independent", claim_date=None,
            period_start="2022-02-24", period_end="2022-03-07"),
    ]
    out = run(ctx, rows)
    got = {(r["claimant"], r["claimant_kind"], r["metric"], r["figure"], r["date"]) for r in out}
    assert got == {
        ("Russian Defence Ministry", "government", "killed", "498", "2022-03-02"),
        ("Ukrainian military", "government", "casualties", "<= 11,000", "2022-03-07"),
        ("an independent monitor", "independent", "detained", "~<= 13,500", "2022-03-07"),
    }
    losses = [r for r in out if r["family"] == "losses"]
    # killed and casualties of Russian troops are one quantity (the place-less figure joins the
    # only placed group), listed together but never compared in one spread
    assert {r["quantity_key"] for r in losses} == {"losses:russian troops@ukraine"}
    assert all(r["spread"] is None for r in losses)


def test_latest_figure_per_claimant_and_its_history(ctx):
    rows = [
        row(value=498, claim_date="2022-03-02", document_id=1, doc="a"),
        row(value=1351, claim_date="2022-03-25", document_id=2, doc="b"),
        row(value=1351, claim_date="2022-03-25", document_id=3, doc="c"),
        row(value=1000, claim_date="2022-03-10", document_id=4, doc="d"),
    ]
    (r,) = run(ctx, rows)
    assert (r["figure"], r["date"], r["figures"], r["documents"]) == ("1,351", "2022-03-25", 4, 2)
    assert {s["doc"] for s in r["sources"]} == {"b", "c"}


def test_duplicates_count_once(ctx):
    rows = [
        row(value=11000, claimant="Ukrainian military", document_id=1, doc="orig"),
        row(value=11000, claimant="Ukraine's military", document_id=2, doc="copy", duplicate_of=1),
        row(value=11000, claimant="Ukrainian army", document_id=3, doc="other"),
    ]
    (r,) = run(ctx, rows)
    assert r["documents"] == 2
    assert r["claimant"] == "Ukrainian military"


def test_spread_and_outlier_per_metric(ctx):
    rows = [
        row(value=498, claimant="Russian Defence Ministry", document_id=1),
        row(value=11000, claimant="Ukrainian military", document_id=2),
        row(value=10000, claimant="UK Ministry of Defence", claimant_kind="international", document_id=3),
        row(value=7000, claimant=None, claimant_kind=None, document_id=4),  # unattributed: not in the spread
        row(value=40000, metric="casualties", claimant="Pentagon", document_id=5),
    ]
    out = run(ctx, rows)
    killed = {r["claimant"]: r for r in out if r["metric"] == "killed"}
    assert killed["Ukrainian military"]["spread"] == round(11000 / 498, 2)
    assert killed["Russian Defence Ministry"]["outlier"] is True
    assert not killed["Ukrainian military"]["outlier"] and not killed["(unattributed)"]["outlier"]
    casualties = [r for r in out if r["metric"] == "casualties"]
    assert casualties[0]["spread"] is None  # one claimant: nothing to spread, and never summed with killed
    assert casualties[0]["value"] == 40000


def test_no_outlier_when_claimants_agree(ctx):
    rows = [row(value=v, claimant=c, document_id=i) for i, (v, c) in
            enumerate([(100, "UNHCR"), (120, "UNICEF"), (150, "Ukrainian military")], 1)]
    out = run(ctx, rows)
    assert not any(r["outlier"] for r in out)
    assert out[0]["spread"] == 1.5


def test_places_split_quantities(ctx):
    rows = [
        row(value=5, subject="people", place="Kharkiv", claimant="local officials", document_id=1),
        row(value=7, subject="people", place="Lviv", claimant="local officials", document_id=2),
        row(value=9, subject="people", place=None, claimant="Reuters", document_id=3),
    ]
    keys = {r["quantity_key"] for r in run(ctx, rows)}
    assert keys == {"losses:people@kharkiv", "losses:people@lviv", "losses:people"}
    assert {r["quantity_key"] for r in run(ctx, rows, any_place=True)} == {"losses:people"}


@pytest.mark.parametrize(("kw", "claimants"), [
    ({"query": "Ukrainian military"}, {"Ukrainian military", "Russian Defence Ministry"}),
    ({"query": "detained"}, {"OVD-Info"}),
    ({"metric": "casualties"}, {"Ukrainian military"}),
    ({"metric": "losses"}, {"Ukrainian military", "Russian Defence Ministry"}),
    ({"since": "2022-03-05"}, {"Ukrainian military", "OVD-Info"}),
    ({"until": "2022-03-04"}, {"Russian Defence Ministry"}),
    ({"query": "no such thing"}, set()),
])
def test_filters(ctx, kw, claimants):
    rows = [
        row(value=498, claimant="Russia's military", claim_date="2022-03-02", document_id=1),
        row(value=11000, metric="casualties", claimant="Ukrainian military", claim_date="2022-03-07", document_id=1),
        row(value=13500, metric="detained", subject="Russians", claimant="OVD-Info", claim_date="2022-03-07",
            document_id=1),
    ]
    assert {r["claimant"] for r in run(ctx, rows, **kw)} == claimants


def test_links_back_to_the_sentence(ctx):
    r = row(url="https://example.org/a#top", sentence="498 of its troops have been killed in Ukraine.", start=40)
    (out,) = run(ctx, [r])
    assert out["link"].startswith("https://example.org/a#:~:text=498%20of%20its")
    assert out["sources"][0]["sentence"] == r["sentence"]
    assert sentence_link(None, "x", "doc-a", 40) == "doc-a@40"


def test_table_view_is_short(ctx):
    (out,) = run(ctx, [row(claim_date=None, period_end=None, published="2022-03-07")])
    view = table_view(out)
    assert view["date"] == "2022-03-07 (pub.)" and view["kind"] == "government"


def test_tuple_records_compare_like_dicts(ctx):
    """The command's fast path (tuples in RECORD_KEYS order) gives the same table as row dicts."""
    from claimtally.compare.core import RECORD_KEYS, compare_limited

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


def test_limit_keeps_the_most_contested_quantities(ctx):
    from claimtally.compare.core import compare_limited

    rows = [row(value=v, claimant=c, document_id=i) for i, (v, c) in enumerate([(1, "UNHCR"), (2, "UNICEF")], 1)]
    rows.append(row(value=5, metric="detained", subject="Russians", claimant="OVD-Info", document_id=9))
    out, shown, total = compare_limited(rows, *ctx, limit=1)
    assert (shown, total) == (1, 2) and {r["metric"] for r in out} == {"killed"}
