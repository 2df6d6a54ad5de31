"""Control characters in ledger strings: `chart` renders them as pictures instead of aborting, the
`compare` table shows them escaped instead of sending them to the terminal (issue 11, items 6, 12).

The ledger rows are written through the ledger API, as a claimtally older than the extractor's
label cleaning would have stored them. `chart` runs in a subprocess: vl-convert's panic on such a
string aborts the whole process, which would take the test runner with it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from claimtally.cli import main
from claimtally.model import Document

from .conftest import figure, store

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
HOSTILE_SENTENCE = "The ministry\x07 said 498 troops\x1b[2J were killed.\x0b"


def hostile_ledger(db: str) -> None:
    store(db, [
        (Document("hostile\x1b]0;pwned\x07", HOSTILE_SENTENCE, title="Toll\x0b rises\x1b[31m", site="ex\x01ample.org",
                  published="2022-03-07"), [
            figure(doc="hostile\x1b]0;pwned\x07", value=498, claimant="the Ministry\x01 of\x1b[2J Defence",
                   subject="Russian troops\x0c\x85 \\x07", sentence=HOSTILE_SENTENCE, claim_date="2022-03-02",
                   remarks=["unverified\x1b[5m"]),
            figure(doc="hostile\x1b]0;pwned\x07", value=13500, claimant="a monitor\x1f", claimant_kind="independent",
                   subject="Russian troops\x0c\x85 \\x07", sentence=HOSTILE_SENTENCE, claim_date="2022-03-05"),
        ]),
    ])


@pytest.mark.parametrize("suffix", ["svg", "png", "html"])
def test_chart_renders_labels_with_control_characters(tmp_path: Path, suffix: str) -> None:
    db = str(tmp_path / "ledger.db")
    hostile_ledger(db)
    out = tmp_path / f"chart.{suffix}"
    proc = subprocess.run([sys.executable, "-m", "claimtally.cli", "chart", "russian troops", "--db", db,
                           "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, (proc.returncode, proc.stderr)
    assert out.stat().st_size > 1000
    assert not CONTROL.search(proc.stderr)
    if suffix != "png":
        text = out.read_text(encoding="utf-8")
        assert not CONTROL.search(text)
        assert "the Ministry\u2401 of\u241b[2J Defence" in text  # the claimant's controls, as pictures


def test_compare_table_escapes_control_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "ledger.db")
    hostile_ledger(db)
    assert main(["compare", "--db", db, "--table"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and not CONTROL.search(out)
    assert "the Ministry\\x01 of\\x1b[2J Defence" in out
    assert "hostile\\x1b]0;pwned\\x07#" in out  # the source id, escaped and whole


def test_compare_json_keeps_the_text_exact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Machine formats are data, not display: the same strings come back exactly."""
    import json

    db = str(tmp_path / "ledger.db")
    hostile_ledger(db)
    assert main(["compare", "--db", db, "--nl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert any(r["sentence"] == HOSTILE_SENTENCE for r in rows)
