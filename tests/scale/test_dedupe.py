"""The global duplicate step and the bulk load give exactly the one-process links and versions.

Texts are built so that every rule of the one-process pipeline is exercised across partitions
(two files each): exact copies under other keys, a near copy (header and footer added), a
repeat of a document (same key, same text: "unchanged"), new versions whose texts copy other
documents, a near copy of a document that has since got a new version, and, in a second run,
copies of what a ledger held before the run. The engine runs in-process on a threaded Dask
cluster (cheap); the process-based cluster is tested in test_engine.py.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimtally.cli import main
from tests.scale.conftest import snapshot

WORDS = [f"w{i}" for i in range(3000)]


def story(seed: int, n: int = 220) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(WORDS) for _ in range(n)) + "."


def near(text: str) -> str:
    return "BREAKING from our wire desk today. " + text + " Read more stories from our partners and subscribe now."


A, B, C = story(1), story(2), story(3)


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


FIRST = {"01-a.txt": A, "02-b.txt": B, "03-a-copy.txt": A, "04-a-near.txt": near(A), "05-c.txt": C,
         "sub/01-a.txt": A, "sub/02-b.txt": C, "sub/05-c.txt": B, "sub/zz-c-near.txt": near(C)}
SECOND = {"10-b-copy.txt": B, "11-new.txt": story(4), "12-c-near.txt": near(C), "13-new-near.txt": near(story(4)),
          "01-a.txt": A, "02-b.txt": story(5)}


@pytest.fixture(scope="module")
def threads() -> Iterator[str]:
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as lc, \
            Client(lc) as client:
        yield client.scheduler.address


def dask_ingest(address: str, db: Path, dataset: Path, *sources: Path) -> int:
    return main(["ingest", "--quiet", "--engine", "dask", "--scheduler", address, "--partition-files", "2",
                 "--dataset", str(dataset), "--db", str(db), *map(str, sources)])


def one_process(db: Path, *sources: Path) -> int:
    return main(["ingest", "--quiet", "--db", str(db), *map(str, sources)])


def test_links_versions_and_repeats_equal_one_process(tmp_path: Path, threads: str) -> None:
    inputs = write(tmp_path / "in", FIRST)
    assert one_process(tmp_path / "one.db", inputs) == 0
    assert dask_ingest(threads, tmp_path / "dask.db", tmp_path / "set", inputs) == 0
    want = snapshot(str(tmp_path / "one.db"))
    links = {(d["doc_key"], d["version"]): d["duplicate_of"] for d in want["documents"]}
    # what the one-process rules say, spelled out, so a change to them shows here too
    assert links == {("01-a", 1): None, ("02-b", 1): None, ("03-a-copy", 1): ("01-a", 1),
                     ("04-a-near", 1): ("01-a", 1), ("05-c", 1): None, ("02-b", 2): ("05-c", 1),
                     ("05-c", 2): ("02-b", 1), ("zz-c-near", 1): ("05-c", 1)}
    assert snapshot(str(tmp_path / "dask.db")) == want

    from claimtally.scale.reader import DatasetReader

    with DatasetReader(tmp_path / "set") as reader:
        docs = reader.documents()
    by_uid = {d["uid"]: (d["doc_key"], d["version"]) for d in docs}
    assert {by_uid[d["uid"]]: by_uid.get(d["duplicate_of"]) for d in docs} == links
    assert sum(d["is_latest"] for d in docs) == 6


def test_load_into_a_ledger_that_holds_documents(tmp_path: Path, threads: str) -> None:
    first, second = write(tmp_path / "one", FIRST), write(tmp_path / "two", SECOND)
    assert one_process(tmp_path / "x.db", first) == 0 and one_process(tmp_path / "x.db", second) == 0
    assert one_process(tmp_path / "y.db", first) == 0
    assert dask_ingest(threads, tmp_path / "y.db", tmp_path / "set", second) == 0
    want = snapshot(str(tmp_path / "x.db"))
    dup = {(d["doc_key"], d["version"]): d["duplicate_of"] for d in want["documents"]}
    assert dup[("10-b-copy", 1)] == ("02-b", 1) and dup[("12-c-near", 1)] == ("05-c", 1)
    assert dup[("13-new-near", 1)] == ("11-new", 1) and ("02-b", 3) in dup
    assert snapshot(str(tmp_path / "y.db")) == want
    # loading the same dataset again adds nothing
    assert dask_ingest(threads, tmp_path / "y.db", tmp_path / "set", second) == 0
    assert snapshot(str(tmp_path / "y.db")) == want


def test_progress_bar_counts_partitions() -> None:
    import io

    from claimtally.scale.engine import PartitionBar

    out = io.StringIO()
    bar = PartitionBar(3, out, enabled=True)
    bar.update({"documents": 5, "figures": 7, "failed": 0})
    bar.update(None)
    bar.update({"documents": 1, "figures": 0, "failed": 2})
    assert "3/3 partitions  6 docs  7 figures  3 failed" in out.getvalue()
    quiet = io.StringIO()
    PartitionBar(1, quiet, enabled=False).update({"documents": 1})
    assert quiet.getvalue() == ""



def test_urls_and_feeds_are_fetched_on_the_workers(tmp_path: Path, threads: str) -> None:
    """URL and feed sources go to workers like files; the one-process result again."""
    from tests.ingest.conftest import STORY, LocalServer, article_html

    srv = LocalServer()
    srv.thread.start()
    try:
        one = srv.add("/one", article_html("Strike on the city", STORY))
        srv.add("/copy", article_html("Strike on the city (wire)", STORY, site="Wire"))
        srv.add("/two", article_html("Protest", STORY[2:] + ["A second story paragraph about something else."]))
        items = "".join(f"<item><title>t</title><link>{srv.url(p)}</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT"
                        "</pubDate></item>" for p in ("/copy", "/two"))
        srv.add("/feed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>',
                content_type="application/rss+xml")
        urls = [one, srv.url("/feed.xml"), srv.url("/missing")]
        assert main(["ingest", "--quiet", "--allow-private", "--db", str(tmp_path / "one.db"), *urls]) == 1
        assert main(["ingest", "--quiet", "--allow-private", "--engine", "dask", "--scheduler", threads,
                     "--dataset", str(tmp_path / "set"), "--db", str(tmp_path / "dask.db"), *urls]) == 1
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()
    want = snapshot(str(tmp_path / "one.db"))
    assert len(want["documents"]) == 3 and sum(d["duplicate_of"] is not None for d in want["documents"]) == 1
    got = snapshot(str(tmp_path / "dask.db"))
    for snap in (want, got):  # each run fetched the pages itself, a few seconds apart
        for d in snap["documents"]:
            assert d.pop("fetched_at")
    assert got == want
