"""Errors of the reference platform. Each maps to one HTTP status and a stable code in a ``Problem`` body.

::

    PlatformError                    (platform.error, 500)
    ├── Unauthorized                 (auth.invalid, 401)
    │   └── Revoked                  (auth.revoked, 401)  the terminal was revoked by an administrator
    ├── NotFound                     (platform.not_found, 404)
    ├── Conflict                     (platform.conflict, 409)
    │   ├── ApplicationConflict      (application.conflict, 409)
    │   ├── RevisionOutOfSequence    (application.revision_out_of_sequence, 409)
    │   ├── RatingConflict           (rating.conflict, 409)
    │   └── OffsetMismatch           (upload.offset_mismatch, 409)
    ├── Unprocessable                (platform.unprocessable, 422)
    │   ├── AttachmentMissing        (application.attachment_missing, 422)
    │   ├── DuplicateAttachment      (application.duplicate_attachment, 422)
    │   ├── SealInvalid              (application.seal_invalid, 422)
    │   ├── ManifestInvalid          (application.manifest_invalid, 422)
    │   ├── ManifestMismatch         (application.manifest_mismatch, 422)
    │   ├── RatingSealInvalid        (rating.seal_invalid, 422)
    │   ├── AttachmentDamaged        (application.attachment_damaged, 422)
    │   ├── BadStatus                (status.invalid, 422)
    │   ├── BadCursor                (feed.cursor_invalid, 422)
    │   └── BadUploadRequest         (upload.bad_request, 400)
    ├── ChecksumMismatch             (upload.checksum_mismatch, 460)
    ├── UploadTooLarge               (upload.too_large, 413)
    └── BodyTooLarge                 (request.too_large, 413)  a request body over its route's cap
"""

from __future__ import annotations

from typing import ClassVar


class PlatformError(Exception):
    code: ClassVar[str] = "platform.error"
    http_status: ClassVar[int] = 500


class Unauthorized(PlatformError):
    code = "auth.invalid"
    http_status = 401


class Revoked(Unauthorized):
    code = "auth.revoked"


class NotFound(PlatformError):
    code = "platform.not_found"
    http_status = 404


class Conflict(PlatformError):
    code = "platform.conflict"
    http_status = 409


class ApplicationConflict(Conflict):
    code = "application.conflict"


class RevisionOutOfSequence(Conflict):
    code = "application.revision_out_of_sequence"


class RatingConflict(Conflict):
    code = "rating.conflict"


class OffsetMismatch(Conflict):
    code = "upload.offset_mismatch"


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


class BadCursor(Unprocessable):
    code = "feed.cursor_invalid"


class BadUploadRequest(Unprocessable):
    code = "upload.bad_request"
    http_status = 400


class ChecksumMismatch(PlatformError):
    code = "upload.checksum_mismatch"
    http_status = 460


class UploadTooLarge(PlatformError):
    code = "upload.too_large"
    http_status = 413


class BodyTooLarge(PlatformError):
    code = "request.too_large"
    http_status = 413
