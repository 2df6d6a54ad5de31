"""Claims, not copies, and the comparison table: latest claim per claimant, reports, spreads."""

from __future__ import annotations

import pytest

from claimtally.compare.claimants import load_aliases
from claimtally.compare.claims import compare, compare_limited, table_view
from claimtally.compare.core import annotate
from claimtally.compare.quantities import group_quantities
from claimtally.compare.subjects import load_subject_rules

from .conftest import row


@pytest.fixture(scope="module")
def ctx():
    return load_aliases(use_env=False), load_subject_rules()


def run(ctx, rows, **kw):
    return compare(rows, *ctx, **kw)


def test_seed_claims_line_up_per_quantity(ctx):
    rows = [
        row(value=498, claimant="Russia\u2019s military", place="Ukraine", claim_date="2022-03-02",
            sentence="Russia's military said 498 of its troops have been killed in Ukraine.", text="498"),
        row(value=11000, low=None, high=11000, metric="casualties", subject="Russian troops",
            claimant="The Ukrainian military", claim_date="2022-03-07", text="as many as 11,000",
            sentence="The Ukrainian military claimed as many as 11,000 Russian troop casualties."),
        row(value=13500, low=None, high=13500, approx=True, metric="detained", subject="Russians",
            claimant="an independent monitor", claimant_kind="independent", claim_date=None,
            period_start="2022-02-24", period_end="2022-03-07", text="Almost 13,500",
            sentence="Almost 13,500 Russians have been detained in the 11 days since the invasion."),
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
    # country its group is counted in), listed together but never compared in one spread
    assert {r["quantity_key"] for r in losses} == {"losses:russian troops@ukraine"}
    assert all(r["spread"] is None for r in losses)


def test_copies_of_one_claim_are_one_claim_with_its_reports(ctx):
    """A syndicated statement reported by three documents (one a detected duplicate, one a
    rewrite published the next day without the claim date) is one claim with its reports."""
    sentence = "Russia's Defence Ministry said 1,351 servicemen had been killed."
    rows = [
        row(value=1351, claim_date="2022-03-25", document_id=1, doc="agency", published="2022-03-25", site="a.example",
            sentence=sentence, text="1,351"),
        row(value=1351, claim_date="2022-03-25", document_id=2, doc="copy", duplicate_of=1, published="2022-03-25",
            site="b.example", sentence=sentence, text="1,351"),
        row(value=1351, claim_date=None, document_id=3, doc="rewrite", published="2022-03-26", site="c.example",
            sentence="The ministry says 1,351 troops have died.", text="1,351"),
        row(value=498, claim_date="2022-03-02", document_id=4, doc="early", published="2022-03-02", site="a.example",
            sentence="Russia's Defence Ministry said 498 servicemen had been killed.", text="498"),
    ]
    aliases, rules = ctx
    (q,) = group_quantities(annotate(rows, aliases, rules), rules)
    assert [(c.figure, len(c.figures)) for c in q.claims] == [("498", 1), ("1,351", 3)]
    latest = q.claims[-1]
    assert [a.doc for a in latest.reports] == ["agency", "rewrite"]  # the duplicate counts as its original
    (r,) = run(ctx, rows)
    assert (r["figure"], r["date"], r["claims"], r["figures"], r["documents"]) == ("1,351", "2022-03-25", 2, 4, 2)
    assert r["first_reported"] == "2022-03-25" and [s["doc"] for s in r["sources"]] == ["agency", "rewrite"]


def test_spread_and_outlier_per_metric(ctx):
    rows = [
        row(value=498, claimant="Russian Defence Ministry", document_id=1),
        row(value=11000, claimant="Ukrainian military", document_id=2),
        row(value=10000, claimant="UK Ministry of Defence", claimant_kind="international", document_id=3),
        row(value=7000, claimant=None, claimant_kind=None, document_id=4),  # the outlet's own: not in the spread
        row(value=40000, metric="casualties", claimant="Pentagon", document_id=5),
    ]
    out = run(ctx, rows)
    killed = {r["claimant"]: r for r in out if r["metric"] == "killed"}
    assert killed["Ukrainian military"]["spread"] == round(11000 / 498, 2)
    assert killed["Russian Defence Ministry"]["outlier"] is True
    outlet = next(r for name, r in killed.items() if name.startswith("the outlet"))
    assert not killed["Ukrainian military"]["outlier"] and not outlet["outlier"]
    casualties = [r for r in out if r["metric"] == "casualties"]
    assert casualties[0]["spread"] is None  # one claimant: nothing to spread, and never summed with killed


def test_no_outlier_when_claimants_agree(ctx):
    rows = [row(value=v, claimant=c, document_id=i) for i, (v, c) in
            enumerate([(100, "UNHCR"), (120, "UNICEF"), (150, "Ukrainian military")], 1)]
    out = run(ctx, rows)
    assert not any(r["outlier"] for r in out)
    assert out[0]["spread"] == 1.5


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


def test_table_view_is_short(ctx):
    (out,) = run(ctx, [row(claim_date=None, period_end=None, published="2022-03-07")])
    view = table_view(out)
    assert view["date"] == "2022-03-07 (pub.)" and view["kind"] == "government"


def test_limit_keeps_the_most_contested_quantities(ctx):
    rows = [row(value=v, claimant=c, document_id=i) for i, (v, c) in enumerate([(1, "UNHCR"), (2, "UNICEF")], 1)]
    rows.append(row(value=5, metric="detained", subject="Russians", claimant="OVD-Info", document_id=9))
    out, shown, total = compare_limited(rows, *ctx, limit=1)
    assert (shown, total) == (1, 2) and {r["metric"] for r in out} == {"killed"}
