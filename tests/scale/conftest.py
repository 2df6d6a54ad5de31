"""Fixtures for the distributed engine: real inputs, a one-process baseline, a real LocalCluster.

Inputs are real: a gzip WARC of the article-extraction-benchmark pages (with a syndicated copy
of every seventh page under another URL further on, one page fetched twice unchanged, one URL
fetched again with another page's text, and a 404) and a folder of the seed corpus texts plus
a copy of one of them. Small partitions (a few records) put copies and originals in different
partitions, which is what the global duplicate step has to get right.
"""

from __future__ import annotations

import gzip
import io
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared"
if not SHARED.is_dir():
    SHARED = Path("/work/shared")
PAGES = SHARED / "peers" / "article-extraction-benchmark" / "html"
CORPUS = SHARED / "corpus"
N_PAGES = 24
#: Options that cut the test inputs into many partitions.
SMALL = ["--partition-records", "3", "--partition-files", "4"]


def build_warc(path: Path, pages: list[Path]) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    bodies = [gzip.decompress(p.read_bytes()) for p in pages]
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        def record(uri: str, body: bytes, status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        for i, body in enumerate(bodies):
            record(f"https://news.example/{i}", body)
            if i % 7 == 3:
                record(f"https://mirror.example/{i}", body)
        record("https://news.example/0", bodies[0])  # the same page again: unchanged
        record("https://news.example/1", bodies[2])  # the same URL with another text: a new version
        record("https://news.example/gone", b"not here", "404 Not Found")
    return path


@pytest.fixture(scope="session")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    if not PAGES.is_dir() or not CORPUS.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    root = tmp_path_factory.mktemp("scale-inputs")
    warc = build_warc(root / "pages.warc.gz", sorted(PAGES.glob("*.html.gz"))[:N_PAGES])
    texts = root / "texts"
    texts.mkdir()
    for f in sorted(CORPUS.glob("*.txt")):
        shutil.copy(f, texts / f.name)
    shutil.copy(CORPUS / "ap-2022-04-20-ukraine-refugees-top-5-million.txt", texts / "zz-syndicated-copy.txt")
    return [str(warc), str(texts)]


def claimtally(*args: str, timeout: float = 300, **kwargs: Any) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimtally.cli", *args], capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def snapshot(db: str) -> dict[str, Any]:
    """Everything a ledger holds that an ingest decides, with row ids replaced by what they name:
    documents by (key, version), duplicate links and versions as the (key, version) they point
    at, figures with every field of the record and their claimant's name."""
    from sqlalchemy import select

    from claimtally.ledger import open_ledger
    from claimtally.ledger.schema import claimants, documents, figures

    with open_ledger(db, create=False) as ledger, ledger.engine.connect() as conn:
        docs = {r.id: r._asdict() for r in conn.execute(select(documents))}
        names = {r.id: (r.name, r.kind) for r in conn.execute(select(claimants))}
        figs = [r._asdict() for r in conn.execute(select(figures))]
    ref = {i: (d["doc_key"], d["version"]) for i, d in docs.items()}
    drop = {"id", "ingested_at", "run_id"}
    out_docs = sorted(
        ({**{k: v for k, v in d.items() if k not in drop}, "duplicate_of": ref.get(d["duplicate_of"]),
          "previous_version_id": ref.get(d["previous_version_id"])} for d in docs.values()),
        key=lambda d: (d["doc_key"], d["version"]))
    out_figs = sorted(
        ({**{k: v for k, v in f.items() if k not in {"id", "document_id", "claimant_id"}},
          "document": ref[f["document_id"]], "claimant_row": names.get(f["claimant_id"])} for f in figs),
        key=lambda f: (f["document"], f["start"], f["end"], f["metric"]))
    return {"documents": out_docs, "figures": out_figs, "claimants": sorted(names.values())}


def links(snap: dict[str, Any]) -> list[tuple[tuple[str, int], tuple[str, int]]]:
    return sorted(((d["doc_key"], d["version"]), d["duplicate_of"]) for d in snap["documents"] if d["duplicate_of"])


@pytest.fixture(scope="session")
def baseline(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The one-process ingest of the inputs: the result every distributed run must equal."""
    db = tmp_path_factory.mktemp("baseline") / "one.db"
    done = claimtally("ingest", "--db", str(db), *inputs)
    assert done.returncode == 0, done.stderr
    return {"db": str(db), "snapshot": snapshot(str(db)), "summary": done.stderr.strip().splitlines()[-1]}


@pytest.fixture(scope="session")
def cluster() -> Iterator[Any]:
    """A real LocalCluster of two worker processes, shared by the tests that pass --scheduler."""
    import logging

    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.CRITICAL) as lc, Client(lc) as client:
        yield client

