"""Scale benchmark: `ingest --engine dask` on 1 and 2 workers over one WARC of real articles.

1. A gzip WARC of N real articles (default 20,000 of the 23,251 in
   ../shared/corpus-scale/dailymail-2020.jsonl.gz), each wrapped as an HTML page, written with
   warcio (kept in out/bench-scale/ for the next run).
2. WARC reading alone, FastWARC against warcio, on that archive (records per second, wall and
   CPU), and the cost of the HTML-to-text step (trafilatura + htmldate) per page beside it.
3. The whole distributed ingest (read, HTML to text, language, hashes, MinHash, extraction,
   Parquet, global duplicate step; no ledger load) with a LocalCluster of 1 and then 2 worker
   processes. Records per second are over the partition phase's wall time; per-task CPU time
   is summed from the workers' own clocks, so a rate lost to other load on the machine shows as
   wall time that is not CPU time. Bars: scaling efficiency (2-worker rate / (2 x 1-worker
   rate)) >= 0.8, and peak resident memory per worker <= 1 GB.
4. A projection of hours per billion records on 16, 64 and 256 workers from the measured
   per-worker rate and the measured overhead per partition (scheduling and idle time between
   tasks) and per record of the duplicate step.

The machine's load average is printed before and after each run: on a shared machine the
wall-clock efficiency depends on it, and the CPU-time figures say by how much.

Usage: python bench/scale_bench.py --corpus ../shared/corpus-scale/dailymail-2020.jsonl.gz
       [--records 20000] [--partition-records 1000] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

OUT = Path("out/bench-scale")


def page(article: dict) -> bytes:
    title = html.escape(article.get("title") or "")
    paras = "".join(f"<p>{html.escape(p.strip())}</p>" for p in (article.get("text") or "").split("\n") if p.strip())
    published = article.get("published") or ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="article:published_time" content="{published}T08:00:00Z">'
            '<meta property="og:site_name" content="Daily Mail"></head><body>'
            '<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>'
            f"<main><article><h1>{title}</h1>{paras}</article></main>"
            "<footer><p>Published by Associated Newspapers Ltd</p></footer></body></html>").encode()


def build_warc(corpus: Path, records: int) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"dailymail-{records}.warc.gz"
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    n = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as src, tmp.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for line in src:
            article = json.loads(line)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            uri = f"https://www.dailymail.co.uk/news/{quote(article['doc'])}.html"  # a name may hold spaces
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(page(article)),
                                                          http_headers=headers))
            n += 1
            if n >= records:
                break
    if n < records:
        sys.exit(f"{corpus} has only {n} articles; ask for --records {n} or fewer")
    tmp.rename(path)
    return path


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def readers(warc: Path, records: int) -> None:
    from claimtally.ingest.html import parse_html
    from claimtally.scale.warc import iter_range, reader_name

    names = ["warcio"] + (["fastwarc"] if reader_name(None) == "fastwarc" else [])
    rates = {}
    for name in names:
        wall, cpu = time.perf_counter(), time.process_time()
        pages = sum(1 for r in iter_range(warc, 0, None, 10 * 1024 * 1024, name) if hasattr(r, "body"))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        rates[name] = pages / wall
        print(f"warc reading  {name:9s} {pages:>7,} pages  {pages / wall:>9,.0f} records/s wall  "
              f"{pages / cpu:>9,.0f} records/s CPU")
    if "fastwarc" in rates:
        print(f"fastwarc / warcio reading speed: {rates['fastwarc'] / rates['warcio']:.2f}x")
    sample = []
    for rec in iter_range(warc, 0, None, 10 * 1024 * 1024, names[-1]):
        if hasattr(rec, "body"):
            sample.append(rec)
        if len(sample) >= 300:
            break
    cpu = time.process_time()
    for rec in sample:
        parse_html(rec.body, url=rec.uri, charset=rec.charset)
    per_page = (time.process_time() - cpu) / len(sample)
    print(f"html to text (trafilatura + htmldate): {per_page * 1000:.1f} ms CPU per page "
          f"({1 / per_page:,.0f} pages/s), against {1000 / rates[names[-1]]:.2f} ms per record to read the WARC")


def dask_run(warc: Path, workers: int, partition_records: int) -> dict:
    target = OUT / f"set-{workers}"
    subprocess.run(["rm", "-rf", str(target)], check=True)
    before = load_average()
    wall = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "claimtally.cli", "ingest", "--engine", "dask", "--workers",
                           str(workers), "--no-load", "--quiet", "--partition-records", str(partition_records),
                           "--dataset", str(target), str(warc)], capture_output=True, text=True)
    wall = time.perf_counter() - wall
    if done.returncode != 0:
        sys.exit(f"dask run with {workers} worker(s) failed:\n{done.stderr}")
    summary = json.loads((target / "_complete.json").read_text())
    markers = [json.loads(p.read_text()) for p in (target / "_done").glob("*.json")]
    peak: dict[int, float] = {}
    for m in markers:
        peak[m["pid"]] = max(peak.get(m["pid"], 0.0), m["peak_rss_mb"])
    return {
        "workers": workers, "records": sum(m["partition"]["records"] for m in markers), "partitions": len(markers),
        "phase_s": summary["partitions_s"], "duplicates_s": summary["duplicates_s"], "command_s": wall,
        "task_wall_s": sum(m["wall_s"] for m in markers), "task_cpu_s": sum(m["cpu_s"] for m in markers),
        "peak_mb": max(peak.values()), "load_before": before, "load_after": load_average(),
        "documents": sum(m["documents"] for m in markers), "figures": sum(m["figures"] for m in markers),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--records", type=int, default=20_000)
    ap.add_argument("--partition-records", type=int, default=1000)
    ap.add_argument("--skip-readers", action="store_true")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}  load average at start: {load_average()}")
    warc = build_warc(args.corpus, args.records)
    print(f"archive: {warc} ({warc.stat().st_size / 1e6:,.0f} MB, {args.records:,} response records)")
    if not args.skip_readers:
        readers(warc, args.records)
    runs = {}
    for workers in (1, 2):
        r = runs[workers] = dask_run(warc, workers, args.partition_records)
        print(f"{workers} worker(s): {r['records'] / r['phase_s']:,.1f} records/s "
              f"({r['records']:,} records, {r['partitions']} partitions in {r['phase_s']:.1f} s; "
              f"{r['records'] / r['task_cpu_s']:,.1f} records per task-CPU-second; task CPU/wall "
              f"{r['task_cpu_s'] / r['task_wall_s']:.2f}; peak memory per worker {r['peak_mb']:,.0f} MB; "
              f"duplicate step {r['duplicates_s']:.1f} s; whole command {r['command_s']:.1f} s; "
              f"load average {r['load_before']} -> {r['load_after']})")
    one, two = runs[1], runs[2]
    rate1, rate2 = one["records"] / one["phase_s"], two["records"] / two["phase_s"]
    efficiency = rate2 / (2 * rate1)
    cpu_eff = (two["records"] / two["task_cpu_s"]) / (one["records"] / one["task_cpu_s"])
    print(f"scaling efficiency {efficiency:.2f}")
    print(f"  per-record CPU cost, 2 workers against 1: {1 / cpu_eff:.2f}x (1.00 = no contention for the cores); "
          f"with a free core per worker the efficiency would be about {cpu_eff:.2f} (an estimate, not the bar)")
    peak = max(one["peak_mb"], two["peak_mb"])
    print(f"bar: scaling efficiency >= 0.80: {'PASS' if efficiency >= 0.8 else 'FAIL'} ({efficiency:.2f})")
    print(f"bar: peak memory per worker <= 1024 MB: {'PASS' if peak <= 1024 else 'FAIL'} ({peak:,.0f} MB)")
    per_record = one["task_wall_s"] / one["records"]  # one worker's seconds per record, in its tasks
    overhead = max(0.0, (two["workers"] * two["phase_s"] - two["task_wall_s"]) / two["partitions"])
    dedupe = two["duplicates_s"] * two["workers"] / two["records"]
    print(f"projection from: {1 / per_record:,.1f} records/s per worker, {overhead:.2f} s overhead per partition "
          f"of {args.partition_records} records, duplicate step {dedupe * 1e3:.2f} ms per record-worker")
    cpu_record = one["task_cpu_s"] / one["records"]  # what a worker with a core of its own would take
    print(f"{'workers':>8}  {'hours per billion records (measured)':>38}  {'(a free core per worker)':>26}")
    for w in (16, 64, 256):
        n = 1e9
        hours = [(n / w * (cost + dedupe) + n / args.partition_records / w * overhead) / 3600
                 for cost in (per_record, cpu_record)]
        print(f"{w:>8}  {hours[0]:>38,.1f}  {hours[1]:>26,.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
