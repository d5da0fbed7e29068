"""The tus 1.0.0 upload endpoint: core protocol plus creation, creation-with-upload, checksum,
termination and expiration (https://tus.io/protocols/resumable-upload).

Bytes are appended to ``<blobs>/partial/<id>`` and fsynced before the new offset is committed, so the
offset the platform reports is always on disk. A connection that breaks mid-PATCH keeps what arrived
(the tus core protocol asks servers to store as much as they can): a cut link then costs only the
bytes in flight, not a whole chunk. Those bytes are not covered by a chunk checksum, so the whole file
is checked against the SHA-256 the terminal announced in Upload-Metadata when the last byte is in;
a mismatch restarts the upload (460).

One request at a time holds an upload, in the order they arrived (central/tus_locks.py). A later
request (HEAD, PATCH, DELETE) asks the holder to let go, as tusd's lock release does: a PATCH whose
link went half-open stops reading at once, keeps what it wrote and answers 409, instead of holding the
upload for the whole idle timeout.

``TusProtocol`` (ASGI middleware) puts ``Tus-Resumable`` on every answer under /uploads, also the ones
made before a route runs (401, 404, 405, 422), honours ``X-HTTP-Method-Override``, and gives each
request for an upload its place in line as soon as it arrives.
"""

import asyncio
import base64
import binascii
import contextlib
import dataclasses
import email.utils
import hashlib
import os
from collections.abc import AsyncGenerator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central import errors
from central.models import Device, Upload
from central.service import Platform
from central.tus_locks import UploadLocks
from central.uploads import DEFAULT_UPLOAD_QUOTA
from offline_cache import wire

_CHECKSUMS = {"sha256": hashlib.sha256, "sha1": hashlib.sha1}
_OCTETS = "application/offset+octet-stream"
_BODY = {"requestBody": {"content": {_OCTETS: {"schema": {"type": "string", "format": "binary"}}}}}
# How long HEAD waits for a PATCH to let go (it only has to fsync and commit) before it answers with
# the committed offset anyway.
_HEAD_WAIT_S = 5.0
# A PATCH asked to let go still takes body bytes that follow each other closely (those of a cut link
# already in the buffers), for at most a second; a half-open link sends nothing and is let go at once.
_LET_GO_GAP_S = 0.1
_LET_GO_MAX_S = 1.0


def _tus_headers(**extra: str) -> dict[str, str]:
    return {"Tus-Resumable": wire.TUS_VERSION, "Cache-Control": "no-store", **extra}


def parse_metadata(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        key, _, value = pair.partition(" ")
        try:
            out[key] = base64.b64decode(value.strip(), validate=True).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError):
            raise errors.BadUploadRequest("Upload-Metadata is not base64") from None
    return out


_TICKET = "tus_ticket"


def _ticket(request: Request) -> int | None:
    ticket = request.scope.get("state", {}).get(_TICKET)
    return ticket if isinstance(ticket, int) else None


def _is_octets(content_type: str | None) -> bool:
    return (content_type or "").split(";")[0].strip().lower() == _OCTETS


