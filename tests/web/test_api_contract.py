"""The JSON API against its own OpenAPI schema (schemathesis): every generated request, valid or
not, signed in or not, gets a documented status and a body matching the schema, never a 5xx.

Bounded: a fixed number of examples per operation, no deadline, derandomised so CI is
repeatable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.web.conftest import copy_ledger, make_client, sign_in

EXAMPLES = 40


@pytest.fixture(scope="module")
def signed_in(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    copy = tmp_path_factory.mktemp("contract") / "ledger.db"
    copy_ledger(template_db, copy)
    client = make_client(str(copy))
    token = sign_in(client)
    cookie = "; ".join(f"{c.name}={c.value}" for c in client.cookies.jar)
    return {"app": client.app, "headers": {"Cookie": cookie, "X-CSRF-Token": token}}


@pytest.fixture(scope="module")
def operations(signed_in: dict[str, Any]) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", signed_in["app"])
    ops = [result.ok() for result in schema.get_all_operations()]
    assert len(ops) >= 10
    return ops


def _fuzz(operation: Any, headers: dict[str, str] | None) -> None:
    """Hypothesis over one operation's generated cases (valid and invalid)."""

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        # Reviews and merges also have rules no schema can state (low <= value <= high, the
        # name to merge must exist): a 422/404 for those is right, so positive-data
        # acceptance is not demanded of writes. Every other check runs on every operation.
        excluded = [positive_data_acceptance] if case.method == "POST" else []
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    check()


@pytest.mark.parametrize("signed", [False, True], ids=["anonymous", "signed-in"])
def test_api_matches_its_schema(operations: list[Any], signed_in: dict[str, Any], signed: bool) -> None:
    """Anonymous callers: reads work and writes are refused; a signed-in reviewer with the CSRF
    token: generated reviews and merges are applied or refused with 4xx. Never a 5xx, and every
    response has a documented status and matches its schema."""
    for operation in operations:
        _fuzz(operation, signed_in["headers"] if signed else None)


def test_schema_documents_pagination_and_filters(signed_in: dict[str, Any]) -> None:
    with make_client_for(signed_in) as client:
        spec = client.get("/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/figures"]["get"]["parameters"]}
    assert {"metric", "claimant", "subject", "since", "until", "doc", "limit", "offset"} <= params
    assert set(spec["paths"]) >= {"/api/figures", "/api/figures/{figure_id}", "/api/documents",
                                  "/api/quantities", "/api/claimants", "/api/audit",
                                  "/api/figures/{figure_id}/review", "/api/merges"}


def make_client_for(signed_in: dict[str, Any]) -> Any:
    from fastapi.testclient import TestClient

    return TestClient(signed_in["app"])
