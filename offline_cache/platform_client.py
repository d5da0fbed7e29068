"""HTTP client of the central platform: the wire contract over ``requests``, and a tus 1.0 uploader.

Why not tuspy's uploader: it calls ``requests.patch``/``head``/``post`` without a timeout (a stalled
village link would hang the sync thread forever), opens a new TCP connection for every chunk, and
offers only SHA-1 chunk checksums. The protocol part it would save is a few lines; the tus behaviour
here follows https://tus.io/protocols/resumable-upload: OPTIONS once per client to learn the server's
extensions, checksum algorithms and maximum size; creation with Upload-Metadata (creation-with-upload
when offered: a small file in the same request, a large one with an empty body so that the platform
can say it already has this terminal's file); HEAD to resume; PATCH bodies streamed from the file
with a Content-Length, with Upload-Checksum when offered; 409/460/404 recovery. It is tested against
the platform and against the official Node server ``@tus/server``.

The link (``check_link``): ``https://`` verified against the system's certificate store or a CA file named
in the credentials, never unverified; plain ``http://`` only to a loopback address (tests and the demo),
because the token and the applications' key would otherwise cross the network readable and replaceable.
The check runs whenever a client is built, so credentials edited by hand to an http URL are not used.

Errors (all ``offline_cache.errors.OfflineCacheError``; ``transient`` says "retry later, not this
entry's fault")::

    SyncError                      sync.error
    ├── PlatformUnreachable        sync.platform_unreachable   refused, reset, timed out  (transient)
    │   └── CertificateRejected    sync.certificate_rejected   TLS: the platform's certificate is not trusted
    ├── InsecureLink               sync.insecure_link          plain http:// to a host that is not loopback
    ├── BadPlatformUrl             sync.bad_url                not an http(s) URL with a host
    ├── BadResponse                sync.bad_response           5xx, 429, garbage, wrong schema  (transient)
    ├── UploadQuotaFull            sync.upload_quota           413 upload.quota_exceeded  (transient)
    ├── DeviceRejected             sync.unauthorized           401/403: token unknown
    │   └── DeviceRevoked          sync.revoked                401 auth.revoked: an administrator stopped it
    ├── EntryRejected              sync.rejected               other 4xx: the platform refuses this entry
    │   ├── ApplicationConflict    sync.conflict               409: same id, different content
    │   ├── AttachmentMissing      sync.attachment_missing     the platform lacks an attachment
    │   └── AuditRefused           sync.audit_refused          the platform refuses audit entries or a key
    │                                                          (``problem``: audit.fork, audit.rollback...)
    └── UploadFailed               sync.upload_failed          tus could not converge (checksum, offsets)
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, ClassVar, TypeVar
from urllib.parse import urljoin, urlsplit

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


class CertificateRejected(PlatformUnreachable):
    # Transient for the sync engine (it is the link, not an entry), but said apart: it may be an attack.
    code: ClassVar[str] = "sync.certificate_rejected"


class InsecureLink(SyncError):
    code: ClassVar[str] = "sync.insecure_link"


class BadPlatformUrl(SyncError):
    code: ClassVar[str] = "sync.bad_url"


class BadResponse(SyncError):
    code: ClassVar[str] = "sync.bad_response"
    transient: ClassVar[bool] = True


class UploadQuotaFull(SyncError):
    """The platform holds as much of this terminal's unfinished uploads as it allows: wait, then go on."""

    code: ClassVar[str] = "sync.upload_quota"
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


class AuditRefused(EntryRejected):
    code: ClassVar[str] = "sync.audit_refused"

    def __init__(self, detail: str = "", status: int = 0, problem: str = "") -> None:
        super().__init__(detail, status)
        self.problem = problem  # the platform's stable code, e.g. "audit.fork"


class UploadFailed(SyncError):
    code: ClassVar[str] = "sync.upload_failed"


class _UploadGone(Exception):
    """The remembered tus upload no longer exists on the platform: start a new one."""


@dataclasses.dataclass(frozen=True, slots=True)
class TusServer:
    """What a tus server said of itself in answer to OPTIONS."""

    extensions: frozenset[str]
    checksums: frozenset[str]
    max_size: int | None

    @property
    def checksum(self) -> str | None:
        """The chunk checksum to send: SHA-256 if offered, else SHA-1, else none."""
        return next(
            (a for a in ("sha256", "sha1") if "checksum" in self.extensions and a in self.checksums), None
        )


