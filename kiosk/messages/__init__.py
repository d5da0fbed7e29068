"""Plain-Chinese messages for error and problem codes: one table, merged from one module per area, and the
one lookup that the screens, the CLI and ``kiosk doctor`` all use.

Each area (card, printer, camera, forms, store, sync, the UI's own codes in ``screen``...) keeps
``MESSAGES: dict[str, str]`` in its own module here; a code belongs to exactly one area. Texts are chosen
by the error's ``code``, never from ``str(exc)``. English comes from Qt's translation files, applied by the
UI to the Chinese text this lookup returns (``ui/messages.py``), so this table is the only Chinese one.

``message_for`` takes a code or an exception. An exception's own ``code``, then the codes of its classes
from the most specific, pick the first that has a message (a subclass without words of its own speaks
from typing import ClassVar
from kiosk.errors import KioskError
with its base's); a code without a message falls back along its dotted prefix ("card.expired.x" ->
"card.expired" -> "card"), and finally to a general sentence.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import ClassVar

from kiosk.errors import KioskError

GENERIC = "出了点问题，请稍后再试，或请工作人员帮忙。"


class DuplicateMessage(KioskError):
    """Two areas define the same code (a programming error, found at the first lookup)."""

    code: ClassVar[str] = "messages.duplicate"


@cache
def all_messages() -> dict[str, str]:
    merged: dict[str, str] = {}
    owner: dict[str, str] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for code, text in getattr(module, "MESSAGES", {}).items():
            if code in owner:
                raise DuplicateMessage(f"{code} is in both {owner[code]} and {info.name}")
            merged[code], owner[code] = text, info.name
    return merged


def codes_of(error: BaseException) -> list[str]:
    """The codes an error speaks with, most specific first: its own, then its classes'."""
    codes: list[str] = []
    own = vars(error).get("code") if hasattr(error, "__dict__") else None
    if isinstance(own, str) and own:
        codes.append(own)
    for cls in type(error).__mro__:
        code = cls.__dict__.get("code")
        if isinstance(code, str) and code and code not in codes:
            codes.append(code)
    return codes


def _by_prefix(code: str, messages: dict[str, str]) -> str | None:
    parts = code.split(".")
    while parts:
        if ".".join(parts) in messages:
            return ".".join(parts)
        parts.pop()
    return None


GENERAL_CODE = "general"  # what ``resolve`` names when no code has words: the general sentence


def resolve(code_or_error: str | BaseException) -> tuple[str, str]:
    """(the code whose words were chosen, its Chinese text); ``GENERAL_CODE`` and ``GENERIC`` when none
    has words. The code is what a translation looks the words up by (``ui/messages.py``)."""
    messages = all_messages()
    codes = [code_or_error] if isinstance(code_or_error, str) else codes_of(code_or_error)
    found = next((c for c in codes if c in messages), None) or (
        _by_prefix(codes[0], messages) if codes else None
    )
    return (found, messages[found]) if found else (GENERAL_CODE, GENERIC)


def message_for(code_or_error: str | BaseException) -> str:
    """The Chinese text for an error code, or for an exception by its codes (see the module text)."""
    return resolve(code_or_error)[1]
