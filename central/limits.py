"""The device API's gate: the token is checked before a byte of the body is read, and every JSON body is
capped by route before it is parsed.

Why a gate in front of FastAPI: FastAPI reads and parses a request body before it runs the dependency
that checks the token, so a client without any token could make the platform hold a 300 MiB body just to
hear "401" (the security review measured a 1 GB peak). The gate answers at once, and closes the
connection so that nothing more of the body is read:

* 401 ``auth.invalid`` / ``auth.revoked``: no token, an unknown one, or a revoked terminal's;
* 413 ``request.too_large``: a Content-Length over the route's cap, or a chunked body that grows past it.

Otherwise the (capped) body is handed on, and the device it authenticated rides along in the request
state, so the route's dependency does not look it up again. The tus routes (/uploads) keep their
own limits (Upload-Length, Tus-Max-Size) and stream their bodies untouched.
"""

from __future__ import annotations

import collections
import re

from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central import errors
from central.service import Platform
from offline_cache import wire

API = wire.API_PREFIX
KIB = 1024
DEFAULT_CAP = 4 * KIB  # enrolment, ping, feed, catalogue, token: small or no body at all
ROUTE_CAPS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    # the sealed manifest at its longest, the attachment list and the clear summary
    ("PUT", re.compile(rf"^{API}/applications/[^/]+$"), wire.MAX_SEALED_MANIFEST + 256 * KIB),
    ("POST", re.compile(rf"^{API}/ratings$"), 32 * KIB),
    ("POST", re.compile(rf"^{API}/complaints$"), 16 * KIB),  # a sealed note and a few clear phrases
    ("POST", re.compile(rf"^{API}/heartbeat$"), 16 * KIB),
    # a batch of audit entries (wire.AUDIT_BATCH_MAX) with the signed head
    ("POST", re.compile(rf"^{API}/audit$"), 1024 * KIB),
)
# Every tus route: the bytes stream to the upload's file, and a POST may stand for a PATCH
# (X-HTTP-Method-Override).
STREAMED = re.compile(rf"^{API}/uploads(/[^/]+)?$")
# Enrolment is authenticated by its one-time code; the platform's public key is public (a terminal checks
# it against its enrolment slip before it spends the code).
OPEN = frozenset({f"{API}/enrol", f"{API}/platform-key"})


def problem_response(exc: errors.PlatformError, *, close: bool = False) -> JSONResponse:
    """The ``Problem`` answer for a platform error (also the app's exception handler)."""
    headers = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else {}
    headers.update(exc.headers)
    if close:
        headers["Connection"] = "close"  # the server then stops reading what the client still sends
    body = wire.Problem(code=exc.code, detail=str(exc)).model_dump()
    return JSONResponse(body, status_code=exc.http_status, headers=headers)


def body_cap(method: str, path: str) -> int | None:
    """The largest body ``method path`` may carry; None for the tus routes that stream their own."""
    if STREAMED.match(path):
        return None
    return next((cap for m, rx, cap in ROUTE_CAPS if method == m and rx.match(path)), DEFAULT_CAP)


class DeviceGate:
    """ASGI middleware for the routes under ``/api/v1``."""

    def __init__(self, app: ASGIApp, platform: Platform) -> None:
        self.app = app
        self.platform = platform

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(API + "/"):
            await self.app(scope, receive, send)
            return
        if path not in OPEN:
            try:
                device = await run_in_threadpool(self.platform.authenticate, _header(scope, b"authorization"))
            except errors.PlatformError as exc:
                await problem_response(exc, close=True)(scope, receive, send)
                return
            scope.setdefault("state", {})["device"] = device
        cap = body_cap(scope["method"], path)
        if cap is None:
            await self.app(scope, receive, send)
            return
        too_large = errors.BodyTooLarge(f"this request may carry at most {cap} bytes")
        if _content_length(scope) > cap:
            await problem_response(too_large, close=True)(scope, receive, send)
            return
        messages = await _read_capped(receive, cap)
        if messages is None:
            await problem_response(too_large, close=True)(scope, receive, send)
            return

        async def replay() -> Message:
            return messages.popleft() if messages else await receive()

        await self.app(scope, replay, send)


async def _read_capped(receive: Receive, cap: int) -> collections.deque[Message] | None:
    """The body's messages as they came, or None as soon as they add up to more than ``cap`` bytes."""
    messages: collections.deque[Message] = collections.deque()
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages  # the client went away: the app hears it in turn
        size += len(message.get("body", b""))
        if size > cap:
            return None
        if not message.get("more_body", False):
            return messages


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _content_length(scope: Scope) -> int:
    try:
        return int(_header(scope, b"content-length") or 0)
    except ValueError:  # the HTTP server refuses such a request before it gets here
        return 0
