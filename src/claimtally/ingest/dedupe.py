"""Recognising the same story twice: exact copies by a normalised-text hash, near copies by MinHash LSH.

A wire story syndicated by twenty outlets differs in a headline, a byline, a trailing
"Read more" line or typographic quotes. Counting its figures twenty times would make one
claim look like a consensus, so each copy is linked (`duplicate_of`) to the first one seen.

- Exact: SHA-256 of the text after Unicode NFKC, case folding, typographic quotes and dashes
  made plain, and whitespace collapsed. Cheap, and catches re-saves and re-encodings.
- Near: datasketch MinHash over word 5-shingles (CRC-32 per word, combined per window; 128
  permutations, fixed seed and scheme so signatures stored in the ledger stay comparable), queried in an LSH index at Jaccard 0.5,
  then confirmed at 0.7 with the estimated Jaccard so a band collision alone never links two stories.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable

import numpy as np

NUM_PERM = 128
SEED = 1
#: datasketch >= 2 permutation scheme; fixed so stored signatures stay comparable across versions.
SCHEME = "affine32"
SHINGLE_WORDS = 5
#: Estimated Jaccard similarity (of word 5-shingles) from which two texts are the same story:
#: a wire story with an outlet's own headline, dateline, byline and footer added scores ~0.8,
#: one trimmed of its last paragraphs ~0.7; two different stories on one event score < 0.3.
NEAR_THRESHOLD = 0.7
#: The LSH index is queried at a lower threshold so that pairs just above NEAR_THRESHOLD are
#: not lost to banding; every candidate is then confirmed with its estimated Jaccard.
LSH_THRESHOLD = 0.5

_WORD = re.compile(r"\w+")
_MULT = np.uint64(1_000_003)
_MASK32 = np.uint64(0xFFFFFFFF)
_SPACE = re.compile(r"\s+")
_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u200b": "", "\ufeff": "",
})


def normalise_text(text: str) -> str:
    """The text as compared for exact duplicates: NFKC, case-folded, plain punctuation, one space."""
    if not text.isascii():  # NFKC and the punctuation map change nothing in ASCII text
        text = unicodedata.normalize("NFKC", text).translate(_PLAIN)
    text = text.casefold()
    return _SPACE.sub(" ", text).strip()


def text_hash(text: str, *, normalised: bool = False) -> str:
    """Hex SHA-256 of the normalised text; equal for re-saved, re-encoded or re-wrapped copies.

    `normalised=True` says `text` already went through `normalise_text` (saves a pass).
    """
    return hashlib.sha256((text if normalised else normalise_text(text)).encode("utf-8")).hexdigest()


def _shingle_hashes(text: str, normalised: bool = False) -> list[int]:
    """32-bit hashes of the text's word 5-shingles.

    Each word is hashed once (CRC-32, in C) and the five hashes of a window are combined with
    numpy, which is several times faster than hashing every shingle string; MinHash then
    applies its own random permutations on top, so the base hash only needs to be stable
    (it is: no per-process salt) and well spread.
    """
    words = _WORD.findall(text if normalised else normalise_text(text))
    if not words:
        return []
    wh = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    if len(wh) < SHINGLE_WORDS:
        h = np.zeros(1, dtype=np.uint64)
        for v in wh:
            h = (h * _MULT) ^ v
        return (h & _MASK32).tolist()
    n = len(wh) - SHINGLE_WORDS + 1
    h = wh[:n].copy()
    for k in range(1, SHINGLE_WORDS):
        h = (h * _MULT) ^ wh[k : k + n]
    return np.unique(h & _MASK32).tolist()


def _identity(value: int) -> int:
    return value


def minhash(text: str, *, normalised: bool = False):  # noqa: ANN201 - datasketch.MinHash, imported lazily
    """The datasketch MinHash of the text's word 5-shingles (`normalised` as for `text_hash`)."""
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_identity, scheme=SCHEME)
    hashes = _shingle_hashes(text, normalised)
    if hashes:
        m.update_batch(hashes)
    return m


def signature_bytes(m) -> bytes:  # noqa: ANN001
    """Serialise a MinHash for the ledger (its hash values as little-endian uint64)."""
    return np.asarray(m.hashvalues, dtype="<u8").tobytes()


