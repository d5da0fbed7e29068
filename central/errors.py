"""Errors of the reference platform. Each maps to one HTTP status and a stable code in a ``Problem`` body.

::

    PlatformError                    (platform.error, 500)
    ├── Unauthorized                 (auth.invalid, 401)
    │   └── Revoked                  (auth.revoked, 401)  the terminal was revoked by an administrator
    ├── NotFound                     (platform.not_found, 404)
    │   ├── ComplaintUnknown         (complaint.unknown, 404)      central/complaints.py
    │   ├── SlotUnknown              (slot.unknown, 404)           central/appointments.py
    │   ├── BookingUnknown           (booking.unknown, 404)        central/appointments.py
    │   └── AgentNotFound            (agent.not_found, 404)        central/agents.py: no such agent
    ├── Conflict                     (platform.conflict, 409)
    │   ├── AgentExists              (agent.exists, 409)          the agent number is taken
    │   ├── ApplicationConflict      (application.conflict, 409)
    │   ├── RevisionOutOfSequence    (application.revision_out_of_sequence, 409)
    │   ├── RatingConflict           (rating.conflict, 409)
    │   ├── ComplaintConflict        (complaint.conflict, 409)     central/complaints.py
    │   ├── SlotFull                 (slot.full, 409)              central/appointments.py: capacity
    │   ├── OffsetMismatch           (upload.offset_mismatch, 409)
    │   └── UploadInterrupted        (upload.interrupted, 409)
    ├── Unprocessable                (platform.unprocessable, 422)
    │   ├── AttachmentMissing        (application.attachment_missing, 422)
    │   ├── DuplicateAttachment      (application.duplicate_attachment, 422)
    │   ├── SealInvalid              (application.seal_invalid, 422)
    │   ├── ManifestInvalid          (application.manifest_invalid, 422)
    │   ├── ManifestMismatch         (application.manifest_mismatch, 422)
    │   ├── RatingSealInvalid        (rating.seal_invalid, 422)
    │   ├── ComplaintSealInvalid     (complaint.seal_invalid, 422)  central/complaints.py
    │   ├── ReplyRefused             (complaint.reply_refused, 422) central/complaints.py: personal data
    │   ├── SlotPast                 (slot.past, 422)              central/appointments.py
    │   ├── BookingSealInvalid       (booking.seal_invalid, 422)   central/appointments.py
    │   ├── AttachmentDamaged        (application.attachment_damaged, 422)
    │   ├── BadStatus                (status.invalid, 422)
    │   │   └── BadTracking          (status.tracking_invalid, 422)  a tracking number or delivery way
    │   ├── BadCursor                (feed.cursor_invalid, 422)
    │   ├── AgentInvalid             (agent.invalid, 422)         a number, name, station or PIN refused
    │   └── BadUploadRequest         (upload.bad_request, 400)
    ├── AuditRefused                 (audit.refused, 409)          central/audit.py
    │   ├── AuditKeyConflict         (audit.key_conflict, 409)     another key is registered already
    │   ├── AuditKeyMissing          (audit.key_missing, 409)      no key registered for the device
    │   ├── AuditFork                (audit.fork, 409)             another entry at a seq it holds
    │   ├── AuditRollback            (audit.rollback, 409)         a head older than the one it holds
    │   ├── AuditGap                 (audit.gap, 409)              entries after a seq it does not hold
    │   ├── AuditChainInvalid        (audit.chain_invalid, 422)    the batch is not a chain to its head
    │   └── AuditBadSignature        (audit.bad_signature, 422)    the head's signature does not verify
    ├── ChecksumMismatch             (upload.checksum_mismatch, 460)
    ├── UploadTooLarge               (upload.too_large, 413)
    ├── UploadQuotaExceeded          (upload.quota_exceeded, 413, Retry-After)
    ├── UnsupportedVersion           (upload.version_unsupported, 412, Tus-Version)
    ├── UnsupportedMediaType         (upload.unsupported_media_type, 415)
    ├── UploadLocked                 (upload.locked, 423)
    ├── BodyTooLarge                 (request.too_large, 413)  a request body over its route's cap
    ├── PlatformKeyError             (platform.key, 500)           central/keys.py: the sealing key file
    │   ├── KeyMissing               (platform.key_missing, 500)   no key file where the key must be
    │   ├── KeyDamaged               (platform.key_damaged, 500)   the file is not a key
    │   └── KeyMismatch              (platform.key_mismatch, 500)  not the key the database was made with
    └── TlsError                     (tls.error, 500)              central/tls.py: the private CA (CLI only)
        ├── FileExists               (tls.file_exists, 500)        would overwrite a key or certificate
        ├── BadCa                    (tls.bad_ca, 500)             the CA folder does not hold a usable CA
        └── BadHost                  (tls.bad_host, 500)           a --host that is neither a name nor an IP

``headers`` are sent along with the problem body. ``tests/test_errors.py`` checks this drawing against the
classes, their bases and their codes.
"""

