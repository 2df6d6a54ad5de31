"""Loading a finished dataset into the ledger (SQLite or PostgreSQL) in bulk.

Documents go in reading (uid) order, a few hundred per transaction (`Ledger.bulk_writer`),
through the very rules of a one-process ingest: ingest's `DuplicateFinder` decides each link
inside the write transaction (it sees the documents of the batch so far and everything the
ledger held before), the same key and text already stored is "unchanged" (its link repaired if
an older run missed it), a changed text is a new version. So a load gives the ledger a
one-process ingest of the same inputs would give, into an empty ledger or one that already
holds documents. A killed load is simply run again: what it had committed comes back
"unchanged". The dataset's own links (`links/`) are the same answer for the dataset alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from claimtally.ingest.dedupe import signature_from_bytes
from claimtally.ingest.language import is_supported
from claimtally.ingest.pipeline import DuplicateFinder, IngestSummary
from claimtally.model import Document, Figure
from claimtally.scale import dataset

BATCH = 500


def _documents(root: Path) -> Iterator[tuple[dict[str, Any], list[Figure]]]:
    """Every document of the dataset with its figures, in uid order, one partition at a time."""
    import pyarrow.parquet as pq

    names = sorted({p.name.rsplit("-", 1)[0] for p in (root / "documents").glob("*/*.parquet")})
    for name in names:
        docs = [r for f in dataset.partition_files(root, "documents", name) for r in pq.read_table(f).to_pylist()]
        figs: dict[int, list[tuple[int, Figure]]] = defaultdict(list)
        for f in dataset.partition_files(root, "figures", name):
            for r in pq.read_table(f).to_pylist():
                figs[r["doc_uid"]].append((r["uid"], Figure.from_dict(r)))
        for row in sorted(docs, key=lambda r: r["uid"]):
            yield row, [fig for _, fig in sorted(figs.get(row["uid"], []), key=lambda t: t[0])]


def load_dataset(root: Path, ledger: Any, sources: list[str]) -> IngestSummary:
    """Load every document of a complete dataset into `ledger`; returns ingest's summary counts."""
    from claimtally.ledger import LedgerError

    finder = DuplicateFinder(ledger)
    summary = IngestSummary()
    summary.run_id = run_id = ledger.start_run(sources)
    status = "finished"
    try:
        rows = _documents(root)
        while batch := list(islice(rows, BATCH)):
            with ledger.bulk_writer() as add:
                for row, figures in batch:
                    doc = Document(id=row["doc_key"], text=row["text"], **{k: row[k] for k in dataset.DOCUMENT_FIELDS})
                    sig = signature_from_bytes(row["minhash"])
                    res = add(doc, figures, text_hash=row["text_hash"], minhash=row["minhash"], run_id=run_id,
                              extractor_version=row["extractor_version"],
                              find_duplicate=lambda conn, before, d=doc, r=row, s=sig:
                                  finder.find(conn, d.id, r["text_hash"], s, before))
                    if summary.count(res, len(figures), is_supported(doc.language)):
                        finder.index.add(res.document_id, sig)
    except LedgerError:
        status = "failed"
        raise
    finally:
        ledger.finish_run(run_id, documents=summary.documents, figures=summary.figures, skipped=summary.skipped,
                          failed=summary.failed, status=status)
    return summary
