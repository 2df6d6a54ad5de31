"""`claimtally ingest` imports what its inputs need: a text file pays for neither HTTP, HTML, feed
and archive libraries nor datasketch/scipy, and an up-to-date ledger opens without Alembic.
(Wall-time numbers belong to the benchmarks; this is what the time was spent on.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import STORY, article_html

HEAVY = ("httpx", "httpcore", "trafilatura", "htmldate", "lxml", "feedparser", "warcio", "datasketch", "scipy",
         "charset_normalizer", "alembic", "mako")

PROBE = """
import json, sys
from claimtally.cli import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules})]))
"""


def _modules(args: list[str]) -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True).stdout
    code, modules = json.loads(out.splitlines()[-1])
    assert code == 0
    return set(modules)


@pytest.mark.parametrize(
    ("name", "content", "needed"),
    [
        ("story.txt", " ".join(STORY), set()),
        ("page.html", article_html("Page", STORY), {"trafilatura", "htmldate", "lxml", "charset_normalizer"}),
    ],
)
def test_ingest_imports_only_what_the_input_needs(name: str, content: str, needed: set[str], tmp_path: Path) -> None:
    src = tmp_path / name
    src.write_text(content)
    db = str(tmp_path / "l.db")
    _modules(["ingest", "--quiet", "--db", db, str(src)])  # creates the ledger (that run migrates)
    src.write_text(content + " One more sentence makes it a new version.")
    loaded = _modules(["ingest", "--quiet", "--db", db, str(src)])
    assert loaded & set(HEAVY) == needed
