"""Social security cards (社会保障卡): the APDUs and the TLV/padding rules of the items readable
without a PSAM, with no I/O of its own. ``read_social_security_card(transmit)`` works over any
transport that sends an APDU and returns (data, sw1, sw2); the PC/SC backend passes pyscard's.

Items: EF05 (issuer data) 05 issue date, 06 expiry date, 07 card number; EF06 (cardholder) 08 social
security number (= resident ID number), 09 name, 0A sex, 0B nation, 0D birth date. Replies are
tag | length | value; ``cn`` (BCD) values are padded with F nibbles, ``an`` values with 00 bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from drivers.card.errors import CardReadFailed, ProtocolError, UnsupportedCard
from drivers.card.identity import CardSource, Identity, Sex
from drivers.card.nations import nation_name

Transmit = Callable[[list[int]], tuple[list[int], int, int]]

# "sx1.sh.社会保障" in GBK
AID = bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF")
SELECT_AID = [0x00, 0xA4, 0x04, 0x00, len(AID), *AID]
SELECT_EF05 = [0x00, 0xA4, 0x02, 0x00, 0x02, 0xEF, 0x05]
SELECT_EF06 = [0x00, 0xA4, 0x02, 0x00, 0x02, 0xEF, 0x06]
SFI_EF05 = 0x05

# EF06 items: (item, Le)
SSN, NAME, SEX, NATION, BIRTH = (0x08, 0x14), (0x09, 0x20), (0x0A, 0x03), (0x0B, 0x03), (0x0D, 0x06)
# EF05 items read by short file id
ISSUED, EXPIRES, CARD_NUMBER = (0x05, 0x06), (0x06, 0x06), (0x07, 0x0B)

SW_OK = (0x90, 0x00)
SW_NOT_FOUND = {(0x6A, 0x82), (0x6A, 0x83), (0x6A, 0x88)}


def read_record(item: tuple[int, int]) -> list[int]:
    """READ RECORD of an item in the currently selected EF."""
    return [0x00, 0xB2, item[0], 0x00, item[1]]


def read_record_sfi(item: tuple[int, int], sfi: int) -> list[int]:
    """READ RECORD of an item in the EF named by its short file id (P2 = SFI << 3 | 4)."""
    return [0x00, 0xB2, item[0], (sfi << 3) | 0x04, item[1]]


def parse_tlv(reply: bytes, tag: int) -> bytes:
    """The value of a one-byte-tag, one-byte-length TLV reply; anything else is a ``ProtocolError``."""
    if len(reply) < 2:
        raise ProtocolError("TLV reply shorter than tag and length")
    if reply[0] != tag:
        raise ProtocolError(f"TLV tag 0x{reply[0]:02X} where 0x{tag:02X} was asked")
    length = reply[1]
    if length > len(reply) - 2:
        raise ProtocolError("TLV length beyond the reply")
    return reply[2 : 2 + length]


def decode_an(value: bytes) -> str:
    """An ``an`` field: GBK text padded with 00 bytes (some cards pad with spaces too).

    Decoded as GB18030, GBK's superset, so rare characters in names survive.
    """
    try:
        text = value.rstrip(b"\x00").decode("gb18030")
    except UnicodeDecodeError:
        raise ProtocolError("an field is not GBK text") from None
    if "\x00" in text or not text.isprintable():
        raise ProtocolError("an field holds control characters")
    return text.strip()


def decode_cn(value: bytes) -> str:
    """A ``cn`` field: BCD digits, padded on the right with F nibbles."""
    digits = value.hex().upper().rstrip("F")
    if digits and not digits.isdigit():
        raise ProtocolError("cn field holds non-decimal nibbles")
    return digits


def decode_date(value: bytes, field: str) -> dt.date:
    digits = decode_cn(value)
    if len(digits) != 8:
        raise ProtocolError(f"{field} is not a YYYYMMDD date")
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise ProtocolError(f"{field} is not a calendar date") from None


def decode_sex(value: bytes) -> Sex:
    # Cards write the GB/T 2261.1 code as an ASCII digit; a few write it as BCD.
    text = decode_an(value) if value[:1].isdigit() else decode_cn(value).lstrip("0") or "0"
    try:
        return Sex(text)
    except ValueError:
        raise ProtocolError("unknown sex code") from None


def decode_nation(value: bytes) -> str:
    digits = decode_cn(value)
    if not digits:
        return ""
    name = nation_name(int(digits))
    if name is None:
        raise ProtocolError("unknown nation code")
    return name


class SocialSecurityCard:
    """One read session over a transport; raises typed errors for every refusal or malformed reply."""

    def __init__(self, transmit: Transmit) -> None:
        self._transmit = transmit

    def apdu(self, command: list[int]) -> tuple[bytes, tuple[int, int]]:
        data, sw1, sw2 = self._transmit(command)
        if sw1 == 0x61:  # T=0: more data waits, fetch it with GET RESPONSE
            data, sw1, sw2 = self._transmit([0x00, 0xC0, 0x00, 0x00, sw2])
        elif sw1 == 0x6C and len(command) == 5:  # wrong Le: the card says the right one
            data, sw1, sw2 = self._transmit([*command[:4], sw2])
        if not all(0 <= b <= 0xFF for b in data):
            raise ProtocolError("reply bytes out of range")
        return bytes(data), (sw1, sw2)

    def item(self, command: list[int], tag: int, optional: bool = False) -> bytes | None:
        data, sw = self.apdu(command)
        if sw in SW_NOT_FOUND and optional:
            return None
        if sw != SW_OK:
            raise CardReadFailed(f"read record 0x{tag:02X} refused", status=sw[0] << 8 | sw[1])
        return parse_tlv(data, tag)

    def required(self, item: tuple[int, int]) -> bytes:
        value = self.item(read_record(item), item[0])
        assert value is not None  # not optional: errors raise
        return value

    def read(self) -> Identity:
        _, sw = self.apdu(SELECT_AID)
        if sw != SW_OK:
            raise UnsupportedCard("no social security application", status=sw[0] << 8 | sw[1])
        issuer = {
            item[0]: self.item(read_record_sfi(item, SFI_EF05), item[0], optional=True)
            for item in (ISSUED, EXPIRES, CARD_NUMBER)
        }
        _, sw = self.apdu(SELECT_EF06)
        if sw != SW_OK:
            raise CardReadFailed("cardholder file not selectable", status=sw[0] << 8 | sw[1])
        number = decode_an(self.required(SSN)).upper()
        name = decode_an(self.required(NAME))
        if len(number) != 18 or not name:
            raise ProtocolError("cardholder data without a name or an 18-character number")
        issued, expires, card_number = issuer[ISSUED[0]], issuer[EXPIRES[0]], issuer[CARD_NUMBER[0]]
        return Identity(
            name=name,
            sex=decode_sex(self.required(SEX)),
            nation=decode_nation(self.required(NATION)),
            birth_date=decode_date(self.required(BIRTH), "birth date"),
            address="",  # not among the items readable without a PSAM
            id_number=number,
            valid_from=decode_date(issued, "issue date") if issued else None,
            valid_to=decode_date(expires, "expiry date") if expires else None,
            source=CardSource.SOCIAL_SECURITY,
            card_number=decode_an(card_number) if card_number else "",
        )


def read_social_security_card(transmit: Transmit) -> Identity:
    return SocialSecurityCard(transmit).read()
