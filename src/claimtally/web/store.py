"""What the web app reads from and writes to the ledger: reviewed figures, reviews, merges, audit.

Every read goes through the `figures_reviewed` view, so the dashboard, the JSON API and (via
`figures_current`) comparisons all see reviewed values. Every write (a review, a merge, a new
user) is one transaction that also appends its `audit_log` row, so the log cannot miss a change.
The original extraction in `figures` is never modified.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
import threading
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, case, delete, exists, func, insert, or_, select, update

from claimtally.ledger import Ledger
from claimtally.ledger.schema import documents, figures
from claimtally.ledger.store import contains_pattern, figure_filters
from claimtally.model import CLAIMANT_KINDS, FIGURE_FIELDS, METRICS
from claimtally.web.credentials import Credentials
from claimtally.web.search import document_matches, figure_matches
from claimtally.web.tables import (
    REVIEW_FIELDS,
    audit_log,
    figure_reviews,
    figures_reviewed,
    name_merges,
    users,
    web_sessions,
)

REVIEW_ACTIONS = ("confirm", "correct", "reject")
MERGE_KINDS = ("claimant", "subject")
_STATUS = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}
#: How many aggregate results (counts, rankings) the store keeps per process.
CACHE_ENTRIES = 256
#: Ordered id lists kept (one per recent filter) and the longest kept: 32 x 200,000 ids as
#: 8-byte integers is at most ~50 MB.
IDS_CACHE_ENTRIES = 32
MAX_CACHED_IDS = 200_000
#: Longest text a reviewer may enter for a name or subject.
MAX_TEXT = 300
#: The largest id a row can have (SQLite's INTEGER is signed 64-bit); a larger one names nothing,
#: and SQLite could not even be asked about it (OverflowError).
MAX_ROW_ID = 2**63 - 1
#: How long a session lasts without signing in again (the cookie's max-age too).
SESSION_LIFETIME = timedelta(days=14)


class ReviewError(ValueError):
    """A review or merge the store refuses; the message says which input and why."""


class NotFound(LookupError):
    """No row with the given id or name."""


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _existing_id(kind: str, value: int) -> int:
    """`value` if a row could have it, else NotFound (a 404, not a driver error)."""
    if not 1 <= value <= MAX_ROW_ID:
        raise NotFound(f"no {kind} {value}")
    return value


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _figure(row: Any) -> dict[str, Any]:
    rec = dict(row._mapping)
    for key in ("value", "low", "high"):
        if key in rec:
            rec[key] = _number(rec[key])
    if "approx" in rec:
        rec["approx"] = bool(rec["approx"])
    if "remarks" in rec:
        rec["remarks"] = json.loads(rec["remarks"]) if rec["remarks"] else []
    return rec


class WebStore:
    """The web stage's view of one ledger; safe to share between request threads."""

    def __init__(self, ledger: Ledger, credentials: Credentials | None = None) -> None:
        self.ledger = ledger
        self.engine = ledger.engine
        self.credentials = credentials or Credentials.for_ledger(ledger.target)
        self._caches: dict[str, OrderedDict[Any, Any]] = {}
        self._lock = threading.Lock()
        from claimtally.web.comparison import CompareView

        self.compare = CompareView(self)

    # -- caching ------------------------------------------------------------------------

    def _token(self, conn: Connection) -> tuple[Any, ...]:
        """What changes whenever what readers see changes: a new document (ingest) or a new
        audit row (every review, merge and account change writes one). Two index lookups."""
        return (
            conn.execute(select(func.max(documents.c.id))).scalar(),
            conn.execute(select(func.max(audit_log.c.id))).scalar(),
        )

    def _cached(self, conn: Connection, key: Any, compute: Any, size: int = CACHE_ENTRIES) -> Any:
        """Aggregates over the whole ledger are reused until the ledger changes; any process
        writing to it (ingest, another server) changes the token, so nothing stale is served.
        Each kind of entry (key[0]) keeps at most `size` entries, least recently used first out."""
        cache = self._caches.setdefault(key[0], OrderedDict())
        full = (key, self._token(conn))
        with self._lock:
            if full in cache:
                cache.move_to_end(full)
                return cache[full]
        value = compute()
        with self._lock:
            cache[full] = value
            while len(cache) > size:
                cache.popitem(last=False)
        return value

    # -- connections --------------------------------------------------------------------

    def _read(self) -> Connection:
        return self.engine.connect()

    def _write(self) -> Connection:
        conn = self.engine.connect()
        # The ledger's SQLite engine starts transactions carrying this option with BEGIN
        # IMMEDIATE, so two writers queue on the busy timeout instead of failing mid-way.
        conn.execution_options(ct_write=True)
        return conn

    # -- secrets, users and sessions ----------------------------------------------------

    def secret_key(self) -> str:
        """The session-signing key, from the credentials file (made on first use)."""
        return self.credentials.session_key()

    def _stored_hash(self, digest: str) -> str:
        """What the `users` row holds: the hash on PostgreSQL, nothing on SQLite (file instead)."""
        return "" if self.credentials.keeps_hashes else digest

    def add_user(self, name: str, password_hash: str) -> int:
        with self._write() as conn, conn.begin():
            if conn.execute(select(users.c.id).where(users.c.name == name)).first():
                raise ReviewError(f"user {name!r} already exists")
            uid = int(
                conn.execute(
                    insert(users)
                    .values(name=name, password_hash=self._stored_hash(password_hash), created_at=now(), active=True)
                    .returning(users.c.id)
                ).scalar_one()
            )
            self._audit(conn, None, "system", "user_add", "user", name, None, {"name": name})
            if self.credentials.keeps_hashes:  # under the ledger's write lock, last: a failure undoes the row
                self.credentials.set_password_hashes({name: password_hash})
            return uid

    def set_password(self, name: str, password_hash: str, *, end_sessions: bool = True) -> int:
        """A new password hash for `name`; every session of the account ends unless this is only
        a rehash of the same password. Returns how many sessions ended."""
        with self._write() as conn, conn.begin():
            done = conn.execute(
                update(users).where(users.c.name == name).values(password_hash=self._stored_hash(password_hash))
            )
            if done.rowcount != 1:
                raise NotFound(f"no user {name!r}")
            ended = 0
            if end_sessions:
                uid = select(users.c.id).where(users.c.name == name).scalar_subquery()
                ended = conn.execute(delete(web_sessions).where(web_sessions.c.user_id == uid)).rowcount
                self._audit(conn, None, "system", "user_password", "user", name, None, None)
            if self.credentials.keeps_hashes:
                self.credentials.set_password_hashes({name: password_hash})
            return int(ended or 0)

    def user_row(self, name: str) -> dict[str, Any] | None:
        with self._read() as conn:
            row = conn.execute(select(users).where(users.c.name == name, users.c.active.is_(True))).first()
        if row is None:
            return None
        rec = dict(row._mapping)
        if self.credentials.keeps_hashes:
            rec["password_hash"] = self.credentials.password_hash(name) or ""
        return rec

    def list_users(self) -> list[dict[str, Any]]:
        with self._read() as conn:
            rows = conn.execute(select(users.c.name, users.c.created_at, users.c.active).order_by(users.c.name))
            return [dict(r._mapping) for r in rows]

    def start_session(self, user: User) -> str:
        """A new session for `user`: the token for the cookie (only its hash is stored)."""
        token = secrets.token_urlsafe(32)
        started = datetime.now(UTC)
        with self._write() as conn, conn.begin():
            conn.execute(delete(web_sessions).where(web_sessions.c.expires_at < now()))  # lapsed ones
            conn.execute(insert(web_sessions).values(
                token_hash=_token_hash(token), user_id=user.id, created_at=started.isoformat(timespec="seconds"),
                expires_at=(started + SESSION_LIFETIME).isoformat(timespec="seconds"),
            ))
        return token

    def session_user(self, token: str) -> User | None:
        """The active user of a live session, else None (ended, lapsed, or the account is gone)."""
        s = web_sessions
        stmt = (select(users.c.id, users.c.name).join_from(s, users, users.c.id == s.c.user_id)
                .where(s.c.token_hash == _token_hash(token), s.c.expires_at > now(), users.c.active.is_(True)))
        with self._read() as conn:
            row = conn.execute(stmt).first()
        return User(int(row.id), str(row.name)) if row else None

    def end_session(self, token: str) -> None:
        with self._write() as conn, conn.begin():
            conn.execute(delete(web_sessions).where(web_sessions.c.token_hash == _token_hash(token)))

    def rotate_key(self) -> int:
        """A new session-signing key, and every session ended; returns how many ended."""
        with self._write() as conn, conn.begin():
            ended = conn.execute(delete(web_sessions)).rowcount
            self._audit(conn, None, "system", "rotate_key", "user", "*", None, {"sessions_ended": int(ended or 0)})
            self.credentials.rotate_session_key()
        return int(ended or 0)

    # -- reading figures ----------------------------------------------------------------

    def _select(
        self,
        *,
        metric: str | Sequence[str] | None = None,
        claimant: str | None = None,
        subject: str | None = None,
        since: str | None = None,
        until: str | None = None,
        doc: str | None = None,
        document_id: int | None = None,
        q: str | None = None,
        exact: bool = False,
        include_rejected: bool = False,
        all_versions: bool = False,
    ) -> tuple[Any, list[Any]]:
        """The figure query with the filters of `claimtally figures` (same meaning), and the
        order to list it in; `q` is a full-text search (`claimtally.web.search`), best first."""
        f, d = figures_reviewed, documents
        when = func.substr(func.coalesce(f.c.claim_date, d.c.published), 1, 10)
        where = figure_filters(f, when, metric=metric, claimant=claimant, subject=subject, since=since,
                               until=until, doc=doc, all_versions=all_versions, exact=exact)
        if document_id is not None:
            where.append(f.c.document_id == document_id)
        if not include_rejected:
            where.append(or_(f.c.review_status.is_(None), f.c.review_status != "rejected"))
        cols = [
            *f.c,
            d.c.url,
            d.c.title,
            d.c.site,
            d.c.published,
            d.c.duplicate_of,
            when.label("date"),
        ]
        stmt = select(*cols).join_from(f, d, f.c.document_id == d.c.id)
        order = [when, f.c.document_id, f.c.start, f.c.id]
        if q:
            # Ranked full-text matches in the sentence first, then figures whose (reviewed,
            # merged) claimant or subject contains the text, which a sentence may not spell.
            pat = contains_pattern(q)
            by_name = or_(f.c.subject.ilike(pat, "\\"), f.c.claimant.ilike(pat, "\\"))
            matches = figure_matches(self.ledger.dialect, q)
            if matches is None:
                where.append(by_name)
            else:
                stmt = stmt.join(matches, matches.c.id == f.c.id, isouter=True)
                where.append(or_(matches.c.id.is_not(None), by_name))
                order.insert(0, func.coalesce(matches.c.rank, 0.0))
        if where:
            stmt = stmt.where(and_(*where))
        return stmt, order

    def figures(
        self, limit: int = 50, offset: int = 0, **filters: Any
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of reviewed figures (oldest first) and how many match in all.

        The ordered ids of a filter's whole result are computed once per ledger state and
        reused for every page (a page is then a slice plus a read of its rows by id), so
        paging costs one sort per change, not one per request. Results above
        `MAX_CACHED_IDS` are paged in SQL instead, keeping memory bounded.
        """
        stmt, order = self._select(**filters)
        key = ("figure-ids", tuple(sorted((k, str(v)) for k, v in filters.items())))
        with self._read() as conn:
            ids = self._cached(conn, key, lambda: self._all_ids(conn, stmt, order, filters), IDS_CACHE_ENTRIES)
            if ids is None:  # too many to keep: page in SQL
                total = conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
                rows = conn.execute(stmt.order_by(*order).limit(limit).offset(offset))
                return [_figure(r) for r in rows], int(total)
            page = ids[offset:offset + limit].tolist()
            found = {r.id: _figure(r) for r in conn.execute(stmt.where(figures_reviewed.c.id.in_(page)))}
            return [found[i] for i in page if i in found], len(ids)

    def _all_ids(self, conn: Connection, stmt: Any, order: list[Any], filters: dict[str, Any]) -> Any:
        """Every matching id in order, or None when there are more than MAX_CACHED_IDS."""
        if any(filters.get(k) for k in ("claimant", "subject", "q")):
            query = stmt.with_only_columns(figures_reviewed.c.id).order_by(*order)
        else:
            # Without name filters the order is computed on the base tables: sorting narrow
            # rows there is several times cheaper than going through the view.
            plain = {k: v for k, v in filters.items() if k not in ("claimant", "subject", "q")}
            query = self._page_ids(**plain)
        ids = array("q", conn.execute(query.limit(MAX_CACHED_IDS + 1)).scalars())
        return None if len(ids) > MAX_CACHED_IDS else ids

    @staticmethod
    def _page_ids(
        *,
        metric: str | Sequence[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        doc: str | None = None,
        document_id: int | None = None,
        include_rejected: bool = False,
        all_versions: bool = False,
        exact: bool = False,
    ) -> Any:
        """Matching ids in the view's order, computed from `figures` + `figure_reviews`.

        The overlay of metric and claim date is the view's (see the migration); names are not
        needed here because name filters take the other path.
        """
        f, r, d = figures, figure_reviews, documents
        corrected = r.c.status == "corrected"
        m = case((corrected, r.c.metric), else_=f.c.metric)
        claim_date = case((corrected, r.c.claim_date), else_=f.c.claim_date)
        when = func.substr(func.coalesce(claim_date, d.c.published), 1, 10)
        stmt = (
            select(f.c.id)
            .join_from(f, d, f.c.document_id == d.c.id)
            .join(r, r.c.figure_id == f.c.id, isouter=True)
        )
        if metric:
            stmt = stmt.where(m.in_([metric] if isinstance(metric, str) else list(metric)))
        if since:
            stmt = stmt.where(when >= since[:10])
        if until:
            stmt = stmt.where(when <= until[:10])
        if doc:
            stmt = stmt.where(or_(f.c.doc == doc, d.c.doc_key == doc))
        if document_id is not None:
            stmt = stmt.where(f.c.document_id == document_id)
        if not include_rejected:
            stmt = stmt.where(or_(r.c.status.is_(None), r.c.status != "rejected"))
        if not all_versions:
            newer = documents.alias("newer")
            stmt = stmt.where(~exists().where(newer.c.previous_version_id == d.c.id))
        return stmt.order_by(when, f.c.document_id, f.c.start, f.c.id)

    def figure(self, figure_id: int) -> dict[str, Any]:
        """A figure as reviewed, with its original extraction, review and audit trail."""
        stmt, _ = self._select(include_rejected=True, all_versions=True)
        stmt = stmt.where(figures_reviewed.c.id == _existing_id("figure", figure_id))
        with self._read() as conn:
            row = conn.execute(stmt).first()
            if row is None:
                raise NotFound(f"no figure {figure_id}")
            rec = _figure(row)
            orig = conn.execute(
                select(*[figures.c[n] for n in FIGURE_FIELDS]).where(figures.c.id == figure_id)
            ).first()
            rec["original"] = _figure(orig)
            rec["audit"] = self._audit_rows(conn, "figure", str(figure_id), 200, 0)
        return rec

    # -- documents ----------------------------------------------------------------------

    def documents(
        self, limit: int = 50, offset: int = 0, q: str | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """Latest versions of documents, most recently published first; with `q`, those whose
        title or text matches it (full-text, `claimtally.web.search`) or whose key contains it,
        best match first."""
        d = documents
        newer = documents.alias("newer")
        counts = (
            select(figures.c.document_id, func.count().label("figures"))
            .group_by(figures.c.document_id)
            .subquery()
        )
        stmt = (
            select(
                d.c.id, d.c.doc_key, d.c.version, d.c.title, d.c.url, d.c.site, d.c.published,
                d.c.ingested_at, func.coalesce(counts.c.figures, 0).label("figures"),
            )
            .join_from(d, counts, counts.c.document_id == d.c.id, isouter=True)
            .where(~exists().where(newer.c.previous_version_id == d.c.id))
        )
        order = [d.c.published.desc().nulls_last(), d.c.id.desc()]
        if q:
            # A document key containing the text first (someone pasting a key or URL), then
            # full-text matches in title and text, best first.
            by_key = d.c.doc_key.ilike(contains_pattern(q), "\\")
            matches = document_matches(self.ledger.dialect, q)
            if matches is None:
                stmt = stmt.where(by_key)
            else:
                stmt = stmt.join(matches, matches.c.id == d.c.id, isouter=True)
                stmt = stmt.where(or_(matches.c.id.is_not(None), by_key))
                order[:0] = [case((by_key, 0), else_=1), func.coalesce(matches.c.rank, 0.0)]
        ordered = stmt.order_by(*order).limit(limit).offset(offset)
        count = select(func.count()).select_from(stmt.subquery())
        with self._read() as conn:
            return self._cached(conn, ("documents", limit, offset, q), lambda: (
                [dict(r._mapping) for r in conn.execute(ordered)], int(conn.execute(count).scalar_one())
            ))

    def document(self, document_id: int) -> dict[str, Any]:
        """A document with its text and every figure in it (rejected ones marked)."""
        d = documents
        with self._read() as conn:
            row = conn.execute(
                select(
                    d.c.id, d.c.doc_key, d.c.version, d.c.title, d.c.url, d.c.site, d.c.author,
                    d.c.published, d.c.language, d.c.text, d.c.ingested_at, d.c.previous_version_id,
                ).where(d.c.id == _existing_id("document", document_id))
            ).first()
        if row is None:
            raise NotFound(f"no document {document_id}")
        rec = dict(row._mapping)
        rec["figures"], _ = self.figures(
            limit=100_000, document_id=document_id, include_rejected=True, all_versions=True
        )
        rec["figures"].sort(key=lambda f: (f["start"], f["id"]))
        return rec

    # -- quantities and claimants -------------------------------------------------------

    def quantities(self, limit: int = 50, offset: int = 0, q: str | None = None) -> tuple[list[dict[str, Any]], int]:
        """Quantities as compare groups them, most contested first (see `web.comparison`)."""
        return self.compare.quantities(limit, offset, q)

    def claimants(
        self, limit: int = 50, offset: int = 0, q: str | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """Canonical claimants (as reviewed, merged and corrected) by claims made."""
        return self.compare.claimants(limit, offset, q)

    def figures_by_id(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        """Reviewed figures by id, in the figure list's order (oldest first)."""
        stmt, order = self._select()
        out: list[dict[str, Any]] = []
        wanted = sorted(set(ids))
        with self._read() as conn:
            for i in range(0, len(wanted), 900):
                chunk = stmt.where(figures_reviewed.c.id.in_(wanted[i:i + 900])).order_by(*order)
                out.extend(_figure(r) for r in conn.execute(chunk))
        out.sort(key=lambda f: (f["date"] or "", f["document_id"], f["start"], f["id"]))
        return out

    # -- audit --------------------------------------------------------------------------

    @staticmethod
    def _audit_rows(
        conn: Connection, kind: str | None, target: str | None, limit: int, offset: int
    ) -> list[dict[str, Any]]:
        stmt = select(audit_log)
        if kind:
            stmt = stmt.where(audit_log.c.target_kind == kind)
        if target is not None:
            stmt = stmt.where(audit_log.c.target == target)
        rows = conn.execute(stmt.order_by(audit_log.c.id.desc()).limit(limit).offset(offset))
        out = []
        for r in rows:
            rec = dict(r._mapping)
            rec["before"] = json.loads(rec["before"]) if rec["before"] else None
            rec["after"] = json.loads(rec["after"]) if rec["after"] else None
            out.append(rec)
        return out

    def audit(
        self, limit: int = 50, offset: int = 0, kind: str | None = None, target: str | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        with self._read() as conn:
            stmt = select(func.count()).select_from(audit_log)
            if kind:
                stmt = stmt.where(audit_log.c.target_kind == kind)
            if target is not None:
                stmt = stmt.where(audit_log.c.target == target)
            total = conn.execute(stmt).scalar_one()
            return self._audit_rows(conn, kind, target, limit, offset), int(total)

    @staticmethod
    def _audit(
        conn: Connection,
        user_id: int | None,
        user_name: str,
        action: str,
        kind: str,
        target: str,
        before: Any,
        after: Any,
    ) -> None:
        conn.execute(
            insert(audit_log).values(
                at=now(),
                user_id=user_id,
                user_name=user_name,
                action=action,
                target_kind=kind,
                target=target,
                before=None if before is None else json.dumps(before, ensure_ascii=False),
                after=None if after is None else json.dumps(after, ensure_ascii=False),
            )
        )

    # -- writing reviews ----------------------------------------------------------------

    def _state(self, conn: Connection, figure_id: int) -> dict[str, Any]:
        _existing_id("figure", figure_id)
        row = conn.execute(
            select(*[figures_reviewed.c[n] for n in (*REVIEW_FIELDS, "review_status")]).where(
                figures_reviewed.c.id == figure_id
            )
        ).first()
        if row is None:
            raise NotFound(f"no figure {figure_id}")
        return _figure(row)

    def review(
        self, figure_id: int, user: User, action: str, changes: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Confirm, correct or reject a figure; returns the figure as now reviewed.

        A correction names only the fields that change; the others keep their current
        (possibly already reviewed) values. The audit row holds the reviewed state before
        and after, so the trail reads as a history of what readers saw.
        """
        if action not in REVIEW_ACTIONS:
            raise ReviewError(f"action: {action!r} is not one of {', '.join(REVIEW_ACTIONS)}")
        changes = dict(changes or {})
        if action != "correct" and changes:
            raise ReviewError(f"action {action!r} takes no field changes (use 'correct')")
        clean = validate_changes(changes)
        with self._write() as conn, conn.begin():
            before = self._state(conn, figure_id)
            # Merges apply on top of the stored names; store the pre-merge names so that
            # undoing a merge later is not blocked by a review that copied its result.
            stored = conn.execute(
                select(figure_reviews).where(figure_reviews.c.figure_id == figure_id)
            ).first()
            base = self._unmerged(conn, figure_id, stored)
            values: dict[str, Any] = {"status": _STATUS[action], "reviewer_id": user.id, "reviewed_at": now()}
            if action == "correct":
                merged = {**base, **clean}
                _check_bounds(merged)
                values.update({k: merged[k] for k in REVIEW_FIELDS})
            elif stored is not None and stored.status == "corrected" and action == "confirm":
                # Confirming a corrected figure confirms the correction: keep its values.
                values.update({k: stored._mapping[k] for k in REVIEW_FIELDS})
                values["status"] = "corrected"
            conn.execute(delete(figure_reviews).where(figure_reviews.c.figure_id == figure_id))
            conn.execute(insert(figure_reviews).values(figure_id=figure_id, **values))
            after = self._state(conn, figure_id)
            self._audit(conn, user.id, user.name, action, "figure", str(figure_id), before, after)
        return self.figure(figure_id)

    @staticmethod
    def _unmerged(conn: Connection, figure_id: int, stored: Any) -> dict[str, Any]:
        """The figure's review fields before merges: the stored correction, else the extraction."""
        if stored is not None and stored.status == "corrected":
            rec = {k: stored._mapping[k] for k in REVIEW_FIELDS}
        else:
            row = conn.execute(select(*[figures.c[k] for k in REVIEW_FIELDS]).where(figures.c.id == figure_id))
            rec = dict(row.one()._mapping)
        return {k: _number(v) for k, v in rec.items()}

    def merge(self, kind: str, source: str, target: str, user: User) -> dict[str, Any]:
        """Merge one claimant (or subject) name into another, for every figure, now and later.

        Stored as a name mapping, flattened so every source points straight at a final name
        (A->B then B->C makes A->C), which keeps the overlay view a single join.
        """
        if kind not in MERGE_KINDS:
            raise ReviewError(f"kind: {kind!r} is not one of {', '.join(MERGE_KINDS)}")
        source = _text("source", source, required=True)
        target = _text("target", target, required=True)
        with self._write() as conn, conn.begin():
            m = name_merges
            final = conn.execute(select(m.c.target).where(m.c.kind == kind, m.c.source == target)).scalar()
            final = final or target
            if final == source:
                raise ReviewError(f"cannot merge {kind} {source!r} into {target!r}: that is the same name")
            if conn.execute(select(m.c.id).where(m.c.kind == kind, m.c.source == source)).first():
                raise ReviewError(f"{kind} {source!r} is already merged; merge its target instead")
            col = figures_reviewed.c[kind]
            count = conn.execute(select(func.count()).where(col == source)).scalar_one()
            if not count:
                raise NotFound(f"no figure has {kind} {source!r}")
            conn.execute(
                update(m).where(m.c.kind == kind, m.c.target == source).values(target=final)
            )
            conn.execute(
                insert(m).values(kind=kind, source=source, target=final, user_id=user.id, created_at=now())
            )
            after = {"kind": kind, "source": source, "target": final, "figures": int(count)}
            self._audit(conn, user.id, user.name, "merge", kind, source, {kind: source}, after)
        return after

    def merges(self, kind: str | None = None) -> list[dict[str, Any]]:
        stmt = select(name_merges.c.kind, name_merges.c.source, name_merges.c.target, name_merges.c.created_at)
        if kind:
            stmt = stmt.where(name_merges.c.kind == kind)
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt.order_by(name_merges.c.id))]


# -- validation ---------------------------------------------------------------------------


def _text(name: str, value: Any, *, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ReviewError(f"{name}: must not be empty")
        return None
    if not isinstance(value, str):
        raise ReviewError(f"{name}: expected text, got {type(value).__name__}")
    value = " ".join(value.split())
    if len(value) > MAX_TEXT:
        raise ReviewError(f"{name}: longer than {MAX_TEXT} characters")
    if "\x00" in value:
        raise ReviewError(f"{name}: contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ReviewError(f"{name}: is not valid Unicode text") from None
    return value


def _num(name: str, value: Any) -> float | int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ReviewError(f"{name}: expected a number, got a boolean")
    if isinstance(value, str):
        try:
            value = float(value.replace(",", "").strip())
        except ValueError:
            raise ReviewError(f"{name}: {value!r} is not a number") from None
    if not isinstance(value, int | float):
        raise ReviewError(f"{name}: expected a number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value) or value < 0 or value > 1e15:
        raise ReviewError(f"{name}: must be a finite count between 0 and 1e15")
    return _number(value)


def _date(name: str, value: Any) -> str | None:
    text = _text(name, value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ReviewError(f"{name}: {text!r} is not an ISO date (YYYY-MM-DD)") from None


def validate_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise a correction; ReviewError names the first bad field."""
    unknown = sorted(set(changes) - set(REVIEW_FIELDS))
    if unknown:
        raise ReviewError(f"{unknown[0]}: not a field a review can change ({', '.join(REVIEW_FIELDS)})")
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key in ("value", "low", "high"):
            out[key] = _num(key, value)
        elif key in ("claim_date", "period_start", "period_end"):
            out[key] = _date(key, value)
        elif key == "metric":
            metric = _text(key, value, required=True)
            if metric not in METRICS:
                raise ReviewError(f"metric: {metric!r} is not in the taxonomy ({', '.join(METRICS)})")
            out[key] = metric
        elif key == "claimant_kind":
            kind = _text(key, value)
            if kind is not None and kind not in CLAIMANT_KINDS:
                raise ReviewError(f"claimant_kind: {kind!r} is not one of {', '.join(CLAIMANT_KINDS)}")
            out[key] = kind
        else:
            out[key] = _text(key, value, required=(key == "subject"))
    return out


def _check_bounds(rec: dict[str, Any]) -> None:
    low, high, value = rec.get("low"), rec.get("high"), rec.get("value")
    if low is not None and high is not None and low > high:
        raise ReviewError(f"low: {low} is above high {high}")
    if value is not None and low is not None and value < low:
        raise ReviewError(f"value: {value} is below low {low}")
    if value is not None and high is not None and value > high:
        raise ReviewError(f"value: {value} is above high {high}")
    if rec.get("claimant") is None and rec.get("claimant_kind") is not None:
        rec["claimant_kind"] = None
    ps, pe = rec.get("period_start"), rec.get("period_end")
    if ps and pe and ps > pe:
        raise ReviewError(f"period_start: {ps} is after period_end {pe}")


__all__: Sequence[str] = (
    "MERGE_KINDS", "REVIEW_ACTIONS", "NotFound", "ReviewError", "User", "WebStore", "validate_changes",
)
