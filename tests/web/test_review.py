"""Review semantics on both backends: the extraction is kept, reviewed values win everywhere,
every change is an audit row, and bad corrections are refused with a message naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from claimtally.ledger import open_ledger
from claimtally.ledger.schema import figures
from claimtally.web.store import NotFound, ReviewError, WebStore
from tests.web.conftest import alice


@pytest.fixture
def sqlite_store(sqlite_db: str) -> Any:
    """Validation does not depend on the backend: these cases run on SQLite only."""
    ledger = open_ledger(sqlite_db)
    yield WebStore(ledger)
    ledger.close()


def _first(store: WebStore, **filters: Any) -> dict[str, Any]:
    items, _ = store.figures(limit=1, **filters)
    return items[0]


def _extracted(store: WebStore, figure_id: int) -> dict[str, Any]:
    with store.engine.connect() as conn:
        return dict(conn.execute(figures.select().where(figures.c.id == figure_id)).one()._mapping)


def test_correction_overlays_everywhere_and_keeps_the_extraction(store: WebStore) -> None:
    fig = _first(store, metric="killed")
    original = _extracted(store, fig["id"])
    changes = {"value": 321, "low": 300, "high": 400, "metric": "wounded", "subject": "civilians",
               "claimant": "Reviewed Claimant", "claimant_kind": "independent",
               "claim_date": "2022-04-30", "period_start": "2022-04-01", "period_end": "2022-04-30"}
    after = store.review(fig["id"], alice(store), "correct", changes)
    for key, value in changes.items():
        assert after[key] == value, key
    assert after["review_status"] == "corrected" and after["reviewed_by"] == "alice"
    assert _extracted(store, fig["id"]) == original  # the extraction row is untouched
    assert after["original"]["value"] == original["value"] or original["value"] is None
    # The ledger API (what `claimtally figures` and `compare` read) sees the reviewed values.
    # The dashboard's paged reads (both query paths) agree with the ledger API.
    for filters in ({"metric": "wounded"}, {"since": "2022-04-30", "until": "2022-04-30"},
                    {"claimant": "Reviewed Claimant"}):
        page = [r["id"] for r in store.figures(limit=500, **filters)[0]]
        assert page == [r["id"] for r in store.ledger.query_figures(**filters)], filters
        assert fig["id"] in page
    rows = [r for r in store.ledger.query_figures(metric="wounded") if r["id"] == fig["id"]]
    assert rows and rows[0]["value"] == 321 and rows[0]["claimant"] == "Reviewed Claimant"
    audit = after["audit"]
    assert len(audit) == 1
    assert audit[0]["user_name"] == "alice" and audit[0]["action"] == "correct"
    assert audit[0]["before"]["metric"] == original["metric"] and audit[0]["after"]["metric"] == "wounded"


def test_reject_hides_the_figure_from_readers_but_keeps_it(store: WebStore) -> None:
    fig = _first(store)
    store.review(fig["id"], alice(store), "reject")
    assert fig["id"] not in {r["id"] for r in store.ledger.query_figures()}
    assert fig["id"] not in {r["id"] for r in store.figures(limit=500)[0]}
    kept = store.figures(limit=500, include_rejected=True)[0]
    assert [r["review_status"] for r in kept if r["id"] == fig["id"]] == ["rejected"]
    # Confirming again brings it back, with a second audit row.
    back = store.review(fig["id"], alice(store), "confirm")
    assert back["review_status"] == "confirmed"
    assert [a["action"] for a in back["audit"]] == ["confirm", "reject"]


def test_partial_correction_keeps_earlier_corrections(store: WebStore) -> None:
    fig = _first(store)
    user = alice(store)
    store.review(fig["id"], user, "correct", {"subject": "first fix"})
    after = store.review(fig["id"], user, "correct", {"claimant": "Second Fix"})
    assert (after["subject"], after["claimant"]) == ("first fix", "Second Fix")
    confirmed = store.review(fig["id"], user, "confirm")
    assert confirmed["subject"] == "first fix" and confirmed["review_status"] == "corrected"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"metric": "exploded"}, "metric: 'exploded' is not in the taxonomy"),
        ({"value": "many"}, "value: 'many' is not a number"),
        ({"value": -1}, "value: must be a finite count"),
        ({"value": float("nan")}, "value: must be a finite count"),
        ({"low": 10, "high": 5, "value": None}, "low: 10 is above high 5"),
        ({"value": 50, "low": 1, "high": 10}, "value: 50 is above high 10"),
        ({"claim_date": "yesterday"}, "claim_date: 'yesterday' is not an ISO date"),
        ({"period_start": "2022-05-01", "period_end": "2022-04-01"}, "period_start: 2022-05-01 is after"),
        ({"subject": "  "}, "subject: must not be empty"),
        ({"subject": "x" * 301}, "subject: longer than 300"),
        ({"claimant": "a\x00b"}, "claimant: contains a NUL"),
        ({"claimant_kind": "aliens"}, "claimant_kind: 'aliens' is not one of"),
        ({"sentence": "rewritten"}, "sentence: not a field a review can change"),
        ({"value": True}, "value: expected a number, got a boolean"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(
    sqlite_store: WebStore, changes: dict[str, Any], message: str
) -> None:
    store = sqlite_store
    fig = _first(store)
    with pytest.raises(ReviewError, match="^" + message.replace("(", r"\(")[:40].replace("+", r"\+")):
        store.review(fig["id"], alice(store), "correct", changes)
    assert store.figure(fig["id"])["audit"] == []
    assert store.figure(fig["id"])["review_status"] is None


@pytest.mark.parametrize(("action", "changes"), [("delete", {}), ("confirm", {"value": 1})])
def test_unknown_actions_and_stray_changes_are_refused(sqlite_store: WebStore, action: str,
                                                       changes: dict[str, Any]) -> None:
    store = sqlite_store
    with pytest.raises(ReviewError):
        store.review(_first(store)["id"], alice(store), action, changes)


def test_missing_figure(store: WebStore) -> None:
    with pytest.raises(NotFound, match="no figure 999999"):
        store.review(999999, alice(store), "confirm")


def test_merge_claimants_flattens_and_is_audited(store: WebStore) -> None:
    user = alice(store)
    from collections import Counter

    # raw-name merges rename the claimant strings themselves (the view every reader sees)
    raw = Counter(f["claimant"] for f in store.figures(limit=500)[0] if f["claimant"])
    (a, _), (b, _) = raw.most_common(2)
    c = "Merged Name"
    store.merge("claimant", a, b, user)
    assert a not in {r["claimant"] for r in store.figures(limit=500)[0]}
    store.merge("claimant", b, c, user)  # a -> b -> c flattens to a -> c
    merged = {m["source"]: m["target"] for m in store.merges("claimant")}
    assert merged == {a: c, b: c}
    assert {r["claimant"] for r in store.ledger.query_figures(claimant=c)} == {c}
    assert len(store.figures(limit=500, claimant=c, exact=True)[0]) >= 2
    with pytest.raises(ReviewError, match="same name"):
        store.merge("claimant", c, a, user)
    audit, total = store.audit(kind="claimant")
    assert total == 2 and audit[0]["after"]["target"] == c


@pytest.mark.parametrize(
    ("kind", "source", "target", "error"),
    [("place", "x", "y", ReviewError), ("subject", "", "y", ReviewError),
     ("subject", "no such subject at all", "y", NotFound)],
)
def test_bad_merges(sqlite_store: WebStore, kind: str, source: str, target: str, error: type) -> None:
    store = sqlite_store
    with pytest.raises(error):
        store.merge(kind, source, target, alice(store))


def test_merge_subjects_groups_quantities(store: WebStore) -> None:
    quantities, _ = store.quantities(limit=100)
    killed = [q["subject"] for q in quantities if q["metric"] == "killed"]
    assert len(killed) >= 2
    store.merge("subject", killed[1], killed[0], alice(store))
    after = {q["subject"] for q in store.quantities(limit=100)[0] if q["metric"] == "killed"}
    assert killed[1] not in after and killed[0] in after
