"""Partitions: runs of files in reading order, archives cut at record offsets, labels for errors."""

from __future__ import annotations

from pathlib import Path

from claimtally.ingest.sources import Source, SourceError, SourceSkip
from claimtally.scale.plan import Partition, plan_fingerprint, plan_partitions


def test_files_and_archive_ranges_in_reading_order(tmp_path: Path) -> None:
    warc = tmp_path / "big.warc.gz"
    warc.write_bytes(b"x" * 1000)
    sources = [Source("text", "a.txt"), Source("html", "b.html"), Source("text", "c.txt"),
               Source("warc", str(warc)), SourceError("gone.txt", "no such file"), Source("url", "https://e.org/1"),
               Source("warc", "broken.warc"), SourceSkip("link.txt", "leads out of the folder")]
    offsets = {str(warc): [0, 100, 250, 400, 900]}
    parts = plan_partitions(sources, offsets.get, records_per_partition=2, files_per_partition=2)
    assert [p.index for p in parts] == list(range(6))
    assert parts[0].sources == (sources[0], sources[1])
    assert parts[1].sources == (sources[2],)
    assert [(p.warc, p.start, p.end, p.first_record, p.records) for p in parts[2:5]] == [
        (str(warc), 0, 250, 0, 2), (str(warc), 250, 900, 2, 2), (str(warc), 900, None, 4, 1)]
    assert parts[4].size == 100
    # an archive that could not be indexed is read whole by ingest's reader, with its neighbours
    assert parts[5].sources == (sources[5], sources[6])
    assert parts[3].label == f"{warc} records 2-3 (bytes 250-900)"
    assert parts[4].label.endswith("records 4-4 (bytes 900-end)")
    assert parts[0].label == "2 inputs from a.txt to b.html" and parts[1].label == "c.txt"
    assert parts[0].name == "part-000000"


def test_fingerprint_changes_with_inputs_and_options() -> None:
    a = [Partition(0, sources=(Source("text", "a.txt"),))]
    b = [Partition(0, sources=(Source("text", "b.txt"),))]
    keyed = [Partition(0, sources=(Source("text", "a.txt", key="doc-1"),))]
    assert plan_fingerprint(a, {}) != plan_fingerprint(keyed, {})  # a manifest's key is part of the plan
    assert plan_fingerprint(a, {"published": None}) == plan_fingerprint(list(a), {"published": None})
    assert plan_fingerprint(a, {"published": None}) != plan_fingerprint(b, {"published": None})
    assert plan_fingerprint(a, {"published": None}) != plan_fingerprint(a, {"published": "2022-01-01"})
