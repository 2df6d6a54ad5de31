"""A cap on request bodies, as ASGI middleware: 413 before a byte is read when Content-Length is
over it, and 413 as soon as a streamed (chunked) body passes it.

Every request the app takes is small (a review, a merge, a sign-in form: a few hundred bytes),
so without a cap a single client could make the server hold any amount of memory: FastAPI
reads a JSON body whole before it looks at anything else.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException
from fastapi.responses import JSONResponse

#: The largest request body accepted (bytes): a thousand times a real review.
MAX_BODY_BYTES = 1 << 20


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413 (Content Too Large)."""

    def __init__(self, app: Any, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> str:
        return f"request body over the limit of {self.max_bytes:,} bytes"

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            size = int(declared) if declared.isdigit() else None
            if size is None or size > self.max_bytes:
                status, detail = (400, "bad Content-Length header") if size is None else (413, self._too_large())
                refusal = JSONResponse({"detail": detail}, status_code=status, headers={"Connection": "close"})
                await refusal(scope, receive, send)
                return
        seen = 0

        async def counted() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Raised inside the route's body read: the app's exception handling turns it
                    # into the 413 response (with the security headers every response gets).
                    raise HTTPException(status_code=413, detail=self._too_large())
            return message

        await self.app(scope, counted, send)
