"""A chart request for labels with control characters answers with an SVG and the server lives
(issue 11, item 6): vl-convert aborted the whole `serve` process on such a string.

The server runs as its own process (`claimtally serve`), since an abort in-process would take
the test runner down with it. The hostile figure is stored through the ledger API, as a ledger
from before the extractor cleaned its labels would hold it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from claimtally.ledger import open_ledger
from claimtally.model import Document, Figure
from tests.web.conftest import add_text, free_port

SUBJECT = "Russian troops\x01\x1b[2J"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@pytest.fixture
def server(sqlite_db: str) -> Iterator[str]:
    text = "The ministry said 498 troops were killed.\x07"
    with open_ledger(sqlite_db) as ledger:
        for day, value in (("2022-03-02", 498), ("2022-03-09", 1351)):
            fig = Figure(doc=f"hostile-{day}", start=18, end=21, text="498", sentence=text, value=value, low=value,
                         high=value, approx=False, qualifier=None, metric="killed", subject=SUBJECT,
                         claimant="the Ministry\x07 of\x0b Defence", claimant_kind="government", claim_date=day)
            add_text(ledger, Document(id=f"hostile-{day}", text=text + day, title="Toll\x1b]0;x\x07",
                                      published=day), [fig])
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "claimtally.cli", "serve", "--db", sqlite_db, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/healthz", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        yield base
        assert proc.poll() is None, "the server process died"
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.parametrize("asked", [None, "no such\x02 quantity\ufffe"], ids=["stored", "asked-for"])
def test_chart_of_labels_with_controls_renders_and_the_server_lives(server: str, asked: str | None) -> None:
    if asked is None:  # the quantity of the hostile figures, by the key the API gives it
        listed = httpx.get(server + "/api/quantities", timeout=60).json()["items"]
        asked = next(q["key"] for q in listed if q["family"] == "losses")
    resp = httpx.get(server + "/quantity/chart.svg", params={"key": asked}, timeout=60)
    if "no such" in asked:
        assert resp.status_code == 404  # an unknown key names no quantity; the answer must still be safe
    else:
        assert resp.status_code == 200
        assert resp.text.startswith("<svg")
    assert not CONTROL.search(resp.text)
    assert httpx.get(server + "/healthz", timeout=5).status_code == 200
