"""`claimtally ingest --engine dask` end to end on real pages and texts, against one process.

Every test compares with the one-process ingest of the same inputs (`baseline`): the same
documents (keys, versions, texts, metadata), the same figures (every field) and the same
duplicate links, in the ledger and in the Parquet dataset read by `figures` and `compare`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.scale.conftest import SMALL, claimtally, links, snapshot


def _no_ids(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in keys} for r in rows]


def _jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_dask_run_equals_one_process(inputs: list[str], baseline: dict[str, Any], tmp_path: Path) -> None:
    """A LocalCluster of 2 workers started by the command itself (no --scheduler)."""
    db = tmp_path / "dask.db"
    done = claimtally("ingest", "--engine", "dask", "--workers", "2", *SMALL, "--db", str(db), *inputs)
    assert done.returncode == 0, done.stderr
    assert "Dask dashboard: http://" in done.stderr
    snap = snapshot(str(db))
    want = baseline["snapshot"]
    assert len(snap["documents"]) == len(want["documents"]) > 30
    assert links(snap) == links(want) and len(links(want)) >= 4  # syndicated copies across partitions
    assert snap == want
    # the same closing summary as one process (documents, figures, duplicates, versions, repeats)
    assert baseline["summary"] in done.stderr
    assert "0 already done, 0 failed" in done.stderr

    # the dataset, read by figures / export / compare, says what the ledger says
    dataset = tmp_path / "dask-dataset"
    assert {p.name for p in dataset.iterdir()} >= {"_complete.json", "documents", "figures", "links"}
    assert any(p.name.startswith("published_month=") for p in (dataset / "documents").iterdir())
    ids = ("id", "document_id", "duplicate_of")
    from_set = claimtally("figures", "--db", str(dataset), "--format", "jsonl")
    from_db = claimtally("figures", "--db", baseline["db"], "--format", "jsonl")
    assert from_set.returncode == 0, from_set.stderr
    assert _no_ids(_jsonl(from_set.stdout), *ids) == _no_ids(_jsonl(from_db.stdout), *ids)
    assert [r["duplicate_of"] is None for r in _jsonl(from_set.stdout)] == \
        [r["duplicate_of"] is None for r in _jsonl(from_db.stdout)]
    metric = claimtally("figures", "--db", str(dataset), "--format", "jsonl", "--metric", "killed", "--since", "2019-01-01")
    assert _no_ids(_jsonl(metric.stdout), *ids) == _no_ids(
        _jsonl(claimtally("figures", "--db", baseline["db"], "--format", "jsonl", "--metric", "killed",
                          "--since", "2019-01-01").stdout), *ids)
    import pyarrow.parquet as pq

    tables = []
    for db_or_set in (str(dataset), baseline["db"]):
        out = tmp_path / f"figures-{len(tables)}.parquet"
        done = claimtally("export", "--db", db_or_set, str(out))
        assert done.returncode == 0, done.stderr
        tables.append(pq.read_table(out))
    assert tables[0].schema == tables[1].schema  # the same column types (whole counts as integers)
    assert tables[0].num_rows == len(want["figures"])
    assert _no_ids(tables[0].to_pylist(), *ids) == _no_ids(tables[1].to_pylist(), *ids)

    def compared(db: str) -> list[dict[str, Any]]:
        done = claimtally("compare", "--db", db, "--format", "jsonl", "--limit", "0")
        assert done.returncode == 0, done.stderr
        rows = _jsonl(done.stdout)
        ids = ("figure_id", "document_id", "duplicate_of")  # row ids differ between a ledger and a dataset
        return [{**_no_ids([r], *ids)[0], "sources": _no_ids(r.get("sources", []), *ids)} for r in rows]

    assert compared(str(dataset)) == compared(baseline["db"]) != []

    # run again: every partition is done, nothing is added
    again = claimtally("ingest", "--engine", "dask", "--workers", "2", *SMALL, "--db", str(db), *inputs)
    assert again.returncode == 0, again.stderr
    assert "0 documents" in again.stderr and "already done" in again.stderr
    assert snapshot(str(db)) == want


def test_load_into_postgresql(inputs: list[str], baseline: dict[str, Any], cluster: Any, pg_url: str,
                              tmp_path: Path) -> None:
    done = claimtally("ingest", "--engine", "dask", "--scheduler", cluster.scheduler.address, *SMALL,
                      "--dataset", str(tmp_path / "set"), "--db", pg_url, *inputs)
    assert done.returncode == 0, done.stderr
    assert snapshot(pg_url) == baseline["snapshot"]


def _markers(dataset: Path) -> int:
    return len(list((dataset / "_done").glob("*.json"))) if (dataset / "_done").is_dir() else 0


def _run_until(cluster: Any, inputs: list[str], tmp_path: Path, done: int,
               timeout: float = 120) -> tuple[list[str], Path, Path, subprocess.Popen]:
    """An ingest in small partitions started in the background, once `done` partitions are finished
    and before the run has ended (so a kill lands mid-run)."""
    dataset, db = tmp_path / "set", tmp_path / "ledger.db"
    args = ["ingest", "--engine", "dask", "--scheduler", cluster.scheduler.address, "--partition-records", "2",
            "--partition-files", "2", "--dataset", str(dataset), "--db", str(db), *inputs]
    proc = subprocess.Popen([sys.executable, "-m", "claimtally.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + timeout
    while _markers(dataset) < done:
        assert proc.poll() is None, "the run ended before it could be killed: " + proc.stderr.read()
        assert time.monotonic() < deadline, "no partition finished in time"
        time.sleep(0.05)
    assert not (dataset / "_complete.json").exists()
    return args, dataset, db, proc


def test_killed_worker_rerun_equals_clean_run(inputs: list[str], baseline: dict[str, Any], cluster: Any,
                                              tmp_path: Path) -> None:
    args, dataset, db, proc = _run_until(cluster, inputs, tmp_path, 2)
    busy = {addr for addr, tasks in cluster.processing().items() if tasks}
    pids = cluster.run(os.getpid)
    victim = next((pid for addr, pid in pids.items() if addr in busy), next(iter(pids.values())))
    os.kill(victim, signal.SIGKILL)  # the nanny starts a new worker; Dask reruns the tasks it held
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    cluster.wait_for_workers(2, timeout=60)
    assert snapshot(str(db)) == baseline["snapshot"]


def test_killed_client_rerun_skips_done_partitions(inputs: list[str], baseline: dict[str, Any], cluster: Any,
                                                   tmp_path: Path) -> None:
    args, dataset, db, proc = _run_until(cluster, inputs, tmp_path, 3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    finished = _markers(dataset)
    assert finished >= 3 and not (dataset / "_complete.json").exists()
    done = claimtally(*args)
    assert done.returncode == 0, done.stderr
    resumed = int(done.stderr.split(" already done")[0].rsplit("(", 1)[1])
    assert resumed >= finished
    assert snapshot(str(db)) == baseline["snapshot"]


def test_failing_partition_is_retried_then_named(inputs: list[str], cluster: Any, tmp_path: Path) -> None:
    dataset, db = tmp_path / "set", tmp_path / "f.db"
    args = ["ingest", "--engine", "dask", "--scheduler", cluster.scheduler.address, *SMALL, "--partition-retries", "1",
            "--dataset", str(dataset), "--db", str(db), inputs[0]]
    assert claimtally(*args, "--no-load").returncode == 0
    marker = dataset / "_done" / "part-000002.json"
    marker.unlink()
    marker.mkdir()  # that partition is to be done again, and its done marker cannot be written
    done = claimtally(*args)
    assert done.returncode == 1
    named = [line for line in done.stderr.splitlines() if "partition part-000002" in line]
    assert len(named) == 1 and "failed after 2 tries" in named[0] and "IsADirectoryError" in named[0]
    assert "pages.warc.gz records 6-8" in named[0]
    assert "1 failed" in done.stderr and "1 failed)" in done.stderr  # summary line and partition line
    marker.rmdir()
    fixed = claimtally(*args)
    assert fixed.returncode == 0, fixed.stderr


def test_bad_options_and_stdin_are_refused(tmp_path: Path) -> None:
    done = claimtally("ingest", "--engine", "dask", "--db", str(tmp_path / "x.db"), "-")
    assert done.returncode == 2 and "standard input" in done.stderr
    done = claimtally("ingest", "--engine", "dask", "--workers", "0", "--db", str(tmp_path / "x.db"), str(tmp_path))
    assert done.returncode == 2 and "--workers" in done.stderr


def test_dataset_of_another_run_is_refused(inputs: list[str], cluster: Any, tmp_path: Path) -> None:
    dataset = tmp_path / "set"
    base = ["ingest", "--engine", "dask", "--scheduler", cluster.scheduler.address, "--no-load",
            "--dataset", str(dataset)]
    assert claimtally(*base, inputs[1]).returncode == 0
    other = claimtally(*base, "--published", "2022-01-01", inputs[1])
    assert other.returncode == 2 and "holds another run" in other.stderr

