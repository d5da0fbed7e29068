"""Errors of the offline cache (the terminal's storage and its link to the platform): the whole tree.

Every class has a stable ``code``; the UI picks its Chinese text from the code (``kiosk/messages/``),
never from ``str(exc)``. Messages are English, technical and never hold personal data (no names, ID
numbers, form values: at most an application id or a file name we chose). The classes of the store live
here; the others beside the code that raises them, as the right-hand column says. ``tests/test_errors.py``
checks this drawing against the classes, their bases and their codes.

Tree::

    OfflineCacheError            offline.error
    ├── NotEnrolled              terminal.not_enrolled      no platform key yet: the terminal must enrol
    ├── CredentialsDamaged       terminal.credentials_damaged  the credentials file is there but unreadable
    ├── StoreError               store.error
    │   ├── StoreUnavailable     store.unavailable          the database cannot be opened (permissions, locked...)
    │   ├── StoreCorrupt         store.corrupt              integrity check failed and recovery was not allowed
    │   ├── StoreFull            store.disk_full            no space left for the database or an attachment
    │   ├── InvalidApplication   store.invalid_application  a required value is missing or malformed
    │   ├── InvalidRating        store.invalid_rating       level outside 1..5, wrong types
    │   ├── UnknownApplication   store.unknown_application  a supplement for an application this terminal lacks
    │   ├── BadPlatformKey       store.bad_platform_key     the platform public key is not an X25519 key
    │   ├── AttachmentDamaged    store.attachment_damaged   a stored attachment file is missing or altered
    │   └── AgentAccountExists   store.agent_exists         agent_accounts.py: that agent number is taken
    ├── InvalidComplaint         complaint.invalid          complaints.py: nothing said, or too long
    ├── SealError                seal.error                 sealing.py: a sealed part cannot be opened
    ├── AuditError               audit.error                audit.py
    │   ├── AuditEntryRefused    audit.entry_refused        an entry outside the audit log's vocabulary
    │   └── AuditKeyUnavailable  audit.key_unavailable      the key that signs the log's head cannot be read
    └── SyncError                sync.error                 platform_client.py: the link to the platform
        ├── PlatformUnreachable  sync.platform_unreachable  no answer (transient: the engine backs off)
        │   └── CertificateRejected  sync.certificate_rejected  TLS not trusted: said apart, may be an attack
        ├── InsecureLink         sync.insecure_link         plain http:// to another machine
        ├── BadPlatformUrl       sync.bad_url               not a platform address at all
        ├── BadResponse          sync.bad_response          garbage or a 5xx (transient)
        ├── UploadQuotaFull      sync.upload_quota          the platform holds enough of our uploads (transient)
        ├── DeviceRejected       sync.unauthorized          401: the token is unknown
        │   └── DeviceRevoked    sync.revoked               401: an administrator revoked this terminal
        ├── EntryRejected        sync.rejected              4xx for one entry: only it backs off
        │   ├── ApplicationConflict  sync.conflict          the same id with other content
        │   ├── AttachmentMissing    sync.attachment_missing  the platform lost an upload: upload again
        │   ├── AuditRefused     sync.audit_refused         the platform refused the audit log's batch
        │   └── ServiceRefused   sync.service_refused       services_client.py: a slot taken, a booking gone
        ├── UploadFailed         sync.upload_failed         the platform forgot the upload twice
        ├── PinError             enroll.pin_error           enrolment.py: the platform key and the site's pin
        │   ├── FingerprintRequired  enroll.fingerprint_required  no pin for a platform off this machine
        │   ├── BadFingerprint   enroll.bad_fingerprint     the pin is not 40 hex digits
        │   └── KeyMismatch      enroll.key_mismatch        the platform's key is not the pinned one
        └── _StatusFeedBroken    sync.status_feed_rejected  sync.py: the status feed answered 4xx

Not errors but signals inside one module, never raised out of it: ``platform_client._UploadGone`` (start
the upload anew), ``sync._Skipped`` and ``sync._EntryFailed`` (one entry's outcome in a batch).
"""

from __future__ import annotations

from typing import ClassVar


class OfflineCacheError(Exception):
    code: ClassVar[str] = "offline.error"


class NotEnrolled(OfflineCacheError):
    code: ClassVar[str] = "terminal.not_enrolled"


class CredentialsDamaged(OfflineCacheError):
    """The terminal was enrolled, but its credentials file cannot be read: not the same as never enrolled
    (an administrator must look, and nothing may enrol it anew by accident)."""

    code: ClassVar[str] = "terminal.credentials_damaged"


class StoreError(OfflineCacheError):
    code: ClassVar[str] = "store.error"


class StoreUnavailable(StoreError):
    code: ClassVar[str] = "store.unavailable"


class StoreCorrupt(StoreError):
    code: ClassVar[str] = "store.corrupt"


class StoreFull(StoreError):
    code: ClassVar[str] = "store.disk_full"


class InvalidApplication(StoreError):
    code: ClassVar[str] = "store.invalid_application"

    def __init__(self, field: str, detail: str = "") -> None:
        # ``field`` names what is wrong ("item_code", "attachments[2].data"), never the value.
        self.field = field
        super().__init__(f"{self.code}: {field}{': ' + detail if detail else ''}")


class InvalidRating(StoreError):
    code: ClassVar[str] = "store.invalid_rating"


class UnknownApplication(StoreError):
    code: ClassVar[str] = "store.unknown_application"


class BadPlatformKey(StoreError):
    code: ClassVar[str] = "store.bad_platform_key"


class AttachmentDamaged(StoreError):
    code: ClassVar[str] = "store.attachment_damaged"


class AgentAccountExists(StoreError):
    code: ClassVar[str] = "store.agent_exists"
