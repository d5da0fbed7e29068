"""The frame protocol of SAM-module resident ID card readers (``AA AA AA 96 69``), with no I/O.

Request:  preamble | LEN(2, BE: CMD+PARA+DATA+CHK) | CMD | PARA | DATA | CHK
Response: preamble | LEN(2, BE: SW1+SW2+SW3+DATA+CHK) | SW1 SW2 SW3 | DATA | CHK
CHK is the XOR of every byte after the preamble up to the last data byte. Both directions are
"preamble, length, payload, check", so one incremental ``FrameDecoder`` parses both; it resynchronises
on the next preamble after noise, and every malformed input ends in a ``ProtocolError`` subclass.
The 256-byte card text codec is here too (the emulator encodes with it, the reader decodes).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
from collections.abc import Callable

from drivers.card.errors import (
    CardError,
    CardReadFailed,
    ChecksumError,
    LiftAndReplace,
    NoCard,
    ProtocolError,
    ReaderFault,
    ReaderTimeout,
    UnsupportedCard,
)
from drivers.card.identity import CardSource, Identity, Sex
from drivers.card.nations import nation_code, nation_name

PREAMBLE = bytes.fromhex("AAAAAA9669")
# The longest legitimate frame is text + photo + a 1024-byte fingerprint: 3 + 6 + 256 + 1024 + 1024 + 1.
MAX_LENGTH = 2400
MAX_NOISE = 4096  # bytes of noise tolerated before giving up on finding a frame

RESET, SAM_STATUS, SAM_ID = (0x10, 0xFF), (0x11, 0xFF), (0x12, 0xFF)
FIND_CARD, SELECT_CARD = (0x20, 0x01), (0x20, 0x02)
READ_TEXT_PHOTO, READ_NEW_ADDRESS, READ_WITH_FINGERPRINT = (0x30, 0x01), (0x30, 0x03), (0x30, 0x10)
SET_BAUD = 0x60
BAUD_CODES: dict[int, int] = {115200: 0, 57600: 1, 38400: 2, 19200: 3, 9600: 4}

OK, NO_CONTENT, FIND_OK = 0x90, 0x91, 0x9F
TEXT_LENGTH, PHOTO_LENGTH = 256, 1024
FINGERPRINT_LENGTHS = (0, 512, 1024)


def xor(data: bytes) -> int:
    return functools.reduce(operator.xor, data, 0)


def frame(payload: bytes) -> bytes:
    """Wrap a payload (CMD PARA DATA, or SW1 SW2 SW3 DATA) into a frame with length and check byte."""
    body = (len(payload) + 1).to_bytes(2, "big") + payload
    return PREAMBLE + body + bytes([xor(body)])


def request(command: tuple[int, int], data: bytes = b"") -> bytes:
    return frame(bytes(command) + data)


def response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return frame(bytes([sw1, sw2, sw3]) + data)


@dataclasses.dataclass(frozen=True)
class Reply:
    sw1: int
    sw2: int
    sw3: int
    data: bytes = dataclasses.field(repr=False)  # card text and photo: never in a log line or traceback


class FrameDecoder:
    """Incremental decoder: ``feed`` bytes as they arrive, then take frames with ``next_payload``."""

    def __init__(self, min_length: int = 3) -> None:
        self._buffer = bytearray()
        self._noise = 0
        self._min_length = min_length

    def feed(self, chunk: bytes) -> None:
        self._buffer += chunk

    def clear(self) -> None:
        self._buffer.clear()
        self._noise = 0

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def next_payload(self) -> bytes | None:
        """The next frame's payload, None if more bytes are needed.

        A bad check byte raises ``ChecksumError`` (the frame is dropped); an impossible length is taken for
        a false preamble inside noise and skipped; too much noise raises ``ProtocolError``.
        """
        while True:
            start = self._buffer.find(PREAMBLE)
            if start < 0:
                # Keep a tail that may be the start of a preamble split across reads.
                keep = next((k for k in (4, 3, 2, 1) if self._buffer.endswith(PREAMBLE[:k])), 0)
                self._drop_noise(len(self._buffer) - keep)
                return None
            self._drop_noise(start)
            if len(self._buffer) < 7:
                return None
            length = int.from_bytes(self._buffer[5:7], "big")
            if not self._min_length <= length <= MAX_LENGTH:
                self._drop_noise(1)  # resync on the next preamble after this one
                continue
            if len(self._buffer) < 7 + length:
                return None
            body = bytes(self._buffer[5 : 7 + length - 1])
            check = self._buffer[7 + length - 1]
            del self._buffer[: 7 + length]
            self._noise = 0
            if xor(body) != check:
                raise ChecksumError("frame check byte mismatch")
            return body[2:]

    def _drop_noise(self, count: int) -> None:
        if count <= 0:
            return
        del self._buffer[:count]
        self._noise += count
        if self._noise > MAX_NOISE:
            self._noise = 0
            raise ProtocolError("no frame start in the reader's output")


def parse_reply(payload: bytes) -> Reply:
    if len(payload) < 3:
        raise ProtocolError("reply shorter than its status bytes")
    return Reply(payload[0], payload[1], payload[2], payload[3:])


def read_reply(
    read: Callable[[float], bytes],
    decoder: FrameDecoder,
    timeout: float,
    clock: Callable[[], float],
) -> Reply:
    """Read until a whole reply frame arrives. ``read(wait)`` returns what came within ``wait`` seconds."""
    deadline = clock() + timeout
    while True:
        payload = decoder.next_payload()
        if payload is not None:
            return parse_reply(payload)
        remaining = deadline - clock()
        if remaining <= 0:
            raise ReaderTimeout("partial frame" if decoder.pending else "no reply")
        decoder.feed(read(min(remaining, 0.05)))


# SW3 status -> the error it means. 80/81 (no card) are handled by the caller's polling.
_STATUS_ERRORS: dict[int, type[CardError]] = {
    0x10: ChecksumError,  # the reader saw a bad check byte in our request
    0x11: ProtocolError,
    0x21: ProtocolError,
    0x23: ReaderFault,
    0x24: ProtocolError,
    0x31: CardReadFailed,
    0x32: CardReadFailed,
    0x33: CardReadFailed,
    0x40: UnsupportedCard,
    0x41: LiftAndReplace,  # read failed: the SAM session is spent, the card must be placed again
    0x47: CardReadFailed,
    0x60: ReaderFault,
    0x66: ReaderFault,
    0x80: NoCard,
    0x81: NoCard,
    0x91: CardReadFailed,
}


def status_error(sw3: int, what: str) -> CardError:
    cls = _STATUS_ERRORS.get(sw3, ProtocolError)
    return cls(f"{what}: reader status", status=sw3)


@dataclasses.dataclass(frozen=True)
class CardData:
    text: bytes = dataclasses.field(repr=False)  # personal: name, ID number, address (UCS-2)
    photo: bytes = dataclasses.field(repr=False)
    fingerprint_length: int


def split_card_data(data: bytes, with_fingerprint: bool) -> CardData:
    """Split the data of a read reply into text, photo and (skipped) fingerprint by their length fields."""
    head = 6 if with_fingerprint else 4
    if len(data) < head:
        raise ProtocolError("card data shorter than its length fields")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    fp_len = int.from_bytes(data[4:6], "big") if with_fingerprint else 0
    if text_len != TEXT_LENGTH or photo_len not in (0, PHOTO_LENGTH) or fp_len not in FINGERPRINT_LENGTHS:
        raise ProtocolError("unexpected text/photo/fingerprint lengths")
    if len(data) != head + text_len + photo_len + fp_len:
        raise ProtocolError("card data length does not match its length fields")
    text = data[head : head + text_len]
    # Fingerprint bytes are never kept: no service needs them and they are biometric data.
    return CardData(text, data[head + text_len : head + text_len + photo_len], fp_len)


# (field, width in bytes) of the UCS-2 text, in card order.
_LAYOUT = (
    ("name", 30),
    ("sex", 2),
    ("nation", 4),
    ("birth", 16),
    ("address", 70),
    ("id_number", 36),
    ("authority", 30),
    ("valid_from", 16),
    ("valid_to", 16),
    ("reserved", 36),
)
LONG_TERM = "长期"
# Byte 248 holds the card type on newer cards: "I" for 外国人永久居留身份证 (another layout, not read
# here), "J" for 港澳台居民居住证 (same layout as the resident ID card), blank for resident ID cards.
CARD_TYPE_OFFSET = 248
FOREIGNER_FLAG = "I"


def _date(text: str, field: str) -> dt.date:
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        raise ProtocolError(f"{field} is not a YYYYMMDD date")
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ProtocolError(f"{field} is not a calendar date") from None


def decode_text(text: bytes) -> dict[str, str]:
    if len(text) != TEXT_LENGTH:
        raise ProtocolError("card text is not 256 bytes")
    fields: dict[str, str] = {}
    offset = 0
    for name, width in _LAYOUT:
        try:
            fields[name] = text[offset : offset + width].decode("utf-16-le").rstrip(" \x00")
        except UnicodeDecodeError:
            raise ProtocolError(f"{name} is not UCS-2 text") from None
        offset += width
    return fields


def parse_text(text: bytes, photo: bytes | None = None) -> Identity:
    """The ``Identity`` in a card's 256-byte text. ``photo`` is passed through as given."""
    f = decode_text(text)
    if text[CARD_TYPE_OFFSET : CARD_TYPE_OFFSET + 2] == FOREIGNER_FLAG.encode("utf-16-le"):
        raise UnsupportedCard("foreigner's permanent residence card")
    try:
        sex = Sex(f["sex"])
    except ValueError:
        raise ProtocolError("unknown sex code") from None
    nation = nation_name(int(f["nation"])) if f["nation"].isascii() and f["nation"].isdigit() else None
    if nation is None:
        raise ProtocolError("unknown nation code")
    if not f["name"] or not f["id_number"]:
        raise ProtocolError("card text without name or number")
    return Identity(
        name=f["name"],
        sex=sex,
        nation=nation,
        birth_date=_date(f["birth"], "birth date"),
        address=f["address"],
        id_number=f["id_number"],
        issuing_authority=f["authority"],
        valid_from=_date(f["valid_from"], "valid from"),
        valid_to=None if f["valid_to"] == LONG_TERM else _date(f["valid_to"], "valid to"),
        source=CardSource.RESIDENT_ID,
        photo=photo,
    )


