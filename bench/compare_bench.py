"""Benchmark: `claimtally compare` over a ledger of 100,000 figures answers in under a second.

Builds (once, cached under --workdir) a SQLite ledger through the ledger API with synthetic but
news-shaped figures: a few thousand documents, claimants from the alias table under their many
names plus hundreds of unknown ones, subjects written several ways, places, two years of claim
dates, and a share of duplicate documents. Then times the whole answer `claimtally compare`
gives (run in-process: opening the ledger, reading the figures, grouping, latest figures,
spreads, writing the table): once with an empty compare cache (every figure grouped, the
grouping cached), then several times over the unchanged ledger (the grouping read back, as
every run after the first reads it), and reports the median and the worst, the first run,
the parts and a CPU reference loop that shows how busy the machine was. Exit status 1 if the
median misses the bar.

    python bench/compare_bench.py [--figures 100000] [--bar 1.0] [--workdir DIR] [--db URL]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from claimtally.cli import main as cli_main
from claimtally.compare.claimants import load_aliases
from claimtally.compare.claims import compare
from claimtally.compare.source import ledger_records
from claimtally.compare.subjects import load_subject_rules
from claimtally.ledger import open_ledger
from claimtally.model import Document, Figure

CLAIMANTS = [
    ("Russia's military", "government"), ("the Russian Defence Ministry", "government"),
    ("Russian Defense Ministry spokesman Maj. Gen. Igor Konashenkov", "government"),
    ("The Ukrainian military", "government"), ("Ukraine's General Staff", "government"),
    ("President Volodymyr Zelenskyy", "government"), ("Zelenskyy", "government"),
    ("UNHCR", "international"), ("the U.N. refugee agency", "international"),
    ("an independent monitor", "independent"), ("OVD-Info", "independent"),
    ("British intelligence", "international"), ("local officials", "government"),
    ("a source familiar with the matter", "anonymous"), (None, None),
]
SUBJECTS = ["Russian troops", "Russian soldiers", "Russia's troops", "Russian servicemen", "civilians",
            "people", "children", "Ukrainian troops", "Ukrainian soldiers", "refugees", "protesters",
            "Russians", "tanks", "drones", "missiles"]
METRICS = ["killed", "wounded", "casualties", "missing", "detained", "refugees", "displaced",
           "destroyed", "launched", "intercepted", "participants"]
PLACES = [None, None, "Ukraine", "Mariupol", "Kharkiv", "Kyiv", "Lviv", "Bucha", "Donetsk", "Moscow"]


def build(db: str, n_figures: int, per_doc: int = 25, seed: int = 5) -> None:
    """A ledger with `n_figures` figures in documents of `per_doc`; 5% of documents are duplicates."""
    rng = random.Random(seed)
    unknown = [(f"Official number {i}", rng.choice(["government", "media", "independent"])) for i in range(400)]
    start = date(2022, 2, 24)
    n_docs = n_figures // per_doc
    with open_ledger(db) as ledger:
        run = ledger.start_run(["bench"])
        ids: list[int] = []
        for d in range(n_docs):
            published = start + timedelta(days=rng.randrange(700))
            text = f"bench document {d}"
            figs = []
            for k in range(per_doc):
                claimant, kind = rng.choice(CLAIMANTS if rng.random() < 0.7 else unknown)
                value = rng.choice([rng.randrange(1, 100), rng.randrange(100, 20000), rng.randrange(10**4, 10**6)])
                shape = rng.random()
                low, high, approx = (value, value, False)
                if shape < 0.15:
                    low, high = None, value
                elif shape < 0.25:
                    low, high = value, None
                elif shape < 0.3:
                    low, high, approx = None, value, True
                claim = published - timedelta(days=rng.randrange(3)) if rng.random() < 0.6 else None
                figs.append(Figure(
                    doc=f"bench-{d}", start=k * 10, end=k * 10 + 5, text=str(value),
                    sentence=f"{claimant or 'It'} said {value} were counted, sentence {d}.{k}.",
                    value=value, low=low, high=high, approx=approx, qualifier=None,
                    metric=rng.choice(METRICS), subject=rng.choice(SUBJECTS), place=rng.choice(PLACES),
                    claimant=claimant, claimant_kind=kind, cue="said" if claimant else None,
                    claim_date=claim.isoformat() if claim else None,
                ))
            dup = rng.choice(ids) if ids and rng.random() < 0.05 else None
            res = ledger.add_document(
                Document(f"bench-{d}", text, url=f"https://example.org/{d}", site="example.org",
                         published=published.isoformat()),
                figs, text_hash=hashlib.sha256(text.encode()).hexdigest(), duplicate_of=dup, run_id=run,
                extractor_version="bench")
            ids.append(res.document_id)
        ledger.finish_run(run, documents=n_docs, figures=n_docs * per_doc, skipped=0, failed=0)


def answer(db: str, fmt: str = "table", *extra: str) -> int:
    """Run `claimtally compare --db DB --format FMT` in-process (no interpreter start-up, as a
    warm server would); returns the lines it printed."""
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink):
        code = cli_main(["compare", "--db", db, "--format", fmt, *extra])
    if code != 0:
        raise SystemExit(f"compare failed with status {code}")
    return sink.getvalue().count("\n")


def cpu_reference() -> float:
    """Seconds for a fixed pure-Python loop: about 0.1-0.15s on an idle current core, so a
    larger number says the machine was busy and the timings above are inflated by as much."""
    t = time.perf_counter()
    sum(range(10**7))
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--figures", type=int, default=100_000)
    ap.add_argument("--bar", type=float, default=1.0, help="seconds the median answer must stay under")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "claimtally-bench"))
    ap.add_argument("--db", help="use this ledger instead of building one (e.g. postgresql://...)")
    args = ap.parse_args(argv)

    db = args.db
    if not db:
        work = Path(args.workdir)
        work.mkdir(parents=True, exist_ok=True)
        path = work / f"compare-{args.figures}.db"
        if not path.exists():
            t = time.perf_counter()
            tmp = path.with_suffix(".building")
            for stale in work.glob(tmp.name + "*"):
                stale.unlink()
            build(str(tmp), args.figures)
            tmp.rename(path)
            print(f"built {path} with {args.figures:,} figures in {time.perf_counter() - t:.1f}s", file=sys.stderr)
        db = str(path)
    with open_ledger(db) as ledger:
        n = len(ledger.query_figures())
    # compare keeps its grouping per ledger state (claimtally.compare.cache): the first run
    # after a change groups every figure ("cold"), the runs after it read that ("warm")
    os.environ["CLAIMTALLY_CACHE"] = tempfile.mkdtemp(prefix="claimtally-bench-cache-")
    t, c = time.perf_counter(), time.process_time()
    answer(db)
    t_cold, cpu_cold = time.perf_counter() - t, time.process_time() - c
    times, cpu = [], []
    for _ in range(args.repeat):
        t, c = time.perf_counter(), time.process_time()
        lines = answer(db)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    t = time.perf_counter()
    all_lines = answer(db, "table", "--limit", "0")
    t_all = time.perf_counter() - t
    t = time.perf_counter()
    answer(db, "jsonl")
    t_jsonl = time.perf_counter() - t
    # the parts, for whoever has to make it faster
    t = time.perf_counter()
    with open_ledger(db) as ledger:
        rows = ledger_records(ledger)
    t_read = time.perf_counter() - t
    t = time.perf_counter()
    compare(rows, load_aliases(use_env=False), load_subject_rules(), links=False, full=False)
    t_compare = time.perf_counter() - t
    median = statistics.median(times)
    print(f"compare over {n:,} figures -> {lines - 1:,} table rows: median {median:.3f}s, "
          f"worst {max(times):.3f}s over {args.repeat} runs, CPU time median {statistics.median(cpu):.3f}s; "
          f"first run (grouping every figure, cache empty) {t_cold:.3f}s, CPU {cpu_cold:.3f}s "
          f"(read {t_read:.3f}s, group and compare {t_compare:.3f}s); "
          f"every quantity (--limit 0, {all_lines - 1:,} rows) {t_all:.3f}s, --format jsonl {t_jsonl:.3f}s; "
          f"cpu reference {cpu_reference():.3f}s; "
          f"bar {args.bar:.1f}s: {'PASS' if median < args.bar else 'FAIL'}")
    if median >= args.bar and statistics.median(cpu) < args.bar:
        print("wall time missed the bar but CPU time did not: the machine was busy (see cpu reference)")
    return 0 if median < args.bar else 1


if __name__ == "__main__":
    sys.exit(main())
