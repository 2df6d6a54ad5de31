"""Libraries' internals: ingest reaches into none without a bounded version, and its own MinHash and
LSH banding (written to avoid importing datasketch) give datasketch's results bit for bit."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import numpy as np
import pytest

from claimtally.ingest.dedupe import NUM_PERM, SEED, _shingle_hashes, lsh_bands, minhash, signature_bytes

from .conftest import STORY

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "claimtally"

#: Modules that are not their library's documented API, and the distribution they belong to.
INTERNAL_MODULES = {
    "trafilatura.metadata": "trafilatura",
    "trafilatura.utils": "trafilatura",
    "trafilatura.core": "trafilatura",
    "htmldate.core": "htmldate",
    "datasketch.lsh": "datasketch",
    "datasketch.minhash": "datasketch",
    "feedparser.api": "feedparser",
}


def _imports() -> list[tuple[Path, str, list[str]]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((path, node.module, [a.name for a in node.names]))
            elif isinstance(node, ast.Import):
                found.extend((path, a.name, []) for a in node.names)
    return found


def _requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = [*project["dependencies"], *(s for extra in project["optional-dependencies"].values() for s in extra)]
    out: dict[str, str] = {}
    for spec in specs:
        name = spec.split("[")[0].split(">")[0].split("<")[0].split("=")[0].split("!")[0].strip().lower()
        out[name] = spec
    return out


def test_no_underscore_names_from_other_libraries() -> None:
    private = [f"{p.relative_to(ROOT)}: {mod}.{name}" for p, mod, names in _imports()
               if not mod.startswith("claimtally") for name in names if name.startswith("_")]
    assert private == []


def test_library_internals_are_version_bounded() -> None:
    reqs = _requirements()
    unbounded = []
    for path, mod, _names in _imports():
        dist = INTERNAL_MODULES.get(mod)
        if dist is not None and "<" not in reqs.get(dist, ""):
            unbounded.append(f"{path.relative_to(ROOT)} imports {mod}; pyproject has {reqs.get(dist)!r}")
    assert unbounded == []


TEXTS = [" ".join(STORY), "two words", "one two three four five six seven", " ".join(STORY) * 40]


@pytest.mark.parametrize("text", TEXTS, ids=["story", "short", "seven", "long"])
def test_minhash_is_datasketchs_affine32_minhash(text: str) -> None:
    datasketch = pytest.importorskip("datasketch")
    theirs = datasketch.MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=lambda v: v, scheme="affine32")
    theirs.update_batch(_shingle_hashes(text))
    ours = minhash(text)
    assert np.array_equal(ours.hashvalues, np.asarray(theirs.hashvalues))
    assert signature_bytes(ours) == np.asarray(theirs.hashvalues, dtype="<u8").tobytes()


@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.7, 0.9])
@pytest.mark.parametrize("num_perm", [32, 128, 256])
def test_lsh_bands_are_datasketchs(threshold: float, num_perm: int) -> None:
    datasketch = pytest.importorskip("datasketch")
    lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=num_perm)
    assert lsh_bands(threshold, num_perm) == (lsh.b, lsh.r)
