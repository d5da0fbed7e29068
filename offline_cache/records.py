"""The records the store hands out and takes in: the seam between the store, the sync engine and the core.

The store (``offline_cache/store.py``) owns the database; the sync engine (``offline_cache/sync.py``)
only goes through the ``Outbox`` protocol below, so either side can be tested alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any, Literal, Protocol

OutboxKind = Literal["application", "rating"]


@dataclasses.dataclass(frozen=True, slots=True)
class AttachmentInput:
    """A captured material, in clear, as the core hands it to ``Store.submit``."""

    material: str  # material id from the service guide
    filename: str  # e.g. "户口簿.pdf"
    content_type: str  # "application/pdf", "image/jpeg"
    data: bytes = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True, slots=True)
class NewApplication:
    """Everything a finalized application holds. Only ``summary`` is ever kept in clear."""

    item_code: str
    item_name: str
    catalogue_version: str
    form: dict[str, Any] = dataclasses.field(repr=False)  # field id -> value (sealed)
    applicant: dict[str, Any] = dataclasses.field(repr=False)  # identity fields (sealed)
    consent: dict[str, Any] = dataclasses.field(repr=False)  # signature PNG (base64), time, agent (sealed)
    masked_name: str  # 张*三: clear, for the status screens
    masked_id: (
        str  # kept in clear: "" (the core stores no part of the ID number; the field stays for the API)
    )
    applicant_key: str  # slow keyed hash of the ID number (kiosk/lookup_key.py), to find applications offline
    deferred_materials: tuple[str, ...] = ()  # 容缺: materials owed later
    agent_id: str | None = None
    app_id: str | None = None  # set for a supplement: a new revision of an existing application
    # How the result comes (kiosk/delivery.py): sealed, the address and the mobile are personal data.
    delivery: dict[str, str] | None = dataclasses.field(default=None, repr=False)


@dataclasses.dataclass(frozen=True, slots=True)
class SubmittedApplication:
    app_id: str  # UUIDv7, the idempotency key forever
    revision: int
    local_receipt_no: str  # station code + date + sequence
    created_at: dt.datetime
    query_token: str = dataclasses.field(default="", repr=False)  # for this receipt's QR code; kept hashed


@dataclasses.dataclass(frozen=True, slots=True)
class StoredAttachment:
    sha256: str  # of the sealed bytes on disk (what is uploaded)
    size: int
    path: Path
    material: str
    filename: str
    content_type: str


@dataclasses.dataclass(frozen=True, slots=True)
class OutboxEntry:
    outbox_id: int
    kind: OutboxKind
    app_id: str  # for a rating: the rating id
    revision: int
    attempts: int
    wrapped_key: bytes  # the data key wrapped for the platform (empty for ratings)
    sealed_manifest: bytes  # sealed application JSON; for a rating: the rating JSON in clear
    attachments: tuple[StoredAttachment, ...]
    clear: dict[str, Any]  # station_code, local_receipt_no, item_code, catalogue_version, created_at


@dataclasses.dataclass(frozen=True, slots=True)
class StatusChange:
    """One status change from the platform's feed."""

    app_id: str
    revision: int
    status: str  # received | accepted | needs_supplement | approved | rejected | ready | mailed
    at: dt.datetime
    reasons: tuple[str, ...] = ()
    missing_materials: tuple[str, ...] = ()
    platform_receipt_no: str = ""
    delivery: str = ""  # ready / mailed: station | township | mail
    tracking_no: str = ""  # mailed: the courier's number


class Outbox(Protocol):
    """What the sync engine needs from the store."""

    def due(self, now: dt.datetime, limit: int = 50) -> list[OutboxEntry]: ...

    def mark_delivered(self, outbox_id: int, platform_receipt_no: str, at: dt.datetime) -> None: ...

    def mark_failed(self, outbox_id: int, error: str, next_attempt_at: dt.datetime) -> None: ...

    def upload_state(self, sha256: str) -> str | None: ...  # tus upload URL remembered for resume

    def set_upload_state(self, sha256: str, url: str | None) -> None: ...

    def record_status_changes(self, changes: list[StatusChange], cursor: str) -> None: ...

    def status_cursor(self) -> str | None: ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str | None) -> None: ...


@dataclasses.dataclass(frozen=True, slots=True)
class ApplicationSummary:
    """What the status screens show of one application: nothing here is personal data in clear."""

    app_id: str
    revision: int  # the latest revision submitted
    local_receipt_no: str  # of revision 1 (the number on the first receipt)
    platform_receipt_no: str  # "" until the platform confirmed it
    item_code: str
    item_name: str
    masked_name: str
    created_at: dt.datetime
    status: str  # "submitted" (queued on this terminal) or the platform's latest status
    delivered: bool  # the latest revision reached the platform
    status_at: dt.datetime | None = None
    masked_id: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class OutboxRow:
    """One pending outbox entry as ``kiosk outbox`` and the sync monitor show it."""

    outbox_id: int
    kind: OutboxKind
    ref_id: str  # app_id or rating_id
    revision: int
    local_receipt_no: str  # "" for a rating
    item_name: str  # "" for a rating
    created_at: dt.datetime
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str
    size_bytes: int  # sealed manifest + attachments: what still has to travel
