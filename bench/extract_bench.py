"""Extraction throughput and memory against quantulum3 and gdelt-regkg, plus hostile 1 MB inputs (`make bench`).

    python bench/extract_bench.py --corpus ../shared/corpus [--seconds 3] [--mb 1] [--peers-python PY]

The peers run in their own interpreter (`--peers-python`, default the one that
`../shared/tools/peers-venv.sh` builds in ~/.cache/claimtally-peers): gdelt-regkg declares
Python >= 3.12 and that script patches the one line that keeps it from importing on 3.11.
Without that venv, quantulum3 runs in this interpreter and gdelt-regkg is reported as not measured.

Each measurement runs in a fresh child process so one tool's memory never pollutes the
other's peak RSS, and both tools read the same texts in the same run. A worker loads the
corpus, makes one untimed warm-up pass (lexicon loading, quantulum3's unit tables), then
repeats whole passes over the corpus until `--seconds` of work are done. Throughput is
articles per CPU-second of the (single-threaded) worker, i.e. articles per second per
core, which stays meaningful on a busy machine; wall-clock rate is printed alongside.

The hostile cases (1 MB each: "killed " repeated, "1,1,1,...", long digit runs, runs of
capitalised words, many quotes, one endless figure-dense sentence) are timed one per child
process with a time-out, so a hang shows up as a number instead of a stuck benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

#: The issue's bars (the generalisation issue: at least 20x quantulum3 and 4x gdelt-regkg's counts).
TARGET_RATIOS = {"quantulum3": 20.0, "gdelt-regkg": 4.0}
TARGET_RSS_MB = 500.0
TARGET_HOSTILE_S = 2.0
DEFAULT_PEERS_PYTHON = Path.home() / ".cache" / "claimtally-peers" / "bin" / "python"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def load_corpus(corpus: Path) -> list[tuple[str, str]]:
    """(doc, text) for every article in the corpus directory, sorted by name."""
    paths = sorted(corpus.glob("*.txt"))
    if not paths:
        raise SystemExit(f"extract_bench: {corpus}: no *.txt articles")
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]


def published_dates(corpus: Path) -> dict[str, str]:
    index = corpus / "INDEX.tsv"
    if not index.exists():
        return {}
    rows = [line.split("\t") for line in index.read_text(encoding="utf-8").splitlines()[1:]]
    return {r[0]: r[1] for r in rows if len(r) > 1 and r[1]}


def worker_throughput(tool: str, corpus: Path, seconds: float) -> dict[str, Any]:
    """Run `tool` over the corpus for about `seconds` of CPU time; runs inside a child process."""
    docs = load_corpus(corpus)
    dates = published_dates(corpus)
    rss_before = _peak_rss_mb()
    if tool == "claimtally":
        from claimtally import extract

        def one(doc: str, text: str) -> int:
            return len(extract(text, published=dates.get(doc), doc_id=doc))
    elif tool == "quantulum3":
        warnings.simplefilter("ignore")  # "classifier dependencies not installed": expected
        from quantulum3 import parser

        def one(doc: str, text: str) -> int:
            return len(parser.parse(text))
    elif tool == "gdelt-regkg":
        from gdelt_regkg.fields.counts import analyze_counts

        def one(doc: str, text: str) -> int:
            return len(analyze_counts(text).mentions)
    else:
        raise SystemExit(f"extract_bench: unknown tool {tool!r}")
    t0 = time.perf_counter()
    found_per_pass = sum(one(doc, text) for doc, text in docs)  # warm-up, untimed
    warmup_s = time.perf_counter() - t0
    articles = passes = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    while True:
        for doc, text in docs:
            one(doc, text)
        articles += len(docs)
        passes += 1
        cpu = time.process_time() - cpu0
        if cpu >= seconds:
            break
    wall = time.perf_counter() - wall0
    return {
        "tool": tool, "articles": articles, "passes": passes, "cpu_s": cpu, "wall_s": wall,
        "per_cpu_s": articles / cpu, "per_wall_s": articles / wall, "warmup_s": warmup_s,
        "found_per_pass": found_per_pass, "chars_per_pass": sum(len(t) for _, t in docs),
        "rss_after_import_mb": rss_before, "peak_rss_mb": _peak_rss_mb(),
    }


def hostile_texts(mb: float, reference: str = "") -> dict[str, str]:
    """The adversarial inputs, each about `mb` million characters; with `reference` (the dev
    corpus) also ordinary news repeated to the same size, to read the others against."""
    n = int(mb * 1_000_000)

    def fill(unit: str) -> str:
        return (unit * (n // len(unit) + 1))[:n]

    words = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Ministry", "Said", "Killed", "Forces"]
    cases = {"news (reference)": fill(reference)} if reference else {}
    return cases | {
        "killed-repeated": fill("killed "),
        "one-comma-one": fill("1,"),
        "one-digit-run": fill("1234567890"),
        "digit-runs-1k": fill("9" * 999 + " "),
        "digit-runs-with-words": fill("12345678901234567890 people were killed "),
        "capitalised-words": fill(" ".join(words) + " "),
        "many-quotes": fill('"\u201c\u201d\'\u2018\u2019 '),
        "quoted-claims": fill('"498 were killed," he said, "and ' ),
        "figure-dense-sentence": fill("the ministry said 498 soldiers were killed and 20 wounded, "),
        "vague-amounts": fill("hundreds of thousands of dozens of "),
        "ranges": fill("between 7,000 and 15,000 to "),
        "no-one": fill("no one nobody none no "),
        "forecast-markers": fill("officials could expect 40 people might be killed if "),
        "quoted-paragraphs": fill('“The attack left 12 people dead. We mourn them.\n“More died,” he said. '),
        "long-lists": fill("destroyed 838 tanks, 2,162 vehicles, 176 planes and "),
    }


def worker_hostile(case: str, mb: float, corpus: Path) -> None:
    """Time one hostile case at a tenth of the size, then at full size; one JSON line each.

    The two sizes give the growth exponent (1 = linear, 2 = quadratic), which says more than
    one timing on a busy machine; the small line is printed first so it survives a time-out.
    """
    from claimtally import extract

    extract("498 soldiers were killed, the ministry said.", doc_id="warm-up")
    reference = "\n\n".join(text for _, text in load_corpus(corpus))
    for size in (mb / 10, mb):
        text = hostile_texts(size, reference)[case]
        cpu0, wall0 = time.process_time(), time.perf_counter()
        try:
            found: Any = len(extract(text, published="2022-03-07", doc_id=case))
            error = None
        except Exception as exc:  # reported, not hidden: a crash is a finding
            found, error = None, f"{type(exc).__name__}: {str(exc)[:120]}"
        print(json.dumps({"case": case, "chars": len(text), "cpu_s": time.process_time() - cpu0,
                          "wall_s": time.perf_counter() - wall0, "figures": found, "error": error,
                          "peak_rss_mb": _peak_rss_mb()}), flush=True)


def child(args: list[str], timeout: float, python: str | None = None) -> list[dict[str, Any]]:
    """Run this script as a worker in a fresh interpreter; the JSON lines it printed in time."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    try:
        proc = subprocess.run([python or sys.executable, __file__, *args], capture_output=True, text=True,
                              timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if proc.returncode != 0:
        raise SystemExit(f"extract_bench: worker {' '.join(args)} failed:\n{proc.stderr.strip()}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def hostile_row(case: str, lines: list[dict[str, Any]], timeout: float) -> dict[str, Any]:
    """Summarise a hostile case: full-size timing, and the growth exponent from the two sizes."""
    import math

    small = lines[0] if lines else None
    full = lines[1] if len(lines) > 1 else None
    row: dict[str, Any] = {"case": case, "small": small, "full": full, "exponent": None}
    if full is None:
        row["error"] = (small or {}).get("error") or f"timed out after {timeout:.0f} s (wall)"
        return row
    row["error"] = full["error"]
    if small and small["cpu_s"] > 0.02 and full["cpu_s"] > 0:
        row["exponent"] = math.log(full["cpu_s"] / small["cpu_s"]) / math.log(full["chars"] / small["chars"])
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True, help="directory of *.txt articles (dev corpus)")
    ap.add_argument("--seconds", type=float, default=3.0, help="CPU seconds of work per tool")
    ap.add_argument("--mb", type=float, default=1.0, help="size of each hostile input, in MB")
    ap.add_argument("--timeout", type=float, default=60.0, help="give up on a hostile case after this")
    ap.add_argument("--skip-hostile", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object")
    ap.add_argument("--peers-python", help="interpreter with quantulum3 and gdelt-regkg (peers-venv.sh)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--case", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker == "hostile":
        worker_hostile(args.case, args.mb, args.corpus)
        return 0
    if args.worker:
        print(json.dumps(worker_throughput(args.worker, args.corpus, args.seconds)))
        return 0

    corpus = str(args.corpus)
    budget = 600 + args.seconds * 10
    peers_python = args.peers_python or (str(DEFAULT_PEERS_PYTHON) if DEFAULT_PEERS_PYTHON.exists() else None)

    def run(tool: str, python: str | None) -> dict[str, Any] | None:
        rows = child(["--worker", tool, "--corpus", corpus, "--seconds", str(args.seconds)], budget, python)
        return rows[0] if rows else None

    ours = run("claimtally", None)
    peers: dict[str, dict[str, Any] | None] = {"quantulum3": run("quantulum3", peers_python)}
    peers["gdelt-regkg"] = run("gdelt-regkg", peers_python) if peers_python else None
    if not ours or not peers["quantulum3"]:
        raise SystemExit("extract_bench: a throughput worker timed out")
    ratios = {name: ours["per_cpu_s"] / r["per_cpu_s"] for name, r in peers.items() if r}
    hostile = []
    if not args.skip_hostile:
        for case in hostile_texts(0, reference="-"):
            lines = child(["--worker", "hostile", "--case", case, "--mb", str(args.mb), "--corpus", corpus],
                          args.timeout)
            hostile.append(hostile_row(case, lines, args.timeout))
    if args.json:
        print(json.dumps({"claimtally": ours, **peers, "ratios": ratios, "hostile": hostile}, indent=2))
        return 0

    n_docs = len(load_corpus(args.corpus))
    print(f"corpus: {args.corpus} ({n_docs} articles, {ours['chars_per_pass']:,} characters per pass); "
          f"python {sys.version.split()[0]}, {os.cpu_count()} cores visible, one core used per tool; "
          f"peers in {peers_python or sys.executable}")
    print()
    print(f"{'tool':<12}{'articles/s/core':>16}{'(wall)':>10}{'articles':>10}{'cpu s':>8}"
          f"{'peak RSS MB':>13}{'found/pass':>12}")
    for r in (ours, *(r for r in peers.values() if r)):
        print(f"{r['tool']:<12}{r['per_cpu_s']:>16.1f}{r['per_wall_s']:>10.1f}{r['articles']:>10}"
              f"{r['cpu_s']:>8.2f}{r['peak_rss_mb']:>13.1f}{r['found_per_pass']:>12}")
    print()
    for name, target in TARGET_RATIOS.items():
        if name not in ratios:
            print(f"{name}: not measured (build its venv with ../shared/tools/peers-venv.sh or pass --peers-python)")
            continue
        verdict = "meets" if ratios[name] >= target else "BELOW"
        print(f"ratio claimtally / {name}: {ratios[name]:.1f}x ({verdict} the {target:.0f}x bar)")
    rss_verdict = "meets" if ours["peak_rss_mb"] <= TARGET_RSS_MB else "OVER"
    print(f"claimtally peak RSS: {ours['peak_rss_mb']:.1f} MB ({rss_verdict} the {TARGET_RSS_MB:.0f} MB bar; "
          f"{ours['rss_after_import_mb']:.1f} MB after start-up)")
    if hostile:
        print()
        print(f"hostile inputs ({args.mb:g} MB each) through claimtally.extract; bar: well under "
              f"{TARGET_HOSTILE_S:g} s. growth: exponent of time in size between {args.mb / 10:g} and "
              f"{args.mb:g} MB (1 = linear, 2 = quadratic)")
        print(f"  {'case':<24}{'cpu s':>8}{'wall s':>8}  {'verdict':<8}{'growth':>7}  detail")
        for h in hostile:
            full = h["full"] or {}
            cpu = f"{full['cpu_s']:8.2f}" if full else "     n/a"
            wall = f"{full['wall_s']:8.2f}" if full else "     n/a"
            growth = f"{h['exponent']:7.2f}" if h["exponent"] is not None else "      -"
            if h["error"]:
                verdict = "ERROR" if full else "TIMEOUT"
                detail = h["error"]
            else:
                verdict = "ok" if full["cpu_s"] < TARGET_HOSTILE_S else "SLOW"
                detail = f"{full['figures']} figures, peak RSS {full['peak_rss_mb']:.0f} MB"
            print(f"  {h['case']:<24}{cpu}{wall}  {verdict:<8}{growth}  {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
