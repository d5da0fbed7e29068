"""Redaction at the source: a logging filter that masks personal data in every record a handler writes.

What it masks, in the formatted message (its arguments included), the exception text and the stack text:

* resident ID numbers: 18 characters (17 digits and a digit or X check character) and the old 15-digit
  ones, with or without a check that they are valid: a mistyped number is as personal as a right one;
* mainland mobile numbers: 11 digits from 13x to 19x, also as ``+86 139 0731 0258`` or ``139-0731-0258``;
* the names of the visitors the terminal is serving right now: ``kiosk.session.Session`` registers its
  identity's name while it holds it (``hold_name``) and forgets it on wipe (``drop_name``).

The code is careful first (no personal data in log calls, types and places instead of messages); this
filter catches what slips through, such as an exception whose message quotes a value. It is installed on
the handlers the ``kiosk`` CLI and the app set up (``install``), and never drops a record.
"""

from __future__ import annotations

import collections
import json
import logging
import re
import threading

ID_MASK = "<id-number>"
MOBILE_MASK = "<mobile>"
NAME_MASK = "<name>"

# Bounded by anything but a letter or digit, so a number inside Chinese text is found, and a run of digits
# inside a hash or a longer number is not.
_EDGE_L, _EDGE_R = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
ID_NUMBER = re.compile(_EDGE_L + r"(?:\d{17}[\dXx]|\d{15})" + _EDGE_R)
MOBILE = re.compile(_EDGE_L + r"(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}" + _EDGE_R)

_names: collections.Counter[str] = collections.Counter()
_names_lock = threading.Lock()
_pattern: re.Pattern[str] | None = None


def _forms(name: str) -> list[str]:
    # As written, and as JSON with ASCII escapes (how a dict with the name appears in some log lines).
    return [name, json.dumps(name)[1:-1]]


def hold_name(name: str) -> None:
    """Mask ``name`` in log records until ``drop_name`` is called as often as this."""
    name = name.strip()
    if name:
        global _pattern
        with _names_lock:
            _names[name] += 1
            _pattern = None


def drop_name(name: str) -> None:
    name = name.strip()
    global _pattern
    with _names_lock:
        if _names[name] > 1:
            _names[name] -= 1
        else:
            _names.pop(name, None)
        _pattern = None


def held_names() -> int:
    with _names_lock:
        return len(_names)


def _names_pattern() -> re.Pattern[str] | None:
    global _pattern
    with _names_lock:
        if _pattern is None and _names:
            forms = sorted({f for n in _names for f in _forms(n)}, key=len, reverse=True)
            _pattern = re.compile("|".join(re.escape(f) for f in forms))
        return _pattern if _names else None


def redact(text: str) -> str:
    names = _names_pattern()
    if names is not None:
        text = names.sub(NAME_MASK, text)
    text = ID_NUMBER.sub(ID_MASK, text)
    return MOBILE.sub(MOBILE_MASK, text)


def looks_personal(text: str) -> bool:
    """True when ``text`` holds something this module would mask (used to refuse such audit details)."""
    return redact(text) != text


class RedactingFilter(logging.Filter):
    """Rewrites the record in place: the message formatted and masked, the exception text masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the format: keep both, masked
            message = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        # The exception itself still holds its message: a handler that formats it again must not see it.
        record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install(logger: logging.Logger | None = None) -> RedactingFilter:
    """Put the filter on every handler of ``logger`` (the root logger by default); once per handler."""
    target = logger or logging.getLogger()
    shared = next(
        (f for h in target.handlers for f in h.filters if isinstance(f, RedactingFilter)), RedactingFilter()
    )
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(shared)
    return shared
