"""What the QR code on a receipt or progress slip says, and what a scanned or typed code is worth.

``KIOSK:Q:<token>`` carries a query token (``offline_cache/query_tokens.py``: 144 random bits, stored only
as a hash): holding the paper to the camera shows the application, as the card does. Anything else
(``KIOSK:<receipt no>`` from receipts printed before tokens, a URL ending in a number, a typed number) is
only a receipt number, which is sequential and guessable: it shows nothing personal and the terminal does
not even say whether such a number exists; it asks for the card or the receipt's QR code instead
(``NumberIsNotEnough``, code ``progress.number_only``).
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from kiosk.errors import KioskError

TOKEN_PREFIX = "KIOSK:Q:"
_OLD_PREFIX = "KIOSK:"


class NumberIsNotEnough(KioskError):
    """A receipt number alone was offered to the progress query."""

    code: ClassVar[str] = "progress.number_only"


@dataclasses.dataclass(frozen=True, slots=True)
class QueryToken:
    token: str = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True, slots=True)
class ReceiptNumber:
    number: str


def qr_text(token: str) -> str:
    return f"{TOKEN_PREFIX}{token}"


def parse(text: str) -> QueryToken | ReceiptNumber | None:
    """What a QR code's text offers; None for an empty one."""
    text = text.strip()
    if text.startswith(TOKEN_PREFIX) and len(text) > len(TOKEN_PREFIX):
        return QueryToken(text[len(TOKEN_PREFIX) :])
    number = text[len(_OLD_PREFIX) :] if text.startswith(_OLD_PREFIX) else text.rstrip("/").rsplit("/", 1)[-1]
    return ReceiptNumber(number) if number else None
