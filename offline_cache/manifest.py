"""What a sealed application holds, and the checks before anything is sealed.

Sealing (``offline_cache.sealing``): every application revision gets a fresh random AES-256 data key; the
manifest and each attachment are AES-256-GCM encrypted under it with the application id and the part's
name as associated data; the data key is wrapped for the platform's X25519 public key (ephemeral X25519,
HKDF-SHA256, AES-GCM). The terminal keeps the wrapped key and the sealed parts and cannot open them.

The manifest (JSON, UTF-8) is sealed as part ``"manifest"``::

    {"format": "village-kiosk.application/1", "app_id", "revision", "station_code", "local_receipt_no",
     "created_at", "item": {"code", "name"}, "catalogue_version", "applicant": {...}, "form": {...},
     "consent": {...}, "deferred_materials": [...], "agent_id",
     "delivery": {"method", "address", "mobile"} (only for items whose result is a paper),
     "attachments": [{"part": "attachment:<i>", "material", "filename", "content_type",
                      "size", "sha256", "sealed_sha256", "sealed_size"}]}

Attachment ``i`` is sealed as part ``"attachment:<i>"`` (``attachment_part``). ``sha256``/``size`` are of
the clear bytes (the platform checks them after opening); ``sealed_sha256`` names the uploaded file.
Dates in form values become ISO text, bytes base64 text. The clear file name that travels as upload
metadata is built from the material id (``clear_filename``), never from the name the caller gave.

``wire.ApplicationManifest`` is this format as a schema: the platform refuses a manifest that does not
match it, so ``build_manifest`` checks against it too, and a bad value fails the submit here instead of
waiting in the outbox for a refusal.
"""

from __future__ import annotations

import base64
import concurrent.futures
import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import PurePath
from typing import Any

from pydantic import ValidationError

from offline_cache import wire
from offline_cache.attachments import WrittenFile
from offline_cache.db import utc_text
from offline_cache.errors import InvalidApplication, InvalidRating
from offline_cache.records import AttachmentInput, NewApplication

MANIFEST_FORMAT = wire.MANIFEST_FORMAT
MAX_ATTACHMENTS = wire.MAX_ATTACHMENTS


def attachment_part(index: int) -> str:
    return f"attachment:{index}"


def check_application(app: NewApplication, attachments: list[AttachmentInput]) -> None:
    for name in ("item_code", "item_name", "catalogue_version", "masked_name", "applicant_key"):
        if not isinstance(getattr(app, name), str) or not getattr(app, name).strip():
            raise InvalidApplication(name, "missing")
    if len(attachments) > MAX_ATTACHMENTS:
        raise InvalidApplication("attachments", f"more than {MAX_ATTACHMENTS}")
    for i, att in enumerate(attachments):
        if not isinstance(att.data, bytes | bytearray | memoryview) or len(att.data) == 0:
            raise InvalidApplication(f"attachments[{i}].data", "empty")
        if not att.material or not att.content_type:
            raise InvalidApplication(f"attachments[{i}]", "material and content type are required")


def check_rating(rating: dict[str, Any]) -> dict[str, Any]:
    level = rating.get("level")
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
        raise InvalidRating("level must be an integer from 1 to 5")
    reasons = rating.get("reasons", [])
    if not isinstance(reasons, list | tuple) or not all(isinstance(r, str) for r in reasons):
        raise InvalidRating("reasons must be a list of text")
    comment = rating.get("comment", "")
    app_id = rating.get("app_id")
    if not isinstance(comment, str) or (app_id is not None and not isinstance(app_id, str)):
        raise InvalidRating("comment and app_id must be text")
    # The platform's bounds (wire.RatingBody): refused here, not after waiting in the outbox.
    if len(comment) > wire.MAX_RATING_COMMENT or len(reasons) > 20 or any(len(r) > 100 for r in reasons):
        raise InvalidRating("comment or reasons too long")
    at = rating.get("at") or dt.datetime.now(dt.UTC)
    body = {k: v for k, v in rating.items() if k not in ("level", "reasons", "comment", "app_id", "at")}
    try:
        json.dumps(body)
    except (TypeError, ValueError) as exc:
        raise InvalidRating("extra fields must be plain JSON") from exc
    at_text = utc_text(at) if isinstance(at, dt.datetime) else str(at)
    if len(at_text) > 64:
        raise InvalidRating("at must be a time")
    return {
        **body,
        "app_id": app_id,
        "level": level,
        "reasons": list(reasons),
        "comment": comment,
        "at": at_text,
    }


