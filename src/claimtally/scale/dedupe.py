"""Duplicates across partitions: a shuffle on MinHash LSH bands, then the first-copy rule.

One process links each new document to the first stored copy it resembles (exact hash or
estimated Jaccard >= 0.7 among LSH band collisions). Across partitions the same answer comes
in three steps that never gather the documents themselves:

1. Map (one task per partition): band keys of every signature, split into K buckets by key.
2. Reduce (one task per bucket): documents that share a (band, key) are candidate pairs.
3. On the client, for the candidate pairs only (a small fraction of the documents): their
   signatures, keys and hashes are fetched from the partitions that hold them, each pair is
   confirmed with the estimated Jaccard exactly as `NearDuplicateIndex.candidates` does, and
   the links are resolved in reading order (uid order) with ingest's own `first_copy` rule.

A document with the same key and text as an earlier one is "unchanged" (not stored again),
as in a one-process ingest; identical texts always collide, so the pairs say which those are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claimtally.scale import dataset


def _index():  # noqa: ANN202 - claimtally.ingest.dedupe.NearDuplicateIndex
    from claimtally.ingest.dedupe import NearDuplicateIndex

    return NearDuplicateIndex()


def _read_docs(root: Path, name: str, columns: Sequence[str]) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = dataset.partition_files(root, "documents", name)
    tables = [pq.read_table(f, columns=list(columns)) for f in files]
    return pa.concat_tables(tables) if tables else None


def _signatures(minhashes: Iterable[bytes]) -> np.ndarray:
    from claimtally.ingest.dedupe import NUM_PERM

    blobs = list(minhashes)
    if not blobs:
        return np.empty((0, NUM_PERM), dtype=np.uint64)
    return np.frombuffer(b"".join(blobs), dtype="<u8").reshape(len(blobs), NUM_PERM)


def bucket_partition(root: str, name: str, buckets: int) -> list[np.ndarray]:
    """Map side: rows (band, key, uid) of one partition's documents, split into `buckets` lists."""
    table = _read_docs(Path(root), name, ["uid", "minhash"])
    if table is None or not table.num_rows:
        return [np.empty((0, 3), dtype=np.uint64) for _ in range(buckets)]
    uids = np.asarray(table.column("uid").to_numpy(), dtype=np.uint64)
    keys = _index().band_keys(_signatures(table.column("minhash").to_pylist()))  # (n, bands)
    n, bands = keys.shape
    rows = np.column_stack([np.tile(np.arange(bands, dtype=np.uint64), n), keys.reshape(-1), np.repeat(uids, bands)])
    where = rows[:, 1] % np.uint64(buckets)
    return [rows[where == b] for b in range(buckets)]


def candidate_pairs(*pieces: np.ndarray) -> np.ndarray:
    """Reduce side: every pair (lower uid, higher uid) that shares a band key in this bucket."""
    rows = np.concatenate([p for p in pieces if len(p)]) if any(len(p) for p in pieces) else None
    if rows is None:
        return np.empty((0, 2), dtype=np.int64)
    rows = rows[np.lexsort((rows[:, 2], rows[:, 1], rows[:, 0]))]
    same = (rows[1:, 0] == rows[:-1, 0]) & (rows[1:, 1] == rows[:-1, 1])
    pairs: list[tuple[int, int]] = []
    start = 0
    for stop in [*(np.nonzero(~same)[0] + 1).tolist(), len(rows)]:
        if stop - start > 1:
            group = rows[start:stop, 2].astype(np.int64)
            for i in range(len(group)):
                pairs.extend((int(group[i]), int(u)) for u in group[i + 1 :] if u != group[i])
        start = stop
    if not pairs:
        return np.empty((0, 2), dtype=np.int64)
    return np.unique(np.asarray(pairs, dtype=np.int64), axis=0)


def fetch_signatures(root: str, name: str, uids: Sequence[int]) -> dict[int, tuple[str, str, np.ndarray]]:
    """(doc key, text hash, signature as uint32) of the given documents of one partition."""
    table = _read_docs(Path(root), name, ["uid", "doc_key", "text_hash", "minhash"])
    if table is None:
        return {}
    wanted = set(uids)
    out = {}
    cols = [table.column(c).to_pylist() for c in ("uid", "doc_key", "text_hash", "minhash")]
    for uid, key, digest, sig in zip(*cols, strict=True):
        if uid in wanted:
            out[uid] = (key, digest, np.frombuffer(sig, dtype="<u8").astype(np.uint32))
    return out


def confirm(pairs: np.ndarray, info: dict[int, tuple[str, str, np.ndarray]]) -> list[tuple[int, int]]:
    """Candidate pairs whose estimated Jaccard reaches ingest's near-duplicate threshold."""
    from claimtally.ingest.dedupe import NEAR_THRESHOLD, NUM_PERM

    out = []
    for a, b in pairs.tolist():
        if a in info and b in info and (info[a][2] == info[b][2]).sum() / NUM_PERM >= NEAR_THRESHOLD:
            out.append((a, b))
    return out


def resolve(pairs: Iterable[tuple[int, int]], info: dict[int, tuple[str, str, Any]]) -> tuple[dict[int, int], set[int]]:
    """(uid -> uid of the first copy, uids that are "unchanged" repeats) in reading order."""
    from claimtally.ingest.pipeline import first_copy

    earlier: dict[int, list[int]] = defaultdict(list)
    for a, b in pairs:
        earlier[max(a, b)].append(min(a, b))
    links: dict[int, int] = {}
    unchanged: set[int] = set()

    def rows_of(ids: Sequence[int]) -> dict[int, tuple[str, int | None]]:
        return {i: (info[i][0], links.get(i)) for i in ids if i in info and i not in unchanged}

    for uid in sorted(earlier):
        key, digest = info[uid][0], info[uid][1]
        stored = [i for i in earlier[uid] if i not in unchanged]
        if any(info[i][0] == key and info[i][1] == digest for i in stored):
            unchanged.add(uid)
            continue
        first = first_copy(key, stored, rows_of(stored), rows_of)
        if first is not None:
            links[uid] = first
    return links, unchanged
