"""The last grouping of a ledger, kept in a cache file, so a repeated `claimtally compare` is fast.

Grouping 100,000 figures (claimant identity, counted groups, spans, places, events) takes a
few seconds; reading the answer back takes a fraction of that. So compare keeps, per ledger
and rule set, which quantity each figure is in and which claimant said it, with the ledger
state it was computed for, and the next run over an unchanged ledger reads that instead of
grouping again. The state is what every reader of the ledger would see change: documents and
figures (added, replaced, removed) and the audit log (every review, merge and correction
writes a row). The rule set is the bundled tables, the user's alias files and the code
version. The file lives in `$CLAIMTALLY_CACHE` (default: the user's cache directory, e.g.
~/.cache/claimtally), never in the ledger: a read command leaves the ledger as it was. It is
derived data: a stale, unreadable or missing one is recomputed; `CLAIMTALLY_CACHE=off` turns
caching off.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select, text

from claimtally.compare.claimants import Claimant
from claimtally.compare.core import annotate_known
from claimtally.compare.quantities import Quantity
from claimtally.compare.subjects import SubjectRules

CACHE_ENV = "CLAIMTALLY_CACHE"
#: Bump when the payload's shape changes.
FORMAT = 1


def fingerprint(alias_files: Sequence[str | Path] = ()) -> str:
    """The rule set's identity: bundled tables, the user's alias files, the code version and the
    grouping code itself (an edited rule must not be answered from the cache of the old one)."""
    from claimtally import __version__

    h = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    package = resources.files("claimtally.compare")
    for res in sorted([*package.iterdir(), *package.joinpath("data").iterdir()], key=lambda r: r.name):
        if res.name.endswith((".py", ".json")):
            h.update(res.name.encode() + res.read_bytes())
    for path in alias_files:
        try:
            h.update(Path(path).read_bytes())
        except OSError:
            h.update(str(path).encode())
    return h.hexdigest()


def state(conn: Any) -> str:
    """What changes whenever what the ledger's readers see changes (a few index lookups)."""
    from claimtally.ledger.schema import documents, figures

    parts: list[Any] = []
    for table in (documents, figures):
        parts.extend(conn.execute(select(func.max(table.c.id), func.count())).one())
    if "audit_log" in inspect(conn).get_table_names():
        parts.append(conn.execute(text("SELECT max(id) FROM audit_log")).scalar())
    return json.dumps(parts, default=str)


def ledger_identity(ledger: Any) -> str:
    """Which ledger this is: a SQLite file's absolute path and inode, or a server's URL."""
    path = getattr(ledger.target, "path", None)
    if path is not None:
        try:
            return f"{Path(path).resolve()}:{Path(path).stat().st_ino}"
        except OSError:
            return str(Path(path).resolve())
    return str(ledger.display)


def path_for(ledger: str, fp: str) -> Path | None:
    """The cache file of one ledger (as `--db` names it, resolved) and rule set; None when off."""
    where = os.environ.get(CACHE_ENV)
    if where and where.lower() in ("off", "0", "no", "none"):
        return None
    base = Path(where) if where else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claimtally"
    name = hashlib.sha256(f"{ledger}\0{fp}".encode()).hexdigest()[:24]
    return base / f"compare-{name}.json.z"


def load(path: Path | None, token: str) -> dict[str, Any] | None:
    """The cached grouping if it was made for this ledger state, else None."""
    if path is None:
        return None
    try:
        data = json.loads(zlib.decompress(path.read_bytes()))
    except (OSError, zlib.error, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("state") == token else None


def save(path: Path | None, token: str, quantities: Sequence[Quantity]) -> None:
    """Write the grouping (best effort: an unwritable cache directory keeps no cache)."""
    if path is None:
        return
    payload = zlib.compress(json.dumps({"state": token, **dump(quantities)}, separators=(",", ":")).encode(), 1)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(payload)
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)


def dump(quantities: Sequence[Quantity]) -> dict[str, Any]:
    """The grouping as plain data: the quantities in order, each figure's quantity and claimant."""
    claimants: dict[Claimant, int] = {}
    ids: list[Any] = []
    where: list[int] = []
    who: list[int] = []
    for n, q in enumerate(quantities):
        for a in q.figures:
            ids.append(a.id)
            where.append(n)
            who.append(claimants.setdefault(a.claimant, len(claimants)))
    return {
        "quantities": [[q.key, q.family, q.group, q.span, q.span_label, q.place] for q in quantities],
        "claimants": [[c.key, c.name, c.kind, c.side, c.known] for c in claimants],
        "ids": ids, "quantity": where, "claimant": who,
    }


def figures_of(payload: dict[str, Any], top: int) -> list[Any]:
    """The ids of the figures of the first `top` quantities of a cached grouping."""
    return [i for i, q in zip(payload["ids"], payload["quantity"], strict=True) if q < top]


def restore(payload: dict[str, Any], rows: Sequence[Any], rules: SubjectRules, top: int = 0) -> list[Quantity] | None:
    """The cached quantities over these rows, in the cached order (only the first `top` with
    `top` > 0). None when a row is not in the cache: the cache is then not for these rows."""
    claimants = [Claimant(*c) for c in payload["claimants"]]
    where = dict(zip(payload["ids"], payload["quantity"], strict=True))
    who = dict(zip(payload["ids"], payload["claimant"], strict=True))
    listed = payload["quantities"][:top] if top else payload["quantities"]
    quantities = [Quantity(k, fam, g, span, label, pl) for k, fam, g, span, label, pl in listed]
    try:
        for a in annotate_known(rows, lambda i: claimants[who[i]], rules):
            n = where[a.id]
            if n < len(quantities):
                quantities[n].figures.append(a)
    except KeyError:
        return None
    return [q for q in quantities if q.figures]
