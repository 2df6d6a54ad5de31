"""Spec section 7 scoring on tiny hand-made gold/prediction tables."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtally.eval.scoring import is_match, name_matches, normalise_name, score


def rec(start: int, end: int, value: Any = 10, low: Any = "=", high: Any = "=", *, doc: str = "d",
        approx: bool = False, metric: str = "killed", subject: str | None = "civilians",
        claimant: str | None = "the ministry", claim_date: str | None = None,
        period_start: str | None = None, period_end: str | None = None,
        alts: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """A record with the spec-2 fields scoring reads; low/high "=" copy the value (exact)."""
    return {
        "doc": doc, "start": start, "end": end, "text": "x" * (end - start), "value": value,
        "low": value if low == "=" else low, "high": value if high == "=" else high,
        "approx": approx, "metric": metric, "subject": subject, "claimant": claimant,
        "claim_date": claim_date, "period_start": period_start, "period_end": period_end,
        "alts": alts or {},
    }


@pytest.mark.parametrize(("raw", "normal"), [
    ("The Ukrainian military", "ukrainian military"),
    ("Russia\u2019s military", "russia military"),
    ("Russia's Defense Ministry", "russia defense ministry"),
    ("  an   independent\tmonitor, ", "independent monitor"),
    ("A source.", "source"),
    ("\u201cOVD-Info\u201d", '"ovd-info"'),
    ("Theatre troupe", "theatre troupe"),  # "the" only as a whole leading word
    ("U.S. officials.", "u.s. officials"),
    ("people's militia", "people militia"),
    ("", ""),
    (None, None),
])
def test_normalise_name(raw: str | None, normal: str | None) -> None:
    assert normalise_name(raw) == normal


@pytest.mark.parametrize(("pred", "gold", "alts", "ok"), [
    (None, None, [], True),
    (None, "the ministry", [], False),
    ("the ministry", None, [], False),
    ("Ministry", "the ministry", [], True),
    ("Russian Defence Ministry", "Russia\u2019s military", ["Russian Defence Ministry"], True),
    ("Russian defence ministry.", "Russia's military", ["Russian Defence Ministry"], True),
    ("Ukraine", "Ukrainian military", ["Ukraine's military"], False),
    ("Ukraine's military", "Ukrainian military", ["Ukraine\u2019s military"], True),
])
def test_name_matches(pred: str | None, gold: str | None, alts: list[str], ok: bool) -> None:
    assert name_matches(pred, gold, alts) is ok


@pytest.mark.parametrize(("gold", "pred", "ok"), [
    (rec(10, 13, 498), rec(10, 13, 498), True),
    (rec(10, 13, 498), rec(10, 13, 498.0), True),            # numbers compare exactly, not by type
    (rec(10, 13, 498), rec(12, 20, 498), True),              # partial overlap is enough
    (rec(10, 13, 498), rec(13, 16, 498), False),             # [start, end) spans that only touch
    (rec(10, 13, 498), rec(5, 10, 498), False),
    (rec(10, 13, 498), rec(10, 13, 498, doc="other"), False),
    (rec(10, 13, 498), rec(10, 13, 499), False),
    (rec(0, 17, 11000, None, 11000), rec(0, 17, 11000, None, 11000), True),    # "as many as 11,000"
    (rec(0, 17, 11000, None, 11000), rec(0, 17, 11000), False),                # bounds must agree
    (rec(0, 9, 100, 100, None), rec(0, 9, 100, None, None), False),            # low lost
    (rec(0, 9, 10), rec(0, 9, True, 10, 10), False),                           # a bool is not a number
    # vague amounts (value null, approx): span only
    (rec(0, 8, None, 200, 999, approx=True), rec(0, 8, None, 100, 999, approx=True), True),
    (rec(0, 8, None, 200, 999, approx=True), rec(3, 5, 300, approx=True), True),
    (rec(0, 8, None, 200, 999, approx=True), rec(8, 12, None, 200, 999, approx=True), False),
    # a range with stated ends still compares its bounds
    (rec(0, 20, None, 7000, 15000), rec(0, 20, None, 7000, 15000), True),
    (rec(0, 20, None, 7000, 15000), rec(0, 20, None, 7000, 16000), False),
])
def test_is_match(gold: dict[str, Any], pred: dict[str, Any], ok: bool) -> None:
    assert is_match(gold, pred) is ok


# (name, gold, predictions, expected numbers). Expected keys: matched, full, detection (P, R, F1),
# full_record (P, R, F1), accuracy {field: value}.
CASES: list[tuple[str, list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]] = [
    ("perfect", [rec(0, 3), rec(10, 12, 5, metric="wounded")],
     [rec(0, 3), rec(10, 12, 5, metric="wounded")],
     {"matched": 2, "full": 2, "detection": (1, 1, 1), "full_record": (1, 1, 1)}),
    ("nothing predicted", [rec(0, 3)], [],
     {"matched": 0, "full": 0, "detection": (0, 0, 0), "full_record": (0, 0, 0)}),
    ("nothing to find, nothing found", [], [],
     {"matched": 0, "full": 0, "detection": (1, 1, 1), "full_record": (1, 1, 1)}),
    ("a document with no gold: its predictions are spurious", [rec(0, 3)],
     [rec(0, 3), rec(0, 3, doc="empty")],
     {"matched": 1, "full": 1, "detection": (0.5, 1, 2 / 3), "full_record": (0.5, 1, 2 / 3)}),
    ("each gold record matches at most once", [rec(0, 3)], [rec(0, 3), rec(1, 2)],
     {"matched": 1, "full": 1, "detection": (0.5, 1, 2 / 3)}),
    ("each prediction matches at most once", [rec(0, 3), rec(2, 5)], [rec(0, 5)],
     {"matched": 1, "detection": (1, 0.5, 2 / 3)}),
    ("assignment finds the most matches, whatever the order",
     [rec(0, 4), rec(5, 9)], [rec(3, 6), rec(0, 2)],
     {"matched": 2, "detection": (1, 1, 1)}),
    ("among equal matchings the better-fielded prediction wins",
     [rec(0, 3, claimant="Kyiv")], [rec(0, 3, claimant="Moscow"), rec(0, 3, claimant="Kyiv")],
     {"matched": 1, "full": 1, "accuracy": {"claimant": 1.0}}),
    ("field accuracies over matched records",
     [rec(0, 3, claim_date="2022-03-02"), rec(10, 13, subject="Russian troops",
                                             alts={"subject": ["Russian soldiers"]}),
      rec(20, 23), rec(30, 33)],
     [rec(0, 3, claim_date="2022-03-02", metric="wounded"),
      rec(10, 13, subject="Russian soldiers", claimant=None),
      rec(20, 23, period_end="2022-03-07"), rec(40, 43)],
     {"matched": 3, "full": 1, "detection": (0.75, 0.75, 0.75), "full_record": (0.25, 0.25, 0.25),
      "accuracy": {"metric": 2 / 3, "claimant": 2 / 3, "subject": 1.0, "date": 2 / 3}}),
    ("a date counts only when all three date fields agree",
     [rec(0, 3, claim_date="2022-03-07", period_start="2022-02-24", period_end="2022-03-07")],
     [rec(0, 3, claim_date="2022-03-07", period_start="2022-02-24", period_end=None)],
     {"matched": 1, "full": 1, "accuracy": {"date": 0.0, "metric": 1.0}}),
    ("a null claimant is right only against a null gold",
     [rec(0, 3, claimant=None), rec(5, 8, claimant="the UN")],
     [rec(0, 3, claimant=None), rec(5, 8, claimant=None)],
     {"matched": 2, "full": 1, "accuracy": {"claimant": 0.5}}),
    ("vague amount scored by span", [rec(0, 8, None, 200, 999, approx=True)],
     [rec(0, 8, None, 100, 1000, approx=True)],
     {"matched": 1, "full": 1, "detection": (1, 1, 1)}),
]


@pytest.mark.parametrize(("gold", "pred", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_score(gold: list[dict[str, Any]], pred: list[dict[str, Any]], want: dict[str, Any]) -> None:
    report = score(gold, pred)
    assert len(report.matches) == want["matched"]
    assert len(report.missed) == len(gold) - want["matched"]
    assert len(report.spurious) == len(pred) - want["matched"]
    if "full" in want:
        assert sum(m.full for m in report.matches) == want["full"]
    for name in ("detection", "full_record"):
        if name in want:
            prf = getattr(report, name)
            assert (prf.precision, prf.recall, prf.f1) == pytest.approx(want[name]), name
    for field, value in want.get("accuracy", {}).items():
        assert report.accuracy(field) == pytest.approx(value), field


def test_order_of_records_does_not_change_the_score() -> None:
    gold = [rec(0, 4), rec(5, 9), rec(20, 23, claimant="Kyiv")]
    pred = [rec(3, 6), rec(0, 2), rec(20, 23, claimant="Moscow"), rec(21, 22, claimant="Kyiv")]
    first = score(gold, pred).to_dict()
    second = score(gold[::-1], pred[::-1]).to_dict()
    assert first["headline"] == second["headline"]


def test_per_document_breakdown_and_details() -> None:
    gold = [rec(0, 3), rec(10, 13, claimant="Kyiv"), rec(0, 3, doc="b")]
    pred = [rec(0, 3), rec(10, 13, claimant="Moscow"), rec(50, 52, doc="c")]
    report = score(gold, pred, docs=["a-empty", "b", "d"])
    rows = {r["doc"]: r for r in report.per_document()}
    assert rows["d"]["gold"] == 2 and rows["d"]["matched"] == 2 and rows["d"]["full"] == 1
    assert rows["b"]["missed"] == 1 and rows["b"]["detection_f1"] == 0
    assert rows["c"]["spurious"] == 1
    assert rows["a-empty"] == {**rows["a-empty"], "gold": 0, "predicted": 0, "detection_f1": 1.0}
    details = report.to_dict()
    assert [m["doc"] for m in details["missed"]] == ["b"]
    assert [s["doc"] for s in details["spurious"]] == ["c"]
    assert details["wrong"] == [{**details["wrong"][0], "field": "claimant", "expected": "Kyiv",
                                 "got": "Moscow"}]
    assert set(details["headline"]) == {"full_record_f1", "detection_f1", "metric_accuracy",
                                        "claimant_accuracy", "subject_accuracy", "date_accuracy"}


def _best_by_brute_force(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> tuple[int, int]:
    """(most matches, most fully-right records among matchings with that many) by enumeration."""
    from claimtally.eval.scoring import FULL_RECORD_FIELDS, field_results

    best = (0, 0)

    def walk(i: int, used: frozenset[int], n: int, full: int) -> None:
        nonlocal best
        if i == len(gold):
            best = max(best, (n, full))
            return
        walk(i + 1, used, n, full)
        for j, p in enumerate(pred):
            if j not in used and is_match(gold[i], p):
                ok = all(field_results(gold[i], p)[f] for f in FULL_RECORD_FIELDS)
                walk(i + 1, used | {j}, n + 1, full + ok)

    walk(0, frozenset(), 0, 0)
    return best


_SPAN = st.tuples(st.integers(0, 12), st.integers(1, 4), st.sampled_from([5, 6]),
                  st.sampled_from(["Kyiv", "Moscow"]))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(gold=st.lists(_SPAN, max_size=5), pred=st.lists(_SPAN, max_size=6))
def test_assignment_is_optimal(gold: list[tuple[int, int, int, str]], pred: list[tuple[int, int, int, str]]) -> None:
    g = [rec(s, s + n, v, claimant=c) for s, n, v, c in gold]
    p = [rec(s, s + n, v, claimant=c) for s, n, v, c in pred]
    report = score(g, p)
    assert (len(report.matches), sum(m.full for m in report.matches)) == _best_by_brute_force(g, p)
