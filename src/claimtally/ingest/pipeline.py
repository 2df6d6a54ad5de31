"""Documents into the ledger: duplicate detection, extraction, one transaction per document.

For each document: the normalised text hash and MinHash are computed; an exact copy stored
before (same text hash) or a near copy found in the LSH index (built from the ledger's stored
signatures at the start of a run) makes it a duplicate, linked to the *first* copy (the root of
the candidate's own duplicate link); versions of the same document key are never duplicates of
each other. Documents in a language the extractor does not read are stored with their language
and no figures. Duplicates are stored with their figures; comparisons leave out figures of
documents with `duplicate_of` set, so a syndicated wire story counts once.

The duplicate check runs inside the ledger's write transaction, after its write lock
(`Ledger.add_document(find_duplicate=...)`), and first adds to the LSH index every document
another process stored since: so two ingests running at once into one ledger link each other's
copies exactly as one ingest would. A document that comes back unchanged has its link checked
the same way, which repairs links an older run (or an older claimtally) missed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from claimtally import __version__
from claimtally.ingest.dedupe import (
    NearDuplicateIndex,
    Signature,
    minhash,
    normalise_text,
    signature_bytes,
    text_hash,
)
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
    #: unchanged documents whose duplicate link was repaired
    relinked: int = 0
    run_id: int | None = None

    def count(self, res, figures: int, supported: bool) -> bool:  # noqa: ANN001 - claimtally.ledger.AddResult
        """Count one stored document (`add_document`'s result); False when it came back unchanged.
        The scale stage's loader counts with this too, so both engines print the same line."""
        if res.status == "unchanged":
            self.unchanged += 1
            self.skipped += 1
            self.relinked += res.relinked
            return False
        self.documents += 1
        self.figures += figures
        self.new_versions += res.status == "new_version"
        self.duplicates += res.duplicate_of is not None
        self.unsupported_language += not supported
        return True

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
        if self.relinked:
            extra.append(f"{self.relinked} duplicate link{'s' * (self.relinked != 1)} repaired")
        tail = f" ({', '.join(extra)})" if extra else ""
        return (
            f"{self.documents} documents, {self.figures} figures, {self.skipped} skipped, "
            f"{self.failed} failed{tail}"
        )


def _default_extract(text: str, published: str | None, doc_id: str, lang: str | None = None) -> list[Figure]:
    from claimtally.extract import extract

    return extract(text, published, doc_id, lang=lang)


def _extract_document(extract_fn: ExtractFn, doc: Document) -> list[Figure]:
    """The built-in extractor reads the language ingest detected (Russian and Ukrainian rules);
    a caller's own extractor keeps the (text, published, id) contract."""
    if extract_fn is _default_extract:
        return _default_extract(doc.text, doc.published, doc.id, doc.language)
    return extract_fn(doc.text, doc.published, doc.id)


class DuplicateFinder:
    """Exact and near duplicates against what the ledger holds, kept current inside each write."""

    def __init__(self, ledger) -> None:  # noqa: ANN001 - claimtally.ledger.Ledger
        self.ledger = ledger
        self.index = NearDuplicateIndex()
        self.index.load(ledger.iter_signatures())  # an unreadable signature: found by exact hash only

    def is_stored(self, doc_key: str, digest: str) -> bool:
        """True when this key with this exact text is in the ledger (it will come back "unchanged",
        so it need not be extracted again)."""
        from sqlalchemy import select

        from claimtally.ledger.schema import documents

        stmt = select(documents.c.id).where(documents.c.doc_key == doc_key, documents.c.text_hash == digest)
        with self.ledger.engine.connect() as conn:
            return conn.execute(stmt.limit(1)).first() is not None

    def find(self, conn, doc_key: str, digest: str, sig: Signature, before: int | None) -> int | None:  # noqa: ANN001
        """The id of the first stored copy of this text under another key, or None. Runs inside the
        write transaction `conn` (see the module docstring); `before` limits it to rows stored
        before that id (a stored row's repair: only an earlier copy can be its original)."""
        from sqlalchemy import func, select

        from claimtally.ledger.schema import documents as d

        newer = select(d.c.id, d.c.minhash).where(d.c.id > self.index.last_id, d.c.minhash.is_not(None))
        self.index.load((int(r.id), bytes(r.minhash)) for r in conn.execute(newer.order_by(d.c.id)))
        exact_q = select(func.min(d.c.id)).where(d.c.text_hash == digest, d.c.doc_key != doc_key)
        if before is not None:
            exact_q = exact_q.where(d.c.id < before)
        exact = conn.execute(exact_q).scalar()
        ids = [int(exact)] if exact is not None else []
        ids.extend(i for i in self.index.candidates(sig) if i not in ids and (before is None or i < before))
        if not ids:
            return None

        def rows_of(wanted: Sequence[int]) -> dict[int, tuple[str, int | None]]:
            stmt = select(d.c.id, d.c.doc_key, d.c.duplicate_of).where(d.c.id.in_(list(wanted)))
            return {int(r.id): (r.doc_key, r.duplicate_of) for r in conn.execute(stmt)}

        return first_copy(doc_key, ids, rows_of(ids), rows_of)


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
    roots = {i if rows[i][1] is None else int(rows[i][1]) for i in ids if i in rows and rows[i][0] != doc_key}
    if not roots:
        return None
    keys = rows_of(sorted(roots))
    roots = {r for r in roots if r in keys and keys[r][0] != doc_key}
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
        stored = finder.is_stored(doc.id, digest)
        supported = is_supported(doc.language)
        figures = _extract_document(extract_fn, doc) if supported and not stored else []
        res = ledger.add_document(
            doc,
            figures,
            text_hash=digest,
            minhash=signature_bytes(sig),
            run_id=summary.run_id,
            extractor_version=EXTRACTOR_VERSION,
            find_duplicate=lambda conn, before: finder.find(conn, doc.id, digest, sig, before),
        )
    except Exception as exc:  # noqa: BLE001 - one document's extractor bug must not stop a batch
        fail(source, describe_failure(exc, expected))
        return
    if summary.count(res, len(figures), supported):
        finder.index.add(res.document_id, sig)


def reader_for(ledger, options: ReadOptions | None = None) -> Reader:  # noqa: ANN001 - claimtally.ledger.Ledger
    """A Reader that knows what `ledger` holds (feed entries already stored are not fetched again)."""
    options = options or ReadOptions()
    if options.known_urls is None:
        options = replace(options, known_urls=ledger.known_urls)
    return Reader(options)


def ingest(
    args: Sequence[str],
    ledger,  # noqa: ANN001 - claimtally.ledger.Ledger
    options: ReadOptions | None = None,
    manifests: Sequence[str] = (),
    **kwargs,  # noqa: ANN003 - passed to ingest_items
) -> IngestSummary:
    """Library call under `claimtally ingest`: read every SOURCE argument (and manifest) into `ledger`."""
    with reader_for(ledger, options) as reader:
        sources = reader.expand(args, manifests)
        return ingest_items(reader.items(sources), ledger, sources=[*args, *manifests], **kwargs)
