"""Errors of the offline cache (the terminal's storage and its link to the platform).

Every class has a stable ``code``; the UI picks its Chinese text from the code
(``kiosk/messages/store.py``), never from ``str(exc)``. Messages are English, technical and never hold
personal data (no names, ID numbers, form values: at most an application id or a file name we chose).

Tree::

    OfflineCacheError            offline.error
    ├── NotEnrolled              terminal.not_enrolled      no platform key yet: the terminal must enrol
    └── StoreError               store.error
        ├── StoreUnavailable     store.unavailable          the database cannot be opened (permissions, locked...)
        ├── StoreCorrupt         store.corrupt              integrity check failed and recovery was not allowed
        ├── StoreFull            store.disk_full            no space left for the database or an attachment
        ├── InvalidApplication   store.invalid_application  a required value is missing or malformed
        ├── InvalidRating        store.invalid_rating       level outside 1..5, wrong types
        ├── UnknownApplication   store.unknown_application  a supplement for an application this terminal lacks
        ├── BadPlatformKey       store.bad_platform_key     the platform public key is not an X25519 key
        └── AttachmentDamaged    store.attachment_damaged   a stored attachment file is missing or altered
"""

from __future__ import annotations

from typing import ClassVar


class OfflineCacheError(Exception):
    code: ClassVar[str] = "offline.error"


class NotEnrolled(OfflineCacheError):
    code: ClassVar[str] = "terminal.not_enrolled"


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
