"""Loading a finished dataset into the ledger (SQLite or PostgreSQL) in bulk.

Documents go in reading (uid) order, a few hundred per transaction (`Ledger.bulk_writer`),
with ingest's rules: the same key and text already stored is "unchanged", a changed text is
a new version, and a copy links to the first stored copy it resembles. The look-alikes of a
document come from two places: the dataset's confirmed pairs (the documents of this run) and
an LSH index of what the ledger held before the load (built once, as `ingest` builds it); the
first-copy rule then sees the same candidates a one-process ingest would have seen. A killed
load is simply run again: what it had committed comes back "unchanged".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from claimtally.ingest.language import is_supported
from claimtally.ingest.pipeline import IngestSummary, first_copy
from claimtally.model import Document, Figure
from claimtally.scale import dataset

BATCH = 500
_DOC_FIELDS = ("source", "url", "canonical_url", "site", "title", "author", "published", "language", "fetched_at")


def _documents(root: Path) -> Iterator[tuple[dict[str, Any], list[Figure]]]:
    """Every document of the dataset with its figures, in uid order, one partition at a time."""
    import pyarrow.parquet as pq

    names = sorted({p.name.rsplit("-", 1)[0] for p in (root / "documents").glob("*/*.parquet")})
    for name in names:
        docs = [r for f in dataset.partition_files(root, "documents", name) for r in pq.read_table(f).to_pylist()]
        figs: dict[int, list[Figure]] = defaultdict(list)
        for f in dataset.partition_files(root, "figures", name):
            for r in pq.read_table(f).to_pylist():
                figs[r["doc_uid"]].append(Figure.from_dict(r))
        for fig_list in figs.values():
            fig_list.sort(key=lambda f: (f.start, f.end))
        for row in sorted(docs, key=lambda r: r["uid"]):
            yield row, figs.get(row["uid"], [])


class _Lookalikes:
    """Candidates of one document among what the ledger held before this load (ingest's own
    DuplicateFinder index), and (key, duplicate_of) rows for ids, read from memory for the
    documents this load added (not committed yet within a batch) and from the ledger otherwise."""

    def __init__(self, ledger: Any) -> None:
        from sqlalchemy import func, select

        from claimtally.ingest.pipeline import DuplicateFinder
        from claimtally.ledger.schema import documents

        self.ledger = ledger
        self.finder = DuplicateFinder(ledger)
        with ledger.engine.connect() as conn:
            self.ceiling = conn.execute(select(func.max(documents.c.id))).scalar() or 0
        self.mine: dict[int, tuple[str, int | None]] = {}

    def before(self, digest: str, sig: bytes) -> list[int]:
        from claimtally.ingest.dedupe import signature_from_bytes

        if not self.ceiling:
            return []
        ids = self.finder.index.candidates(signature_from_bytes(sig))
        exact = self.ledger.find_by_hash(digest)
        if exact is not None and exact <= self.ceiling and exact not in ids:
            ids.insert(0, exact)
        return ids

    def rows_of(self, ids: Any) -> dict[int, tuple[str, int | None]]:
        found = {i: self.mine[i] for i in ids if i in self.mine}
        rest = [i for i in ids if i not in found]
        return {**found, **(self.finder._rows(rest) if rest else {})}


def load_dataset(root: Path, ledger: Any, sources: list[str]) -> IngestSummary:
    """Load every document of a complete dataset into `ledger`; returns ingest's summary counts."""
    from claimtally.ledger import LedgerError

    partners: dict[int, list[int]] = defaultdict(list)
    for a, b in dataset.read_pairs(root):
        partners[max(a, b)].append(min(a, b))
    involved = set(partners) | {a for found in partners.values() for a in found}
    look = _Lookalikes(ledger)
    ledger_id: dict[int, int] = {}  # uid -> ledger id, for the documents other documents resemble
    summary = IngestSummary()
    summary.run_id = run_id = ledger.start_run(sources)
    status = "finished"
    try:
        rows = _documents(root)
        while batch := list(islice(rows, BATCH)):
            with ledger.bulk_writer() as add:
                for row, figures in batch:
                    doc = Document(id=row["doc_key"], text=row["text"], **{k: row[k] for k in _DOC_FIELDS})
                    ids = look.before(row["text_hash"], row["minhash"])
                    ids += [ledger_id[i] for i in partners.get(row["uid"], ()) if i in ledger_id and ledger_id[i] not in ids]
                    dup = first_copy(doc.id, ids, look.rows_of(ids), look.rows_of) if ids else None
                    res = add(doc, figures, text_hash=row["text_hash"], minhash=row["minhash"], duplicate_of=dup,
                              run_id=run_id, extractor_version=row["extractor_version"])
                    if row["uid"] in involved:
                        ledger_id[row["uid"]] = res.document_id
                        if res.status != "unchanged":
                            look.mine[res.document_id] = (doc.id, dup)
                    if res.status == "unchanged":
                        summary.unchanged += 1
                        summary.skipped += 1
                        continue
                    summary.documents += 1
                    summary.figures += len(figures)
                    summary.duplicates += dup is not None
                    summary.new_versions += res.status == "new_version"
                    summary.unsupported_language += not is_supported(doc.language)
    except LedgerError:
        status = "failed"
        raise
    finally:
        ledger.finish_run(run_id, documents=summary.documents, figures=summary.figures, skipped=summary.skipped,
                          failed=summary.failed, status=status)
    return summary

