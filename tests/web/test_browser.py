"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright.

No browser is downloaded: Playwright launches the binary named by $CLAIMTALLY_CHROMIUM (`.ci/run`
exports /usr/bin/chromium). Without it these tests skip, except under CI=true, where they fail.
The walk-through is the issue's: open the dashboard on a ledger built from the example articles,
see the timeline render, sign in, correct a figure, reload, see the correction and its audit entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import launch_chromium
from tests.web.conftest import PASSWORD, live_server

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_chromium(LAUNCH_ARGS)


@pytest.fixture
def site(sqlite_db: str) -> Iterator[str]:
    with live_server(sqlite_db) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.problems = []  # console errors and failed requests: CSP violations would show here
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(msg.text))
    page.on("pageerror", lambda exc: page.problems.append(str(exc)))
    page.on("requestfailed", lambda req: page.problems.append(f"failed: {req.url}"))
    yield page
    context.close()


def test_timeline_sign_in_correct_reload(page: Any, site: str) -> None:
    page.goto(site + "/")
    assert page.locator("#quantities tbody tr").count() >= 1
    # The most contested quantity: its page shows the server-drawn timeline.
    page.locator("#quantities tbody tr").first.locator("a").click()
    page.wait_for_load_state("load")
    chart = page.locator("img#timeline")
    chart.wait_for()
    page.wait_for_function("() => { const i = document.querySelector('#timeline');"
                           " return i && i.complete && i.naturalWidth > 300; }")
    assert page.locator("table.figs tbody tr").count() >= 2
    figure_url = page.locator("table.figs tbody tr").first.locator("td").nth(1).locator("a").get_attribute(
        "href")

    # Sign in through the form.
    page.goto(site + "/login?next=" + figure_url)
    page.fill("input[name=name]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(site + figure_url)
    assert page.locator("#signed-in").inner_text() == "Signed in as alice"

    # Correct the figure: a new value with matching bounds, and a claimant.
    page.fill("#review-form input[name=value]", "4321")
    page.fill("#review-form input[name=low]", "4321")
    page.fill("#review-form input[name=high]", "4321")
    page.fill("#review-form input[name=claimant]", "Reviewed Source")
    page.click("#review-form button[value=correct]")
    page.wait_for_url(site + figure_url)

    page.reload()
    assert "4,321" in page.locator("#figure-value").inner_text()
    assert page.locator("#review-status").inner_text() == "corrected"
    assert page.locator('#current td[data-field="claimant"]').inner_text() == "Reviewed Source"
    audit = page.locator("#audit tbody tr").first.inner_text()
    assert "alice" in audit and "correct" in audit and "4321" in audit and "Reviewed Source" in audit

    # The audit log page and the claimant page agree.
    page.goto(site + "/audit")
    assert "alice" in page.locator("table.audit tbody tr").first.inner_text()
    page.goto(site + "/claimant?name=Reviewed%20Source")
    assert "4,321" in page.locator("table.figs").inner_text()
    assert page.problems == []


def test_hostile_article_is_shown_as_text_and_never_runs(page: Any, site: str) -> None:
    page.goto(site + "/")
    page.fill("header input[name=q]", "hostile")
    page.press("header input[name=q]", "Enter")
    page.wait_for_load_state("load")
    page.locator("main a[href^='/documents/']").first.click()
    page.wait_for_load_state("load")
    text = page.locator("#article-text").inner_text()
    assert "<script>window.__pwned = 1;" in text
    assert '<img src=x onerror="window.__pwned = 2">' in text
    assert '<a href="javascript:window.__pwned=3">' in text
    assert page.evaluate("() => window.__pwned") is None
    assert page.title() != "pwned"
    assert page.locator("#article-text img, #article-text a, #article-text script").count() == 0
    assert page.locator("h1").inner_text() == "<script>alert('title')</script>"
    assert page.locator("body").is_visible()  # the article's <style> did not hide the page
    # A click on the highlighted figure shows its record, as text.
    page.locator("mark.fig").first.click()
    record = page.locator("#record").inner_text()
    assert '"metric": "killed"' in record and "<script>alert('claimant')</script>" in record
    assert page.evaluate("() => window.__pwned") is None
    assert page.problems == []


def test_private_dashboard_asks_for_sign_in(browser: Any, sqlite_db: str) -> None:
    with live_server(sqlite_db, private=True) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "/")
        assert page.url == url + "/login"
        page.fill("input[name=name]", "alice")
        page.fill("input[name=password]", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_url(url + "/")
        assert page.locator("#quantities").count() == 1
        context.close()
