"""Scale: the ingest pipeline on a Dask cluster (`claimtally ingest --engine dask`).

One module per job: `plan` (inputs into partitions, archives into record ranges), `warc`
(record ranges with FastWARC or warcio), `tasks` (what a worker does with a partition),
`dataset` (the partitioned Parquet output and its markers), `dedupe` (the band shuffle and
the first-copy rule across partitions), `load` (the dataset into the ledger in bulk),
`reader` (the dataset read as a ledger by `figures`, `export` and `compare`) and `engine`
(the run: cluster, progress, retries, summary). Nothing here imports Dask until a run starts.
"""

from __future__ import annotations

import argparse

from claimtally.scale.plan import FILES_PER_PARTITION, RECORDS_PER_PARTITION


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `ingest` options of the distributed engine (ignored by the one-process engine)."""
    g = parser.add_argument_group("distributed ingest (--engine dask)")
    g.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: one process (default); dask: a Dask cluster, writing a Parquet dataset")
    g.add_argument("--workers", type=int, metavar="N",
                   help="worker processes of the local Dask cluster (default: one per core)")
    g.add_argument("--scheduler", metavar="ADDRESS", help="use the Dask cluster at ADDRESS (tcp://host:8786)")
    g.add_argument("--dataset", metavar="DIR",
                   help="the Parquet dataset folder, shared by all workers (default: DB's name + -dataset)")
    g.add_argument("--no-load", action="store_true", help="write the dataset only; do not load it into --db")
    g.add_argument("--partition-retries", type=int, default=2, metavar="N",
                   help="retries of a partition whose task fails (default 2)")
    g.add_argument("--partition-records", type=int, default=RECORDS_PER_PARTITION, metavar="N",
                   help=f"WARC records per partition (default {RECORDS_PER_PARTITION})")
    g.add_argument("--partition-files", type=int, default=FILES_PER_PARTITION, metavar="N",
                   help=f"files, URLs or feeds per partition (default {FILES_PER_PARTITION})")
    g.add_argument("--warc-reader", choices=("fastwarc", "warcio"), default=None,
                   help="WARC reader of the workers (default: FastWARC when installed, else warcio)")
