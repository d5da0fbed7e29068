"""Typed errors of the card readers. Messages never carry personal data; the UI picks its Chinese text
from ``code`` (see ``kiosk/messages/card.py``), never from ``str(exc)``.

Tree::

    CardError                      card.error
    ├── NoReader                   card.no_reader        no reader configured / found / answering
    │   └── ReaderUnplugged        card.reader_unplugged the reader went away mid-operation
    ├── ReaderFault                card.reader_fault     the reader answers but its SAM is unusable
    ├── NoCard                     card.no_card          no card was placed before the timeout
    ├── CardRemoved                card.removed          the card was taken away mid-read
    ├── LiftAndReplace             card.lift_and_replace the card was already read: lift it, place it again
    ├── CardReadFailed             card.read_failed      the card is there but could not be read
    ├── CardExpired                card.expired          read fine, but valid_to is before today
    ├── UnsupportedCard            card.unsupported      a card, but not one we can read (bank card...)
    └── ProtocolError              card.protocol         garbage, bad length, bad TLV from reader or card
        ├── ChecksumError          card.checksum         a frame whose XOR check does not match
        └── ReaderTimeout          card.timeout          the reader stopped answering mid-frame
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from drivers.card.identity import Identity


class CardError(Exception):
    """Base of every card reader error. ``status`` is the reader's status byte or APDU status word, if any."""

    code: ClassVar[str] = "card.error"

    def __init__(self, detail: str = "", *, status: int | None = None) -> None:
        # ``detail`` is for developers (English, no personal data); the villager sees MESSAGES[code].
        self.detail = detail or self.__class__.__name__
        self.status = status
        suffix = f" (status 0x{status:02X})" if status is not None else ""
        super().__init__(f"{self.code}: {self.detail}{suffix}")


class NoReader(CardError):
    code: ClassVar[str] = "card.no_reader"


class ReaderUnplugged(NoReader):
    code: ClassVar[str] = "card.reader_unplugged"


class ReaderFault(CardError):
    code: ClassVar[str] = "card.reader_fault"


class NoCard(CardError):
    code: ClassVar[str] = "card.no_card"


class CardRemoved(CardError):
    code: ClassVar[str] = "card.removed"


class LiftAndReplace(CardError):
    code: ClassVar[str] = "card.lift_and_replace"


class CardReadFailed(CardError):
    code: ClassVar[str] = "card.read_failed"


class CardExpired(CardError):
    """The card was read but is past its validity. ``identity`` lets the UI say whose card it is."""

    code: ClassVar[str] = "card.expired"

    def __init__(
        self, detail: str = "", *, identity: Identity | None = None, status: int | None = None
    ) -> None:
        super().__init__(detail or "card validity ended", status=status)
        self.identity = identity


class UnsupportedCard(CardError):
    code: ClassVar[str] = "card.unsupported"


class ProtocolError(CardError):
    code: ClassVar[str] = "card.protocol"


class ChecksumError(ProtocolError):
    code: ClassVar[str] = "card.checksum"


class ReaderTimeout(ProtocolError):
    code: ClassVar[str] = "card.timeout"


ALL_ERRORS: tuple[type[CardError], ...] = (
    CardError,
    NoReader,
    ReaderUnplugged,
    ReaderFault,
    NoCard,
    CardRemoved,
    LiftAndReplace,
    CardReadFailed,
    CardExpired,
    UnsupportedCard,
    ProtocolError,
    ChecksumError,
    ReaderTimeout,
)
