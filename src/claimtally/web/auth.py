"""Accounts, sessions and CSRF protection for the web app.

Passwords are hashed with Argon2id (argon2-cffi's defaults, the OWASP recommendation).
Sessions are Starlette's signed cookies (itsdangerous) holding a random CSRF token and, once
signed in, a random session token whose SHA-256 is a `web_sessions` row. The row is looked up on
every request, so signing out, a password change (`user passwd`), `user rotate-key` or a removed
account ends the session at once; a copied cookie is worth nothing after that. Every
state-changing request must carry the CSRF token (form field `csrf_token` or header
`X-CSRF-Token`), compared in constant time: a cookie alone never authorises a write.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import HTTPException, Request

from claimtally.web.store import User, WebStore

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
MIN_PASSWORD = 8
MAX_NAME = 80

_hasher = PasswordHasher()
#: Verified against when the user does not exist, so timing does not reveal account names.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"password: must be at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def check_name(name: str) -> str:
    """A user name: 1-80 printable characters without spaces at the ends."""
    if not name or name != name.strip() or len(name) > MAX_NAME or not name.isprintable():
        raise ValueError(f"user name {name!r}: use 1-{MAX_NAME} printable characters, no surrounding spaces")
    return name


def authenticate(store: WebStore, name: str, password: str) -> User | None:
    """The user if the password is right, else None (same work either way)."""
    row = store.user_row(name) if name else None
    try:
        _hasher.verify(row["password_hash"] if row else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    if _hasher.check_needs_rehash(row["password_hash"]):
        store.set_password(name, _hasher.hash(password), end_sessions=False)
    return User(int(row["id"]), str(row["name"]))


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use (so anonymous sessions can sign in)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def current_user(request: Request) -> User | None:
    cached: Any = getattr(request.state, "user", False)
    if cached is not False:
        return cached
    token = request.session.get("sid")
    user = request.app.state.store.session_user(token) if isinstance(token, str) and token else None
    request.state.user = user
    return user


def check_csrf(request: Request, supplied: str | None) -> None:
    """403 unless `supplied` equals the session's token."""
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not supplied or not isinstance(supplied, str):
        raise HTTPException(status_code=403, detail="missing CSRF token (send the session's token)")
    if not hmac.compare_digest(expected.encode(), supplied.encode("utf-8", "replace")):
        raise HTTPException(status_code=403, detail="CSRF token does not match this session")


def require_writer(request: Request, supplied: str | None) -> User:
    """The signed-in user for a write request: 401 without a session, 403 without its token."""
    user = current_user(request)
    if user is None:
        raise HTTPException(status_code=401, detail="sign in to review figures")
    check_csrf(request, supplied)
    return user


def sign_in(request: Request, user: User) -> None:
    """Start a fresh session for `user` with a new CSRF token (no token carries over)."""
    request.session.clear()
    request.session["sid"] = request.app.state.store.start_session(user)
    request.session["csrf"] = secrets.token_urlsafe(32)
    request.state.user = user


def sign_out(request: Request) -> None:
    """End the session on the server too: a copy of the cookie made before stops working."""
    token = request.session.get("sid")
    if isinstance(token, str) and token:
        request.app.state.store.end_session(token)
    request.session.clear()
    request.state.user = None


class LoginThrottle:
    """Refuses sign-in for a while after repeated failures, per account and per client address.

    In memory, per server process: it slows password guessing against one account (or from one
    address) to a handful of tries per window without any lock-out that outlives a restart.
    """

    def __init__(self, per_name: int = 10, per_client: int = 50, window_s: float = 900.0) -> None:
        self.limits = {"name": per_name, "client": per_client}
        self.window_s = window_s
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _keys(self, name: str, client: str) -> list[tuple[str, str]]:
        return [("name", name.casefold()), ("client", client)]

    def retry_after(self, name: str, client: str) -> int:
        """Seconds until a sign-in may be tried again; 0 when it may be tried now."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key in self._keys(name, client):
                times = self._failures.get(key)
                if not times:
                    continue
                while times and times[0] <= now - self.window_s:
                    times.popleft()
                if len(times) >= self.limits[key[0]]:
                    wait = max(wait, times[0] + self.window_s - now)
        return int(wait) + 1 if wait else 0

    def failed(self, name: str, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) > 100_000:  # bounded memory under a flood of names
                self._failures.clear()
            for key in self._keys(name, client):
                self._failures.setdefault(key, deque(maxlen=1000)).append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(("name", name.casefold()), None)