def encode_text(identity: Identity) -> bytes:
    """The 256-byte card text for an identity (the emulator's side)."""
    values = {
        "name": identity.name,
        "sex": identity.sex.value,
        "nation": f"{nation_code(identity.nation) or 97:02d}",
        "birth": f"{identity.birth_date:%Y%m%d}",
        "address": identity.address,
        "id_number": identity.id_number,
        "authority": identity.issuing_authority,
        "valid_from": f"{identity.valid_from:%Y%m%d}" if identity.valid_from else "",
        "valid_to": f"{identity.valid_to:%Y%m%d}" if identity.valid_to else LONG_TERM,
        "reserved": "",
    }
    out = b""
    for name, width in _LAYOUT:
        raw = values[name].encode("utf-16-le")[:width]
        out += raw + " ".encode("utf-16-le") * ((width - len(raw)) // 2)
    return out


ADDRESS_LENGTH = 70


def decode_new_address(data: bytes) -> str:
    """The address added after issue (command 30 03): 70 bytes of UCS-2, space padded."""
    if len(data) != ADDRESS_LENGTH:
        raise ProtocolError("added address is not 70 bytes")
    try:
        address = data.decode("utf-16-le").rstrip(" \x00")
    except UnicodeDecodeError:
        raise ProtocolError("added address is not UCS-2 text") from None
    if not address or not address.isprintable():
        raise ProtocolError("added address is empty or holds control characters")
    return address


def encode_new_address(address: str) -> bytes:
    raw = address.encode("utf-16-le")[:ADDRESS_LENGTH]
    return raw + " ".encode("utf-16-le") * ((ADDRESS_LENGTH - len(raw)) // 2)


def card_data(identity: Identity, photo: bytes = b"", fingerprint: bytes | None = None) -> bytes:
    """The data part of a read reply: lengths, text, photo (and fingerprint when asked)."""
    head = TEXT_LENGTH.to_bytes(2, "big") + len(photo).to_bytes(2, "big")
    if fingerprint is not None:
        head += len(fingerprint).to_bytes(2, "big")
    return head + encode_text(identity) + photo + (fingerprint or b"")
