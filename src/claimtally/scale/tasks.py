"""What one worker does with one partition: read, extract, hash, write, and report plain counts.

The reading is ingest's own (`Reader.items` for files, URLs and feeds; `Reader.warc_items`
over a record range), and so is the per-document work: the normalised-text hash and MinHash
of `claimtally.ingest.dedupe`, the language rule, and the extractor call of the one-process
pipeline. What comes back to the client is a small dict (counts, errors, timings); the
documents and figures stay on disk in the dataset, where the duplicate step and the loader
read them.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimtally.ingest.read import Item, Reader, ReadOptions
from claimtally.scale import dataset
from claimtally.scale.plan import UID_SHIFT, Partition

#: Errors kept per partition marker (a million broken records must not make a huge marker).
MAX_ERRORS = 200


@dataclass(frozen=True, slots=True)
class TaskConfig:
    """What every partition task needs besides its partition; plain data, sent to workers."""

    root: str
    options: ReadOptions
    reader: str | None = None  # WARC reader: None (FastWARC if installed), "fastwarc", "warcio"


def index_archive(path: str, reader: str | None = None) -> list[int] | None:
    """Record offsets of one archive, or None when it cannot be indexed (read whole instead)."""
    from claimtally.ingest.warc import WarcError, looks_like_warc
    from claimtally.scale.warc import record_offsets

    try:
        with open(path, "rb") as fh:
            if not looks_like_warc(fh.read(8)):
                return None
        return record_offsets(path, reader)
    except (OSError, WarcError):
        return None


def _items(part: Partition, reader: Reader, cfg: TaskConfig) -> Any:
    from claimtally.scale.warc import iter_range

    if part.warc is None:
        return reader.items(list(part.sources))
    records = iter_range(part.warc, part.start, part.end, cfg.options.max_bytes, part.reader or cfg.reader)
    return reader.warc_items(records, part.warc)


def run_partition(part: Partition, cfg: TaskConfig) -> dict[str, Any]:
    """Process one partition into the dataset (unless it is done already) and return its marker."""
    root = Path(cfg.root)
    marker = dataset.done(root, part.name)
    if marker is not None:
        return {**marker, "resumed": True}
    wall, cpu = time.perf_counter(), time.process_time()
    counts = {"documents": 0, "figures": 0, "skipped": 0, "failed": 0, "unsupported_language": 0, "items": 0}
    errors: list[tuple[str, str]] = []
    docs: list[dict[str, Any]] = []
    figs: list[dict[str, Any]] = []
    with Reader(cfg.options) as reader:
        for item in _items(part, reader, cfg):
            counts["items"] += 1
            if item.error is not None:
                _fail(counts, errors, item.source, item.error)
            elif item.skipped is not None:
                counts["skipped"] += 1
            elif item.document is not None:
                _document(item, part, counts, errors, docs, figs)
    marker = {
        "partition": part.to_dict(), "name": part.name, "label": part.label, **counts,
        "errors": errors, "errors_left_out": max(0, counts["failed"] - len(errors)),
        "reader": (part.reader or _reader_of(part, cfg)), "wall_s": time.perf_counter() - wall,
        "cpu_s": time.process_time() - cpu, "peak_rss_mb": _peak_rss_mb(), "pid": os.getpid(),
    }
    dataset.write_partition(root, part.name, {"documents": docs, "figures": figs}, marker)
    return marker


def _reader_of(part: Partition, cfg: TaskConfig) -> str | None:
    if part.warc is None:
        return None
    from claimtally.scale.warc import reader_name

    return reader_name(part.warc, cfg.reader)


def _fail(counts: dict[str, int], errors: list[tuple[str, str]], source: str, message: str) -> None:
    counts["failed"] += 1
    if len(errors) < MAX_ERRORS:
        errors.append((source, message))


def _document(item: Item, part: Partition, counts: dict[str, int], errors: list[tuple[str, str]],
              docs: list[dict[str, Any]], figs: list[dict[str, Any]]) -> None:
    """One document as the one-process pipeline treats it: hashed, MinHashed, extracted."""
    from claimtally.extract import InputTooLarge
    from claimtally.ingest.dedupe import minhash, normalise_text, signature_bytes, text_hash
    from claimtally.ingest.language import is_supported
    from claimtally.ingest.pipeline import EXTRACTOR_VERSION, _default_extract, describe_failure

    doc = item.document
    assert doc is not None
    norm = normalise_text(doc.text)
    supported = is_supported(doc.language)
    try:
        figures = _default_extract(doc.text, doc.published, doc.id) if supported else []
    except Exception as exc:  # noqa: BLE001 - one document's extractor bug must not stop a partition
        _fail(counts, errors, item.source, describe_failure(exc, (InputTooLarge,)))
        return
    uid = (part.index << UID_SHIFT) | len(docs)
    month = dataset.month_of(doc.published)
    row = doc.to_dict()
    row["doc_key"] = row.pop("id")
    docs.append({**row, "uid": uid, "text_hash": text_hash(norm, normalised=True),
                 "minhash": signature_bytes(minhash(norm, normalised=True)),
                 "extractor_version": EXTRACTOR_VERSION, "published_month": month})
    for fig in figures:
        figs.append({**fig.to_dict(), "uid": (part.index << UID_SHIFT) | len(figs), "doc_uid": uid,
                     "extractor_version": EXTRACTOR_VERSION, "published_month": month})
    counts["documents"] += 1
    counts["figures"] += len(figures)
    counts["unsupported_language"] += not supported


def _peak_rss_mb() -> float:
    """This worker process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