class TusProtocol:
    """ASGI middleware for the upload routes (see the module docstring); it also hands each request for
    an upload its ticket in ``locks`` the moment it arrives (see central/tus_locks.py)."""

    def __init__(self, app: ASGIApp, prefix: str, locks: UploadLocks) -> None:
        self.app, self.prefix, self.locks = app, prefix, locks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == self.prefix or path.startswith(self.prefix + "/")):
            await self.app(scope, receive, send)
            return
        upload_id = path.removeprefix(self.prefix + "/") if path != self.prefix else ""
        if not upload_id or "/" in upload_id:
            await self._tus(scope, receive, send)
            return
        ticket = self.locks.arrive(upload_id)
        scope = {**scope, "state": {**scope.get("state", {}), _TICKET: ticket}}
        try:
            await self._tus(scope, receive, send)
        finally:
            await self.locks.leave(upload_id, ticket)

    async def _tus(self, scope: Scope, receive: Receive, send: Send) -> None:
        for name, value in scope["headers"]:
            if name == b"x-http-method-override":
                # tus: the header is the method; the request's own method is ignored.
                scope = {**scope, "method": value.decode("latin-1").strip().upper()}

        async def send_tus(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Tus-Resumable"] = wire.TUS_VERSION
                if message["status"] == 412:
                    headers["Tus-Version"] = wire.TUS_VERSION
            await send(message)

        await self.app(scope, receive, send_tus)


class _LetGo(Exception):
    """A newer request for this upload is waiting: stop reading the body."""


async def _body(request: Request, idle_timeout: float, let_go: asyncio.Event) -> AsyncGenerator[bytes, None]:
    """The request body, chunk by chunk. Ends early with TimeoutError when the link goes quiet for
    ``idle_timeout``, with ClientDisconnect when it breaks, and with _LetGo once a newer request waits:
    then only what is already on its way is still taken (gaps under _LET_GO_GAP_S, for at most
    _LET_GO_MAX_S), so the bytes of a link that was cut are kept and a half-open one is let go at once."""
    loop = asyncio.get_running_loop()
    stream = request.stream().__aiter__()
    released = asyncio.ensure_future(let_go.wait())
    chunk_f: asyncio.Future[bytes] | None = None
    deadline: float | None = None
    try:
        while True:
            if deadline is None and let_go.is_set():
                deadline = loop.time() + _LET_GO_MAX_S
            if chunk_f is None:
                chunk_f = asyncio.ensure_future(stream.__anext__())
            if deadline is None:
                done, _ = await asyncio.wait(
                    (chunk_f, released), timeout=idle_timeout, return_when=asyncio.FIRST_COMPLETED
                )
                if not done:
                    raise TimeoutError()
                if chunk_f not in done:
                    continue  # asked to let go: take what is already on its way, then stop
            else:
                gap = max(0.0, min(_LET_GO_GAP_S, deadline - loop.time()))
                done, _ = await asyncio.wait((chunk_f,), timeout=gap)
                if not done:
                    raise _LetGo()
            ready, chunk_f = chunk_f, None
            try:
                chunk = ready.result()
            except StopAsyncIteration:
                return
            if chunk:
                yield chunk
    finally:
        released.cancel()
        if chunk_f is not None:
            chunk_f.cancel()


async def _drain(request: Request, idle_timeout: float) -> None:
    with contextlib.suppress(ClientDisconnect, TimeoutError, _LetGo):
        async with contextlib.aclosing(_body(request, idle_timeout, asyncio.Event())) as chunks:
            async for _chunk in chunks:
                pass


def _progress_headers(platform: Platform, up: Upload, offset: int) -> dict[str, str]:
    headers = {"Upload-Offset": str(offset)}
    expires = platform.uploads.expires(up) if offset < up.length else None
    if expires is not None:
        headers["Upload-Expires"] = email.utils.format_datetime(expires, usegmt=True)
    return headers


@dataclasses.dataclass(frozen=True)
class _Endpoint:
    """What the upload routes share: the platform, the line each upload's requests wait in, the limits."""

    platform: Platform
    locks: UploadLocks
    max_size: int
    body_idle_timeout: float
    quota: int


def make_router(
    platform: Platform,
    device_dep: Any,
    *,
    max_size: int,
    body_idle_timeout: float,
    quota: int = DEFAULT_UPLOAD_QUOTA,
    locks: UploadLocks | None = None,
) -> APIRouter:
    """The upload routes; ``locks`` is the one ``TusProtocol`` hands tickets out of."""
    router = APIRouter(prefix=wire.API_PREFIX, tags=["uploads (tus 1.0)"])
    locks = UploadLocks() if locks is None else locks  # (an empty one is falsy: it has a len)
    endpoint = _Endpoint(platform, locks, max_size, body_idle_timeout, quota)
    tus_device = _tus_device(device_dep)
    _add_discovery(router, device_dep, max_size)
    _add_creation(router, tus_device, endpoint)
    _add_upload_routes(router, tus_device, endpoint)
    return router


def _tus_device(device_dep: Any) -> Any:
    """The device of a tus request, once its token is checked and then its Tus-Resumable version."""

    async def tus_device(
        device: Annotated[Device, Depends(device_dep)],
        tus_resumable: Annotated[str | None, Header()] = None,
    ) -> Device:
        # After the token check: a caller without one learns nothing, not even the version.
        if tus_resumable != wire.TUS_VERSION:
            raise errors.UnsupportedVersion(f"Tus-Resumable must be {wire.TUS_VERSION}")
        return device

    return tus_device


def _add_discovery(router: APIRouter, device_dep: Any, max_size: int) -> None:
    """OPTIONS: what this server speaks (version, extensions, the largest upload, checksums)."""
    DeviceDep = Annotated[Device, Depends(device_dep)]

    @router.options("/uploads", status_code=204)
    def tus_options(device: DeviceDep) -> Response:
        return Response(
            status_code=204,
            headers=_tus_headers(
                **{
                    "Tus-Version": wire.TUS_VERSION,
                    "Tus-Extension": wire.TUS_EXTENSIONS,
                    "Tus-Max-Size": str(max_size),
                    "Tus-Checksum-Algorithm": wire.TUS_CHECKSUM_ALGORITHMS,
                }
            ),
        )


def _add_creation(router: APIRouter, tus_device: Any, at: _Endpoint) -> None:
    """POST: a new upload (creation), with its first bytes when they come along (creation-with-upload)."""
    platform, locks, max_size, body_idle_timeout, quota = (
        at.platform,
        at.locks,
        at.max_size,
        at.body_idle_timeout,
        at.quota,
    )
    TusDevice = Annotated[Device, Depends(tus_device)]

    @router.post(
        "/uploads",
        status_code=201,
        responses={
            201: {"description": "upload created (creation-with-upload: with the bytes that came along)"}
        },
        openapi_extra={**_BODY, "requestBody": {**_BODY["requestBody"], "required": False}},
    )
    async def tus_create(
        request: Request,
        device: TusDevice,
        upload_length: Annotated[int, Header(ge=0)],
        upload_metadata: Annotated[str, Header(max_length=4000)] = "",
        content_type: Annotated[str | None, Header()] = None,
        upload_checksum: Annotated[str | None, Header()] = None,
    ) -> Response:
        if upload_length > max_size:
            raise errors.UploadTooLarge(f"at most {max_size} bytes")
        sha = parse_metadata(upload_metadata).get("sha256", "").lower()
        if sha and (len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha)):
            raise errors.BadUploadRequest("sha256 metadata must be 64 hex digits")
        with_body = _is_octets(content_type)
        checksum = _parse_checksum(upload_checksum) if with_body else None
        # Only a creation-with-upload may find the file already there: its answer carries Upload-Offset,
        # which every client reads. After a body-less creation standard clients PATCH from 0.
        up = await run_in_threadpool(
            platform.uploads.create, device, upload_length, sha, upload_metadata, reuse=with_body, quota=quota
        )
        headers = _tus_headers(Location=f"{wire.API_PREFIX}/uploads/{up.id}")
        if up.length == 0 and not up.complete:
            await run_in_threadpool(platform.uploads.complete_empty, up)  # tus: complete at creation
            return Response(status_code=201, headers={**headers, "Upload-Offset": "0"})
        if with_body:
            if up.complete:
                await _drain(request, body_idle_timeout)
                offset = up.length
            else:
                async with locks.hold(up.id, body_idle_timeout) as let_go:
                    assert let_go is not None  # nobody else knows the new id yet
                    _up, offset = await _append(
                        platform, device, up.id, 0, checksum, request, body_idle_timeout, let_go
                    )
            headers.update(_progress_headers(platform, up, offset))
        elif up.length:
            headers.update(_progress_headers(platform, up, 0))
        return Response(status_code=201, headers=headers)


