"""Enrolment with the platform's key pinned, so a man in the middle cannot hand the terminal a key of his own.

The enrolment slip (``kiosk-central enrolment-code``) carries the fingerprint of the platform's sealing key
(``sealing.key_fingerprint``); the installer types it into ``kiosk enroll --fingerprint``, or the site
configuration of the terminal image names it. ``enrol``:

1. refuses a URL the terminal must not use (``platform_client.check_link``: plain http only to loopback),
   a fingerprint that is not one, and a code that cannot be one (``EntryRejected``, like a used code);
2. fetches the platform key without credentials and compares its fingerprint with the pin, so a wrong key
   costs no enrolment code;
3. spends the code and checks that the answer carries that same key (an interceptor could let the first
   request through and change the second);
4. returns the credentials. Saving them is the caller's, so nothing is saved when a check fails.

The pin is required unless the platform is on a loopback address (tests, the demo); there it is optional
and the caller shows the fingerprint it accepted.

Errors: ``PinError`` and its three kinds, ``SyncError``s like those of ``platform_client`` (the tree is
drawn in ``offline_cache/errors.py``).
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from offline_cache import sealing
from offline_cache.credentials import Credentials
from offline_cache.platform_client import BadResponse, EntryRejected, PlatformClient, SyncError, check_link


class PinError(SyncError):
    code: ClassVar[str] = "enroll.pin_error"


class FingerprintRequired(PinError):
    code: ClassVar[str] = "enroll.fingerprint_required"


class BadFingerprint(PinError):
    code: ClassVar[str] = "enroll.bad_fingerprint"


class KeyMismatch(PinError):
    code: ClassVar[str] = "enroll.key_mismatch"


@dataclasses.dataclass(frozen=True, slots=True)
class Enrolment:
    credentials: Credentials
    fingerprint: str  # of the key the terminal accepted
    pinned: bool  # False: accepted on a loopback address without a pin


def enrol(
    url: str,
    code: str,
    *,
    fingerprint: str = "",
    ca_file: str | None = None,
    device_name: str = "",
    software_version: str = "",
    device_public_key: str | None = None,
    timeout: float = 15.0,
) -> Enrolment:
    """Enrol with the platform at ``url``, its key checked against ``fingerprint`` (see the module)."""
    loopback = check_link(url)
    if not 6 <= len(code) <= 64:  # the contract's bounds: refused here rather than as a traceback
        raise EntryRejected("the enrolment code is not well formed")
    pin = sealing.normalise_fingerprint(fingerprint) if fingerprint else None
    if fingerprint and pin is None:
        raise BadFingerprint("the fingerprint must be 40 hex digits")
    if pin is None and not loopback:
        raise FingerprintRequired("a platform off this machine needs the fingerprint from the enrolment slip")
    offered = PlatformClient.platform_key(url, timeout=timeout, ca_file=ca_file)
    accepted = _fingerprint(offered)
    if pin is not None and accepted != pin:
        raise KeyMismatch("the platform key does not match the pinned fingerprint")
    creds = PlatformClient.enrol(
        url,
        code,
        device_name=device_name[:100],
        software_version=software_version[:40],
        device_public_key=device_public_key,
        timeout=timeout,
        ca_file=ca_file,
    )
    if creds.platform_public_key != offered:
        raise KeyMismatch("the enrolment answer carries another key than the platform offered")
    return Enrolment(creds, accepted, pinned=pin is not None)


def check_pin(key_text: str, fingerprint: str) -> None:
    """For credentials already saved: refuse a key that is not the pinned one (no pin: nothing to check)."""
    if not fingerprint:
        return
    pin = sealing.normalise_fingerprint(fingerprint)
    if pin is None:
        raise BadFingerprint("the fingerprint must be 40 hex digits")
    if _fingerprint(key_text) != pin:
        raise KeyMismatch("the saved platform key does not match the pinned fingerprint")


def _fingerprint(key_text: str) -> str:
    try:
        return sealing.key_fingerprint(key_text)
    except sealing.SealError:
        raise BadResponse("the platform key is not an X25519 key") from None
