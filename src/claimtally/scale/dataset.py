"""The Parquet dataset a distributed ingest writes: its layout, its writers, and its manifest.

    DIR/_claimtally_dataset.json          what run this is (inputs, options, plan fingerprint)
    DIR/documents/published_month=2020-09/part-000012-0.parquet   documents, by publication month
    DIR/figures/published_month=2020-09/part-000012-0.parquet     their figures, same month
    DIR/_done/part-000012.json            a finished partition: its counts and errors
    DIR/links/links.parquet               global duplicate links (uid -> uid of the first copy)
    DIR/links/pairs.parquet               the confirmed look-alike pairs behind them (for audits)
    DIR/_complete.json                    the duplicate step ran over every partition

Workers write their partition's files under DIR/_staging and move them into place before the
done marker is written (both renames within one file system), so a partition is either done
with all its files or not done; a rerun rewrites an unfinished one under the same file names,
which is why nothing is ever there twice. DIR must be a folder every worker can write (a
shared file system on a cluster).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from claimtally.ledger.store import LedgerError
from claimtally.model import FIGURE_FIELDS, Document

MANIFEST = "_claimtally_dataset.json"
COMPLETE = "_complete.json"
FORMAT = 1
TABLES = ("documents", "figures")
NO_MONTH = "unknown"

#: Every Document field but `id` (stored as `doc_key`) and `text`; all text.
DOCUMENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Document) if f.name not in ("id", "text"))
DOCUMENT_COLUMNS: tuple[str, ...] = ("uid", "doc_key", *DOCUMENT_FIELDS, "text", "text_hash", "minhash",
                                     "extractor_version")
FIGURE_COLUMNS: tuple[str, ...] = ("uid", "doc_uid", *FIGURE_FIELDS, "extractor_version")


class DatasetError(LedgerError):
    """The dataset folder cannot be used (not one, another run's, unfinished); names the folder."""


def is_dataset(path: str | os.PathLike[str] | None) -> bool:
    """True for a folder holding a claimtally Parquet dataset (what `--db DIR` may name)."""
    return path is not None and Path(path).is_dir() and (Path(path) / MANIFEST).is_file()


def schemas() -> dict[str, Any]:
    import pyarrow as pa

    text = pa.string()
    docs = pa.schema([("uid", pa.int64()), *[(c, text) for c in DOCUMENT_COLUMNS[1:-4]],
                      ("text", text), ("text_hash", text), ("minhash", pa.binary()), ("extractor_version", text),
                      ("published_month", text)])
    types: dict[str, Any] = {name: text for name in FIGURE_COLUMNS}
    types.update(uid=pa.int64(), doc_uid=pa.int64(), start=pa.int64(), end=pa.int64(), value=pa.float64(),
                 low=pa.float64(), high=pa.float64(), approx=pa.bool_(), remarks=pa.list_(text))
    figs = pa.schema([(c, types[c]) for c in FIGURE_COLUMNS] + [("published_month", text)])
    return {"documents": docs, "figures": figs}


def month_of(published: str | None) -> str:
    return published[:7] if published and len(published) >= 7 and published[4] == "-" else NO_MONTH


def _atomic_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, default=str)
    os.replace(tmp, path)


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def prepare(root: Path, manifest: dict) -> None:
    """Create the dataset folder, or check that the one there was written by this same run.

    A folder holding another run's dataset (other inputs, other options) is refused rather
    than mixed: resuming must never combine two runs' partitions.
    """
    if root.exists() and not root.is_dir():
        raise DatasetError(f"dataset {root}: exists and is not a folder")
    found = _read_json(root / MANIFEST) if root.is_dir() else None
    if found is not None:
        if found.get("fingerprint") != manifest["fingerprint"]:
            raise DatasetError(
                f"dataset {root}: holds another run (other inputs or options); remove it or name another --dataset")
        return
    if root.is_dir() and any(p.name != "_staging" for p in root.iterdir()):
        raise DatasetError(f"dataset {root}: folder is not empty and holds no claimtally dataset")
    try:
        root.mkdir(parents=True, exist_ok=True)
        _atomic_json(root / MANIFEST, {"format": FORMAT, **manifest})
    except OSError as exc:
        raise DatasetError(f"dataset {root}: cannot write ({exc.strerror or exc})") from None


def manifest(root: Path) -> dict:
    found = _read_json(root / MANIFEST)
    if found is None:
        raise DatasetError(f"dataset {root}: no {MANIFEST} (not a claimtally dataset)")
    return found


def done(root: Path, name: str) -> dict | None:
    """The done marker of partition `name` (its counts and errors), or None if it is not done."""
    return _read_json(root / "_done" / f"{name}.json")


def write_partition(root: Path, name: str, tables: dict[str, list[dict[str, Any]]], marker: dict) -> None:
    """Write one partition's rows (hive-partitioned by publication month) and then its marker.

    Files land under the partition's own names (`{name}-*.parquet`), after any left by an
    attempt that died before its marker, so a retried partition replaces rather than adds.
    """
    import pyarrow as pa
    import pyarrow.dataset as pads

    staging = root / "_staging"
    staging.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{name}.", dir=staging))
    try:
        for table, rows in tables.items():
            if not rows:
                continue
            schema = schemas()[table]
            data = pa.Table.from_pylist(rows, schema=schema)
            pads.write_dataset(data, work / table, format="parquet", partitioning=["published_month"],
                               partitioning_flavor="hive", basename_template=f"{name}-{{i}}.parquet",
                               existing_data_behavior="overwrite_or_ignore")
        for table in TABLES:
            for old in (root / table).glob(f"*/{name}-*.parquet"):
                old.unlink()
            for new in sorted((work / table).glob("*/*.parquet")):
                target = root / table / new.parent.name / new.name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(new, target)
        _atomic_json(root / "_done" / f"{name}.json", marker)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def partition_files(root: Path, table: str, name: str) -> list[Path]:
    return sorted((root / table).glob(f"*/{name}-*.parquet"))


def write_links(root: Path, links: dict[int, int], pairs: Sequence[tuple[int, int]], summary: dict) -> None:
    """The global duplicate step's result, then the marker saying the dataset is complete."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = root / "links"
    out.mkdir(parents=True, exist_ok=True)
    uids = sorted(links)
    tables = {
        "links.parquet": pa.table({"uid": pa.array(uids, pa.int64()),
                                   "duplicate_of": pa.array([links[u] for u in uids], pa.int64())}),
        "pairs.parquet": pa.table({"a": pa.array([a for a, _ in pairs], pa.int64()),
                                   "b": pa.array([b for _, b in pairs], pa.int64())}),
    }
    for name, table in tables.items():
        tmp = out / f".{name}.tmp"
        pq.write_table(table, tmp)
        os.replace(tmp, out / name)
    _atomic_json(root / COMPLETE, summary)


def clear_complete(root: Path) -> None:
    """A run that adds partitions makes earlier links stale until its own duplicate step ends."""
    with contextlib.suppress(FileNotFoundError):
        (root / COMPLETE).unlink()

