"""The JSON API: pagination, the filters of `claimtally figures` with the same meaning, errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimtally.ledger import open_ledger
from tests.web.conftest import copy_ledger, make_client


@pytest.fixture(scope="module")
def api(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    copy = tmp_path_factory.mktemp("api") / "ledger.db"
    copy_ledger(template_db, copy)
    with make_client(str(copy)) as client:
        client.db = str(copy)
        yield client


def test_pagination_covers_every_figure_once(api: Any) -> None:
    total = api.get("/api/figures", params={"limit": 1}).json()["total"]
    assert total >= 5
    seen: list[int] = []
    offset = 0
    while True:
        page = api.get("/api/figures", params={"limit": 2, "offset": offset}).json()
        assert page["total"] == total and page["limit"] == 2 and page["offset"] == offset
        if not page["items"]:
            break
        seen += [f["id"] for f in page["items"]]
        offset += 2
    assert len(seen) == total == len(set(seen))


@pytest.mark.parametrize(
    "filters",
    [
        {"metric": "killed"},
        {"metric": ["killed", "wounded"]},
        {"claimant": "GOVERNOR"},
        {"subject": "civil"},
        {"since": "2022-04-19"},
        {"until": "2022-04-19"},
        {"since": "2022-04-19", "until": "2022-04-21", "metric": "killed"},
        {"doc": "2022-04-20-port-city-toll-rises"},
        {"claimant": "100%_"},
    ],
)
def test_filters_mean_what_they_mean_in_the_ledger(api: Any, filters: dict[str, Any]) -> None:
    got = api.get("/api/figures", params={**filters, "limit": 500}).json()
    with open_ledger(api.db) as ledger:
        expected = ledger.query_figures(**filters)
    assert sorted(f["id"] for f in got["items"]) == sorted(f["id"] for f in expected)
    assert got["total"] == len(expected)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/figures", {"limit": 0}),
        ("/api/figures", {"limit": 501}),
        ("/api/figures", {"offset": -1}),
        ("/api/figures", {"metric": "exploded"}),
        ("/api/figures", {"since": "last week"}),
        ("/api/figures", {"claimant": "a\x00b"}),
        ("/api/figures", {"claimant": "x" * 201}),
        ("/api/figures/0", {}),
        ("/api/documents", {"limit": "many"}),
        ("/api/audit", {"target_kind": "planet"}),
    ],
)
def test_bad_parameters_are_422_naming_the_input(api: Any, path: str, params: dict[str, Any]) -> None:
    resp = api.get(path, params=params)
    assert resp.status_code == 422
    detail = resp.json()["detail"]
    assert isinstance(detail, list) and detail[0]["loc"][1] in (*params, "figure_id")


@pytest.mark.parametrize("path", ["/api/figures/999999", "/api/documents/999999"])
def test_missing_is_404(api: Any, path: str) -> None:
    resp = api.get(path)
    assert resp.status_code == 404 and "999999" in resp.json()["detail"]


def test_document_has_text_and_figures_with_offsets(api: Any) -> None:
    docs = api.get("/api/documents", params={"limit": 500}).json()["items"]
    doc = api.get(f"/api/documents/{docs[0]['id']}").json()
    for fig in doc["figures"]:
        assert doc["text"][fig["start"]:fig["end"]] == fig["text"]


def test_quantities_rank_competing_claims_first(api: Any) -> None:
    items = api.get("/api/quantities", params={"limit": 500}).json()["items"]
    ranks = [q["claimants"] for q in items]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] >= 2


def test_review_through_the_api(api: Any) -> None:
    from tests.web.conftest import sign_in

    token = sign_in(api)
    fig = api.get("/api/figures", params={"limit": 1}).json()["items"][0]
    url = f"/api/figures/{fig['id']}/review"
    bad = api.post(url, json={"action": "correct", "changes": {"low": 10, "high": 5, "value": None}},
                   headers={"X-CSRF-Token": token})
    assert bad.status_code == 422 and bad.json()["detail"][0]["msg"].startswith("low: 10 is above high 5")
    ok = api.post(url, json={"action": "correct", "changes": {"claim_date": "2022-05-01"}},
                  headers={"X-CSRF-Token": token})
    assert ok.status_code == 200 and ok.json()["claim_date"] == "2022-05-01"
    assert ok.json()["original"]["claim_date"] == fig["claim_date"]
    listed = api.get("/api/figures", params={"since": "2022-05-01", "limit": 500}).json()["items"]
    assert fig["id"] in {f["id"] for f in listed}
    audit = api.get("/api/audit", params={"target_kind": "figure", "target": str(fig["id"])}).json()
    assert audit["total"] == 1 and audit["items"][0]["after"]["claim_date"] == "2022-05-01"


def test_cached_reads_follow_new_documents(api: Any) -> None:
    """Counts and rankings are cached, but a document ingested by another process shows at once."""
    from claimtally.model import Document, Figure
    from tests.web.conftest import add_text

    before = api.get("/api/figures", params={"limit": 1}).json()["total"]
    docs_before = api.get("/api/documents", params={"limit": 1}).json()["total"]
    text = "Later, officials said 99 people were killed."
    fig = Figure(doc="late", start=22, end=24, text="99", sentence=text, value=99, low=99, high=99,
                 approx=False, qualifier=None, metric="killed", subject="people", claimant="Officials")
    with open_ledger(api.db) as ledger:
        add_text(ledger, Document(id="late", text=text, published="2022-06-01"), [fig])
    assert api.get("/api/figures", params={"limit": 1}).json()["total"] == before + 1
    assert api.get("/api/documents", params={"limit": 1}).json()["total"] == docs_before + 1
    last = api.get("/api/figures", params={"since": "2022-06-01"}).json()["items"]
    assert [f["text"] for f in last] == ["99"]
