"""Recognising the same story twice: exact copies by a normalised-text hash, near copies by MinHash LSH.

A wire story syndicated by twenty outlets differs in a headline, a byline, a trailing
"Read more" line or typographic quotes. Counting its figures twenty times would make one
claim look like a consensus, so each copy is linked (`duplicate_of`) to the first one seen.

- Exact: SHA-256 of the text after Unicode NFKC, case folding, typographic quotes and dashes
  made plain, and whitespace collapsed. Cheap, and catches re-saves and re-encodings.
- Near: MinHash over word 5-shingles (CRC-32 per word, combined per window; 128 permutations,
  datasketch's "affine32" scheme with a fixed seed, computed here bit for bit as datasketch
  computes it, so signatures stored in the ledger stay comparable), queried in an LSH index at
  Jaccard 0.5, then confirmed at 0.7 with the estimated Jaccard so a band collision alone never
  links two stories.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable

import numpy as np

NUM_PERM = 128
SEED = 1
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


def _permutations(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The permutations h -> a_k * h + b_k (mod 2^32, a_k odd) of datasketch's "affine32" scheme,
    drawn from numpy's legacy generator (frozen by numpy's policy) exactly as datasketch draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    return a, gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)


_PERM_A, _PERM_B = _permutations(SEED)
_EMPTY = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
_CHUNK = 4096


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, the bijection datasketch pre-mixes input hashes with."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


class Signature:
    """A MinHash signature: NUM_PERM uint32 minima, bit for bit those of datasketch's
    `MinHash(num_perm=128, seed=1, scheme="affine32")` over the same shingle hashes.

    Computed here rather than with datasketch because importing datasketch loads scipy (about
    a second per `claimtally ingest` call, more than reading a text file costs), and because
    signatures stored in a ledger must not change with a library upgrade.
    """

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: np.ndarray) -> None:
        self.hashvalues = hashvalues

    def jaccard(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM


def minhash(text: str, *, normalised: bool = False) -> Signature:
    """The MinHash signature of the text's word 5-shingles (`normalised` as for `text_hash`)."""
    hashes = _shingle_hashes(text, normalised)
    if not hashes:
        return Signature(_EMPTY.copy())
    hv = _fmix32(np.asarray(hashes, dtype=np.uint32).reshape(-1, 1))
    values = _EMPTY.copy()
    for i in range(0, len(hv), _CHUNK):  # a block at a time: a 1 MB text has ~200,000 shingles
        np.minimum(values, (hv[i : i + _CHUNK] * _PERM_A + _PERM_B).min(axis=0), out=values)
    return Signature(values)


def signature_bytes(m: Signature) -> bytes:
    """Serialise a signature for the ledger (its hash values as little-endian uint64)."""
    return np.asarray(m.hashvalues, dtype="<u8").tobytes()


def signature_from_bytes(data: bytes) -> Signature:
    """Rebuild a signature stored with `signature_bytes`; ValueError if the bytes are not one."""
    if len(data) != NUM_PERM * 8:
        raise ValueError(f"stored signature has {len(data)} bytes, expected {NUM_PERM * 8}")
    values = np.frombuffer(data, dtype="<u8")
    if int(values.max()) > 0xFFFFFFFF:
        raise ValueError("stored signature has values outside the 32-bit scheme")
    return Signature(values.astype(np.uint32))


@functools.cache
def lsh_bands(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """The (bands, rows) split of `num_perm` that minimises the summed areas of false positives
    below `threshold` and false negatives above it, with equal weights: the rule of datasketch's
    MinHashLSH (Leskovec et al., Mining of Massive Datasets, ch. 3), integrated here with
    Simpson's rule instead of scipy."""
    n = 2000  # intervals; the integrands are smooth polynomials, so the error is far below the gaps
    simpson = np.ones(n + 1)
    simpson[1:-1:2], simpson[2:-1:2] = 4.0, 2.0
    rows = np.arange(1, num_perm + 1, dtype=float)[:, None]
    miss_below = 1 - np.linspace(0.0, threshold, n + 1) ** rows  # P(a band misses) for r = 1..num_perm
    miss_above = 1 - np.linspace(threshold, 1.0, n + 1) ** rows
    all_below, all_above = np.ones_like(miss_below), np.ones_like(miss_above)  # P(every band misses)
    best, opt = float("inf"), (1, 1)
    for b in range(1, num_perm + 1):
        m = num_perm // b  # rows per band can be 1..m
        all_below[:m] *= miss_below[:m]
        all_above[:m] *= miss_above[:m]
        fp = (1 - all_below[:m]) @ simpson * threshold / (3 * n)  # candidates at s < threshold
        fn = all_above[:m] @ simpson * (1 - threshold) / (3 * n)  # misses at s >= threshold
        r = int(np.argmin(fp + fn))
        if fp[r] + fn[r] < best:
            best, opt = float(fp[r] + fn[r]), (b, r + 1)
    return opt


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
        self.threshold = threshold
        bands, rows = lsh_bands(min(threshold, LSH_THRESHOLD))
        self._bands, self._rows = bands, rows
        self._pow = (np.uint64(0x9E3779B97F4A7C15) ** np.arange(rows, dtype=np.uint64)).astype(np.uint64)
        self._n = 0
        self._ids = np.empty(1024, dtype=np.int64)
        self._keys = np.empty((1024, bands), dtype=np.uint64)
        self._sigs = np.empty((1024, NUM_PERM), dtype=np.uint32)
        self._known: set[int] = set()
        #: The highest document id `load` has seen, so a later load can ask only for newer rows.
        self.last_id = 0

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

    def add(self, doc_id: int, m: Signature) -> None:
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
            self.last_id = max(self.last_id, doc_id)
            if not data:
                continue
            try:
                self.add(doc_id, signature_from_bytes(data))
            except ValueError:
                bad += 1
        return bad

    def candidates(self, m: Signature) -> list[int]:
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
