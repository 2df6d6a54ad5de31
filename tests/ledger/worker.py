"""A small ingest process for the crash and concurrency tests (run as a script).

    python worker.py DB FIRST LAST [GO_FILE]

Adds the synthetic documents FIRST..LAST-1 (see `make_document`) one `add_document` each,
printing `<index> <status>` after every one so the parent knows how far it got. With
GO_FILE, it waits for that file to exist before opening the ledger, so two workers start
together.
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

from claimtally.ledger import open_ledger
from claimtally.model import Document, Figure

CLAIMANTS = [("the health ministry", "government"), ("UN OCHA", "international"),
             ("Human Rights Watch", "independent"), (None, None)]


def figures_in(index: int) -> int:
    """How many figures document `index` has (varies, so partial documents would show)."""
    return 10 + index % 7


def make_document(index: int) -> tuple[Document, list[Figure], str]:
    sentence = f"Officials said {index} people were killed in town {index}."
    text = " ".join([sentence] * 3)
    doc = Document(id=f"doc-{index:05d}", text=text, url=f"https://example.org/{index}",
                   site="example.org", title=f"Report {index}", published="2022-03-07")
    figs = []
    for k in range(figures_in(index)):
        claimant, kind = CLAIMANTS[k % len(CLAIMANTS)]
        figs.append(Figure(doc=doc.id, start=k, end=k + 2, text=str(index), sentence=sentence,
                           value=index + k, low=index + k, high=index + k, approx=False,
                           qualifier=None, metric="killed", subject="people", claimant=claimant,
                           claimant_kind=kind, remarks=["unverified"] if k % 2 else []))
    return doc, figs, hashlib.sha256(text.encode()).hexdigest()


def main(argv: list[str]) -> int:
    db, first, last = argv[0], int(argv[1]), int(argv[2])
    if len(argv) > 3:
        go = Path(argv[3])
        while not go.exists():
            time.sleep(0.005)
    with open_ledger(db) as ledger:
        run = ledger.start_run([f"worker {first}-{last}"])
        for i in range(first, last):
            doc, figs, digest = make_document(i)
            res = ledger.add_document(doc, figs, text_hash=digest, run_id=run, extractor_version="test")
            print(i, res.status, flush=True)
        ledger.finish_run(run, documents=last - first)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