@dataclasses.dataclass(frozen=True, slots=True)
class CatalogueFetch:
    data: bytes | None  # None: unchanged (304)
    etag: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class AgentsFetch:
    data: bytes | None  # None: unchanged (304)
    etag: str | None


def check_link(url: str) -> bool:
    """Refuse a URL the terminal must not talk to; True when it is a loopback one (tests, the demo)."""
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname or "", parts.port  # .port raises ValueError if not a number
    except ValueError:
        raise BadPlatformUrl("the platform URL does not parse") from None
    if parts.scheme not in ("http", "https") or not host:
        raise BadPlatformUrl("the platform URL must be https://HOST[:PORT]")
    loopback = wire.is_loopback_host(host)
    if parts.scheme == "http" and not loopback:
        raise InsecureLink("plain http:// is allowed only to a loopback address")
    return loopback


def tls_verify(ca_file: str | None) -> str | bool:
    """What ``requests`` checks the certificate against: the CA file, else the system store. Never False."""
    if not ca_file:
        return True
    if not Path(ca_file).is_file():
        raise CertificateRejected("the CA file named in the credentials is missing")
    return ca_file


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
    if status in (409, 422) and code.startswith("audit."):
        raise AuditRefused(where, status, code)
    if status == 409 and code.startswith("application."):
        raise ApplicationConflict(where, status)
    if status == 422 and code == "application.attachment_missing":
        raise AttachmentMissing(where, status)
    if status == 413 and code == "upload.quota_exceeded":
        raise UploadQuotaFull(where, status, _retry_after(resp))
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
        ca_file: str | None = None,
    ) -> None:
        """``ca_file``: the site's CA file, used when the credentials name none."""
        check_link(credentials.url)
        self.verify = tls_verify(credentials.ca_file or ca_file)
        self.credentials = credentials
        self.base = credentials.url.rstrip("/") + wire.API_PREFIX
        self.timeout = (min(timeout, 10.0), timeout)
        self.chunk_size = chunk_size
        self.session = session or requests.Session()
        self.session.headers["Authorization"] = f"Bearer {credentials.token}"
        self.session.headers["User-Agent"] = "village-kiosk-sync/1"
        self._tus: TusServer | None = None

    def close(self) -> None:
        self.session.close()

    def _request(self, method: str, url: str, **kw: Any) -> requests.Response:
        with _link_errors(method):
            resp = self.session.request(method, url, timeout=self.timeout, verify=self.verify, **kw)
        return check(resp)

    # -- enrolment (no credentials yet) --------------------------------------------------------------

    @staticmethod
    def enrol(
        url: str,
        code: str,
        *,
        device_name: str = "",
        software_version: str = "",
        device_public_key: str | None = None,
        timeout: float = 15.0,
        ca_file: str | None = None,
    ) -> Credentials:
        """Spend ``code`` for a device token. The answer's key is taken as given: ``offline_cache.enrolment``
        checks it against the pinned fingerprint. ``device_public_key``: the key that signs this terminal's
        audit heads (``offline_cache.audit``)."""
        check_link(url)
        body = wire.EnrolmentRequest(
            code=code,
            device_name=device_name,
            software_version=software_version,
            device_public_key=device_public_key,
        )
        resp = _unauthenticated(
            "POST",
            url.rstrip("/") + wire.API_PREFIX + "/enrol",
            ca_file,
            timeout,
            json=body.model_dump(exclude_none=True),
        )
        return from_enrolment(url, parse(wire.EnrolmentResponse, check(resp)), ca_file or "")

    @staticmethod
    def platform_key(url: str, *, timeout: float = 15.0, ca_file: str | None = None) -> str:
        """The platform's sealing public key, asked without credentials (before a code is spent)."""
        check_link(url)
        resp = _unauthenticated("GET", url.rstrip("/") + wire.API_PREFIX + "/platform-key", ca_file, timeout)
        return parse(wire.PlatformKey, check(resp)).platform_public_key

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

    def register_audit_key(self, device_public_key: str) -> None:
        """Register the audit signing key (a terminal enrolled before keys existed); the same key again is
        fine, a different one is ``AuditRefused`` (audit.key_conflict)."""
        body = wire.DeviceKey(device_public_key=device_public_key)
        self._request("PUT", self.base + "/audit/key", json=body.model_dump())

    def post_audit(self, batch: wire.AuditBatch) -> wire.AuditAck:
        resp = self._request(
            "POST",
            self.base + "/audit",
            data=batch.model_dump_json().encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )
        return parse(wire.AuditAck, resp)

    def audit_head(self) -> wire.AuditAck:
        return parse(wire.AuditAck, self._request("GET", self.base + "/audit/head"))

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

    def agents(self, etag: str | None) -> AgentsFetch:
        """The station's agent accounts (offline_cache/agent_accounts.py checks them), or None if unchanged."""
        headers = {"If-None-Match": etag} if etag else {}
        resp = self._request("GET", self.base + "/agents", headers=headers)
        if resp.status_code == 304:
            return AgentsFetch(None, etag)
        return AgentsFetch(resp.content, resp.headers.get("ETag"))

    # -- tus 1.0 -----------------------------------------------------------------------------------------

    def tus_server(self) -> TusServer:
        """The upload endpoint's tus capabilities, asked once per client (OPTIONS)."""
        if self._tus is None:
            self._tus = self._discover()
        return self._tus

    def _discover(self) -> TusServer:
        try:
            resp = self._request("OPTIONS", self.base + "/uploads", headers=self._tus_headers())
        except EntryRejected:
            # A server that does not answer OPTIONS: the core protocol and creation, nothing more.
            return TusServer(frozenset({"creation"}), frozenset(), None)
        if wire.TUS_VERSION not in _header_list(resp, "Tus-Version"):
            raise BadResponse(f"the upload endpoint does not speak tus {wire.TUS_VERSION}")
        try:
            max_size = int(resp.headers["Tus-Max-Size"]) if "Tus-Max-Size" in resp.headers else None
        except ValueError:
            raise BadResponse("tus OPTIONS answered a Tus-Max-Size that is not a number") from None
        return TusServer(
            frozenset(_header_list(resp, "Tus-Extension")),
            frozenset(_header_list(resp, "Tus-Checksum-Algorithm")),
            max_size,
        )

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
        server = self.tus_server()
        if server.max_size is not None and size > server.max_size:
            raise EntryRejected(f"tus file larger than the server's {server.max_size} bytes", 413)
        if resume_url is not None and not self._is_upload_url(resume_url):
            # Remembered from another platform address (the terminal was enrolled anew): its token and
            # bytes go to this platform only, so the upload starts over here.
            remember(None)
            resume_url = None
        for _ in range(2):
            url = resume_url
            try:
                if url is not None:
                    offset = self._head(url, size)
                else:
                    url, offset = self._create(server, path, size, sha256)
                    remember(url)
                self._send(server, path, url, offset, size, sha256)
                return url
            except _UploadGone:
                remember(None)
                resume_url = None
        raise UploadFailed("the platform forgot the upload twice")

    def _tus_headers(self, **extra: str) -> dict[str, str]:
        return {"Tus-Resumable": wire.TUS_VERSION, **extra}

    def _create(self, server: TusServer, path: Path, size: int, sha256: str) -> tuple[str, int]:
        """tus creation. With creation-with-upload a small file goes along in the same request, and a
        large one is announced with an empty body: the answer's Upload-Offset then tells whether the
        platform already has this terminal's file (a body-less creation always starts at 0)."""
        meta = "sha256 " + base64.b64encode(sha256.encode("ascii")).decode("ascii")
        headers = self._tus_headers(**{"Upload-Length": str(size), "Upload-Metadata": meta})
        if "creation-with-upload" not in server.extensions or size == 0:
            return self._created(self._request("POST", self.base + "/uploads", headers=headers), size)
        headers["Content-Type"] = "application/offset+octet-stream"
        inline = size <= INLINE_UPLOAD
        with path.open("rb") as f:
            body = _FileSlice(f, 0, size if inline else 0)
            if inline and server.checksum:
                headers["Upload-Checksum"] = f"{server.checksum} " + _chunk_digest(
                    f, 0, size, size, sha256, server.checksum
                )
            try:
                resp = self._request("POST", self.base + "/uploads", headers=headers, data=body)
            except EntryRejected as exc:
                if not inline or exc.status != wire.TUS_CHECKSUM_MISMATCH:
                    raise
                # The bytes arrived damaged: create an empty upload and PATCH as for a large file.
                headers = self._tus_headers(**{"Upload-Length": str(size), "Upload-Metadata": meta})
                resp = self._request("POST", self.base + "/uploads", headers=headers)
        return self._created(resp, size)

    def _created(self, resp: requests.Response, size: int) -> tuple[str, int]:
        location = resp.headers.get("Location")
        if resp.status_code != 201 or not location:
            raise BadResponse("tus creation answered without a Location")
        url = urljoin(self.base + "/", location)
        if not self._is_upload_url(url):  # the device token is never sent to another address
            raise BadResponse("tus creation answered a Location outside the upload endpoint")
        offset = _offset(resp, 0, size) if "Upload-Offset" in resp.headers else 0
        return url, offset

    def _is_upload_url(self, url: str) -> bool:
        """Whether ``url`` names an upload of this platform's upload endpoint (same scheme, host, port)."""
        return url.startswith(self.base + "/uploads/") and len(url) > len(self.base + "/uploads/")

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

    def _send(self, server: TusServer, path: Path, url: str, offset: int, size: int, sha256: str) -> None:
        stalls = 0
        with path.open("rb") as f:
            while offset < size or size == 0:
                end = min(size, offset + self.chunk_size)
                headers = self._tus_headers(
                    **{"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}
                )
                if server.checksum:
                    digest = _chunk_digest(f, offset, end, size, sha256, server.checksum)
                    headers["Upload-Checksum"] = f"{server.checksum} {digest}"
                try:
                    resp = self._request("PATCH", url, data=_FileSlice(f, offset, end), headers=headers)
                except DeviceRejected:
                    raise
                except EntryRejected as exc:
                    if exc.status in (404, 410):
                        raise _UploadGone() from exc
                    # 409 (offset moved), 423 (held), 460 (checksum): ask where the server stands, go on.
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


def _unauthenticated(
    method: str, url: str, ca_file: str | None, timeout: float, **kw: Any
) -> requests.Response:
    with _link_errors(method):
        return requests.request(method, url, timeout=(timeout, timeout), verify=tls_verify(ca_file), **kw)
    raise AssertionError("unreachable")  # _link_errors raises or lets the return through


@contextlib.contextmanager
def _link_errors(method: str) -> Iterator[None]:
    """``requests``' exceptions as this module's typed errors (no URL, no body: nothing personal)."""
    try:
        yield
    except requests.exceptions.SSLError:
        raise CertificateRejected(f"{method} TLS certificate not trusted") from None
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise PlatformUnreachable(f"{method} {type(exc).__name__}") from None
    except requests.RequestException as exc:
        raise BadResponse(f"{method} {type(exc).__name__}") from None


class _FileSlice:
    """Bytes ``[start, end)`` of an open file as a request body: read block by block as it is sent (no
    copy of the chunk in memory), and with a known length, so that ``requests`` sends Content-Length
    rather than chunked encoding (it takes the length as ``len()`` minus ``tell()``)."""

    def __init__(self, f: BinaryIO, start: int, end: int) -> None:
        self._f, self._start, self._pos, self._end = f, start, start, end

    def __len__(self) -> int:
        return self._end - self._start

    def tell(self) -> int:
        return self._pos - self._start

    def read(self, n: int | None = -1) -> bytes:
        want = self._end - self._pos if n is None or n < 0 else min(n, self._end - self._pos)
        if want <= 0:
            return b""
        self._f.seek(self._pos)
        data = self._f.read(want)
        self._pos += len(data)
        return data


def _header_list(resp: requests.Response, name: str) -> list[str]:
    return [v.strip().lower() for v in resp.headers.get(name, "").split(",") if v.strip()]


def _chunk_digest(f: BinaryIO, start: int, end: int, size: int, file_sha256: str, algo: str) -> str:
    """Base64 digest of the chunk; for a SHA-256 of a chunk that is the whole file, the known one."""
    if start == 0 and end == size and algo == "sha256":
        return base64.b64encode(bytes.fromhex(file_sha256)).decode("ascii")
    h = hashlib.new(algo)
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