@dataclasses.dataclass(frozen=True, slots=True)
class PendingFile:
    """An attachment sealed in memory whose durable write (which also names it) is still running."""

    index: int
    att: AttachmentInput
    named: concurrent.futures.Future[str]  # the SHA-256 of the sealed bytes, from the writing thread
    sealed_size: int
    clear_hash: str
    write: concurrent.futures.Future[WrittenFile]

    @property
    def sealed_sha256(self) -> str:
        return self.named.result()

    def description(self) -> dict[str, Any]:
        """The attachment's entry in the sealed manifest."""
        return {
            "part": attachment_part(self.index),
            "material": self.att.material,
            "filename": self.att.filename,
            "content_type": self.att.content_type,
            "size": len(self.att.data),
            "sha256": self.clear_hash,
            "sealed_sha256": self.sealed_sha256,
            "sealed_size": self.sealed_size,
        }

    def row(self, app_id: str, revision: int) -> dict[str, Any]:
        return {
            "app_id": app_id,
            "revision": revision,
            "position": self.index,
            "sha256": self.sealed_sha256,
            "size": self.sealed_size,
            "material": self.att.material,
            "filename": clear_filename(self.att, self.index),
            "content_type": self.att.content_type,
        }


def settle(pending: list[PendingFile]) -> list[WrittenFile]:
    """Wait for every write of a failed submit; the files that did get written."""
    done = []
    for p in pending:
        try:
            done.append(p.write.result())
        except BaseException:  # noqa: BLE001 - its own failure is already on its way up
            continue
    return done


def sha256_hex(data: bytes | bytearray) -> str:
    return hashlib.sha256(data).hexdigest()


def clear_filename(att: AttachmentInput, i: int) -> str:
    # The clear name travels as upload metadata: built from the material id, never the given file
    # name (a scripted import could name a file after the person).
    suffix = PurePath(att.filename).suffix.lower()
    suffix = suffix if suffix.isascii() and len(suffix) <= 8 else ""
    return f"{att.material}-{i + 1}{suffix}"


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(type(value).__name__)


def build_manifest(
    app: NewApplication,
    app_id: str,
    revision: int,
    station_code: str,
    receipt_no: str,
    now: dt.datetime,
    parts: list[dict[str, Any]],
) -> bytes:
    manifest = {
        "format": MANIFEST_FORMAT,
        "app_id": app_id,
        "revision": revision,
        "station_code": station_code,
        "local_receipt_no": receipt_no,
        "created_at": utc_text(now),
        "item": {"code": app.item_code, "name": app.item_name},
        "catalogue_version": app.catalogue_version,
        "applicant": app.applicant,
        "form": app.form,
        "consent": app.consent,
        "deferred_materials": list(app.deferred_materials),
        "agent_id": app.agent_id,
        "attachments": parts,
    }
    if app.delivery is not None:  # absent rather than null: a manifest without a choice reads as before
        manifest["delivery"] = dict(app.delivery)
    try:
        wire.ApplicationManifest.model_validate(manifest)
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"]) or "manifest"
        raise InvalidApplication(where, "outside what the platform accepts") from None
    try:
        return json.dumps(manifest, ensure_ascii=False, sort_keys=True, default=_json_default).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise InvalidApplication("form", "a value cannot be written as JSON") from exc
