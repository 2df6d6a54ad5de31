"""The dashboard pages: they render, and hostile article text is shown as text, never markup."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from claimtally.web.pages import fmt_figure, segments
from tests.web.conftest import copy_ledger, make_client


@pytest.fixture(scope="module")
def client(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    copy = tmp_path_factory.mktemp("pages") / "ledger.db"
    copy_ledger(template_db, copy)
    with make_client(str(copy)) as c:
        yield c


def _hostile_doc_id(client: Any) -> int:
    docs = client.get("/api/documents", params={"q": "hostile"}).json()["items"]
    return int(docs[0]["id"])


def test_hostile_article_is_escaped(client: Any) -> None:
    page = client.get(f"/documents/{_hostile_doc_id(client)}")
    assert page.status_code == 200
    html = page.text
    # The markup in the article, title and url is there as visible text ...
    assert "&lt;script&gt;window.__pwned = 1;" in html
    assert "&lt;img src=x onerror=&#34;window.__pwned = 2&#34;&gt;" in html
    assert "&lt;a href=&#34;javascript:window.__pwned=3&#34;&gt;" in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html  # not evaluated as a template either
    # ... and none of it is live markup.
    assert "<script>window" not in html and "<script>alert" not in html
    assert "onerror=" not in html.replace("&#34;", '"').split("&lt;img", 1)[0]
    assert not re.search(r"<img[^>]*onerror", html)
    assert not re.search(r"<a[^>]*href=\"javascript:", html)
    assert "<style>" not in html
    # The only scripts are the site's own file and the JSON data block.
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/app.js" defer>',
        '<script id="figure-data" type="application/json">',
    ]
    data = html.split('<script id="figure-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data  # tojson escapes <, > and & so the block cannot be closed early


def test_figure_highlight_wraps_the_number(client: Any) -> None:
    html = client.get(f"/documents/{_hostile_doc_id(client)}").text
    assert re.search(r'<mark class="fig [^"]*" data-fid="\d+"[^>]*>12</mark>', html)


def test_pages_send_a_strict_content_security_policy(client: Any) -> None:
    resp = client.get("/")
    csp = resp.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp and "unsafe-inline" not in csp
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.headers["x-frame-options"] == "DENY"


def test_hostile_names_in_tables_and_chart(client: Any) -> None:
    html = client.get("/claimants").text
    assert "&lt;script&gt;alert(&#39;claimant&#39;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    quantities = client.get("/api/quantities", params={"limit": 500}).json()["items"]
    hostile = next(q for q in quantities if q["subject"].startswith("<b"))
    # an old-style link (metric and subject) leads to the quantity's own page
    old = client.get("/quantity", params={"metric": hostile["metric"], "subject": hostile["subject"]},
                     follow_redirects=False)
    assert old.status_code == 303 and old.headers["location"].startswith("/quantity?key=")
    params = {"key": hostile["key"]}
    page = client.get("/quantity", params=params)
    assert page.status_code == 200 and "<b onmouseover" not in page.text
    svg = client.get("/quantity/chart.svg", params=params)
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert "<script" not in svg.text and "onmouseover" not in svg.text.replace("&lt;b onmouseover", "")
    assert svg.headers["content-security-policy"].startswith("default-src 'none'")


@pytest.mark.parametrize(
    "path",
    ["/", "/claimants", "/audit", "/login", "/search?q=killed", "/search?q=", "/search?q=%25_%5C",
     "/static/app.js", "/static/app.css", "/healthz", "/openapi.json"],
)
def test_pages_render(client: Any, path: str) -> None:
    assert client.get(path).status_code == 200


def test_every_linked_page_renders(client: Any) -> None:
    """Follow every local link of the overview once: quantity, claimant, document, figure pages."""
    html = client.get("/").text
    links = {a.replace("&amp;", "&") for a in re.findall(r'href="(/[^"]*)"', html)}
    kinds = set()
    for link in sorted(links):
        resp = client.get(link)
        assert resp.status_code == 200, link
        kinds.add(link.split("?")[0].split("/")[1])
    assert {"quantity", "claimant", "documents"} <= kinds
    fig = client.get("/api/figures", params={"limit": 1}).json()["items"][0]
    assert client.get(f"/figures/{fig['id']}").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/documents/999999", "/figures/999999", "/claimant?name=nobody%20at%20all",
     "/quantity?metric=killed&subject=nothing%20here", "/quantity?metric=bogus&subject=x",
     "/quantity?key=losses%3Anothing", "/quantity/chart.svg?key=losses%3Anothing"],
)
def test_missing_things_are_404_pages(client: Any, path: str) -> None:
    resp = client.get(path)
    assert resp.status_code == 404 and "Not found" in resp.text


@pytest.mark.parametrize(
    ("figs", "expected"),
    [
        ([], [("abcdef", None)]),
        ([{"id": 1, "start": 1, "end": 3}], [("a", None), ("bc", 1), ("def", None)]),
        ([{"id": 1, "start": 0, "end": 3}, {"id": 2, "start": 2, "end": 4}], [("abc", 1), ("def", None)]),
        ([{"id": 1, "start": 4, "end": 99}], [("abcdef", None)]),  # offsets past the text: skipped
        ([{"id": 1, "start": 3, "end": 3}], [("abcdef", None)]),
    ],
)
def test_segments(figs: list[dict[str, Any]], expected: list[tuple[str, int | None]]) -> None:
    got = [(text, f["id"] if f else None) for text, f in segments("abcdef", figs)]
    assert got == expected


@pytest.mark.parametrize(
    ("rec", "shown"),
    [
        ({"value": 498, "low": 498, "high": 498}, "498"),
        ({"value": 13500, "low": None, "high": 13500, "approx": True}, "~ ≤ 13,500"),
        ({"value": 100, "low": 100, "high": None}, "≥ 100"),
        ({"value": 300, "low": None, "high": None, "approx": True}, "~ 300"),
        ({"value": None, "low": 200, "high": 999, "approx": True}, "~ 200–999"),
        ({"value": None, "low": None, "high": None}, "?"),
    ],
)
def test_figure_display(rec: dict[str, Any], shown: str) -> None:
    assert fmt_figure(rec) == shown


def test_timeline_uses_the_compare_chart_and_handles_undated_figures() -> None:
    from claimtally.compare.claimants import load_aliases
    from claimtally.compare.core import annotate
    from claimtally.compare.quantities import build_quantities
    from claimtally.compare.subjects import load_subject_rules
    from claimtally.web.charts import timeline_svg

    row = {"id": 1, "document_id": 1, "doc": "d", "metric": "killed", "subject": "civilians", "place": "Kharkiv",
           "claimant": "Regional governor", "claimant_kind": "government", "value": 14, "low": 14,
           "high": 14, "approx": False, "claim_date": "2022-04-20", "sentence": "s", "text": "14"}
    rules = load_subject_rules()

    def quantity(rows: list[dict[str, Any]]) -> Any:
        (q,) = build_quantities(annotate(rows, load_aliases(use_env=False), rules), rules)
        return q

    svg = timeline_svg(quantity([row, {**row, "id": 2, "claimant": "Monitors", "value": 17, "low": 17, "high": 17,
                                       "claim_date": "2022-04-22"}]))
    assert svg.startswith("<svg") and "Monitors" in svg and "civilians in Kharkiv" in svg
    undated = timeline_svg(quantity([{**row, "claim_date": None}]))
    assert "No dated figures to chart" in undated