def signature_from_bytes(data: bytes):  # noqa: ANN201
    """Rebuild a MinHash stored with `signature_bytes`; ValueError if the bytes are not one."""
    from datasketch import MinHash

    values = np.frombuffer(data, dtype="<u8")
    if len(values) != NUM_PERM:
        raise ValueError(f"stored signature has {len(values)} values, expected {NUM_PERM}")
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_identity, scheme=SCHEME,
                   hashvalues=values.astype(np.uint64))


class NearDuplicateIndex:
    """An in-memory MinHash LSH index over stored documents, keyed by ledger document id.

    Banding as in datasketch's MinHashLSH (its optimal band/row split for the query
    threshold), stored compactly in numpy arrays: each document costs its signature as
    uint32 (512 bytes) plus one 64-bit key per band (25 bands, 200 bytes), about 0.7 KB,
    against ~7 KB for datasketch's dict-of-sets storage. That keeps a 10,000-record WARC run
    near flat in memory. A query compares the band keys of all indexed documents (vectorised;
    ~0.3 ms at 10,000 documents) and confirms candidates with the estimated Jaccard.
    """

    def __init__(self, threshold: float = NEAR_THRESHOLD) -> None:
        from datasketch.lsh import _optimal_param

        self.threshold = threshold
        bands, rows = _optimal_param(min(threshold, LSH_THRESHOLD), NUM_PERM, 0.5, 0.5)
        self._bands, self._rows = bands, rows
        self._pow = (np.uint64(0x9E3779B97F4A7C15) ** np.arange(rows, dtype=np.uint64)).astype(np.uint64)
        self._n = 0
        self._ids = np.empty(1024, dtype=np.int64)
        self._keys = np.empty((1024, bands), dtype=np.uint64)
        self._sigs = np.empty((1024, NUM_PERM), dtype=np.uint32)
        self._known: set[int] = set()

    def __len__(self) -> int:
        return self._n

    def band_keys(self, values: np.ndarray) -> np.ndarray:
        """The LSH band keys of one signature's hash values (shape (128,) -> (bands,)) or of
        many ((n, 128) -> (n, bands)); the scale stage shuffles documents on these."""
        n = self._bands * self._rows
        block = values[..., :n].astype(np.uint64).reshape(*values.shape[:-1], self._bands, self._rows)
        with np.errstate(over="ignore"):
            return (block * self._pow).sum(axis=-1, dtype=np.uint64) + np.arange(self._bands, dtype=np.uint64)

    _band_keys = band_keys

    def add(self, doc_id: int, m) -> None:  # noqa: ANN001
        """Index `m` under `doc_id` (ignored if that id is already indexed)."""
        if doc_id in self._known:
            return
        if self._n == len(self._ids):
            grow = len(self._ids) * 2
            self._ids = np.resize(self._ids, grow)
            self._keys = np.resize(self._keys, (grow, self._bands))
            self._sigs = np.resize(self._sigs, (grow, NUM_PERM))
        values = np.asarray(m.hashvalues)
        self._ids[self._n] = doc_id
        self._keys[self._n] = self._band_keys(values)
        self._sigs[self._n] = values.astype(np.uint32)
        self._n += 1
        self._known.add(doc_id)

    def load(self, signatures: Iterable[tuple[int, bytes]]) -> int:
        """Index stored (id, signature bytes) pairs; returns how many were unreadable and skipped."""
        bad = 0
        for doc_id, data in signatures:
            if not data:
                continue
            try:
                self.add(doc_id, signature_from_bytes(data))
            except ValueError:
                bad += 1
        return bad

    def candidates(self, m) -> list[int]:  # noqa: ANN001
        """Ids of indexed documents whose estimated Jaccard with `m` reaches the threshold, best first."""
        if not self._n:
            return []
        values = np.asarray(m.hashvalues)
        hits = np.nonzero((self._keys[: self._n] == self._band_keys(values)).any(axis=1))[0]
        if not len(hits):
            return []
        sims = (self._sigs[hits] == values.astype(np.uint32)).sum(axis=1) / NUM_PERM
        found = sorted((-float(sim), int(self._ids[row])) for row, sim in zip(hits, sims, strict=True)
                       if sim >= self.threshold)
        return [key for _, key in found]
