"""Ledger benchmark: figures written per second, on SQLite and on PostgreSQL.

Writes N synthetic documents (default 2,000) of F figures each (default 20) through
`Ledger.add_document`, one transaction per document exactly as `claimtally ingest` does, and
reports:

* write: documents and figures stored per second (the issue's number);
* re-ingest: documents per second when every one is already there ("unchanged");
* query: seconds for `query_figures(metric="killed")` over the whole ledger, and for a
  claimant substring filter.

SQLite runs on a new file in a temporary directory (WAL, synchronous=NORMAL, as shipped).
PostgreSQL runs on a new database created on the server given by --pg, else
$CLAIMTALLY_BENCH_PG, else $CLAIMTALLY_TEST_PG, and dropped afterwards; without any, that
row says "skipped". Timings depend on the disk and the server's fsync settings: say which.

Usage: python bench/ledger_bench.py [--docs 2000] [--figures 20] [--pg postgresql://...] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from claimtally.ledger import open_ledger
from claimtally.model import Document, Figure

CLAIMANTS = [("Ukraine's health ministry", "government"), ("UN OCHA", "international"),
             ("Human Rights Watch", "independent"), ("Russia's Defence Ministry", "government"),
             (None, None)]
METRICS = ["killed", "wounded", "detained", "displaced", "destroyed"]


def make(index: int, per_doc: int) -> tuple[Document, list[Figure], str]:
    """A deterministic synthetic document with realistic field sizes."""
    sentences = [f"Officials said {index * 7 + k} people were {METRICS[k % 5]} in district {k} "
                 f"on Monday, a figure that could not be independently verified." for k in range(per_doc)]
    text = " ".join(sentences)
    doc = Document(id=f"https://news.example/{index}", text=text, url=f"https://news.example/{index}",
                   site="news.example", title=f"Report {index}", published=f"2022-03-{1 + index % 28:02d}",
                   language="en", fetched_at="2022-03-29T12:00:00+00:00")
    figs = []
    offset = 0
    for k, sentence in enumerate(sentences):
        claimant, kind = CLAIMANTS[k % len(CLAIMANTS)]
        value = index * 7 + k
        figs.append(Figure(doc=doc.id, start=offset + 15, end=offset + 15 + len(str(value)), text=str(value),
                           sentence=sentence, value=value, low=value, high=value, approx=False, qualifier=None,
                           metric=METRICS[k % 5], subject="people", place=f"district {k}", claimant=claimant,
                           claimant_kind=kind, cue="said", claim_date=doc.published,
                           remarks=["could not be independently verified"]))
        offset += len(sentence) + 1
    return doc, figs, hashlib.sha256(text.encode()).hexdigest()


def run(db: str, docs: int, per_doc: int) -> dict[str, Any]:
    data = [make(i, per_doc) for i in range(docs)]
    with open_ledger(db) as ledger:
        run_id = ledger.start_run(["bench"])
        t0 = time.perf_counter()
        for doc, figs, digest in data:
            ledger.add_document(doc, figs, text_hash=digest, run_id=run_id, extractor_version="bench",
                                minhash=digest.encode()[:32])
        write_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        for doc, figs, digest in data:
            res = ledger.add_document(doc, figs, text_hash=digest, extractor_version="bench")
            assert res.status == "unchanged"
        reingest_s = time.perf_counter() - t0
        ledger.finish_run(run_id, documents=docs, figures=docs * per_doc)
        t0 = time.perf_counter()
        killed = len(ledger.query_figures(metric="killed"))
        query_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        ocha = len(ledger.query_figures(claimant="ocha", since="2022-03-10"))
        claimant_s = time.perf_counter() - t0
    return {
        "documents": docs,
        "figures": docs * per_doc,
        "write_s": round(write_s, 3),
        "figures_per_s": round(docs * per_doc / write_s),
        "documents_per_s": round(docs / write_s),
        "reingest_documents_per_s": round(docs / reingest_s),
        "query_metric_rows": killed,
        "query_metric_s": round(query_s, 3),
        "query_claimant_rows": ocha,
        "query_claimant_s": round(claimant_s, 3),
    }


@contextmanager
def pg_database(server: str):
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"ct_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        fsync = conn.execute("SHOW fsync").fetchone()[0]
        sync = conn.execute("SHOW synchronous_commit").fetchone()[0]
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False), f"fsync={fsync}, " \
            f"synchronous_commit={sync}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--figures", type=int, default=20, help="figures per document")
    ap.add_argument("--pg", default=os.environ.get("CLAIMTALLY_BENCH_PG") or os.environ.get("CLAIMTALLY_TEST_PG"),
                    help="PostgreSQL server URL (a scratch database is created there and dropped)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        print(f"sqlite: {args.docs} documents x {args.figures} figures ...", file=sys.stderr)
        results["sqlite"] = run(str(Path(tmp) / "bench.db"), args.docs, args.figures)
        results["sqlite"]["settings"] = "WAL, synchronous=NORMAL, temp dir " + tmp
    if args.pg:
        print("postgresql: same ...", file=sys.stderr)
        with pg_database(args.pg) as (url, settings):
            results["postgresql"] = run(url, args.docs, args.figures)
            results["postgresql"]["settings"] = settings
    else:
        results["postgresql"] = {"skipped": "no server (--pg, $CLAIMTALLY_BENCH_PG or $CLAIMTALLY_TEST_PG)"}

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'backend':<11} {'figures/s':>10} {'docs/s':>8} {'re-ingest docs/s':>17} {'query s':>8}  settings")
    for name, r in results.items():
        if "skipped" in r:
            print(f"{name:<11} skipped: {r['skipped']}")
            continue
        print(f"{name:<11} {r['figures_per_s']:>10} {r['documents_per_s']:>8} {r['reingest_documents_per_s']:>17} "
              f"{r['query_metric_s']:>8}  {r['settings']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
