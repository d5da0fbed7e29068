"""Personal data in bytes: the one scanner the privacy test runs over the terminal's files and the admin
area's log export runs over its archive before writing it.

Two kinds of finding: a known secret (a name, an ID number, an address, a phone number the caller names)
in any of the encodings the terminal writes (UTF-8, UTF-16 either way, and GB18030, which the ESC/POS
renderer sends Chinese in); and, with ``patterns``, anything shaped like a resident ID number or a
mainland mobile number (``offline_cache.redaction``'s patterns: the log filter masks both, so a log
that still holds one is a leak whoever's it is).
"""

from __future__ import annotations

from collections.abc import Mapping

from offline_cache import redaction

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "gb18030")


def encodings(text: str) -> list[bytes]:
    return [text.encode(enc) for enc in ENCODINGS]


def leaks(data: bytes, secrets: Mapping[str, str] | None = None, *, patterns: bool = True) -> list[str]:
    """What ``data`` holds that it must not: the names of the secrets found, then "id_number_pattern"
    and "mobile_pattern" when ``patterns`` finds one."""
    found = [what for what, text in (secrets or {}).items() if any(e in data for e in encodings(text))]
    if patterns:
        text = data.decode("utf-8", "replace")
        if redaction.ID_NUMBER.search(text):
            found.append("id_number_pattern")
        if redaction.MOBILE.search(text):
            found.append("mobile_pattern")
    return found
