"""Load on the JSON API: N concurrent clients for a fixed time against `claimtally serve` on loopback.

Builds a ledger (the web test articles, `examples/*.txt`, and synthetic documents for scale),
starts `claimtally serve` as its own process on 127.0.0.1, then runs `--clients` asyncio clients
for `--duration` seconds, each looping over a mix of API reads (filtered and paged figure lists,
single figures, documents, quantities, claimants). Bounded: a per-request timeout, a hard stop
after the duration, and a fixed-size record per request.

Reports requests, errors, throughput and latency percentiles; exits 1 on any error (a non-2xx
answer or a failed request).

    .venv/bin/python bench/web_load.py [--clients 50] [--duration 30] [--docs 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from claimtally.extract import extract
from claimtally.ledger import open_ledger
from claimtally.model import METRICS, Document, Figure

REPO = Path(__file__).resolve().parents[1]
CLAIMANTS = ["Defence Ministry", "Regional governor", "United Nations monitors", "A rights group",
             "Police", "Health Ministry", "Local officials", "Red Cross"]
SUBJECTS = ["civilians", "soldiers", "people", "protesters", "homes", "drones"]


def build(db: str, docs: int, seed: int = 7) -> int:
    """Fill a ledger; returns how many figures it holds."""
    rng = random.Random(seed)
    count = 0
    with open_ledger(db) as ledger:
        for path in sorted((REPO / "tests/web/data").glob("*.txt")) + sorted((REPO / "examples").glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            figs = extract(text, doc_id=path.stem)
            ledger.add_document(Document(id=path.stem, text=text, title=path.stem), figs,
                                text_hash=hashlib.sha256(text.encode()).hexdigest(), extractor_version="bench")
            count += len(figs)
        for i in range(docs):
            day = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            sentences, figs = [], []
            pos = 0
            for _ in range(5):
                n = rng.randint(1, 20000)
                claimant, subject = rng.choice(CLAIMANTS), rng.choice(SUBJECTS)
                sentence = f"The {claimant} said {n} {subject} were affected. "
                start = pos + sentence.index(str(n))
                figs.append(Figure(doc=f"synthetic-{i}", start=start, end=start + len(str(n)), text=str(n),
                                   sentence=sentence.strip(), value=n, low=n, high=n, approx=False,
                                   qualifier=None, metric=rng.choice(METRICS[:8]), subject=subject,
                                   claimant=claimant, claimant_kind="government", claim_date=day))
                sentences.append(sentence)
                pos += len(sentence)
            text = "".join(sentences)
            ledger.add_document(
                Document(id=f"synthetic-{i}", text=text, title=f"Synthetic report {i}", published=day),
                figs, text_hash=hashlib.sha256(text.encode()).hexdigest(), extractor_version="bench")
            count += len(figs)
    return count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request_mix(rng: random.Random, figure_ids: list[int], doc_ids: list[int]) -> tuple[str, dict[str, Any]]:
    roll = rng.random()
    if roll < 0.35:
        params: dict[str, Any] = {"limit": rng.choice([10, 50, 100]), "offset": rng.randint(0, 2000)}
        if rng.random() < 0.5:
            params["metric"] = rng.choice(METRICS[:8])
        if rng.random() < 0.3:
            params["claimant"] = rng.choice(CLAIMANTS)[:6]
        if rng.random() < 0.3:
            params["since"] = "2022-06-01"
        return "/api/figures", params
    if roll < 0.6:
        return f"/api/figures/{rng.choice(figure_ids)}", {}
    if roll < 0.75:
        return f"/api/documents/{rng.choice(doc_ids)}", {}
    if roll < 0.85:
        return "/api/quantities", {"limit": 20}
    if roll < 0.95:
        return "/api/claimants", {"limit": 20}
    return "/api/documents", {"limit": 20, "offset": rng.randint(0, 500)}


async def client(n: int, base: str, stop_at: float, figure_ids: list[int], doc_ids: list[int],
                 latencies: list[float], errors: list[str]) -> None:
    rng = random.Random(n)
    async with httpx.AsyncClient(base_url=base, timeout=10.0) as http:
        while time.monotonic() < stop_at:
            path, params = request_mix(rng, figure_ids, doc_ids)
            started = time.perf_counter()
            try:
                resp = await http.get(path, params=params)
                if resp.status_code != 200:
                    errors.append(f"{resp.status_code} {path}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__} {path}")
            latencies.append(time.perf_counter() - started)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def load(base: str, clients: int, duration: float) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base, timeout=30.0) as http:
        figure_ids = [f["id"] for f in (await http.get("/api/figures", params={"limit": 500})).json()["items"]]
        doc_ids = [d["id"] for d in (await http.get("/api/documents", params={"limit": 500})).json()["items"]]
    latencies: list[float] = []
    errors: list[str] = []
    started = time.monotonic()
    stop_at = started + duration
    tasks = [client(i, base, stop_at, figure_ids, doc_ids, latencies, errors) for i in range(clients)]
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=duration + 30)
    elapsed = time.monotonic() - started
    return {
        "clients": clients,
        "duration_s": round(elapsed, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "error_examples": errors[:5],
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--docs", type=int, default=2000, help="synthetic documents (5 figures each)")
    parser.add_argument("--db", help="use this existing ledger instead of building one")
    parser.add_argument("--workers", type=int, default=1, help="`claimtally serve --workers`")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or os.path.join(tmp, "bench.db")
        if not args.db:
            t0 = time.monotonic()
            figures = build(db, args.docs)
            print(f"built ledger: {figures} figures in {time.monotonic() - t0:.1f}s", file=sys.stderr)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "claimtally.cli", "serve", "--db", db, "--port", str(port),
             "--workers", str(args.workers)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(base + "/healthz", timeout=2).raise_for_status()
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        print("web_load: the server did not start", file=sys.stderr)
                        return 1
                    time.sleep(0.2)
            result = asyncio.run(load(base, args.clients, args.duration))
        finally:
            server.terminate()
            server.wait(15)
    result["workers"] = args.workers
    result["load_average_after"] = os.getloadavg()[0]
    print(json.dumps(result, indent=2))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
