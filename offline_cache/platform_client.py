"""HTTP client of the central platform: the wire contract over ``requests``, and a tus 1.0 uploader.

Why not tuspy's uploader: it calls ``requests.patch``/``head``/``post`` without a timeout (a stalled
village link would hang the sync thread forever), opens a new TCP connection for every chunk, and
offers only SHA-1 chunk checksums. The protocol part it would save is a few lines; the tus behaviour
here (creation with Upload-Metadata, HEAD to resume, PATCH with Upload-Checksum, 409/460/404
recovery) follows https://tus.io/protocols/resumable-upload and is tested against the platform.

Errors (all ``offline_cache.errors.OfflineCacheError``; ``transient`` says "retry later, not this
entry's fault")::

    SyncError                      sync.error
    ├── PlatformUnreachable        sync.platform_unreachable   refused, reset, timed out  (transient)
    ├── BadResponse                sync.bad_response           5xx, 429, garbage, wrong schema  (transient)
    ├── DeviceRejected             sync.unauthorized           401/403: token unknown
    │   └── DeviceRevoked          sync.revoked                401 auth.revoked: an administrator stopped it
    ├── EntryRejected              sync.rejected               other 4xx: the platform refuses this entry
    │   ├── ApplicationConflict    sync.conflict               409: same id, different content
    │   └── AttachmentMissing      sync.attachment_missing     the platform lacks an attachment
    └── UploadFailed               sync.upload_failed          tus could not converge (checksum, offsets)
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, ClassVar, TypeVar
from urllib.parse import urljoin

import requests
from pydantic import BaseModel, ValidationError

from offline_cache import wire
from offline_cache.credentials import Credentials, from_enrolment
from offline_cache.errors import OfflineCacheError

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)

# One PATCH carries up to this much. Large, because the platform keeps what arrived before a cut
# (a broken link costs only the bytes in flight) and every extra PATCH is a round trip and a commit.
DEFAULT_CHUNK = 32 * 1024 * 1024
# Files up to this size travel inside the tus creation request (one round trip instead of two). Small,
# because bytes of a creation cut short are lost: the terminal never learnt the upload's URL.
INLINE_UPLOAD = 512 * 1024


class SyncError(OfflineCacheError):
    code: ClassVar[str] = "sync.error"
    transient: ClassVar[bool] = False

    def __init__(self, detail: str = "", status: int = 0, retry_after_s: float = 0.0) -> None:
        # ``detail`` is technical (method, HTTP status, problem code): never personal data.
        super().__init__(detail)
        self.status = status
        self.retry_after_s = retry_after_s  # the platform's Retry-After, when it gave one


class PlatformUnreachable(SyncError):
    code: ClassVar[str] = "sync.platform_unreachable"
    transient: ClassVar[bool] = True


class BadResponse(SyncError):
    code: ClassVar[str] = "sync.bad_response"
    transient: ClassVar[bool] = True


class DeviceRejected(SyncError):
    code: ClassVar[str] = "sync.unauthorized"


class DeviceRevoked(DeviceRejected):
    code: ClassVar[str] = "sync.revoked"


class EntryRejected(SyncError):
    code: ClassVar[str] = "sync.rejected"


class ApplicationConflict(EntryRejected):
    code: ClassVar[str] = "sync.conflict"


class AttachmentMissing(EntryRejected):
    code: ClassVar[str] = "sync.attachment_missing"


class UploadFailed(SyncError):
    code: ClassVar[str] = "sync.upload_failed"


class _UploadGone(Exception):
    """The remembered tus upload no longer exists on the platform: start a new one."""


@dataclasses.dataclass(frozen=True, slots=True)
class CatalogueFetch:
    data: bytes | None  # None: unchanged (304)
    etag: str | None


def _problem_code(resp: requests.Response) -> str:
    try:
        return wire.Problem.model_validate_json(resp.content).code
    except ValidationError:
        return ""


def check(resp: requests.Response) -> requests.Response:
    """Raise the typed error for a non-2xx answer."""
    status = resp.status_code
    if 200 <= status < 300 or status == 304:
        return resp
    code = _problem_code(resp)
    where = f"{resp.request.method} {status} {code}".strip()
    if status in (401, 403):
        raise (DeviceRevoked if code == "auth.revoked" else DeviceRejected)(where, status)
    if status == 409 and code.startswith("application."):
        raise ApplicationConflict(where, status)
    if status == 422 and code == "application.attachment_missing":
        raise AttachmentMissing(where, status)
    if status >= 500 or status in (408, 425, 429) or status < 200:
        raise BadResponse(where, status, _retry_after(resp))
    raise EntryRejected(where, status)


def _retry_after(resp: requests.Response) -> float:
    """Seconds from a Retry-After header (the delta form; dates are rare and ignored), at most an hour."""
    try:
        return min(3600.0, max(0.0, float(resp.headers.get("Retry-After", "0"))))
    except ValueError:
        return 0.0


def parse(model: type[M], resp: requests.Response) -> M:
    try:
        return model.model_validate_json(resp.content)
    except ValidationError as exc:
        raise BadResponse(
            f"{resp.request.method} answer is not a {model.__name__} ({exc.error_count()} errors)"
        ) from None


class PlatformClient:
    """Blocking calls for the sync thread. One keep-alive session; every call has a timeout."""

    def __init__(
        self,
        credentials: Credentials,
        timeout: float = 10.0,
        *,
        chunk_size: int = DEFAULT_CHUNK,
        session: requests.Session | None = None,
    ) -> None:
        self.credentials = credentials
        self.base = credentials.url.rstrip("/") + wire.API_PREFIX
        self.timeout = (min(timeout, 10.0), timeout)
        self.chunk_size = chunk_size
        self.session = session or requests.Session()
        self.session.headers["Authorization"] = f"Bearer {credentials.token}"
        self.session.headers["User-Agent"] = "village-kiosk-sync/1"

    def close(self) -> None:
        self.session.close()

    def _request(self, method: str, url: str, **kw: Any) -> requests.Response:
        try:
            resp = self.session.request(method, url, timeout=self.timeout, **kw)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise PlatformUnreachable(f"{method} {type(exc).__name__}") from None
        except requests.RequestException as exc:
            raise BadResponse(f"{method} {type(exc).__name__}") from None
        return check(resp)

    # -- enrolment (no credentials yet) --------------------------------------------------------------

    @staticmethod
    def enrol(
        url: str, code: str, *, device_name: str = "", software_version: str = "", timeout: float = 15.0
    ) -> Credentials:
        body = wire.EnrolmentRequest(code=code, device_name=device_name, software_version=software_version)
        try:
            resp = requests.post(
                url.rstrip("/") + wire.API_PREFIX + "/enrol",
                json=body.model_dump(),
                timeout=(timeout, timeout),
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise PlatformUnreachable(f"enrol {type(exc).__name__}") from None
        return from_enrolment(url, parse(wire.EnrolmentResponse, check(resp)))

    # -- the API ---------------------------------------------------------------------------------------

    def ping(self) -> wire.Ping:
        return parse(wire.Ping, self._request("GET", self.base + "/ping"))

    def put_application(self, app_id: str, sub: wire.ApplicationSubmission) -> wire.ApplicationReceipt:
        resp = self._request(
            "PUT",
            f"{self.base}/applications/{app_id}",
            data=sub.model_dump_json().encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )
        receipt = parse(wire.ApplicationReceipt, resp)
        if receipt.app_id != app_id or receipt.revision != sub.revision:
            raise BadResponse("PUT answer is for another application")
        return receipt

    def status_feed(self, cursor: str | None, limit: int = 200) -> wire.StatusFeed:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return parse(wire.StatusFeed, self._request("GET", self.base + "/status-feed", params=params))

    def post_rating(self, sub: wire.RatingSubmission) -> wire.RatingReceipt:
        resp = self._request(
            "POST",
            self.base + "/ratings",
            data=sub.model_dump_json().encode(),
            headers={"Content-Type": "application/json"},
        )
        return parse(wire.RatingReceipt, resp)

    def heartbeat(self, hb: wire.Heartbeat) -> wire.HeartbeatAck:
        resp = self._request(
            "POST",
            self.base + "/heartbeat",
            data=hb.model_dump_json().encode(),
            headers={"Content-Type": "application/json"},
        )
        return parse(wire.HeartbeatAck, resp)

    def new_token(self) -> str:
        """Ask for a rotated token. The caller saves it, then ``use_token``: until the platform sees
        the new one, the current one keeps working."""
        return parse(wire.NewToken, self._request("POST", self.base + "/token")).token

    def use_token(self, token: str) -> None:
        self.credentials = dataclasses.replace(self.credentials, token=token)
        self.session.headers["Authorization"] = f"Bearer {token}"

    def catalogue(self, etag: str | None) -> CatalogueFetch:
        headers = {"If-None-Match": etag} if etag else {}
        resp = self._request("GET", self.base + "/catalogue", headers=headers)
        if resp.status_code == 304:
            return CatalogueFetch(None, etag)
        return CatalogueFetch(resp.content, resp.headers.get("ETag"))

    # -- tus 1.0 -----------------------------------------------------------------------------------------

    def upload(
        self,
        path: Path,
        sha256: str,
        size: int,
        resume_url: str | None,
        remember: Callable[[str | None], None],
    ) -> str:
        """Upload the file at ``path`` (resuming at ``resume_url`` if given); returns the upload URL.

        ``remember`` is called with the upload URL as soon as it exists (and with None if the platform
        forgot it), so a process killed mid-upload resumes instead of starting over.
        """
        for _ in range(2):
            url = resume_url
            try:
                if url is not None:
                    offset = self._head(url, size)
                else:
                    url, offset = self._create(path, size, sha256)
                    remember(url)
                self._send(path, url, offset, size, sha256)
                return url
            except _UploadGone:
                remember(None)
                resume_url = None
        raise UploadFailed("the platform forgot the upload twice")

    def _tus_headers(self, **extra: str) -> dict[str, str]:
        return {"Tus-Resumable": wire.TUS_VERSION, **extra}

    def _create(self, path: Path, size: int, sha256: str) -> tuple[str, int]:
        """tus creation; a small file goes along in the same request (creation-with-upload)."""
        meta = "sha256 " + base64.b64encode(sha256.encode("ascii")).decode("ascii")
        headers = self._tus_headers(**{"Upload-Length": str(size), "Upload-Metadata": meta})
        body: _FileSlice | None = None
        with path.open("rb") as f:
            if 0 < size <= INLINE_UPLOAD:
                body = _FileSlice(f, 0, size)
                headers["Content-Type"] = "application/offset+octet-stream"
                headers["Upload-Checksum"] = "sha256 " + base64.b64encode(bytes.fromhex(sha256)).decode(
                    "ascii"
                )
            try:
                resp = self._request("POST", self.base + "/uploads", headers=headers, data=body)
            except EntryRejected as exc:
                if body is None or exc.status != wire.TUS_CHECKSUM_MISMATCH:
                    raise
                # The bytes arrived damaged: create an empty upload and PATCH as for a large file.
                return self._create_empty(size, meta)
        return self._created(resp, size)

    def _create_empty(self, size: int, meta: str) -> tuple[str, int]:
        headers = self._tus_headers(**{"Upload-Length": str(size), "Upload-Metadata": meta})
        return self._created(self._request("POST", self.base + "/uploads", headers=headers), size)

    def _created(self, resp: requests.Response, size: int) -> tuple[str, int]:
        location = resp.headers.get("Location")
        if resp.status_code != 201 or not location:
            raise BadResponse("tus creation answered without a Location")
        offset = _offset(resp, 0, size) if "Upload-Offset" in resp.headers else 0
        return urljoin(self.base + "/", location), offset

    def _head(self, url: str, size: int) -> int:
        try:
            resp = self._request("HEAD", url, headers=self._tus_headers())
        except EntryRejected as exc:
            if exc.status in (404, 410):
                raise _UploadGone() from exc
            raise
        length = resp.headers.get("Upload-Length")
        if length is not None and length != str(size):
            raise _UploadGone()
        return _offset(resp, 0, size)

    def _send(self, path: Path, url: str, offset: int, size: int, sha256: str) -> None:
        stalls = 0
        with path.open("rb") as f:
            while offset < size or size == 0:
                end = min(size, offset + self.chunk_size)
                headers = self._tus_headers(
                    **{
                        "Upload-Offset": str(offset),
                        "Content-Type": "application/offset+octet-stream",
                        "Upload-Checksum": "sha256 " + _chunk_digest(f, offset, end, size, sha256),
                    }
                )
                try:
                    resp = self._request("PATCH", url, data=_FileSlice(f, offset, end), headers=headers)
                except DeviceRejected:
                    raise
                except EntryRejected as exc:
                    if exc.status in (404, 410):
                        raise _UploadGone() from exc
                    # 409 (offset moved) or 460 (checksum): ask where the platform stands and go on.
                    stalls += 1
                    if stalls > 5:
                        raise UploadFailed(f"tus PATCH keeps failing: {exc}") from None
                    offset = self._head(url, size)
                    continue
                new = _offset(resp, offset, size)
                stalls = 0 if new > offset else stalls + 1
                if stalls > 5:
                    raise UploadFailed("tus PATCH makes no progress")
                offset = new
                if size == 0:
                    return


class _FileSlice(io.RawIOBase):
    """Bytes ``[start, end)`` of an open file, streamed as a request body without a copy in memory."""

    def __init__(self, f: BinaryIO, start: int, end: int) -> None:
        super().__init__()
        self._f, self._pos, self._end = f, start, end

    def __len__(self) -> int:
        return self._end - self._pos

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        want = self._end - self._pos if n is None or n < 0 else min(n, self._end - self._pos)
        if want <= 0:
            return b""
        self._f.seek(self._pos)
        data = self._f.read(want)
        self._pos += len(data)
        return data


def _chunk_digest(f: BinaryIO, start: int, end: int, size: int, file_sha256: str) -> str:
    """Base64 SHA-256 of the chunk; for a chunk that is the whole file, the file's known SHA-256."""
    if start == 0 and end == size:
        return base64.b64encode(bytes.fromhex(file_sha256)).decode("ascii")
    h = hashlib.sha256()
    f.seek(start)
    left = end - start
    while left > 0:
        block = f.read(min(left, 1 << 20))
        if not block:
            break
        h.update(block)
        left -= len(block)
    return base64.b64encode(h.digest()).decode("ascii")


def _offset(resp: requests.Response, low: int, high: int) -> int:
    try:
        value = int(resp.headers.get("Upload-Offset", ""))
    except ValueError:
        raise BadResponse("tus answer without a valid Upload-Offset") from None
    if not low <= value <= high:
        raise BadResponse("tus Upload-Offset out of range")
    return value
