"""Russian and Ukrainian extraction: throughput, memory with the dictionaries loaded, English
unchanged, and hostile 1 MB Cyrillic inputs (`make bench-ru`).

    python bench/extract_ru_bench.py --corpus ../shared/eval/ru-uk/corpus --en-corpus ../shared/corpus
        [--seconds 3] [--mb 1] [--baseline-src ../main/src]

As in `extract_bench.py` (whose child-process harness this reuses), each measurement runs in a
fresh interpreter: a worker loads its articles, makes one untimed warm-up pass (this one loads the
pymorphy3 dictionaries and generates the word forms), then repeats passes until `--seconds` of CPU
time are done. Throughput is articles per CPU-second of the single-threaded worker, i.e. per core.
The English worker also reports whether pymorphy3 got imported (it must not: English texts load
nothing new); with `--baseline-src` it is timed a second time against another source tree (main
before this change), so English speed can be read before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import extract_bench as base  # noqa: E402 - the shared harness lives beside this file

#: The issue's bars.
TARGET_PER_CORE = 50.0
TARGET_RSS_MB = 500.0
TARGET_HOSTILE_S = 2.0


def languages(corpus: Path) -> dict[str, str]:
    index = corpus / "INDEX.tsv"
    if not index.exists():
        return {}
    lines = index.read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    if "lang" not in head:
        return {}
    col = head.index("lang")
    return {r.split("\t")[0]: r.split("\t")[col] for r in lines[1:] if len(r.split("\t")) > col}


def worker(lang: str, corpus: Path, seconds: float) -> dict[str, Any]:
    langs = languages(corpus)
    docs = [(d, t) for d, t in base.load_corpus(corpus) if lang == "en" or langs.get(d) == lang]
    if not docs:
        raise SystemExit(f"extract_ru_bench: {corpus}: no {lang} articles")
    dates = base.published_dates(corpus)
    rss_before = base._peak_rss_mb()
    from claimtally import extract

    def one(doc: str, text: str) -> int:
        return len(extract(text, published=dates.get(doc), doc_id=doc, lang=None if lang == "en" else lang))

    t0 = time.perf_counter()
    found = sum(one(d, t) for d, t in docs)
    warmup = time.perf_counter() - t0
    articles = 0
    cpu0 = time.process_time()
    while time.process_time() - cpu0 < seconds:
        for d, t in docs:
            one(d, t)
        articles += len(docs)
    cpu = time.process_time() - cpu0
    return {
        "lang": lang,
        "articles": articles,
        "cpu_s": cpu,
        "per_cpu_s": articles / cpu,
        "warmup_s": warmup,
        "found_per_pass": found,
        "docs": len(docs),
        "chars_per_pass": sum(len(t) for _, t in docs),
        "rss_after_import_mb": rss_before,
        "peak_rss_mb": base._peak_rss_mb(),
        "morphology_loaded": "pymorphy3" in sys.modules,
    }


def hostile_texts(mb: float) -> dict[str, str]:
    n = int(mb * 1_000_000)

    def fill(unit: str) -> str:
        return (unit * (n // len(unit) + 1))[:n]

    return {
        "погибли-repeated": fill("погибли "),
        "digit-groups": fill("13 "),
        "one-comma-one": fill("1,"),
        "digit-runs-1k": fill("9" * 999 + " "),
        "qualifier-runs": fill("более " * 20 + "300 человек погибли "),
        "vague-amounts": fill("десятки тысяч сотни тысяч "),
        "number-words": fill("двадцати трёх пятерых полторы тысячи "),
        "many-quotes": fill('«»"„“ '),
        "lookalike-letters": fill("ЗCУ ГeнштaбC "),
        "capitalised-words": fill("Генштаб Минобороны Губернатор Прокуратура "),
        "prepositional-cues": fill("по данным по словам за даними "),
        "figure-dense-sentence": fill("по данным ОВД-Инфо задержаны 39 человек и ранены 5, "),
    }


def worker_hostile(case: str, mb: float) -> None:
    from claimtally import extract

    extract("погибли 5 человек, сообщил губернатор.", lang="ru")
    for size in (mb / 10, mb):
        text = hostile_texts(size)[case]
        cpu0, wall0 = time.process_time(), time.perf_counter()
        try:
            found: Any = len(extract(text, published="2022-03-07", doc_id=case, lang="ru"))
            error = None
        except Exception as exc:  # a crash is a finding, reported
            found, error = None, f"{type(exc).__name__}: {str(exc)[:120]}"
        print(
            json.dumps(
                {
                    "case": case,
                    "chars": len(text),
                    "cpu_s": time.process_time() - cpu0,
                    "wall_s": time.perf_counter() - wall0,
                    "figures": found,
                    "error": error,
                    "peak_rss_mb": base._peak_rss_mb(),
                }
            ),
            flush=True,
        )


def child(args: list[str], timeout: float, src: str | None = None) -> list[dict[str, Any]]:
    import subprocess

    env = dict(os.environ, PYTHONHASHSEED="0")
    if src:
        env["PYTHONPATH"] = src
    try:
        proc = subprocess.run(
            [sys.executable, __file__, *args], capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if proc.returncode != 0:
        raise SystemExit(f"extract_ru_bench: worker {' '.join(args)} failed:\n{proc.stderr.strip()}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True, help="ru/uk articles with INDEX.tsv (lang column)")
    ap.add_argument("--en-corpus", type=Path, help="English articles, to check English speed and imports")
    ap.add_argument("--baseline-src", help="another source tree to time English against (e.g. ../main/src)")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--skip-hostile", action="store_true")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--case", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker == "hostile":
        worker_hostile(args.case, args.mb)
        return 0
    if args.worker:
        print(json.dumps(worker(args.worker, args.corpus, args.seconds)))
        return 0

    budget = 600 + args.seconds * 10
    rows = []
    for lang in ("ru", "uk"):
        rows += child(["--worker", lang, "--corpus", str(args.corpus), "--seconds", str(args.seconds)], budget)
    if args.en_corpus:
        rows += [
            dict(r, lang="en (this tree)")
            for r in child(["--worker", "en", "--corpus", str(args.en_corpus), "--seconds", str(args.seconds)], budget)
        ]
        if args.baseline_src:
            rows += [
                dict(r, lang="en (baseline)")
                for r in child(
                    ["--worker", "en", "--corpus", str(args.en_corpus), "--seconds", str(args.seconds)],
                    budget,
                    src=str(Path(args.baseline_src).resolve()),
                )
            ]
    print(
        f"python {sys.version.split()[0]}, one core per worker; bars: >= {TARGET_PER_CORE:g} articles/s/core "
        f"(Russian), peak RSS <= {TARGET_RSS_MB:g} MB with the dictionaries loaded"
    )
    print(
        f"{'language':<16}{'articles/s/core':>16}{'docs':>6}{'chars/doc':>10}{'warm-up s':>10}"
        f"{'peak RSS MB':>13}{'figures/pass':>13}  morphology loaded"
    )
    for r in rows:
        print(
            f"{r['lang']:<16}{r['per_cpu_s']:>16.1f}{r['docs']:>6}{r['chars_per_pass'] // r['docs']:>10}"
            f"{r['warmup_s']:>10.2f}{r['peak_rss_mb']:>13.1f}{r['found_per_pass']:>13}  {r['morphology_loaded']}"
        )
    ru = next(r for r in rows if r["lang"] == "ru")
    print(
        f"Russian: {ru['per_cpu_s']:.1f} articles/s/core ({'meets' if ru['per_cpu_s'] >= TARGET_PER_CORE else 'BELOW'} "
        f"the bar); peak RSS {max(r['peak_rss_mb'] for r in rows[:2]):.1f} MB "
        f"({'meets' if max(r['peak_rss_mb'] for r in rows[:2]) <= TARGET_RSS_MB else 'OVER'} the bar)"
    )
    if not args.skip_hostile:
        print()
        print(
            f"hostile Cyrillic inputs ({args.mb:g} MB each, lang=ru); bar: under {TARGET_HOSTILE_S:g} s; "
            f"growth: exponent of time in size between {args.mb / 10:g} and {args.mb:g} MB (1 = linear)"
        )
        print(f"  {'case':<24}{'cpu s':>8}  {'verdict':<8}{'growth':>7}  detail")
        for case in hostile_texts(0):
            lines = child(
                ["--worker", "hostile", "--case", case, "--mb", str(args.mb), "--corpus", str(args.corpus)], args.timeout
            )
            h = base.hostile_row(case, lines, args.timeout)
            full = h["full"] or {}
            growth = f"{h['exponent']:7.2f}" if h["exponent"] is not None else "      -"
            verdict = ("ERROR" if full else "TIMEOUT") if h["error"] else ("ok" if full["cpu_s"] < TARGET_HOSTILE_S else "SLOW")
            detail = h["error"] or f"{full['figures']} figures"
            cpu = f"{full['cpu_s']:8.2f}" if full else "     n/a"
            print(f"  {case:<24}{cpu}  {verdict:<8}{growth}  {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
