"""The ledger store: opening a database safely, and the API every other stage codes against.

The contract is `docs/architecture.md` ("Ledger API"). The design choices that make it hold:

* Each document and its figures go in one transaction, so a crash (even SIGKILL) leaves only
  whole documents behind; re-running an ingest finds them by (doc key, text hash) and adds
  nothing.
* SQLite write transactions start with `BEGIN IMMEDIATE` and wait on a busy timeout, so two
  ingest processes on one file queue up instead of failing on a lock upgrade; WAL mode lets
  readers (datasette, `claimtally figures`) run alongside. On PostgreSQL `add_document` holds a
  transaction-scoped advisory lock (`_DOCUMENTS_LOCK`), the same one for every document, so
  document writes are serialised there too. Either way a writer inside `add_document` sees
  every document committed before it and no other writer can commit one until it is done: the
  duplicate check (`find_duplicate`) runs there, so two concurrent ingests cannot both miss
  each other's copies, and document ids grow in commit order.
* The schema is checked *before* anything is written: an unknown Alembic revision (a newer
  claimtally wrote it), a file that is not SQLite, or a foreign database stop with a
  `LedgerError`. Migrations run inside one transaction holding a lock, so two processes
  creating the same fresh ledger do not race.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    column,
    create_engine,
    event,
    exists,
    func,
    inspect,
    or_,
    select,
    table,
    text,
    update,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.pool import QueuePool

from claimtally import __version__
from claimtally.ledger.schema import LEDGER_TABLES, claimants, documents, figures, runs
from claimtally.model import FIGURE_FIELDS, Document, Figure

DEFAULT_DB = "claimtally.db"
ENV_DB = "CLAIMTALLY_DB"
#: How long a writer waits for another writer's transaction before giving up (SQLite).
BUSY_TIMEOUT_S = 60.0
#: Key of the PostgreSQL advisory lock held while the schema is checked and migrated.
_MIGRATION_LOCK = 0x6C656467  # "ledg"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PG_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg"}
_SQLITE_SCHEMES = {"sqlite", "sqlite+pysqlite"}
_MIGRATIONS = Path(__file__).with_name("migrations")


#: Key of the PostgreSQL advisory lock every document write holds ("docs").
_DOCUMENTS_LOCK = 0x646F6373

# Statements add_document runs for every document, built once so SQLAlchemy's compiled
# cache is hit instead of re-deriving a cache key per call.
_PG_DOCUMENTS_LOCK = text(f"SELECT pg_advisory_xact_lock({_DOCUMENTS_LOCK})")
_SAME_TEXT = select(documents.c.id, documents.c.duplicate_of).where(
    documents.c.doc_key == bindparam("k"), documents.c.text_hash == bindparam("h")
)
_LATEST_VERSION = (
    select(documents.c.id, documents.c.version)
    .where(documents.c.doc_key == bindparam("k"))
    .order_by(documents.c.version.desc())
    .limit(1)
)
_INSERT_DOCUMENT = documents.insert().returning(documents.c.id)
_INSERT_FIGURE = figures.insert()


class LedgerError(Exception):
    """A problem with the ledger that the user can act on; the message names the database."""


@dataclass(frozen=True, slots=True)
class AddResult:
    """What `add_document` did: the stored row's id, and whether it was new.

    `duplicate_of` is the row's duplicate link as stored; `relinked` is True when an unchanged
    row's link was set or corrected by `find_duplicate` (a repair of an earlier run).
    """

    document_id: int
    status: Literal["added", "unchanged", "new_version"]
    previous_id: int | None = None
    duplicate_of: int | None = None
    relinked: bool = False


#: `add_document(find_duplicate=...)`: called inside the write transaction with its connection and
#: the id of the row already holding this key and text (None for a new row); returns the id of
#: the first stored copy of the text under another key (lower than that row's id), or None.
FindDuplicate = Callable[[Connection, int | None], int | None]


@dataclass(frozen=True, slots=True)
class Target:
    """A resolved `--db` value: SQLAlchemy URL, a printable name, and the file for SQLite."""

    url: URL
    display: str
    path: Path | None  # SQLite file, None for PostgreSQL


def resolve_db(db: str | os.PathLike[str] | None) -> Target:
    """Turn a `--db` value into a target, or raise LedgerError saying what is wrong with it.

    None means $CLAIMTALLY_DB, else ./claimtally.db. A value with `://` is a URL (sqlite:///PATH
    or postgresql://...); anything else is a file path.
    """
    if db is None:
        db = os.environ.get(ENV_DB) or DEFAULT_DB
    raw = os.fspath(db)
    if not raw.strip():
        raise LedgerError("database: empty --db value (give a file path or a postgresql:// URL)")
    if "://" not in raw:
        return _sqlite_target(Path(raw).expanduser(), raw)
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError) as exc:
        raise LedgerError(f"database {raw!r}: not a valid database URL ({exc})") from None
    scheme = url.drivername
    if scheme in _SQLITE_SCHEMES:
        if not url.database or url.database == ":memory:":
            raise LedgerError(f"database {raw!r}: a SQLite URL needs a file path (sqlite:///PATH)")
        return _sqlite_target(Path(url.database).expanduser(), raw)
    if scheme in _PG_SCHEMES:
        if not url.database:
            raise LedgerError(f"database {_hide(url)}: the URL names no database (postgresql://HOST/DBNAME)")
        url = url.set(drivername="postgresql+psycopg")
        return Target(url=url, display=_hide(url.set(drivername="postgresql")), path=None)
    raise LedgerError(
        f"database {raw.split('://')[0]}://...: unsupported kind {scheme!r} "
        "(use a file path, sqlite:///PATH or postgresql://USER@HOST/DBNAME)"
    )


def _hide(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _sqlite_target(path: Path, raw: str) -> Target:
    path = path.absolute()
    if path.is_dir():
        raise LedgerError(f"database {raw}: is a directory, not a SQLite file")
    if not path.parent.is_dir():
        raise LedgerError(f"database {raw}: directory {path.parent} does not exist")
    url = URL.create("sqlite+pysqlite", database=str(path))
    return Target(url=url, display=raw, path=path)


def add_db_argument(parser: Any) -> None:
    """Add the shared `--db` option, so ingest, figures, export, compare and serve agree on it."""
    parser.add_argument(
        "--db",
        default=None,
        metavar="DB",
        help=(
            "the ledger: a SQLite file, sqlite:///PATH or postgresql://USER@HOST[:PORT]/DBNAME "
            f"(default: ${ENV_DB}, else ./{DEFAULT_DB})"
        ),
    )


def open_ledger(db: str | os.PathLike[str] | None = None, *, create: bool = True) -> Ledger:
    """Open (creating or migrating if needed) the ledger at `db`; LedgerError on bad input.

    Read commands pass `create=False`, so a mistyped `--db` path is an error instead of a new,
    empty ledger that answers every question with nothing.
    """
    target = resolve_db(db)
    if not create and target.path is not None and not target.path.exists():
        raise LedgerError(f"database {target.display}: no such ledger (run `claimtally ingest` first)")
    return Ledger(target)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@functools.cache
def _script_directory() -> Any:
    """The Alembic scripts: the ledger's revisions plus any stage's `migrations/versions`.

    Other stages (the web review tables) add revisions in `claimtally/<stage>/migrations/
    versions/` that build on a ledger revision; every command must know them, or it would
    take their revision for a newer schema, so they are found here rather than registered.
    """
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    package = Path(__file__).resolve().parent.parent
    locations = sorted(str(p) for p in package.glob("*/migrations/versions") if p.is_dir())
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(locations))
    return cfg, ScriptDirectory.from_config(cfg)


@functools.cache
def _revision_graph() -> tuple[frozenset[str], frozenset[str]]:
    """(every known revision, the heads), read from the revision files' `revision` and
    `down_revision` assignments without importing Alembic: opening an up-to-date ledger (every
    `claimtally ingest` of one file) then costs no Alembic import, which takes longer than the
    rest of opening. `tests/ledger/test_open.py` checks this agrees with Alembic's own reading."""
    import ast

    package = Path(__file__).resolve().parent.parent
    known: set[str] = set()
    parents: set[str] = set()
    for path in sorted(package.glob("*/migrations/versions/*.py")):
        values: dict[str, Any] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                values[target.id] = ast.literal_eval(node.value)
        if values.get("revision"):
            known.add(values["revision"])
            down = values.get("down_revision")
            parents.update([down] if isinstance(down, str) else down or ())
    return frozenset(known), frozenset(known - parents)


def _migration_config(connection: Connection) -> Any:
    """A fresh Alembic config carrying `connection` (never shared between threads)."""
    from alembic.config import Config

    base, _script = _script_directory()
    cfg = Config()
    for key in ("script_location", "path_separator", "version_locations"):
        cfg.set_main_option(key, base.get_main_option(key))
    cfg.attributes["connection"] = connection
    return cfg


def _reason(exc: BaseException) -> str:
    """The first line of the driver's message, without SQLAlchemy's boilerplate."""
    orig = getattr(exc, "orig", None) or exc
    msg = str(orig).strip().splitlines()
    return msg[0] if msg else type(orig).__name__


class Ledger:
    """An open ledger. Use as a context manager; see docs/architecture.md for the API."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.display = target.display
        self.readonly = False
        self.dialect = "sqlite" if target.path is not None else "postgresql"
        self._claimant_cache: dict[str, int] = {}
        if target.path is not None:
            self._precheck_sqlite(target.path)
            self.engine = self._sqlite_engine(target.path)
        else:
            self.engine = create_engine(target.url, connect_args={"connect_timeout": 10}, pool_size=2)
        try:
            self._prepare_schema()
            self._figures = self._figures_source()
        except LedgerError:
            self.engine.dispose()
            raise
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise self._error(exc) from None

    # -- opening ------------------------------------------------------------------------

    def _precheck_sqlite(self, path: Path) -> None:
        """Look at an existing file read-only before anything could write to it."""
        if not path.exists():
            return
        try:
            with path.open("rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise LedgerError(f"database {self.display}: cannot read ({exc.strerror})") from None
        if head and head != _SQLITE_MAGIC:
            raise LedgerError(f"database {self.display}: not a SQLite database file")
        mode = path.stat().st_mode
        # A file without write permission bits is read-only even for root, who could write it.
        self.readonly = not os.access(path, os.W_OK) or not mode & 0o222

    def _sqlite_engine(self, path: Path) -> Engine:
        uri = "file:" + urllib.parse.quote(str(path)) + ("?mode=ro" if self.readonly else "?mode=rwc")

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)

        engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=QueuePool, pool_size=2)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
            dbapi_conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            dbapi_conn.execute("PRAGMA foreign_keys = ON")
            if not self.readonly:
                dbapi_conn.execute("PRAGMA synchronous = NORMAL")  # safe against crashes in WAL

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # Writers take the write lock up front: a deferred transaction that reads and then
            # writes can fail with SQLITE_BUSY without waiting when another writer got there first.
            immediate = conn.get_execution_options().get("ct_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    def _state(self, conn: Connection) -> tuple[set[str], set[str]]:
        tables = set(inspect(conn).get_table_names())
        revisions: set[str] = set()
        if "alembic_version" in tables:
            revisions = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
        return tables, revisions

    def _check_state(self, tables: set[str], revisions: set[str]) -> bool:
        """Raise if this code must not touch the database; True when it needs migrating."""
        known, heads = _revision_graph()
        unknown = sorted(revisions - known)
        if unknown:
            raise LedgerError(
                f"database {self.display}: schema revision {', '.join(unknown)} is newer than this "
                f"claimtally {__version__} knows (upgrade claimtally); nothing was written"
            )
        if not revisions:
            ours = tables & set(LEDGER_TABLES)
            foreign = {t for t in tables if not t.startswith("sqlite_")}
            if ours or (self.dialect == "sqlite" and foreign):
                raise LedgerError(
                    f"database {self.display}: holds tables ({', '.join(sorted(foreign)[:5])}) but is "
                    "not a claimtally ledger; nothing was written"
                )
        return revisions != heads

    def _prepare_schema(self) -> None:
        with self._connect() as conn, conn.begin():
            needs = self._check_state(*self._state(conn))
        if not needs:
            return
        if self.readonly:
            raise LedgerError(
                f"database {self.display}: is read-only and its schema needs creating or upgrading"
            )
        if self.dialect == "sqlite":
            self._enable_wal()
        from alembic import command

        with self._connect(write=True) as conn, conn.begin():
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            if self._check_state(*self._state(conn)):  # again, now that we hold the lock
                command.upgrade(_migration_config(conn), "heads")

    def _figures_source(self) -> Any:
        """Where figures are read from: the web stage's `figures_reviewed` view, less rejected
        figures, when the ledger has it (else the `figures` table).

        That view (web migration `web_0001`) overlays reviewed values on extracted ones, which
        is what every reader of the ledger should see. Not `figures_current`: that view also
        leaves out superseded document versions, which `all_versions=True` must still read.
        """
        with self._connect() as conn:
            views = set(inspect(conn).get_view_names())
        if "figures_reviewed" not in views:
            return figures
        names = [c.name for c in figures.columns]
        reviewed = table("figures_reviewed", *(column(n, figures.c[n].type) for n in names), column("review_status"))
        status = reviewed.c.review_status
        not_rejected = or_(status.is_(None), status != "rejected")
        return select(*(reviewed.c[n] for n in names)).where(not_rejected).subquery("figures_current")

    def _enable_wal(self) -> None:
        """Switch a new file to WAL (persistent); retried because it needs a moment alone."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                raw = self.engine.raw_connection()  # outside any transaction, as SQLite requires
                try:
                    raw.driver_connection.execute("PRAGMA journal_mode = WAL").fetchall()
                finally:
                    raw.close()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                if write:
                    conn.execution_options(ct_write=True)
                yield conn
        except DBAPIError as exc:
            if exc.connection_invalidated or isinstance(exc.orig, sqlite3.OperationalError):
                raise self._error(exc) from None
            raise

    def _error(self, exc: BaseException, what: str = "") -> LedgerError:
        reason = _reason(exc)
        if self.dialect == "postgresql" and ("connect" in reason.lower() or "timeout" in reason.lower()):
            return LedgerError(f"database {self.display}: cannot connect ({reason})")
        if "readonly" in reason or "read-only" in reason:
            return LedgerError(f"database {self.display}: is read-only ({reason}); nothing was written")
        return LedgerError(f"database {self.display}: {what}{reason}")

    def _require_writable(self) -> None:
        if self.readonly:
            raise LedgerError(f"database {self.display}: is read-only; nothing was written")

    # -- context management --------------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs ----------------------------------------------------------------------------

    def start_run(self, sources: Sequence[str]) -> int:
        """Record the start of an ingest run; its id goes on every document it adds."""
        self._require_writable()
        values = {
            "started_at": _now(),
            "status": "running",
            "sources": json.dumps(list(sources), ensure_ascii=False),
            "claimtally_version": __version__,
        }
        try:
            with self._connect(write=True) as conn, conn.begin():
                return int(conn.execute(runs.insert().values(**values).returning(runs.c.id)).scalar_one())
        except SQLAlchemyError as exc:
            raise self._error(exc, "could not start a run: ") from None

    def finish_run(
        self,
        run_id: int,
        *,
        documents: int = 0,
        figures: int = 0,
        skipped: int = 0,
        failed: int = 0,
        status: str = "finished",
    ) -> None:
        """Close a run with its counts (a run left 'running' was interrupted)."""
        self._require_writable()
        stmt = (
            update(runs)
            .where(runs.c.id == run_id)
            .values(
                finished_at=_now(),
                status=status,
                documents=documents,
                figures=figures,
                skipped=skipped,
                failed=failed,
            )
        )
        try:
            with self._connect(write=True) as conn, conn.begin():
                if conn.execute(stmt).rowcount != 1:
                    raise LedgerError(f"database {self.display}: no ingest run with id {run_id}")
        except SQLAlchemyError as exc:
            raise self._error(exc, "could not finish the run: ") from None

    # -- writing documents ---------------------------------------------------------------

    def add_document(
        self,
        doc: Document,
        figures: Sequence[Figure],
        *,
        text_hash: str,
        minhash: bytes | None = None,
        duplicate_of: int | None = None,
        run_id: int | None = None,
        extractor_version: str,
        find_duplicate: FindDuplicate | None = None,
    ) -> AddResult:
        """Store a document and its figures in one transaction.

        The document key is `doc.id`. The same key with the same `text_hash` already stored
        -> "unchanged" and nothing is written; the same key with another hash -> a new version
        linked to the latest one ("new_version"); otherwise "added".

        `find_duplicate`, when given, decides `duplicate_of` inside the transaction, after the
        write lock is taken, so what it reads is final (see FindDuplicate). For an unchanged row
        its answer repairs the stored link when that differs (a link missed by an older run).
        """
        self._require_writable()
        rows, names = self._figure_rows(doc, figures, text_hash, extractor_version)
        attempts = 5 if self.dialect == "postgresql" else 2
        for attempt in range(attempts):
            try:
                with self._connect(write=True) as conn:
                    with conn.begin():
                        result = self._add(conn, doc, rows, names, text_hash, minhash, duplicate_of, run_id,
                                           find_duplicate)
                    self._claimant_cache = conn.info.pop("ct_claimants", self._claimant_cache)
                    return result
            except IntegrityError as exc:
                self._claimant_cache = {}
                # Another writer stored the same key between our look and our insert (only
                # possible without the advisory lock, e.g. a claimant insert race): try again.
                if attempt + 1 == attempts:
                    raise self._error(exc, f"could not store document {doc.id!r}: ") from None
            except DBAPIError as exc:
                retry = getattr(exc.orig, "sqlstate", None) in ("40001", "40P01")
                if not retry or attempt + 1 == attempts:
                    raise self._error(exc, f"could not store document {doc.id!r}: ") from None
            except SQLAlchemyError as exc:
                raise self._error(exc, f"could not store document {doc.id!r}: ") from None
            time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _figure_rows(
        self, doc: Document, figures: Sequence[Figure], text_hash: str, extractor_version: str
    ) -> tuple[list[dict[str, Any]], dict[str, str | None]]:
        """The figure rows of one document and its claimant names (with their kinds)."""
        if not text_hash:
            raise LedgerError(f"database {self.display}: document {doc.id!r} has no text hash")
        rows = [self._figure_row(f, extractor_version) for f in figures]
        names: dict[str, str | None] = {}
        for row in rows:
            if row["claimant"]:
                names.setdefault(row["claimant"], row["claimant_kind"])
        return rows, names

    @contextmanager
    def bulk_writer(self) -> Iterator[Any]:
        """`add_document` for many documents in one transaction, for loading a whole dataset.

        Yields `add(doc, figures, *, text_hash, minhash, duplicate_of, run_id,
        extractor_version, find_duplicate) -> AddResult` with `add_document`'s rules (unchanged,
        new version, added, a repaired link); `find_duplicate` reads this same transaction.
        Everything added commits together when the block ends, or nothing does if it raises (a
        killed load is re-run, and what it had committed comes back "unchanged"), so one commit
        pays for a batch instead of one per document.
        """
        self._require_writable()
        try:
            with self._connect(write=True) as conn, conn.begin():

                def add(doc: Document, figures: Sequence[Figure], *, text_hash: str, minhash: bytes | None = None,
                        duplicate_of: int | None = None, run_id: int | None = None,
                        extractor_version: str, find_duplicate: FindDuplicate | None = None) -> AddResult:
                    rows, names = self._figure_rows(doc, figures, text_hash, extractor_version)
                    result = self._add(conn, doc, rows, names, text_hash, minhash, duplicate_of, run_id,
                                       find_duplicate)
                    # claimants inserted in this transaction are seen by its next documents
                    self._claimant_cache = conn.info.get("ct_claimants", self._claimant_cache)
                    return result

                yield add
        except SQLAlchemyError as exc:
            self._claimant_cache = {}
            raise self._error(exc, "could not load documents: ") from None
        except BaseException:
            self._claimant_cache = {}
            raise

    def _add(
        self,
        conn: Connection,
        doc: Document,
        rows: list[dict[str, Any]],
        names: dict[str, str | None],
        text_hash: str,
        minhash: bytes | None,
        duplicate_of: int | None,
        run_id: int | None,
        find_duplicate: FindDuplicate | None = None,
    ) -> AddResult:
        key, text_hash = _clean(doc.id), _clean(text_hash)
        if self.dialect == "postgresql":
            conn.execute(_PG_DOCUMENTS_LOCK)
        same = conn.execute(_SAME_TEXT, {"k": key, "h": text_hash}).first()
        if same is not None:
            linked = None if same.duplicate_of is None else int(same.duplicate_of)
            found = find_duplicate(conn, int(same.id)) if find_duplicate is not None else None
            if found is None or found == linked:
                return AddResult(int(same.id), "unchanged", None, linked)
            conn.execute(update(documents).where(documents.c.id == same.id).values(duplicate_of=found))
            return AddResult(int(same.id), "unchanged", None, found, relinked=True)
        if find_duplicate is not None:
            duplicate_of = find_duplicate(conn, None)
        latest = conn.execute(_LATEST_VERSION, {"k": key}).first()
        values = {
            "doc_key": key,
            "version": 1 if latest is None else latest.version + 1,
            "previous_version_id": None if latest is None else latest.id,
            "source": doc.source,
            "url": doc.url,
            "canonical_url": doc.canonical_url,
            "site": doc.site,
            "title": doc.title,
            "author": doc.author,
            "published": doc.published,
            "published_source": doc.published_source,
            "language": doc.language,
            "text": doc.text,
            "text_hash": text_hash,
            "minhash": minhash,
            "duplicate_of": duplicate_of,
            "fetched_at": doc.fetched_at,
            "ingested_at": _now(),
            "run_id": run_id,
        }
        values = {k: _clean(v) for k, v in values.items()}
        doc_id = int(conn.execute(_INSERT_DOCUMENT, values).scalar_one())
        if rows:
            ids = self._claimant_ids(conn, names)
            for row in rows:
                row["document_id"] = doc_id
                row["claimant_id"] = ids.get(row["claimant"]) if row["claimant"] else None
            conn.execute(_INSERT_FIGURE, rows)
        if latest is None:
            return AddResult(doc_id, "added", None, duplicate_of)
        return AddResult(doc_id, "new_version", int(latest.id), duplicate_of)

    def _claimant_ids(self, conn: Connection, names: dict[str, str | None]) -> dict[str, int]:
        """Ids of these claimant names, inserting the new ones (name and kind as extracted).

        Ids seen before come from a per-ledger cache (claimant rows are never deleted), so the
        usual document costs no claimant queries at all.
        """
        missing = sorted(n for n in names if n not in self._claimant_cache)
        if not missing:
            return self._claimant_cache
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        # A fixed (sorted) order keeps two PostgreSQL writers from deadlocking on the names.
        stmt = dialect_insert(claimants).on_conflict_do_nothing(index_elements=["name"])
        conn.execute(stmt, [{"name": n, "kind": names[n], "aliases": "[]"} for n in missing])
        found = conn.execute(select(claimants.c.id, claimants.c.name).where(claimants.c.name.in_(missing)))
        ids = dict(self._claimant_cache)
        ids.update({r.name: int(r.id) for r in found})
        conn.info["ct_claimants"] = ids  # adopted by add_document once the transaction commits
        return ids

    @staticmethod
    def _figure_row(fig: Figure, extractor_version: str) -> dict[str, Any]:
        row = {name: _clean(getattr(fig, name)) for name in FIGURE_FIELDS}
        row["remarks"] = json.dumps([_clean(r) for r in fig.remarks or []], ensure_ascii=False)
        row["approx"] = bool(fig.approx)
        row["extractor_version"] = extractor_version
        return row

    # -- reading -------------------------------------------------------------------------

    def find_by_hash(self, text_hash: str) -> int | None:
        """The first stored document with exactly this text hash (exact-duplicate lookup)."""
        stmt = select(func.min(documents.c.id)).where(documents.c.text_hash == text_hash)
        try:
            with self._connect() as conn:
                found = conn.execute(stmt).scalar()
        except SQLAlchemyError as exc:
            raise self._error(exc) from None
        return None if found is None else int(found)

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        """Those of `urls` the ledger holds a document for (as its key, URL or canonical URL)."""
        wanted = list(dict.fromkeys(_clean(u) for u in urls))
        found: set[str] = set()
        d = documents
        try:
            with self._connect() as conn:
                for i in range(0, len(wanted), 500):
                    chunk = wanted[i : i + 500]
                    for col in (d.c.doc_key, d.c.url, d.c.canonical_url):
                        found.update(r[0] for r in conn.execute(select(col).where(col.in_(chunk)).distinct()))
        except SQLAlchemyError as exc:
            raise self._error(exc) from None
        return found

    def iter_signatures(self) -> Iterator[tuple[int, bytes]]:
        """(document id, minhash) for every document that has one, to rebuild the LSH index."""
        stmt = (
            select(documents.c.id, documents.c.minhash)
            .where(documents.c.minhash.is_not(None))
            .order_by(documents.c.id)
        )
        try:
            with self._connect() as conn:
                for row in conn.execution_options(yield_per=1000).execute(stmt):
                    yield int(row.id), bytes(row.minhash)
        except SQLAlchemyError as exc:
            raise self._error(exc) from None

    def _figures_select(
        self,
        metric: str | Sequence[str] | None,
        claimant: str | None,
        subject: str | None,
        since: str | None,
        until: str | None,
        doc: str | None,
        all_versions: bool,
    ) -> Any:
        f, d = self._figures, documents
        when = func.substr(func.coalesce(f.c.claim_date, d.c.published), 1, 10)
        stmt = select(
            *[f.c[name] for name in FIGURE_FIELDS],
            f.c.id,
            f.c.document_id,
            d.c.url,
            d.c.title,
            d.c.site,
            d.c.published,
            d.c.duplicate_of,
            f.c.extractor_version,
        ).join_from(f, d, f.c.document_id == d.c.id)
        where = figure_filters(f, when, metric=metric, claimant=claimant, subject=subject, since=since,
                               until=until, doc=doc, all_versions=all_versions)
        return stmt.where(*where).order_by(when, f.c.document_id, f.c.start, f.c.id)

    def iter_figures(
        self,
        metric: str | Sequence[str] | None = None,
        claimant: str | None = None,
        subject: str | None = None,
        since: str | None = None,
        until: str | None = None,
        doc: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        *,
        all_versions: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """Stream `query_figures` rows, for exports too large to hold in memory."""
        stmt = self._figures_select(metric, claimant, subject, since, until, doc, all_versions)
        if limit is not None:
            stmt = stmt.limit(limit)
        if offset:
            stmt = stmt.offset(offset)
        try:
            with self._connect() as conn:
                for row in conn.execution_options(yield_per=2000).execute(stmt):
                    yield _figure_dict(row._asdict())
        except SQLAlchemyError as exc:
            raise self._error(exc) from None

    def query_figures(
        self,
        metric: str | Sequence[str] | None = None,
        claimant: str | None = None,
        subject: str | None = None,
        since: str | None = None,
        until: str | None = None,
        doc: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        *,
        all_versions: bool = False,
    ) -> list[dict[str, Any]]:
        """Figures matching every filter given, oldest first, as dicts (see the API doc).

        `metric` is exact (one or several); `claimant` and `subject` match case-insensitive
        substrings; `since`/`until` (ISO dates, inclusive) apply to the claim date, or the
        document's publication date when the claim has none; `doc` is a document key.
        Figures of superseded document versions are left out unless `all_versions`. Reviewed
        values (web review) replace extracted ones and rejected figures are left out.
        """
        return list(
            self.iter_figures(
                metric, claimant, subject, since, until, doc, limit, offset, all_versions=all_versions
            )
        )


#: Characters no backend stores as text: NUL (PostgreSQL refuses it) and lone surrogates (not
#: encodable as UTF-8). One-for-one replacement keeps every figure's offsets valid.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _clean(value: Any) -> Any:
    if isinstance(value, str) and _UNSTORABLE.search(value):
        return _UNSTORABLE.sub("\ufffd", value)
    return value


def contains_pattern(needle: str) -> str:
    """A LIKE pattern (escape character backslash) matching any text that contains `needle`."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def figure_filters(
    f: Any, when: Any, *, metric: str | Sequence[str] | None = None, claimant: str | None = None,
    subject: str | None = None, since: str | None = None, until: str | None = None,
    doc: str | None = None, all_versions: bool = False, exact: bool = False,
) -> list[Any]:
    """The conditions of the figure filters of `query_figures` (same meaning), for a query of the
    figure table or view `f` joined to `documents`; `when` is the date the filters compare.
    With `exact`, `claimant` and `subject` must match whole rather than as substrings."""
    d = documents
    where: list[Any] = []
    if metric:
        where.append(f.c.metric.in_([metric] if isinstance(metric, str) else list(metric)))
    if claimant:
        where.append(f.c.claimant == claimant if exact else f.c.claimant.ilike(contains_pattern(claimant), "\\"))
    if subject:
        where.append(f.c.subject == subject if exact else f.c.subject.ilike(contains_pattern(subject), "\\"))
    if since:
        where.append(when >= str(since)[:10])
    if until:
        where.append(when <= str(until)[:10])
    if doc:
        where.append(or_(f.c.doc == doc, d.c.doc_key == doc))
    if not all_versions:
        newer = d.alias("newer")
        where.append(~exists().where(newer.c.previous_version_id == d.c.id))
    return where


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _figure_dict(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("value", "low", "high"):
        row[key] = _number(row[key])
    row["approx"] = bool(row["approx"])
    row["remarks"] = json.loads(row["remarks"]) if row["remarks"] else []
    return row

