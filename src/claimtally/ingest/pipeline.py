"""Documents into the ledger: duplicate detection, extraction, one transaction per document.

For each document: the normalised text hash and MinHash are computed; an exact copy stored
before (`find_by_hash`) or a near copy found in the LSH index (rebuilt from the ledger's stored
signatures at the start of a run, and grown as the run stores documents) makes it a duplicate,
linked to the *first* copy (the root of the candidate's own duplicate link); versions of the
same document key are never duplicates of each other. Documents in a language the extractor
does not read are stored with their language and no figures. Duplicates are stored with their
figures; comparisons leave out figures of documents with `duplicate_of` set, so a syndicated
wire story counts once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from claimtally import __version__
from claimtally.ingest.dedupe import NearDuplicateIndex, minhash, normalise_text, signature_bytes, text_hash
from claimtally.ingest.language import is_supported
from claimtally.ingest.read import Item, Reader, ReadOptions
from claimtally.model import Document, Figure

EXTRACTOR_VERSION = f"claimtally {__version__}"

ExtractFn = Callable[[str, str | None, str], list[Figure]]


@dataclass(slots=True)
class IngestSummary:
    """Counts for the closing line; `failed` > 0 makes the command exit non-zero."""

    documents: int = 0
    figures: int = 0
    skipped: int = 0
    failed: int = 0
    duplicates: int = 0
    unsupported_language: int = 0
    unchanged: int = 0
    new_versions: int = 0
    run_id: int | None = None

    def line(self) -> str:
        extra = []
        if self.duplicates:
            extra.append(f"{self.duplicates} duplicate{'s' * (self.duplicates != 1)}")
        if self.new_versions:
            extra.append(f"{self.new_versions} new version{'s' * (self.new_versions != 1)}")
        if self.unsupported_language:
            extra.append(f"{self.unsupported_language} not extracted (language)")
        if self.unchanged:
            extra.append(f"{self.unchanged} already in the ledger")
        tail = f" ({', '.join(extra)})" if extra else ""
        return (
            f"{self.documents} documents, {self.figures} figures, {self.skipped} skipped, "
            f"{self.failed} failed{tail}"
        )


def _default_extract(text: str, published: str | None, doc_id: str) -> list[Figure]:
    from claimtally.extract import extract

    return extract(text, published, doc_id)


class DuplicateFinder:
    """Exact and near duplicates against what the ledger holds, kept current during a run."""

    def __init__(self, ledger) -> None:  # noqa: ANN001 - claimtally.ledger.Ledger
        self.ledger = ledger
        self.index = NearDuplicateIndex()
        self.index.load(ledger.iter_signatures())

    def _rows(self, ids: Sequence[int]) -> dict[int, tuple[str, int | None]]:
        from sqlalchemy import select

        from claimtally.ledger.schema import documents

        stmt = select(documents.c.id, documents.c.doc_key, documents.c.duplicate_of).where(
            documents.c.id.in_(list(ids))
        )
        with self.ledger.engine.connect() as conn:
            return {int(r.id): (r.doc_key, r.duplicate_of) for r in conn.execute(stmt)}

    def find(self, doc_key: str, digest: str, sig) -> tuple[int | None, bool]:  # noqa: ANN001
        """(id of the first stored copy of this text under another key or None, already stored).

        "Already stored" means this key with this exact text is in the ledger, so the document
        will come back "unchanged" and need not be extracted again.
        """
        ids: list[int] = []
        exact = self.ledger.find_by_hash(digest)
        if exact is not None:
            ids.append(exact)
        ids.extend(i for i in self.index.candidates(sig) if i not in ids)
        if not ids:
            return None, False
        rows = self._rows(ids)
        if exact is not None and exact in rows and rows[exact][0] == doc_key:
            return None, True
        return first_copy(doc_key, ids, rows, self._rows), False


RowsFn = Callable[[Sequence[int]], Mapping[int, tuple[str, int | None]]]


def first_copy(doc_key: str, ids: Sequence[int], rows: Mapping[int, tuple[str, int | None]],
               rows_of: RowsFn) -> int | None:
    """The document a new copy under `doc_key` links to, given its stored look-alikes `ids`.

    `rows` holds (doc key, duplicate_of) of those ids and `rows_of` looks up more. Each
    look-alike stands for the copy it was itself linked to (its root); look-alikes and roots
    under the same key are earlier versions of this very document, not sources; the lowest id
    (the first stored) wins. The scale stage resolves its global duplicate links with this
    same rule, so both engines link the same copies.
    """
    roots = []
    for i in ids:
        if i not in rows or rows[i][0] == doc_key:
            continue  # an earlier version of this very document is not a duplicate source
        roots.append(int(rows[i][1]) if rows[i][1] is not None else i)
    if not roots:
        return None
    root_rows = rows_of(roots)
    roots = [r for r in roots if r in root_rows and root_rows[r][0] != doc_key]
    return min(roots) if roots else None


def describe_failure(exc: Exception, expected: tuple[type[Exception], ...]) -> str:
    """The one-line reason a document was not stored, as `ingest` prints it."""
    if isinstance(exc, expected):
        return " ".join(str(exc).split())
    return f"extraction failed ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})"


def ingest_items(
    items: Iterable[Item],
    ledger,  # noqa: ANN001 - claimtally.ledger.Ledger
    *,
    sources: Sequence[str] = (),
    extract_fn: ExtractFn | None = None,
    on_error: Callable[[str, str], None] | None = None,
    on_item: Callable[[Item, IngestSummary], None] | None = None,
) -> IngestSummary:
    """Store every document of `items` in `ledger`; errors are counted and passed to `on_error`."""
    from claimtally.extract import InputTooLarge
    from claimtally.ledger import LedgerError

    extract_fn = extract_fn or _default_extract
    summary = IngestSummary()
    finder = DuplicateFinder(ledger)
    summary.run_id = ledger.start_run(list(sources))

    def fail(source: str, message: str) -> None:
        summary.failed += 1
        if on_error is not None:
            on_error(source, message)

    try:
        for item in items:
            if item.error is not None:
                fail(item.source, item.error)
            elif item.skipped is not None:
                summary.skipped += 1
            elif item.document is not None:
                _store(item.document, item.source, ledger, finder, extract_fn, summary, fail,
                       (InputTooLarge, LedgerError))
            if on_item is not None:
                on_item(item, summary)
    finally:
        ledger.finish_run(
            summary.run_id,
            documents=summary.documents,
            figures=summary.figures,
            skipped=summary.skipped,
            failed=summary.failed,
        )
    return summary


def _store(
    doc: Document,
    source: str,
    ledger,  # noqa: ANN001
    finder: DuplicateFinder,
    extract_fn: ExtractFn,
    summary: IngestSummary,
    fail: Callable[[str, str], None],
    expected: tuple[type[Exception], ...],
) -> None:
    norm = normalise_text(doc.text)
    digest = text_hash(norm, normalised=True)
    sig = minhash(norm, normalised=True)
    try:
        duplicate_of, stored = finder.find(doc.id, digest, sig)
        supported = is_supported(doc.language)
        figures = extract_fn(doc.text, doc.published, doc.id) if supported and not stored else []
        res = ledger.add_document(
            doc,
            figures,
            text_hash=digest,
            minhash=signature_bytes(sig),
            duplicate_of=duplicate_of,
            run_id=summary.run_id,
            extractor_version=EXTRACTOR_VERSION,
        )
    except Exception as exc:  # noqa: BLE001 - one document's extractor bug must not stop a batch
        fail(source, describe_failure(exc, expected))
        return
    if res.status == "unchanged":
        summary.unchanged += 1
        summary.skipped += 1
        return
    finder.index.add(res.document_id, sig)
    summary.documents += 1
    summary.figures += len(figures)
    summary.new_versions += res.status == "new_version"
    summary.duplicates += duplicate_of is not None
    summary.unsupported_language += not supported


def ingest(
    args: Sequence[str],
    ledger,  # noqa: ANN001 - claimtally.ledger.Ledger
    options: ReadOptions | None = None,
    **kwargs,  # noqa: ANN003 - passed to ingest_items
) -> IngestSummary:
    """Library call under `claimtally ingest`: read every SOURCE argument and store it in `ledger`."""
    with Reader(options) as reader:
        return ingest_items(reader.items(reader.expand(args)), ledger, sources=list(args), **kwargs)