from __future__ import annotations

from typing import ClassVar

from offline_cache import wire


class PlatformError(Exception):
    code: ClassVar[str] = "platform.error"
    http_status: ClassVar[int] = 500
    headers: ClassVar[dict[str, str]] = {}


class Unauthorized(PlatformError):
    code = "auth.invalid"
    http_status = 401


class Revoked(Unauthorized):
    code = "auth.revoked"


class NotFound(PlatformError):
    code = "platform.not_found"
    http_status = 404


class AgentNotFound(NotFound):
    code = "agent.not_found"


class Conflict(PlatformError):
    code = "platform.conflict"
    http_status = 409


class AgentExists(Conflict):
    code = "agent.exists"


class ApplicationConflict(Conflict):
    code = "application.conflict"


class RevisionOutOfSequence(Conflict):
    code = "application.revision_out_of_sequence"


class RatingConflict(Conflict):
    code = "rating.conflict"


class OffsetMismatch(Conflict):
    code = "upload.offset_mismatch"


class UploadInterrupted(Conflict):
    """A newer request for the same upload took it over; what this PATCH brought so far is kept."""

    code = "upload.interrupted"


class Unprocessable(PlatformError):
    code = "platform.unprocessable"
    http_status = 422


class AttachmentMissing(Unprocessable):
    code = "application.attachment_missing"


class DuplicateAttachment(Unprocessable):
    code = "application.duplicate_attachment"


class SealInvalid(Unprocessable):
    code = "application.seal_invalid"


class ManifestInvalid(Unprocessable):
    code = "application.manifest_invalid"


class ManifestMismatch(Unprocessable):
    code = "application.manifest_mismatch"


class RatingSealInvalid(Unprocessable):
    code = "rating.seal_invalid"


class AttachmentDamaged(Unprocessable):
    code = "application.attachment_damaged"


class BadStatus(Unprocessable):
    code = "status.invalid"


class BadTracking(BadStatus):
    code = "status.tracking_invalid"


class BadCursor(Unprocessable):
    code = "feed.cursor_invalid"


class AgentInvalid(Unprocessable):
    code = "agent.invalid"


class BadUploadRequest(Unprocessable):
    code = "upload.bad_request"
    http_status = 400


class AuditRefused(PlatformError):
    code = "audit.refused"
    http_status = 409


class AuditKeyConflict(AuditRefused):
    code = "audit.key_conflict"


class AuditKeyMissing(AuditRefused):
    code = "audit.key_missing"


class AuditFork(AuditRefused):
    code = "audit.fork"


class AuditRollback(AuditRefused):
    code = "audit.rollback"


class AuditGap(AuditRefused):
    code = "audit.gap"


class AuditChainInvalid(AuditRefused):
    code = "audit.chain_invalid"
    http_status = 422


class AuditBadSignature(AuditRefused):
    code = "audit.bad_signature"
    http_status = 422


class ChecksumMismatch(PlatformError):
    code = "upload.checksum_mismatch"
    http_status = 460


class UploadTooLarge(PlatformError):
    code = "upload.too_large"
    http_status = 413


class UploadQuotaExceeded(PlatformError):
    """The device's unfinished and unreferenced uploads would pass its quota: retry once some are used."""

    code = "upload.quota_exceeded"
    http_status = 413
    headers = {"Retry-After": "300"}


class UnsupportedVersion(PlatformError):
    code = "upload.version_unsupported"
    http_status = 412
    headers = {"Tus-Version": wire.TUS_VERSION}


class UnsupportedMediaType(PlatformError):
    code = "upload.unsupported_media_type"
    http_status = 415


class UploadLocked(PlatformError):
    """Another request holds the upload and did not let go in time."""

    code = "upload.locked"
    http_status = 423


class BodyTooLarge(PlatformError):
    code = "request.too_large"
    http_status = 413
