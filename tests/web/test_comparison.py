"""The dashboard's comparison is the compare stage's: quantities, claims and claimants agree
with `claimtally compare`; reviewers move figures, merge and split quantities and claimants,
set kinds, and undo, each audited, on both backends."""

from __future__ import annotations

import json
from typing import Any

import pytest

from claimtally.cli import main
from claimtally.ledger import open_ledger
from claimtally.web.store import NotFound, ReviewError, WebStore
from tests.web.conftest import alice, make_client, sign_in


def _troops(store: WebStore) -> dict[str, Any]:
    items, _ = store.quantities(limit=500)
    (q,) = [q for q in items if q["key"].startswith("losses:russian troops") and q["span"] == "cumulative"]
    return store.compare.quantity(q["key"])


def test_dashboard_and_cli_agree(store: WebStore, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo's Russian troop losses: one quantity, the ministry's 498 and 1,351 one series
    among its rivals, with the same rows the CLI prints."""
    q = _troops(store)
    ministry = [c["figure"] for c in q["claims"] if c["claimant"] == "Russian Defence Ministry" and c["metric"] == "killed"]
    assert ministry == ["498", "1,351"] and q["claimants"] >= 4
    assert main(["compare", "--db", db, "--format", "jsonl", "--limit", "0"]) == 0
    cli = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    mine = {(r["metric"], r["claimant"], r["figure"], r["claims"]) for r in cli if r["quantity_key"] == q["key"]}
    assert mine == {(r["metric"], r["claimant"], r["figure"], r["claims"]) for r in q["rows"]}
    listed = {c["claimant"] for c in store.claimants(limit=500)[0]}
    assert {"Russian Defence Ministry", "Ukrainian military", "UNHCR"} <= listed


def test_move_merge_split_and_undo_are_audited(store: WebStore) -> None:
    user = alice(store)
    q = _troops(store)
    nato = next(c for c in q["claims"] if c["claimant"] == "NATO")
    moved = store.compare.correct("move_figure", user, figure_id=nato["figure_id"], target=q["key"] + "#nato-estimates")
    assert store.compare.current().quantity_of[nato["figure_id"]] == q["key"] + "#nato-estimates"
    store.compare.correct("merge_quantity", user, source=q["key"] + "#nato-estimates", target=q["key"])
    assert store.compare.current().quantity_of[nato["figure_id"]] == q["key"]
    ministry = [c["figure_id"] for c in q["claims"] if c["claimant"] == "Russian Defence Ministry"]
    split = store.compare.correct("split_quantity", user, source=q["key"], figure_ids=ministry, label="Moscow's count")
    assert split["target"] == q["key"] + "#moscow-count"
    assert {store.compare.current().quantity_of[i] for i in ministry} == {split["target"]}
    store.compare.undo(split["corrections"][0], user)  # one undo takes back the whole split
    assert {store.compare.current().quantity_of[i] for i in ministry} == {q["key"]}
    audit, _ = store.audit(limit=50)
    actions = [a["action"] for a in audit]
    assert actions[:4] == ["undo_move_figure", "split_quantity", "merge_quantity", "move_figure"]
    assert audit[3]["after"]["figure_ids"] == moved["figure_ids"] == [nato["figure_id"]]


def test_claimant_merge_split_and_kind(store: WebStore) -> None:
    user = alice(store)
    store.compare.correct("merge_claimant", user, source="Ukrainian government", target="Ukrainian military")
    military = store.compare.claimant("Ukrainian military")
    assert "Ukrainian officials" in military["names"]
    with pytest.raises(NotFound):
        store.compare.claimant("Ukrainian government")
    store.compare.correct("split_claimant", user, source="Ukrainian officials")
    assert store.compare.claimant("Ukrainian officials")["claimant"] == "Ukrainian officials"
    store.compare.correct("claimant_kind", user, source="Ukrainian officials", target="anonymous")
    assert store.compare.claimant("Ukrainian officials")["claimant_kind"] == "anonymous"
    kinds = [a["action"] for a in store.audit(kind="claimant")[0]]
    assert kinds[:3] == ["claimant_kind", "split_claimant", "merge_claimant"]


@pytest.mark.parametrize(("action", "fields", "error"), [
    ("move_figure", {"figure_id": 999999, "target": "losses:x"}, NotFound),
    ("move_figure", {"figure_ids": [], "target": "losses:x"}, NotFound),
    ("merge_quantity", {"source": "losses:no such", "target": "losses:x"}, NotFound),
    ("merge_quantity", {"source": "{troops}", "target": "{troops}"}, ReviewError),
    ("split_quantity", {"source": "{troops}", "figure_ids": [], "label": "x"}, ReviewError),
    ("merge_claimant", {"source": "nobody at all", "target": "NATO"}, NotFound),
    ("claimant_kind", {"source": "NATO", "target": "aliens"}, ReviewError),
    ("rename", {"source": "NATO"}, ReviewError),
])
def test_bad_corrections_are_refused(sqlite_db: str, action: str, fields: dict[str, Any], error: type) -> None:
    with open_ledger(sqlite_db) as ledger:
        store = WebStore(ledger)
        troops = _troops(store)["key"]
        fields = {k: (v.format(troops=troops) if isinstance(v, str) else v) for k, v in fields.items()}
        with pytest.raises(error):
            store.compare.correct(action, alice(store), **fields)
        assert store.compare.corrections() == []


def test_corrections_through_the_api_and_the_pages(sqlite_db: str) -> None:
    with make_client(sqlite_db) as client:
        key = next(q["key"] for q in client.get("/api/quantities", params={"limit": 500}).json()["items"]
                   if q["key"].startswith("losses:russian troops") and q["span"] == "cumulative")
        detail = client.get("/api/quantity", params={"key": key}).json()
        fid = detail["claims"][0]["figure_id"]
        refused = client.post("/api/corrections", json={"action": "move_figure", "figure_id": fid, "target": "x:y"})
        assert refused.status_code in (401, 403)
        token = sign_in(client)
        ok = client.post("/api/corrections", headers={"X-CSRF-Token": token},
                         json={"action": "move_figure", "figure_id": fid, "target": key + "#moved"})
        assert ok.status_code == 200, ok.text
        assert client.get("/api/quantity", params={"key": key + "#moved"}).json()["figure_ids"] == [fid]
        page = client.get("/quantity", params={"key": key + "#moved"})
        assert page.status_code == 200 and "Undo" in page.text
        undo = client.post(f"/api/corrections/{ok.json()['corrections'][0]}/undo", headers={"X-CSRF-Token": token})
        assert undo.status_code == 200
        assert client.get("/api/quantity", params={"key": key + "#moved"}).status_code == 404
        # the claimant page's forms post to /corrections
        form = client.post("/corrections", data={"csrf_token": token, "action": "claimant_kind",
                                                 "source": "Ukrainian military", "target": "government"},
                           follow_redirects=False)
        assert form.status_code == 303 and form.headers["location"].startswith("/claimant?name=")
        assert client.get("/api/corrections").json()[-1]["action"] == "claimant_kind"
        html = client.get("/claimant", params={"name": "Ukraine's General Staff"}).text
        assert "<h1>Ukrainian military</h1>" in html and "merge-claimant" in html
