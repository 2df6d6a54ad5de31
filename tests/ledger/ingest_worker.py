"""One of two ingest processes for the concurrent duplicate-linking test (run as a script).

    python ingest_worker.py DB SIDE [GO_FILE]

Every story of `stories()` exists twice: once written by side "a", once by side "b", under
different document keys; which copy is the original (plain text) and which the copy (an exact
re-save or a syndicated version with a byline and footer) alternates, so both sides write
originals and copies, interleaved. The documents go through the real ingest pipeline
(`ingest_items`, hashing, MinHash, the ledger); extraction is left out (it does not matter here)
and replaced by a short pause, so the two processes' writes interleave.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from claimtally.ingest.pipeline import ingest_items
from claimtally.ingest.read import Item
from claimtally.ledger import open_ledger
from claimtally.model import Document

N_STORIES = 60
PLACES = ["Kharkiv", "Odesa", "Dnipro", "Lviv", "Mykolaiv", "Sumy", "Kherson", "Zaporizhzhia", "Poltava", "Chernihiv"]


def story(i: int) -> str:
    place = PLACES[i % len(PLACES)]
    return (
        f"Story {i}. Officials in {place} said {i + 7} people were killed and {2 * i + 11} wounded when a strike "
        f"hit district {i} of the city on the morning of day {i}. Rescue team {i} searched the rubble of building "
        f"{i * 13} through the night, the regional governor of {place} said in statement number {i}. Police "
        f"detained {i + 3} people at a protest in square {i} later that day, according to report {i} from "
        f"the interior ministry, which gave no further details about case {i} or the charges involved."
    )


def copy_of(i: int) -> str:
    if i % 3 == 0:
        return story(i).upper()  # an exact copy once normalised (re-save, other casing)
    return f"KYIV (Wire) - {story(i)} Reporting by Desk {i}; editing by Editor {i}."


def documents(side: str) -> list[Document]:
    docs = []
    for i in range(N_STORIES):
        original = (i % 2 == 0) == (side == "a")
        text = story(i) if original else copy_of(i)
        docs.append(Document(id=f"{side}-{i:03d}", text=text, source=f"worker {side}", language="en"))
    return docs


def main(argv: list[str]) -> int:
    db, side = argv[0], argv[1]
    if len(argv) > 2:
        go = Path(argv[2])
        while not go.exists():
            time.sleep(0.005)

    def pause(text: str, published: str | None, doc_id: str) -> list:
        time.sleep(0.01)
        return []

    with open_ledger(db) as ledger:
        summary = ingest_items((Item(d.source, document=d) for d in documents(side)), ledger, sources=[side],
                               extract_fn=pause)
    print(summary.line())
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
