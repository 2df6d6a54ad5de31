"""Headless Chromium for the browser tests: Debian's binary at $CLAIMTALLY_CHROMIUM, driven by
Playwright for Python through `executable_path`; no browser is ever downloaded.

Without the variable the browser tests skip, except in CI (CI=true), where they must run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import required_env

CHROMIUM_ENV = "CLAIMTALLY_CHROMIUM"


def chromium_path() -> str:
    path = required_env(CHROMIUM_ENV, "headless-Chromium browser tests")
    if not Path(path).is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"${CHROMIUM_ENV}={path} is not an executable browser")
    return path


def launch_chromium(args: Sequence[str]) -> Iterator[Any]:
    """Yield a headless Chromium launched with `args`, closed afterwards (for a fixture)."""
    exe = chromium_path()
    from playwright.sync_api import sync_playwright  # no browser download

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=list(args))
        try:
            yield browser
        finally:
            browser.close()
