"""Masking of personal data wherever it is shown or printed (张*三, 52**************3X, 138****5678).

The terminal stores no part of an ID number (kiosk/lookup_key.py); the masked form is only for the screen
of the visitor whose card is in the reader and for the installer's ``kiosk read-card``.
"""

from __future__ import annotations


def mask_name(name: str) -> str:
    """Keep the first and (for names of three or more characters) the last character."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(number: str) -> str:
    """Keep the first two (the province) and the last two characters: enough for a visitor to see that
    the card read is theirs, too few to narrow a search for the number (four digits or more were)."""
    number = number.strip()
    if len(number) <= 8:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 4) + number[-2:]


def mask_phone(phone: str) -> str:
    phone = phone.strip()
    if len(phone) != 11:
        return "*" * len(phone)
    return phone[:3] + "****" + phone[-4:]


def mask_address(address: str, keep: int = 6) -> str:
    """Keep the region part at the start; hide the house and number."""
    address = address.strip()
    if len(address) <= keep:
        return address
    return address[:keep] + "****"
