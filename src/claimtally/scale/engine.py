"""`claimtally ingest --engine dask`: the whole ingest on a Dask cluster, resumable, same results.

Steps, each on the cluster except the last two:

1. Index: one task per archive finds its record offsets; the client cuts the inputs into
   partitions (`plan`) in reading order.
2. Partitions: one task each reads, extracts and hashes its share and writes it to the Parquet
   dataset (`tasks`, `dataset`); finished partitions (done markers) are skipped, so a killed
   run started again only does what is left. A task that raises is retried (`--partition-retries`); a
   worker that dies has its tasks rescheduled by Dask; one that still fails is reported by
   name and label with its error, and the run exits 1 after its summary.
3. Duplicates: the MinHash band shuffle and the first-copy rule (`dedupe`), written as links.
4. Load: the client loads the dataset into the ledger in bulk (`load`), unless --no-load.
"""

from __future__ import annotations

import argparse
import logging
import operator
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from claimtally.scale import dataset
from claimtally.scale.plan import UID_SHIFT, Partition, plan_fingerprint, plan_partitions

PREFIX = "claimtally ingest"


class PartitionBar:
    """A one-line bar over partitions on stderr, redrawn at most ten times a second."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total, self.stream, self.enabled = max(1, total), stream, enabled
        self.done = self.documents = self.figures = self.failed = 0
        self._last = 0.0

    def update(self, marker: dict[str, Any] | None) -> None:
        self.done += 1
        if marker is not None:
            self.documents += marker.get("documents", 0)
            self.figures += marker.get("figures", 0)
            self.failed += marker.get("failed", 0)
        else:
            self.failed += 1
        now = time.monotonic()
        if not self.enabled or (now - self._last < 0.1 and self.done < self.total):
            return
        self._last = now
        filled = int(24 * min(self.done, self.total) / self.total)
        self.stream.write(f"\r[{'#' * filled}{'-' * (24 - filled)}] {self.done}/{self.total} partitions  "
                          f"{self.documents} docs  {self.figures} figures  {self.failed} failed\x1b[K")
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def default_dataset(db: str | None) -> Path:
    """Beside a SQLite ledger (`news.db` -> `news-dataset/`), else ./claimtally-dataset."""
    from claimtally.ledger import LedgerError, resolve_db

    try:
        target = resolve_db(db)
    except LedgerError:
        target = None
    if target is not None and target.path is not None:
        return target.path.with_name(f"{target.path.stem}-dataset")
    return Path("claimtally-dataset")


def _client(args: argparse.Namespace) -> Any:
    from dask.distributed import Client, LocalCluster

    if args.scheduler:
        return Client(args.scheduler, timeout="20s")
    workers = args.workers or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                           silence_logs=logging.CRITICAL)
    return Client(cluster)


def run(args: argparse.Namespace, options: Any) -> int:
    """The command: returns the exit status (0, 1 when anything failed, 2 for unusable setup)."""
    from claimtally.extras import MISSING_EXTRA_STATUS, missing_extras, missing_message
    from claimtally.ingest.read import Reader
    from claimtally.ingest.sources import SourceError, SourceSkip
    from claimtally.scale.tasks import TaskConfig

    err = sys.stderr
    if missing_extras(["scale"]):
        print(missing_message("ingest --engine dask", ["scale"]), file=err)
        return MISSING_EXTRA_STATUS
    if "-" in args.sources or getattr(args, "doc_id", None):
        print(f"{PREFIX}: standard input cannot be read with --engine dask; save it to a file", file=err)
        return 2
    if (args.workers is not None and args.workers < 1) or args.partition_retries < 0 \
            or args.partition_records < 1 or args.partition_files < 1:
        print(f"{PREFIX}: --workers, --partition-records and --partition-files must be positive", file=err)
        return 2
    root = Path(args.dataset) if args.dataset else default_dataset(args.db)
    manifests = list(getattr(args, "manifest", None) or [])
    with Reader(options) as reader:
        sources = reader.expand(args.sources, manifests)
    failed_sources = [s for s in sources if isinstance(s, SourceError)]
    left_out = sum(1 for s in sources if isinstance(s, SourceSkip))  # counted as skipped, as `ingest` does
    try:
        client = _client(args)
    except (OSError, TimeoutError, ValueError) as exc:
        print(f"{PREFIX}: cannot start or reach the Dask cluster ({type(exc).__name__}: {exc})", file=err)
        return 2
    cfg = TaskConfig(root=str(root.absolute()), options=options, reader=args.warc_reader)
    try:
        if not args.quiet:
            print(f"{PREFIX}: Dask dashboard: {client.dashboard_link}", file=err)
        clock = {"start": time.perf_counter()}
        parts = _plan(client, sources, args, cfg)
        clock["planned"] = time.perf_counter()
        settings = {"published": options.published, "include": options.include, "exclude": options.exclude,
                    "max_bytes": options.max_bytes, "records": args.partition_records, "files": args.partition_files}
        fingerprint = plan_fingerprint(parts, settings)
        dataset.prepare(root, {"fingerprint": fingerprint, "sources": [*args.sources, *manifests], "settings": settings,
                               "partitions": len(parts)})
        markers, failures = _run_partitions(client, parts, cfg, fingerprint, args, err)
        clock["partitions"] = time.perf_counter()
        done = [p for p in parts if p.name in markers and markers[p.name].get("documents")]
        links, confirmed, summary = _duplicates(client, root, done)
        summary.update(partitions_missing=len(parts) - len(markers), workers=_workers(client),
                       plan_s=clock["planned"] - clock["start"], partitions_s=clock["partitions"] - clock["planned"],
                       duplicates_s=time.perf_counter() - clock["partitions"])
        dataset.write_links(root, links, confirmed, summary)
    except dataset.DatasetError as exc:
        print(f"{PREFIX}: {exc}", file=err)
        return 2
    finally:
        client.close()
        cluster = getattr(client, "cluster", None)
        if cluster is not None and not args.scheduler:
            cluster.close()
    return _finish(args, root, parts, markers, failures, failed_sources, left_out, [*args.sources, *manifests], err)


def _plan(client: Any, sources: list, args: argparse.Namespace, cfg: Any) -> list[Partition]:
    from claimtally.scale.tasks import index_archive

    archives = [s.location for s in sources if getattr(s, "kind", None) == "warc"]
    offsets = dict(zip(archives, client.gather(client.map(index_archive, archives, reader=cfg.reader, pure=False)),
                       strict=True)) if archives else {}
    return plan_partitions(sources, offsets.get, records_per_partition=args.partition_records,
                           files_per_partition=args.partition_files)


def _run_partitions(client: Any, parts: list[Partition], cfg: Any, fingerprint: str, args: argparse.Namespace,
                    err: TextIO) -> tuple[dict[str, dict], dict[str, str]]:
    from dask.distributed import as_completed

    from claimtally.scale.tasks import run_partition

    root = Path(cfg.root)
    markers: dict[str, dict] = {}
    failures: dict[str, str] = {}
    bar = PartitionBar(len(parts), err, not args.quiet and err.isatty())
    for part in parts:
        found = dataset.done(root, part.name)
        if found is not None:
            markers[part.name] = {**found, "resumed": True}
            bar.update(found)
    todo = sorted((p for p in parts if p.name not in markers), key=lambda p: -p.size)
    futures = {client.submit(run_partition, p, cfg, key=f"claimtally-{fingerprint}-{p.name}",
                             retries=args.partition_retries, pure=False): p for p in todo}
    for future in as_completed(futures):
        part = futures[future]
        if future.status == "error":
            exc = future.exception()
            failures[part.name] = f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
            bar.update(None)
            continue
        marker = future.result()
        markers[part.name] = marker
        bar.update(marker)
        if marker.get("errors"):
            bar.clear()
            for source, message in marker["errors"]:
                print(f"{PREFIX}: {source}: {message}", file=err)
    bar.clear()
    for name, reason in sorted(failures.items()):
        label = next(p.label for p in parts if p.name == name)
        print(f"{PREFIX}: partition {name} ({label}) failed after {args.partition_retries + 1} tries: {reason}", file=err)
    return markers, failures


def _workers(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def _duplicates(client: Any, root: Path, parts: list[Partition]) -> tuple[dict[int, int], list, dict[str, Any]]:
    """The global duplicate step over the finished partitions: links, confirmed pairs, counts."""
    import numpy as np

    from claimtally.scale import dedupe

    dataset.clear_complete(root)
    buckets = min(64, 2 * _workers(client))
    where = str(root.absolute())
    maps = [client.submit(dedupe.bucket_partition, where, p.name, buckets, pure=False) for p in parts]
    reduced = [client.submit(dedupe.candidate_pairs, *[client.submit(operator.getitem, m, b, pure=False) for m in maps],
                             pure=False) for b in range(buckets)] if maps else []
    found = [r for r in client.gather(reduced) if len(r)]
    pairs = np.unique(np.concatenate(found), axis=0) if found else np.empty((0, 2), dtype=np.int64)
    wanted: dict[int, list[int]] = {}
    for uid in np.unique(pairs).tolist():
        wanted.setdefault(uid >> UID_SHIFT, []).append(uid)
    names = {p.index: p.name for p in parts}
    info: dict[int, Any] = {}
    for part in client.gather([client.submit(dedupe.fetch_signatures, where, names[i], uids, pure=False)
                               for i, uids in wanted.items()]):
        info.update(part)
    confirmed = dedupe.confirm(pairs, info)
    links, unchanged = dedupe.resolve(confirmed, info)
    return links, confirmed, {"candidate_pairs": len(pairs), "pairs": len(confirmed), "links": len(links),
                              "repeats": len(unchanged)}


def _finish(args: argparse.Namespace, root: Path, parts: list[Partition], markers: dict[str, dict],
            failures: dict[str, str], failed_sources: list, left_out: int, sources: list[str], err: TextIO) -> int:
    from claimtally.ingest.pipeline import IngestSummary
    from claimtally.ledger import LedgerError, open_ledger
    from claimtally.scale.load import load_dataset

    for src in failed_sources:
        print(f"{PREFIX}: {src.location}: {src.message}", file=err)
    read_failed = sum(m.get("failed", 0) for m in markers.values()) + len(failed_sources) + len(failures)
    read_skipped = sum(m.get("skipped", 0) for m in markers.values()) + left_out
    if args.no_load:
        summary = IngestSummary(documents=sum(m.get("documents", 0) for m in markers.values()),
                                figures=sum(m.get("figures", 0) for m in markers.values()))
    else:
        try:
            with open_ledger(args.db) as ledger:
                summary = load_dataset(root, ledger, sources)
        except LedgerError as exc:
            print(f"{PREFIX}: {exc}", file=err)
            return 2
    summary.failed += read_failed
    summary.skipped += read_skipped
    if not args.quiet:
        resumed = sum(1 for m in markers.values() if m.get("resumed"))
        print(f"{PREFIX}: {summary.line()}", file=err)
        print(f"{PREFIX}: dask: {len(parts)} partitions ({resumed} already done, {len(failures)} failed), "
              f"dataset {root}" + ("" if args.no_load else ", loaded into the ledger"), file=err)
    return 1 if summary.failed else 0
