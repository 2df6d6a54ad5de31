"""Ingest: news in every form (text and HTML files, folders, URLs, RSS/Atom feeds, WARC archives,
standard input) into Documents, and Documents with their figures into the ledger.

One job per module: `sources` (what an argument is, folder walking), `fetch` (HTTP with limits),
`decode` (bytes to text), `html` (trafilatura + htmldate), `feeds` (feedparser), `warc` (warcio,
streaming), `language` (py3langid), `dedupe` (hashes, MinHash LSH), `read` (sources to
Documents), `pipeline` (Documents into the ledger), `command` (`claimtally ingest`).

Library use::

    from claimtally.ingest import ReadOptions, ingest, read_documents
    for item in read_documents(["page.html", "https://example.org/feed.xml"]):
        ...                                  # item.document, item.skipped or item.error
    with open_ledger("news.db") as ledger:
        summary = ingest(["crawl.warc.gz"], ledger, ReadOptions(published=None))
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "IngestSummary": "claimtally.ingest.pipeline",
    "ingest": "claimtally.ingest.pipeline",
    "ingest_items": "claimtally.ingest.pipeline",
    "Item": "claimtally.ingest.read",
    "ReadOptions": "claimtally.ingest.read",
    "Reader": "claimtally.ingest.read",
    "read_documents": "claimtally.ingest.read",
}


def __getattr__(name: str) -> Any:
    """Lazy exports: `claimtally --help` must not pay for httpx, trafilatura and datasketch."""
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["IngestSummary", "Item", "ReadOptions", "Reader", "ingest", "ingest_items", "read_documents"]
