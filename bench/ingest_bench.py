"""Ingest benchmark: body quality and speed on real pages, and flat memory on a large WARC.

1. Quality: the 181 pages of the article-extraction-benchmark (peers folder), scored as that
   benchmark's README says (\\w+ tokens, 4-token shingle multisets, per-page TP/FP/FN normalised
   by their sum, precision and recall averaged over pages, F1 from the means). Bar: F1 >= 0.95.
2. Speed: ingest's per-page work (decode, trafilatura body + metadata, htmldate, language,
   text hash, MinHash) against `trafilatura.extract(html, include_comments=False)` alone (the
   call that benchmark scored), same bytes, same process, both warmed up by the quality pass,
   interleaved page by page; CPU time of the process is compared (wall time is reported too
   but swings with whatever else runs on the machine). Bar: ingest time <= 1.2x trafilatura.
3. Memory: a WARC.gz of N synthetic news pages (default 10,000) written with warcio and
   ingested end to end (extraction and a SQLite ledger included) in a child process that
   samples its resident memory every 1,000 records. Bar: flat, i.e. the peak after the last
   record is within 25% (+20 MB) of the peak after the first 1,000.

Usage: python bench/ingest_bench.py --peers ../shared/peers/article-extraction-benchmark
       [--rounds 3] [--warc-records 10000] [--skip-warc]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

_TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_scores(true: str, pred: str) -> tuple[float, float]:
    """Precision and recall of one page, exactly as the benchmark's evaluate.py computes them."""
    a, b = _shingles(true), _shingles(pred)
    tp = fp = fn = 0.0
    for key in set(a) | set(b):
        t, p = a.get(key, 0), b.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    s = tp + fp + fn
    if s:
        tp, fp, fn = tp / s, fp / s, fn / s
    precision = 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)
    recall = 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)
    return precision, recall


def f1_over(pages: dict[str, bytes], truth: dict[str, str], extract) -> tuple[float, float, float]:  # noqa: ANN001
    ps, rs = [], []
    for key, raw in pages.items():
        p, r = page_scores(truth[key], extract(raw) or "")
        ps.append(p)
        rs.append(r)
    P, R = statistics.mean(ps), statistics.mean(rs)
    return P, R, (2 * P * R / (P + R) if P + R else 0.0)


def quality_and_speed(peers: Path, rounds: int) -> dict:
    import trafilatura

    from claimtally.ingest.dedupe import minhash, normalise_text, signature_bytes, text_hash
    from claimtally.ingest.read import Reader

    truth = {k: v.get("articleBody", "") for k, v in json.loads((peers / "ground-truth.json").read_text()).items()}
    pages = {f.name[: -len(".html.gz")]: gzip.decompress(f.read_bytes()) for f in sorted(peers.glob("html/*.html.gz"))}
    reader = Reader()

    def ingest_page(raw: bytes) -> str:
        doc = reader._html_document(raw, "bench", "bench")
        norm = normalise_text(doc.text)
        text_hash(norm, normalised=True)
        signature_bytes(minhash(norm, normalised=True))
        return doc.text

    def ingest_page_safe(raw: bytes) -> str:
        try:
            return ingest_page(raw)
        except ValueError:
            return ""

    def traf(raw: bytes) -> str:
        return trafilatura.extract(raw, include_comments=False) or ""

    out: dict = {"pages": len(pages)}
    P, R, F = f1_over(pages, truth, ingest_page_safe)
    out["ingest"] = {"precision": round(P, 4), "recall": round(R, 4), "f1": round(F, 4)}
    P, R, F = f1_over(pages, truth, traf)
    out["trafilatura"] = {"precision": round(P, 4), "recall": round(R, 4), "f1": round(F, 4)}

    # Interleaved page by page (order alternating), so load from other processes on the
    # machine hits both sides alike; CPU time of this process is the headline, wall time shown.
    cpu = {"ingest": 0.0, "trafilatura": 0.0}
    wall = {"ingest": 0.0, "trafilatura": 0.0}
    fns = {"ingest": ingest_page_safe, "trafilatura": traf}
    for r in range(rounds):
        for i, raw in enumerate(pages.values()):
            order = ("ingest", "trafilatura") if (i + r) % 2 else ("trafilatura", "ingest")
            for name in order:
                c0, w0 = time.process_time(), time.perf_counter()
                fns[name](raw)
                cpu[name] += time.process_time() - c0
                wall[name] += time.perf_counter() - w0
    n = len(pages) * rounds
    out["cpu_ms_per_page"] = {k: round(1000 * v / n, 2) for k, v in cpu.items()}
    out["wall_ms_per_page"] = {k: round(1000 * v / n, 2) for k, v in wall.items()}
    out["pages_per_second_cpu"] = {k: round(n / v, 1) for k, v in cpu.items()}
    out["time_ratio"] = round(cpu["ingest"] / cpu["trafilatura"], 3)
    out["wall_time_ratio"] = round(wall["ingest"] / wall["trafilatura"], 3)
    return out


