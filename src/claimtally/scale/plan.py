"""Cutting the inputs into partitions: runs of small files, and record ranges of large archives.

A partition is the unit of work, of retry and of resumption. Its index orders it: partitions
are numbered in the order a one-process ingest reads the inputs (arguments in order, folders
in their sorted walk, archives record by record), and document `uid`s are
`(partition index << 32) | row`, so sorting by uid is reading in that same order. That is
what lets the global duplicate step link each copy to the *first* one, as `ingest` does.

Archives are split at record offsets found by reading the record headers (`record_offsets`),
never at guessed byte positions, so a range can neither cut a record nor skip one. An
archive whose records cannot all be indexed is read whole by one partition through ingest's
own reader, which reports its damage exactly as `ingest` does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from claimtally.ingest.sources import Source, SourceError, SourceSkip

#: Records of one archive per partition, and small files per partition, unless told otherwise.
RECORDS_PER_PARTITION = 1000
FILES_PER_PARTITION = 100
UID_SHIFT = 32


@dataclass(frozen=True, slots=True)
class Partition:
    """One unit of work: either `sources` (files, URLs, feeds read by ingest's Reader) or one
    archive's records from byte `start` up to `end` (None: to the end of the file)."""

    index: int
    sources: tuple[Source, ...] = ()
    warc: str | None = None
    start: int = 0
    end: int | None = None
    first_record: int = 0
    records: int = 0
    reader: str | None = None  # WARC reader forced for this range (None: FastWARC if installed)
    size: int = field(default=0, compare=False)  # bytes to read, for scheduling big ones first

    @property
    def name(self) -> str:
        return f"part-{self.index:06d}"

    @property
    def label(self) -> str:
        """What a person needs to find the partition's input: file names, records and bytes."""
        if self.warc is not None:
            last = self.first_record + self.records - 1
            end = "end" if self.end is None else str(self.end)
            return f"{self.warc} records {self.first_record}-{last} (bytes {self.start}-{end})"
        if len(self.sources) == 1:
            return self.sources[0].location
        return f"{len(self.sources)} inputs from {self.sources[0].location} to {self.sources[-1].location}"

    def to_dict(self) -> dict:
        return asdict(self)


def plan_partitions(
    sources: Sequence[Source | SourceError | SourceSkip],
    index_archive: Callable[[str], list[int] | None],
    *,
    records_per_partition: int = RECORDS_PER_PARTITION,
    files_per_partition: int = FILES_PER_PARTITION,
) -> list[Partition]:
    """Partitions for the expanded SOURCE list, in reading order.

    `index_archive(path)` gives the record offsets of an archive (None when it cannot be
    indexed); the engine runs it on the cluster, one task per archive. SourceErrors and
    SourceSkips are left to the caller, which counts them as `ingest` does.
    """
    parts: list[Partition] = []
    group: list[Source] = []

    def flush() -> None:
        if group:
            size = sum(_size(s.location) for s in group if s.kind != "url")
            parts.append(Partition(len(parts), sources=tuple(group), size=size))
            group.clear()

    for src in sources:
        if not isinstance(src, Source):
            continue
        offsets = index_archive(src.location) if src.kind == "warc" else None
        if not offsets:
            group.append(src)
            if len(group) >= files_per_partition:
                flush()
            continue
        flush()
        total = _size(src.location)
        for first in range(0, len(offsets), records_per_partition):
            chunk = offsets[first : first + records_per_partition]
            nxt = first + records_per_partition
            end = offsets[nxt] if nxt < len(offsets) else None
            parts.append(Partition(len(parts), warc=src.location, start=chunk[0], end=end, first_record=first,
                                   records=len(chunk), size=(end if end is not None else total) - chunk[0]))
    flush()
    return parts


def _size(location: str) -> int:
    try:
        return Path(location).stat().st_size
    except OSError:
        return 0


def plan_fingerprint(parts: Sequence[Partition], settings: dict) -> str:
    """A digest of the plan and the settings that shape its output: a dataset written under
    another plan (other inputs, other --published) must not be resumed as if it were this one."""
    blob = json.dumps({"parts": [p.to_dict() for p in parts], "settings": settings}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]
