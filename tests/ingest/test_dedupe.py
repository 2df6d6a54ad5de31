"""Exact and near duplicates: normalised hashes and MinHash LSH."""

from __future__ import annotations

import pytest

from claimtally.ingest.dedupe import (
    NUM_PERM,
    NearDuplicateIndex,
    minhash,
    normalise_text,
    signature_bytes,
    signature_from_bytes,
    text_hash,
)

from .conftest import STORY

WIRE = " ".join(STORY)


@pytest.mark.parametrize(
    "variant",
    [
        WIRE.upper(),
        WIRE.replace(" ", "\n  "),
        "\ufeff" + WIRE.replace("'", "\u2019") + "  ",
        WIRE.replace(" ", "\u00a0", 3),
        WIRE.replace("-", "\u2013"),
    ],
    ids=["case", "whitespace", "quotes-bom", "nbsp", "dashes"],
)
def test_exact_hash_survives_normalisation(variant: str) -> None:
    assert text_hash(variant) == text_hash(WIRE)


def test_different_texts_hash_differently() -> None:
    assert text_hash(WIRE) != text_hash(WIRE.replace("14 people", "15 people"))
    assert text_hash(WIRE, normalised=True) != text_hash(WIRE)
    assert text_hash(normalise_text(WIRE), normalised=True) == text_hash(WIRE)


def test_syndicated_copy_is_near_duplicate() -> None:
    copy = ("KYIV (Reuters) - " + WIRE + " Reporting by Jane Doe; Editing by John Smith. "
            "Our Standards: The Thomson Reuters Trust Principles.")
    index = NearDuplicateIndex()
    index.add(1, minhash(WIRE))
    index.add(2, minhash("A completely different story about a football match and the weather. " * 5))
    assert index.candidates(minhash(copy)) == [1]
    assert index.candidates(minhash("Unrelated text about markets, inflation and interest rates. " * 6)) == []


def test_signature_round_trip_and_load() -> None:
    m = minhash(WIRE)
    data = signature_bytes(m)
    assert len(data) == NUM_PERM * 8
    assert signature_from_bytes(data).jaccard(m) == 1.0
    index = NearDuplicateIndex()
    assert index.load([(7, data), (8, b"short"), (9, b"")]) == 1
    assert len(index) == 1 and index.candidates(m) == [7]


def test_minhash_is_stable_across_processes() -> None:
    """Signatures stored by one run must match the next: no per-process hash salt."""
    import subprocess
    import sys

    code = "from claimtally.ingest.dedupe import minhash, signature_bytes; import sys; " \
           "sys.stdout.write(signature_bytes(minhash('one two three four five six seven')).hex())"
    out = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
           for _ in range(2)}
    assert len(out) == 1
    assert out == {signature_bytes(minhash("one two three four five six seven")).hex()}


def test_short_and_empty_texts() -> None:
    assert signature_bytes(minhash("")) == signature_bytes(minhash("   "))
    assert minhash("two words").jaccard(minhash("Two  WORDS")) == 1.0
