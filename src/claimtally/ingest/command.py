"""`claimtally ingest SOURCE...`: files, folders, URLs, feeds, WARC archives and stdin into the ledger.

Standard output stays empty; errors (one line each, naming the input), the progress bar (only
on a terminal, and not with --quiet) and the closing summary go to standard error. The exit
status is 1 when any input failed, 2 when the ledger cannot be opened.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, TextIO

from claimtally.extract.command import iso_date
from claimtally.ingest.sources import DEFAULT_INCLUDE

if TYPE_CHECKING:
    from claimtally.ingest.pipeline import IngestSummary
    from claimtally.ingest.read import Item


def register(sub: argparse._SubParsersAction) -> None:
    from claimtally.ledger import add_db_argument

    p = sub.add_parser(
        "ingest",
        help="read news (files, folders, URLs, feeds, WARC) into the ledger",
        description=(
            "Read each SOURCE (a .txt/.html file, a folder, an http(s) URL, an RSS/Atom feed, "
            "a WARC or WARC.gz archive, or - for standard input) and each --manifest, extract its "
            "figures and store them in the ledger, linking duplicate copies to the first one."
        ),
    )
    p.add_argument("sources", nargs="*", metavar="SOURCE")
    p.add_argument("--manifest", action="append", metavar="FILE",
                   help="a TSV/CSV index with columns doc, path or url, published (repeatable); "
                        "rows without a path read DOC.txt / DOC.html beside it")
    p.add_argument("--doc-id", metavar="KEY",
                   help="document key for standard input (-); without it stdin is keyed by its content")
    add_db_argument(p)
    p.add_argument("--published", type=iso_date, metavar="YYYY-MM-DD",
                   help="publication date for every input (overrides manifest, feed, page and archive dates)")
    p.add_argument(
        "--include", action="append", metavar="GLOB",
        help=f"files to take from folders (repeatable; default: {' '.join(DEFAULT_INCLUDE)})",
    )
    p.add_argument("--exclude", action="append", metavar="GLOB", help="files to leave out of folders")
    p.add_argument("--follow-links", action="store_true",
                   help="follow symbolic links in folders and manifests that lead outside them")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary line")
    p.add_argument("--allow-private", action="store_true",
                   help="allow URLs on private, loopback and link-local addresses")
    p.add_argument("--concurrency", type=int, default=4, metavar="N", help="parallel downloads (default 4)")
    p.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                   help="longest one request may take, connecting, headers and body together (default 20); "
                        "each redirect and retry is a new request")
    p.add_argument("--max-bytes", type=int, default=10 * 1024 * 1024, metavar="N",
                   help="largest page or file accepted (default 10 MiB)")
    p.add_argument("--max-redirects", type=int, default=5, metavar="N")
    p.add_argument("--host-delay", type=float, default=1.0, metavar="SECONDS",
                   help="least time between two requests to one host (default 1; robots.txt Crawl-delay can raise it)")
    p.add_argument("--retries", type=int, default=3, metavar="N",
                   help="retries of a 429/503 answer, after its Retry-After or 1, 2, 4 ... s (default 3)")
    p.add_argument("--ignore-robots", action="store_true",
                   help="fetch feed entries even where the site's robots.txt disallows it")
    from claimtally.scale import add_arguments as add_scale_arguments

    add_scale_arguments(p)
    p.set_defaults(func=run)


class Progress:
    """A one-line bar on stderr, redrawn at most ten times a second; silent when not a terminal."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total = max(1, total)
        self.done = 0
        self.stream = stream
        self.enabled = enabled
        self._last = 0.0

    def update(self, item: Item, summary: IngestSummary) -> None:
        if item.source_done:
            self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and self.done < self.total:
            return
        self._last = now
        width = 24
        filled = int(width * min(self.done, self.total) / self.total)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(
            f"\r[{bar}] {self.done}/{self.total} sources  {summary.documents} docs  "
            f"{summary.figures} figures  {summary.failed} failed\x1b[K"
        )
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from claimtally.ingest.fetch import FetchOptions
    from claimtally.ingest.pipeline import ingest_items, reader_for
    from claimtally.ingest.read import ReadOptions
    from claimtally.ledger import LedgerError, open_ledger

    err = sys.stderr
    if (args.concurrency < 1 or args.max_bytes < 1 or args.timeout <= 0 or args.max_redirects < 0
            or args.host_delay < 0 or args.retries < 0):
        print("claimtally ingest: --concurrency, --max-bytes and --timeout must be positive; "
              "--max-redirects, --host-delay and --retries not negative", file=err)
        return 2
    if not args.sources and not args.manifest:
        print("claimtally ingest: give a SOURCE or --manifest FILE", file=err)
        return 2
    if args.doc_id is not None and "-" not in args.sources:
        print("claimtally ingest: --doc-id names the document read from standard input (-)", file=err)
        return 2
    options = ReadOptions(
        published=args.published.isoformat() if args.published else None,
        include=args.include or list(DEFAULT_INCLUDE),
        exclude=args.exclude or [],
        max_bytes=args.max_bytes,
        follow_links=args.follow_links,
        stdin_doc_id=args.doc_id,
        robots=not args.ignore_robots,
        fetch=FetchOptions(
            timeout=args.timeout,
            total_timeout=args.timeout,
            max_bytes=args.max_bytes,
            max_redirects=args.max_redirects,
            allow_private=args.allow_private,
            concurrency=args.concurrency,
            host_delay=args.host_delay,
            retries=args.retries,
        ),
    )
    if getattr(args, "engine", "local") == "dask":
        from claimtally.scale.engine import run as run_dask

        return run_dask(args, options)
    try:
        ledger = open_ledger(args.db)
    except LedgerError as exc:
        print(f"claimtally ingest: {exc}", file=err)
        return 2
    progress_on = not args.quiet and err.isatty()
    manifests = args.manifest or []
    with ledger, reader_for(ledger, options) as reader:
        sources = reader.expand(args.sources, manifests)
        progress = Progress(len(sources), err, progress_on)  # each source ends with one done item

        def on_error(source: str, message: str) -> None:
            progress.clear()
            print(f"claimtally ingest: {source}: {message}", file=err)

        try:
            summary = ingest_items(
                reader.items(sources), ledger, sources=[*args.sources, *manifests], on_error=on_error,
                on_item=progress.update,
            )
        except LedgerError as exc:
            progress.clear()
            print(f"claimtally ingest: {exc}", file=err)
            return 2
    progress.clear()
    if not args.quiet:
        print(f"claimtally ingest: {summary.line()}", file=err)
    return 1 if summary.failed else 0