def _add_upload_routes(router: APIRouter, tus_device: Any, at: _Endpoint) -> None:
    """An upload's life: its offset (HEAD), its bytes (PATCH), its end (DELETE)."""
    platform, locks, body_idle_timeout = at.platform, at.locks, at.body_idle_timeout
    TusDevice = Annotated[Device, Depends(tus_device)]

    @router.head("/uploads/{upload_id}", status_code=200)
    async def tus_head(upload_id: str, request: Request, device: TusDevice) -> Response:
        await run_in_threadpool(platform.uploads.get, device, upload_id)  # someone else's: 404, no lock
        # A PATCH still holding the upload (maybe over a half-open link) is asked to let go and commit
        # what it wrote, so the offset given is the one the next PATCH must use.
        async with locks.hold(upload_id, min(_HEAD_WAIT_S, body_idle_timeout), _ticket(request)):
            up = await run_in_threadpool(platform.uploads.get, device, upload_id)
        headers = _tus_headers(
            **_progress_headers(platform, up, up.offset), **{"Upload-Length": str(up.length)}
        )
        if up.upload_metadata:
            headers["Upload-Metadata"] = up.upload_metadata
        return Response(status_code=200, headers=headers)

    @router.delete("/uploads/{upload_id}", status_code=204)
    async def tus_delete(upload_id: str, request: Request, device: TusDevice) -> Response:
        await run_in_threadpool(platform.uploads.get, device, upload_id)
        async with locks.hold(upload_id, body_idle_timeout, _ticket(request)) as let_go:
            if let_go is None:
                raise errors.UploadLocked("another request holds this upload")
            await run_in_threadpool(platform.uploads.terminate, device, upload_id)
        return Response(status_code=204, headers=_tus_headers())

    @router.patch("/uploads/{upload_id}", status_code=204, openapi_extra=_BODY)
    async def tus_patch(
        upload_id: str,
        request: Request,
        device: TusDevice,
        upload_offset: Annotated[int, Header(ge=0)],
        content_type: Annotated[str | None, Header()] = None,
        upload_checksum: Annotated[str | None, Header()] = None,
    ) -> Response:
        if not _is_octets(content_type):
            raise errors.UnsupportedMediaType(f"Content-Type must be {_OCTETS}")
        checksum = _parse_checksum(upload_checksum)
        await run_in_threadpool(platform.uploads.get, device, upload_id)  # someone else's: 404, no lock
        async with locks.hold(upload_id, body_idle_timeout, _ticket(request)) as let_go:
            if let_go is None:
                raise errors.UploadLocked("another request holds this upload")
            up, offset = await _append(
                platform, device, upload_id, upload_offset, checksum, request, body_idle_timeout, let_go
            )
        return Response(status_code=204, headers=_tus_headers(**_progress_headers(platform, up, offset)))


