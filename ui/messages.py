"""The villager's words for an error, for the screens: ``kiosk.messages.resolve`` chooses them by the
error's codes (never from ``str(exc)``; the table and its fallbacks are described there), and the UI's
own codes are ``ui.*`` in that same table (``kiosk/messages/screen.py``). This module is where the
screens ask, so that whatever the screens do with the words happens in one place: a translation looks
them up by the code ``resolve`` names.
"""

from __future__ import annotations

from kiosk.messages import GENERIC, all_messages, codes_of, resolve

GENERAL = GENERIC  # the general sentence, by the name the screens' callers know
__all__ = ["GENERAL", "all_messages", "code_of", "text_for", "text_for_code"]


def code_of(exc: BaseException) -> str:
    codes = codes_of(exc)
    return codes[0] if codes else ""


def text_for_code(code: str) -> str:
    return resolve(code)[1]


def text_for(exc: BaseException) -> str:
    """The villager's words for an error; walks the type's bases until one has a message."""
    return resolve(exc)[1]
