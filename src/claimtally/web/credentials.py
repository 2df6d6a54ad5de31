"""The dashboard's secrets, kept out of the ledger: the session-signing key and, for a SQLite
ledger, the reviewers' password hashes.

A SQLite ledger is a file people publish (`datasette news.db`, a copy for a colleague), so
nothing in it may let a reader sign in: the key and the hashes live in a credentials file beside
it, `news.db.secrets.json`, readable by its owner only (0600, refused if others may read it).
A PostgreSQL ledger keeps the hashes in its `users` table, where the database's own roles
guard them (Datasette does not open PostgreSQL); its key file is per machine, in
`$XDG_CONFIG_HOME/claimtally/` (`~/.config/claimtally/`). `$CLAIMTALLY_SECRETS` or `--secrets`
names another file, e.g. one shared by several servers.

The file is JSON, replaced atomically on every change. Writers hold the ledger's write lock
while they change it (see `WebStore`), so two `claimtally user` commands cannot lose each
other's update.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import stat
import tempfile
from pathlib import Path
from typing import Any

from claimtally.ledger.store import Target

ENV_SECRETS = "CLAIMTALLY_SECRETS"
SUFFIX = ".secrets.json"


class CredentialsError(Exception):
    """The credentials file cannot be used; the message names it and says what to do."""


def credentials_path(target: Target, override: str | os.PathLike[str] | None = None) -> Path:
    """Where the secrets of the ledger `target` are kept (see the module docstring)."""
    chosen = override or os.environ.get(ENV_SECRETS)
    if chosen:
        return Path(chosen).expanduser().absolute()
    if target.path is not None:
        return target.path.with_name(target.path.name + SUFFIX)
    url = target.url
    ident = f"{url.username or ''}@{url.host or ''}:{url.port or 5432}/{url.database}"
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "claimtally"
    return base / f"secrets-{hashlib.sha256(ident.encode()).hexdigest()[:16]}.json"


class Credentials:
    """One credentials file. Reads go to the file each time, so a change by another process
    (a `user passwd` while the server runs) is seen at once."""

    def __init__(self, path: Path, *, keeps_hashes: bool) -> None:
        self.path = path
        self.keeps_hashes = keeps_hashes

    @classmethod
    def for_ledger(cls, target: Target, override: str | os.PathLike[str] | None = None) -> Credentials:
        return cls(credentials_path(target, override), keeps_hashes=target.path is not None)

    # -- the file --------------------------------------------------------------------------

    def _read(self) -> dict[str, Any]:
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise CredentialsError(f"credentials {self.path}: cannot read ({exc.strerror})") from None
        with os.fdopen(fd, encoding="utf-8") as fh:
            mode = os.fstat(fh.fileno()).st_mode
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise CredentialsError(f"credentials {self.path}: others may read it; make it private with "
                                       f"chmod 600 {self.path}")
            try:
                data = json.load(fh)
            except ValueError:
                raise CredentialsError(f"credentials {self.path}: not a claimtally credentials file (bad JSON)") from None
        if not isinstance(data, dict):
            raise CredentialsError(f"credentials {self.path}: not a claimtally credentials file")
        return data

    def _write(self, data: dict[str, Any], *, exclusive: bool = False) -> None:
        """Write `data` atomically with mode 0600; with `exclusive`, only if there is no file yet."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        except OSError as exc:
            raise CredentialsError(f"credentials {self.path}: cannot write ({exc.strerror}); "
                                   f"name another file with --secrets or ${ENV_SECRETS}") from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:  # mkstemp made it 0600
                json.dump(data, fh, indent=2, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            if exclusive:
                with contextlib.suppress(FileExistsError):
                    os.link(tmp, self.path)  # atomic "create with this content, unless it exists"
            else:
                os.replace(tmp, self.path)
        except OSError as exc:
            raise CredentialsError(f"credentials {self.path}: cannot write ({exc.strerror})") from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)

    # -- the session key -------------------------------------------------------------------

    def session_key(self) -> str:
        """The key that signs session cookies, made on first use."""
        if not self.path.exists():
            self._write({"session_key": _new_key()}, exclusive=True)  # a concurrent maker may win: fine
        data = self._read()
        if not isinstance(data.get("session_key"), str):  # a file holding only hashes
            data["session_key"] = _new_key()
            self._write(data)
        return str(data["session_key"])

    def rotate_session_key(self) -> None:
        """A new session key; cookies signed with the old one stop being accepted."""
        data = self._read()
        data["session_key"] = _new_key()
        self._write(data)

    # -- password hashes (SQLite ledgers) ------------------------------------------------------

    def password_hash(self, name: str) -> str | None:
        found = self._read().get("password_hashes", {}).get(name)
        return found if isinstance(found, str) else None

    def set_password_hashes(self, hashes: dict[str, str]) -> None:
        """Store these users' hashes (name -> Argon2id hash), keeping everyone else's."""
        data = self._read()
        data.setdefault("password_hashes", {}).update(hashes)
        data.setdefault("session_key", _new_key())
        self._write(data)


def _new_key() -> str:
    return secrets.token_urlsafe(48)
