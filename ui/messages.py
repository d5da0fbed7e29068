"""The villager's words for an error, for the screens: ``kiosk.messages`` chooses them by the error's codes
(never from ``str(exc)``; the table and its fallbacks are described there), and the UI's own codes are
``ui.*`` in that same table (``kiosk/messages/screen.py``). This module is where the screens ask, so
that whatever the screens do with the words (a translation) happens in one place.
"""

from __future__ import annotations

from kiosk.messages import codes_of, message_for


def code_of(exc: BaseException) -> str:
    codes = codes_of(exc)
    return codes[0] if codes else ""


def text_for_code(code: str) -> str:
    return message_for(code)


def text_for(exc: BaseException) -> str:
    """The villager's words for an error; walks the type's bases until one has a message."""
    return message_for(exc)
