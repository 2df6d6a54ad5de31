"""The FastAPI application: dashboard pages, the JSON API, sign-in and review.

`create_app(db)` opens the ledger (migrating it, which adds the review tables) and returns an
ASGI app. Reads are open to anyone unless `private=True`; writes need a signed-in reviewer and
the session's CSRF token. Every page is rendered by Jinja2 with autoescaping and served with a
Content-Security-Policy that allows only this site's own scripts and styles, so article text
that holds markup is shown as text and could not run even if it slipped through. Error
responses (404, 413, 500, ...) carry the same security headers as pages. A write from a client
without a session is refused before its body is read, and no body may pass `MAX_BODY_BYTES`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from claimtally import __version__
from claimtally.ledger import Ledger, open_ledger
from claimtally.web.auth import LoginThrottle, current_user
from claimtally.web.credentials import Credentials
from claimtally.web.limits import MAX_BODY_BYTES, BodyLimit
from claimtally.web.store import SESSION_LIFETIME, NotFound, ReviewError, WebStore

HERE = Path(__file__).resolve().parent

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: Paths open to everyone even on a private dashboard (so one can sign in).
PUBLIC_PATHS = ("/login", "/static/", "/healthz", "/api/session")
#: Writes anyone may send (signing in, and out of a session that has lapsed); every other write
#: without a session is refused with 401 before its body is read.
ANONYMOUS_WRITES = ("/login", "/logout")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def secure(response: Response, request: Request) -> Response:
    """The security headers every response carries, errors included."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if request.url.path.startswith("/api/session") or "sid" in request.scope.get("session", {}):
        response.headers["Cache-Control"] = "no-store"
    return response


ENV_CONFIG = "CLAIMTALLY_WEB_CONFIG"


def app_from_env() -> FastAPI:
    """The app for a `claimtally serve --workers N` worker process, configured by the parent."""
    import json

    settings = json.loads(os.environ[ENV_CONFIG])
    return create_app(settings["db"], private=settings["private"], secure_cookies=settings["secure_cookies"],
                      secrets=settings.get("secrets"))


def create_app(
    db: str | os.PathLike[str] | None = None,
    *,
    private: bool = False,
    ledger: Ledger | None = None,
    secure_cookies: bool = False,
    secrets: str | os.PathLike[str] | None = None,
) -> FastAPI:
    """The web app over the ledger at `db` (or an already open `ledger`).

    `private` hides everything but the sign-in page from anonymous visitors. `secure_cookies`
    marks the session cookie HTTPS-only (set it when serving behind TLS). `secrets` names the
    credentials file (default: `claimtally.web.credentials.credentials_path`).
    """
    owned = ledger is None
    ledger = ledger or open_ledger(db)
    try:
        store = WebStore(ledger, Credentials.for_ledger(ledger.target, secrets))
        secret_key = store.secret_key()
    except Exception:
        if owned:
            ledger.close()
        raise

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            ledger.close()

    app = FastAPI(
        title="claimtally",
        version=__version__,
        description=(
            "Who claims how many: the attributed figures in a claimtally ledger, with human review. "
            "Reads need no sign-in unless the dashboard is private. Writes need a session cookie "
            "(sign in at /login) and the session's CSRF token in the X-CSRF-Token header "
            "(GET /api/session returns it)."
        ),
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; the schema is at /openapi.json
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.private = private
    app.state.login_throttle = LoginThrottle()

    # Added first, so it runs inside `guard`: its 413s get the security headers too.
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        path = request.url.path
        anonymous = current_user(request) is None
        if request.method in WRITE_METHODS and path not in ANONYMOUS_WRITES and anonymous:
            # Answered before the body is read; closing the connection spares reading it at all.
            response: Response = JSONResponse({"detail": "sign in first"}, 401, headers={"Connection": "close"})
        elif app.state.private and not path.startswith(PUBLIC_PATHS) and anonymous:
            if path.startswith("/api/") or path == "/openapi.json":
                response = JSONResponse({"detail": "sign in first (private dashboard)"}, 401)
            else:
                response = RedirectResponse("/login", status_code=303)
        else:
            response = await call_next(request)
        return secure(response, request)

    # Added after `guard` so it wraps it: the session is decoded before the guard looks at it.
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key,
        session_cookie="claimtally_session",
        max_age=int(SESSION_LIFETIME.total_seconds()),
        same_site="lax",
        https_only=secure_cookies,
    )

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        from claimtally.web.pages import render

        return render(request, "error.html", {"status": 404, "message": str(exc)}, status_code=404)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        # Starlette sends this from its outermost layer, past `guard`: it adds the headers itself.
        message = "internal error (see the server log)"
        if request.url.path.startswith("/api/"):
            return secure(JSONResponse({"detail": message}, status_code=500), request)
        from claimtally.web.pages import render

        try:
            page: Response = render(request, "error.html", {"status": 500, "message": message}, status_code=500)
        except Exception:  # the error may be in rendering itself
            page = Response(message, status_code=500, media_type="text/plain")
        return secure(page, request)

    @app.exception_handler(ReviewError)
    async def bad_review(request: Request, exc: ReviewError) -> Response:
        # FastAPI's validation-error shape, so the 422 matches the schema it documents.
        message = str(exc)
        field = message.split(":", 1)[0] if ":" in message else "body"
        detail = [{"loc": ["body", field], "msg": message, "type": "value_error"}]
        return JSONResponse({"detail": detail}, status_code=422)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    from claimtally.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
