"""Chart files open in headless Chromium with the network blocked and show one series per claimant.

Chromium is the Debian package at $CLAIMTALLY_CHROMIUM (as `.ci/run` exports it), driven by
Playwright for Python through `executable_path` (`tests/browser.py`); no browser is ever
downloaded. Without the variable these tests skip, except in CI (CI=true), where they must run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimtally.cli import main
from claimtally.model import Document
from tests.browser import launch_chromium

from .conftest import figure, store

#: Chromium switches that leave it no way to reach a network even if a page asked.
NO_NETWORK_ARGS = [
    "--no-sandbox",
    "--headless",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
CLAIMANTS = ["Russian Defence Ministry (government)", "Ukrainian military (government)",
             "UK Ministry of Defence (international)"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_chromium(NO_NETWORK_ARGS)


@pytest.fixture(scope="module")
def charts(tmp_path_factory) -> dict[str, Path]:
    """One quantity with three claimants over several dates, written as html, svg and png."""
    tmp = tmp_path_factory.mktemp("charts")
    db = str(tmp / "l.db")
    figs = [
        figure(doc="a", value=498, claimant="Russia's military", claim_date="2022-03-02", start=0),
        figure(doc="a", value=11000, low=None, high=11000, claimant="The Ukrainian military",
               claim_date="2022-03-07", start=10),
        figure(doc="a", value=None, low=7000, high=15000, claimant="British intelligence",
               claimant_kind="international", claim_date="2022-03-17", start=20),
        figure(doc="a", value=1351, claimant="the Russian Defence Ministry", claim_date="2022-03-25", start=30),
        figure(doc="a", value=15600, low=None, high=15600, claimant="Ukraine's military",
               claim_date="2022-03-25", start=40),
    ]
    store(db, [(Document("a", "text", url="https://example.org/a", published="2022-03-25"), figs)])
    out = {}
    for suffix in ("html", "svg", "png"):
        path = tmp / f"chart.{suffix}"
        assert main(["chart", "losses:russian troops", "--db", db, "--out", str(path)]) == 0
        out[suffix] = path
    return out


def open_offline(browser, path: Path):
    """A page that has loaded `path` with every non-file request refused and recorded."""
    context = browser.new_context(offline=True)
    page = context.new_page()
    requested: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            requested.append(url)
            route.abort()

    page.route("**/*", guard)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    return context, page, requested, errors


def test_network_guard_catches_a_cdn_script(browser, tmp_path):
    """The check itself works: a page that wants a CDN is caught, not silently passed."""
    page_file = tmp_path / "cdn.html"
    page_file.write_text('<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>x', encoding="utf-8")
    context, _page, requested, _ = open_offline(browser, page_file)
    context.close()
    assert requested == ["https://cdn.jsdelivr.net/npm/vega@5"]


def series_and_legend(page) -> tuple[int, list[str]]:
    lines = page.locator("g.mark-line path").count()
    legend = page.locator("g.role-legend-label text").all_text_contents()
    return lines, legend


def test_html_chart_renders_offline_one_series_per_claimant(browser, charts):
    context, page, requested, errors = open_offline(browser, charts["html"])
    try:
        page.wait_for_selector("body[data-rendered='1'], body[data-error]", timeout=30_000)
        assert page.get_attribute("body", "data-error") is None
        lines, legend = series_and_legend(page)
        assert lines == len(CLAIMANTS)
        assert set(CLAIMANTS) <= set(legend)
        assert requested == [] and errors == []
        # hovering a point shows its sentence and source
        page.locator("g.mark-symbol path").first.hover(force=True)
        tip = page.locator("#vg-tooltip-element")
        tip.wait_for(state="visible", timeout=5_000)
        text = tip.inner_text()
        assert "said" in text and "example.org" in text
    finally:
        context.close()


def test_svg_chart_opens_offline_one_series_per_claimant(browser, charts):
    context, page, requested, _ = open_offline(browser, charts["svg"])
    try:
        lines, legend = series_and_legend(page)
        assert lines == len(CLAIMANTS)
        assert set(CLAIMANTS) <= set(legend)
        assert requested == []
    finally:
        context.close()


def test_png_chart_opens(browser, charts):
    context, page, requested, _ = open_offline(browser, charts["png"])
    try:
        width = page.evaluate("document.images[0] && document.images[0].naturalWidth")
        assert width and width > 300
        assert requested == []
    finally:
        context.close()