def _parse_checksum(header: str | None) -> tuple[str, bytes] | None:
    if not header:
        return None
    algo, _, value = header.strip().partition(" ")
    if algo not in _CHECKSUMS:
        raise errors.BadUploadRequest(f"checksum algorithm must be one of {wire.TUS_CHECKSUM_ALGORITHMS}")
    try:
        return algo, base64.b64decode(value.strip(), validate=True)
    except binascii.Error:
        raise errors.BadUploadRequest("Upload-Checksum is not base64") from None


async def _append(
    platform: Platform,
    device: Device,
    upload_id: str,
    offset: int,
    checksum: tuple[str, bytes] | None,
    request: Request,
    idle_timeout: float,
    let_go: asyncio.Event,
) -> tuple[Upload, int]:
    """Append the request body at ``offset``: (the upload, its new offset)."""
    up = await run_in_threadpool(platform.uploads.get, device, upload_id)
    if up.complete or offset != up.offset:
        if up.complete and offset == up.length:
            return up, up.length
        raise errors.OffsetMismatch(f"upload is at offset {up.offset}")
    path = platform.blobs.partial(upload_id)
    try:
        # Past offset 0 the file must be there: never create one whose start would read as zeros. Created
        # owner-only: the bytes are sealed, but the platform's files are no one else's business.
        flags = os.O_RDWR | (0 if offset else os.O_CREAT | os.O_TRUNC)
        f = os.fdopen(os.open(path, flags, 0o600), "r+b")
    except FileNotFoundError:
        raise errors.NotFound("no such upload") from None
    with f:
        written, whole, stop = await _write_body(f, up, offset, checksum, request, idle_timeout, let_go)
        f.flush()
        await run_in_threadpool(os.fsync, f.fileno())
    new_offset = offset + written
    if new_offset == up.length:  # one commit: offset and completion together
        await run_in_threadpool(platform.uploads.complete, up, whole)
    else:
        await run_in_threadpool(platform.uploads.advance, upload_id, new_offset)
    if stop is _LetGo and new_offset < up.length:
        raise errors.UploadInterrupted(f"another request took this upload over at offset {new_offset}")
    return up, new_offset


async def _write_body(
    f: Any,
    up: Upload,
    offset: int,
    checksum: tuple[str, bytes] | None,
    request: Request,
    idle_timeout: float,
    let_go: asyncio.Event,
) -> tuple[int, str | None, type[Exception] | None]:
    """Append the body at ``offset``: (bytes written, the whole file's SHA-256 if it went by in full,
    why reading stopped early: a cut link or _LetGo, None if the body ended)."""
    hasher = _CHECKSUMS[checksum[0]]() if checksum else None
    # A PATCH from offset 0 sees the whole file go by: hash it on the way instead of re-reading it.
    whole = hashlib.sha256() if offset == 0 else None
    written, stop = 0, None
    f.seek(offset)
    f.truncate()  # bytes past the committed offset were never acknowledged
    try:
        async with contextlib.aclosing(_body(request, idle_timeout, let_go)) as chunks:
            async for chunk in chunks:
                if offset + written + len(chunk) > up.length:
                    f.truncate(offset)
                    raise errors.UploadTooLarge("more bytes than Upload-Length")
                f.write(chunk)
                written += len(chunk)
                if hasher:
                    hasher.update(chunk)
                if whole:
                    whole.update(chunk)
    except (ClientDisconnect, TimeoutError, _LetGo) as exc:
        stop = type(exc)
    if stop is None and checksum and hasher and hasher.digest() != checksum[1]:
        f.truncate(offset)
        raise errors.ChecksumMismatch("chunk checksum does not match")
    return written, whole.hexdigest() if whole and offset + written == up.length else None, stop
