"""The wire contract between terminal and platform: one module both ends import, so it cannot drift.

Every body that crosses the network is one of these pydantic models. The terminal validates what it
receives with them (a malformed answer is a ``BadResponse``, never a crash), the platform validates
what it accepts with them (a malformed request is a 422), and FastAPI publishes them as OpenAPI.

Routes (all under ``API_PREFIX``, all but enrolment need ``Authorization: Bearer <device token>``):

==========================  =======================================================================
POST   /enrol               one-time enrolment code -> device token + platform public key
GET    /ping                is the platform there, and does it know this device
GET    /catalogue           the service catalogue (JSON), with ETag / If-None-Match
POST   /uploads             tus 1.0 creation (Upload-Length, Upload-Metadata: sha256 <base64 hex>)
HEAD   /uploads/{id}        tus offset
PATCH  /uploads/{id}        tus chunk (Upload-Offset, Upload-Checksum: sha256|sha1 <base64>)
DELETE /uploads/{id}        tus termination
OPTIONS /uploads            tus discovery (version, extensions, checksum algorithms, max size)
PUT    /applications/{id}   idempotent create-or-return of one revision (same content: the original
                            answer; different content under the same id and revision: 409)
GET    /status-feed         status changes after a cursor
POST   /ratings             idempotent by rating id
POST   /heartbeat           terminal health
==========================  =======================================================================
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

API_PREFIX = "/api/v1"
TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,creation-with-upload,checksum,termination,expiration"
TUS_CHECKSUM_ALGORITHMS = "sha256,sha1"
# tus checksum extension: the chunk's checksum did not match (a code the tus protocol defines).
TUS_CHECKSUM_MISMATCH = 460

STATUSES: tuple[str, ...] = (
    "received",
    "accepted",
    "needs_supplement",
    "approved",
    "rejected",
    "ready",
    "mailed",
)
Status = Literal["received", "accepted", "needs_supplement", "approved", "rejected", "ready", "mailed"]
PaperState = Literal["ok", "low", "out", "offline", "unknown"]

_SHA256 = r"^[0-9a-f]{64}$"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$"
_ID = ID_PATTERN


class WireModel(BaseModel):
    # Unknown fields are ignored, not errors: a newer platform may add fields an older terminal
    # does not know yet, and the terminal must keep working.
    model_config = ConfigDict(extra="ignore", frozen=True)


class Problem(WireModel):
    """Every error answer of the platform: a stable code and a short technical detail (no personal data)."""

    code: str
    detail: str = ""


class EnrolmentRequest(WireModel):
    code: str = Field(min_length=6, max_length=64)
    device_name: str = Field(default="", max_length=100)
    software_version: str = Field(default="", max_length=40)


class EnrolmentResponse(WireModel):
    device_id: str = Field(pattern=_ID)
    token: str = Field(min_length=20, max_length=200)
    platform_public_key: str = Field(min_length=40, max_length=60)
    station_code: str = Field(min_length=1, max_length=40)


class Ping(WireModel):
    device_id: str
    station_code: str
    server_time: dt.datetime


class AttachmentRef(WireModel):
    """One uploaded attachment: the sealed bytes, found on the platform by their SHA-256."""

    sha256: str = Field(pattern=_SHA256)
    size: int = Field(ge=0, le=2**40)


class ApplicationClear(WireModel):
    """The few fields readable without the platform key (no personal data)."""

    station_code: str = Field(max_length=40)
    local_receipt_no: str = Field(max_length=60)
    item_code: str = Field(max_length=80)
    catalogue_version: str = Field(max_length=80)
    created_at: dt.datetime


class ApplicationSubmission(WireModel):
    revision: int = Field(ge=1, le=10_000)
    wrapped_key: str = Field(min_length=1, max_length=400)  # base64 of sealing.wrap_data_key output
    sealed_manifest: str = Field(min_length=1, max_length=50_000_000)  # base64 of the sealed manifest JSON
    attachments: list[AttachmentRef] = Field(default_factory=list, max_length=200)
    clear: ApplicationClear

    def digest(self) -> str:
        """What "the same content" means for idempotency: a hash of the canonical JSON of this body."""
        return canonical_digest(self.model_dump(mode="json"))


class ApplicationReceipt(WireModel):
    app_id: str
    revision: int
    platform_receipt_no: str
    status: Status
    received_at: dt.datetime


class StatusChangeWire(WireModel):
    app_id: str
    revision: int = Field(ge=1)
    status: Status
    at: dt.datetime
    reasons: list[str] = Field(default_factory=list)
    missing_materials: list[str] = Field(default_factory=list)
    platform_receipt_no: str = ""


class StatusFeed(WireModel):
    changes: list[StatusChangeWire]
    cursor: str = Field(max_length=100)  # give it back as ?cursor= to get what follows
    more: bool = False


class RatingSubmission(WireModel):
    rating_id: str = Field(pattern=_ID)
    body: dict[str, Any]

    def digest(self) -> str:
        return canonical_digest(self.model_dump(mode="json"))


class RatingReceipt(WireModel):
    rating_id: str
    received_at: dt.datetime


class Heartbeat(WireModel):
    at: dt.datetime
    pending_count: int = Field(ge=0)
    oldest_pending_age_s: float | None = Field(default=None, ge=0)
    printer_paper: PaperState = "unknown"
    free_disk_bytes: int | None = Field(default=None, ge=0)
    last_sync_at: dt.datetime | None = None
    versions: dict[str, str] = Field(default_factory=dict)


class HeartbeatAck(WireModel):
    received_at: dt.datetime


def canonical_digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- the credentials file (<home>/secrets/credentials.json, 0600) ----------------------------------------
# Part of the contract because the embedded demo platform enrols a terminal home in-process and writes
# this file, and central may import only this module from the terminal side.

CREDENTIALS_FILE = ("secrets", "credentials.json")


class StoredCredentials(EnrolmentResponse):
    url: str = Field(min_length=1, max_length=500)
