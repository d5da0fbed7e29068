"""The tus 1.0 upload endpoint: creation, HEAD offset, PATCH with checksum, termination.

Bytes are appended to ``<blobs>/partial/<id>`` and fsynced before the new offset is committed, so the
offset the platform reports is always on disk. A connection that breaks mid-PATCH keeps what arrived
(the tus core protocol asks servers to store as much as they can): a cut link then costs only the
bytes in flight, not a whole chunk. Those bytes are not covered by a chunk checksum, so the whole file
is checked against the SHA-256 the terminal announced in Upload-Metadata when the last byte is in;
a mismatch restarts the upload (460).
"""

import asyncio
import base64
import binascii
import contextlib
import hashlib
import os
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from central import errors
from central.models import Device
from central.service import Platform
from offline_cache import wire

_CHECKSUMS = {"sha256": hashlib.sha256, "sha1": hashlib.sha1}
_BODY = {
    "requestBody": {
        "content": {"application/offset+octet-stream": {"schema": {"type": "string", "format": "binary"}}}
    }
}


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


def _check_version(tus_resumable: str | None) -> None:
    if tus_resumable != wire.TUS_VERSION:
        raise errors.BadUploadRequest(f"Tus-Resumable must be {wire.TUS_VERSION}")


class _Locks:
    """One PATCH at a time per upload (a stale PATCH from a cut connection may still be draining).

    Entries are dropped when nobody holds or waits for them, so the table does not grow with every
    upload the platform ever saw."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, upload_id: str, timeout: float) -> AsyncIterator[bool]:
        """Yields True with the lock held, or False if it could not be had within ``timeout``."""
        lock, users = self._locks.get(upload_id, (asyncio.Lock(), 0))
        self._locks[upload_id] = (lock, users + 1)
        try:
            try:
                await asyncio.wait_for(lock.acquire(), timeout)
            except TimeoutError:
                yield False
                return
            try:
                yield True
            finally:
                lock.release()
        finally:
            lock, users = self._locks[upload_id]
            if users <= 1:
                del self._locks[upload_id]
            else:
                self._locks[upload_id] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


async def _body(request: Request, idle_timeout: float) -> AsyncIterator[bytes]:
    stream = request.stream().__aiter__()
    while True:
        try:
            chunk = await asyncio.wait_for(stream.__anext__(), idle_timeout)
        except StopAsyncIteration:
            return
        if chunk:
            yield chunk


def make_router(platform: Platform, device_dep: Any, *, max_size: int, body_idle_timeout: float) -> APIRouter:
    router = APIRouter(prefix=wire.API_PREFIX, tags=["uploads (tus 1.0)"])
    locks = _Locks()
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
        device: DeviceDep,
        upload_length: Annotated[int, Header(ge=0)],
        tus_resumable: Annotated[str | None, Header()] = None,
        upload_metadata: Annotated[str, Header(max_length=4000)] = "",
        content_type: Annotated[str | None, Header()] = None,
        upload_checksum: Annotated[str | None, Header()] = None,
    ) -> Response:
        _check_version(tus_resumable)
        if upload_length > max_size:
            raise errors.UploadTooLarge(f"at most {max_size} bytes")
        sha = parse_metadata(upload_metadata).get("sha256", "").lower()
        if sha and (len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha)):
            raise errors.BadUploadRequest("sha256 metadata must be 64 hex digits")
        with_body = (content_type or "").split(";")[0].strip() == "application/offset+octet-stream"
        checksum = _parse_checksum(upload_checksum) if with_body else None
        up = await run_in_threadpool(platform.create_upload, device, upload_length, sha)
        offset = up.offset
        if with_body and not up.complete:
            # tus creation-with-upload: a small file travels in one request instead of two.
            async with locks.hold(up.id, body_idle_timeout):
                offset = await _append(platform, device, up.id, 0, checksum, request, body_idle_timeout)
        location = f"{wire.API_PREFIX}/uploads/{up.id}"
        return Response(
            status_code=201, headers=_tus_headers(Location=location, **{"Upload-Offset": str(offset)})
        )

    @router.head("/uploads/{upload_id}", status_code=200)
    async def tus_head(upload_id: str, device: DeviceDep) -> Response:
        # A PATCH whose connection just broke may still be writing what arrived: wait for it (briefly),
        # so the offset given is the one the next PATCH must use, not a stale one that costs a chunk.
        async with locks.hold(upload_id, min(5.0, body_idle_timeout)):
            pass
        up = await run_in_threadpool(platform.get_upload, device, upload_id)
        return Response(
            status_code=200,
            headers=_tus_headers(**{"Upload-Offset": str(up.offset), "Upload-Length": str(up.length)}),
        )

    @router.delete("/uploads/{upload_id}", status_code=204)
    def tus_delete(upload_id: str, device: DeviceDep) -> Response:
        up = platform.get_upload(device, upload_id)
        if not up.complete:
            platform.blobs.discard_partial(up.id)
            platform.advance_upload(up.id, 0)
        return Response(status_code=204, headers=_tus_headers())

    @router.patch("/uploads/{upload_id}", status_code=204, openapi_extra=_BODY)
    async def tus_patch(
        upload_id: str,
        request: Request,
        device: DeviceDep,
        upload_offset: Annotated[int, Header(ge=0)],
        content_type: Annotated[str, Header()],
        tus_resumable: Annotated[str | None, Header()] = None,
        upload_checksum: Annotated[str | None, Header()] = None,
    ) -> Response:
        _check_version(tus_resumable)
        if content_type.split(";")[0].strip() != "application/offset+octet-stream":
            raise errors.BadUploadRequest("Content-Type must be application/offset+octet-stream")
        checksum = _parse_checksum(upload_checksum)
        async with locks.hold(upload_id, body_idle_timeout) as held:
            if not held:
                raise errors.OffsetMismatch("another PATCH of this upload is in progress")
            offset = await _append(
                platform, device, upload_id, upload_offset, checksum, request, body_idle_timeout
            )
        return Response(status_code=204, headers=_tus_headers(**{"Upload-Offset": str(offset)}))

    return router


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
) -> int:
    up = await run_in_threadpool(platform.get_upload, device, upload_id)
    if up.complete or offset != up.offset:
        if up.complete and offset == up.length:
            return up.length
        raise errors.OffsetMismatch(f"upload is at offset {up.offset}")
    hasher = _CHECKSUMS[checksum[0]]() if checksum else None
    # A PATCH from offset 0 sees the whole file go by: hash it on the way instead of re-reading it.
    whole = hashlib.sha256() if offset == 0 else None
    path = platform.blobs.partial(upload_id)
    written, cut = 0, False
    with open(path, "r+b" if path.exists() else "w+b") as f:
        f.seek(offset)
        f.truncate()  # bytes past the committed offset were never acknowledged
        try:
            async for chunk in _body(request, idle_timeout):
                if offset + written + len(chunk) > up.length:
                    f.truncate(offset)
                    raise errors.UploadTooLarge("more bytes than Upload-Length")
                f.write(chunk)
                written += len(chunk)
                if hasher:
                    hasher.update(chunk)
                if whole:
                    whole.update(chunk)
        except (ClientDisconnect, TimeoutError):
            cut = True
        if not cut and checksum and hasher and hasher.digest() != checksum[1]:
            f.truncate(offset)
            raise errors.ChecksumMismatch("chunk checksum does not match")
        f.flush()
        await run_in_threadpool(os.fsync, f.fileno())
    new_offset = offset + written
    if new_offset == up.length:  # one commit: offset and completion together
        await run_in_threadpool(platform.complete_upload, up, whole.hexdigest() if whole else None)
    else:
        await run_in_threadpool(platform.advance_upload, upload_id, new_offset)
    return new_offset