# -- the WARC memory case ---------------------------------------------------------------------

_WORDS = [
    "ministry", "officials", "regional", "governor", "said", "reported", "according", "statement",
    "monday", "tuesday", "village", "city", "district", "strike", "shelling", "rescue", "workers",
    "hospital", "residents", "council", "police", "protest", "square", "capital", "border",
    "crossing", "aid", "convoy", "bridge", "railway", "power", "station", "water",
]


def _page(i: int) -> bytes:
    """A small news page; every 10th one is a copy of the previous story (a syndicated duplicate)."""
    story = i - 1 if i % 10 == 0 and i else i
    words = [_WORDS[(story * 7 + k * 13) % len(_WORDS)] for k in range(60)]
    filler = " ".join(words)
    paras = [
        f"Officials said {story % 97 + 3} people were killed and {story % 41 + 5} wounded in the strike on "
        f"district {story}, according to the regional governor.",
        f"Story number {story}: {filler}.",
        f"Police detained {story % 300 + 10} protesters in the capital on Monday, the ministry said.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        f"<html lang='en'><head><title>Report {story}</title>"
        f"<meta property='article:published_time' content='2024-03-{story % 28 + 1:02d}'></head>"
        f"<body><nav>Home | World | Sport</nav><article><h1>Report {story}</h1>{body}</article>"
        f"<footer>Copyright</footer></body></html>"
    ).encode()


def write_warc(path: Path, n: int) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(n):
            body = _page(i)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                f"https://news.example/{i}", "response", payload=BytesIO(body), http_headers=headers
            )
            writer.write_record(rec)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def warc_child(warc: str, db: str, every: int) -> None:
    """Runs in a child process: ingest the WARC, print RSS samples as JSON on stdout."""
    from claimtally.ingest.pipeline import ingest
    from claimtally.ledger import open_ledger

    samples: list[tuple[int, float]] = []
    seen = 0

    def on_item(item, summary) -> None:  # noqa: ANN001
        nonlocal seen
        seen += 1
        if seen % every == 0:
            samples.append((seen, round(_rss_mb(), 1)))

    t0 = time.perf_counter()
    with open_ledger(db) as ledger:
        summary = ingest([warc], ledger, on_item=on_item)
    print(json.dumps({
        "seconds": round(time.perf_counter() - t0, 1),
        "documents": summary.documents,
        "duplicates": summary.duplicates,
        "figures": summary.figures,
        "failed": summary.failed,
        "rss_mb": samples,
    }))


def warc_memory(n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "bench.warc.gz"
        write_warc(warc, n)
        size = warc.stat().st_size
        proc = subprocess.run(
            [sys.executable, __file__, "--warc-child", str(warc), "--db", str(Path(tmp) / "l.db")],
            capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0:
            raise SystemExit(f"WARC child failed: {proc.stderr.strip()[-2000:]}")
        res = json.loads(proc.stdout.strip().splitlines()[-1])
    samples = res["rss_mb"]
    first, last = samples[0][1], max(s[1] for s in samples)
    res.update({
        "records": n,
        "warc_bytes": size,
        "rss_first_1000_mb": first,
        "rss_peak_mb": last,
        "flat": last <= first * 1.25 + 20,
    })
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peers", type=Path, default=Path("../shared/peers/article-extraction-benchmark"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--warc-records", type=int, default=10_000)
    ap.add_argument("--skip-warc", action="store_true")
    ap.add_argument("--skip-pages", action="store_true")
    ap.add_argument("--warc-child", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.warc_child:
        warc_child(args.warc_child, args.db, 1000)
        return 0
    ok = True
    if not args.skip_pages:
        if not (args.peers / "ground-truth.json").is_file():
            print(f"ingest_bench: {args.peers}: no ground-truth.json (give --peers)", file=sys.stderr)
            return 2
        res = quality_and_speed(args.peers, args.rounds)
        print(json.dumps({"article_extraction_benchmark": res}, indent=2))
        f1_ok = res["ingest"]["f1"] >= 0.95
        speed_ok = res["time_ratio"] <= 1.2
        print(f"body F1 {res['ingest']['f1']:.4f} (bar 0.95, trafilatura alone {res['trafilatura']['f1']:.4f}): "
              f"{'PASS' if f1_ok else 'FAIL'}")
        print(f"time ratio ingest/trafilatura {res['time_ratio']:.3f} (bar 1.2): {'PASS' if speed_ok else 'FAIL'}")
        ok = ok and f1_ok and speed_ok
    if not args.skip_warc:
        res = warc_memory(args.warc_records)
        print(json.dumps({"warc_memory": res}))
        print(f"WARC {res['records']:,} records: RSS {res['rss_first_1000_mb']} MB after 1,000, "
              f"peak {res['rss_peak_mb']} MB: {'PASS' if res['flat'] else 'FAIL'}")
        ok = ok and res["flat"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
