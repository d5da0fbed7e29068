"""Checks of identifiers a villager gives or a card yields: resident ID number, unified social credit
code, mobile number, and the cross-check of a card's fields against its own ID number.

Checksums come from python-stdnum (``stdnum.cn.ric``, ``stdnum.cn.uscc``); nothing is hand-written.
``validate_*`` return the compact form or raise an ``IdentifierError``; ``cross_check`` returns every
problem it finds (as error instances, not raised) so a form can show them all at once.

Tree::

    IdentifierError            id.invalid
    ├── InvalidResidentId      id.resident_invalid   wrong length, characters, birth date or check digit
    ├── InvalidUscc            id.uscc_invalid
    ├── InvalidMobile          id.mobile_invalid
    ├── BirthDateMismatch      id.birth_mismatch     the card's birth date is not the one in the ID number
    ├── SexMismatch            id.sex_mismatch       the card's sex disagrees with the sequence's parity
    ├── CardNotYetValid        id.not_yet_valid      valid_from is after today
    └── CardValidityExpired    id.expired            valid_to is before today
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent, ValidationError

from drivers.card.identity import Identity, Sex
from kiosk.errors import KioskError


class IdentifierError(KioskError, ValueError):
    code: ClassVar[str] = "id.invalid"

    def __init__(self, field: str, detail: str = "") -> None:
        # ``field`` names the form field ("id_number", "mobile"...); never the value itself.
        self.field = field
        super().__init__(f"{self.code}: {field}{': ' + detail if detail else ''}")


class InvalidResidentId(IdentifierError):
    code: ClassVar[str] = "id.resident_invalid"


class InvalidUscc(IdentifierError):
    code: ClassVar[str] = "id.uscc_invalid"


class InvalidMobile(IdentifierError):
    code: ClassVar[str] = "id.mobile_invalid"


class BirthDateMismatch(IdentifierError):
    code: ClassVar[str] = "id.birth_mismatch"


class SexMismatch(IdentifierError):
    code: ClassVar[str] = "id.sex_mismatch"


class CardNotYetValid(IdentifierError):
    code: ClassVar[str] = "id.not_yet_valid"


class CardValidityExpired(IdentifierError):
    code: ClassVar[str] = "id.expired"


def validate_resident_id(number: str, field: str = "id_number", strict_area: bool = False) -> str:
    """The 18-character compact form (check character upper-cased), or ``InvalidResidentId``.

    python-stdnum also requires the 6-digit area code to have existed in the birth year. Cards issued long
    after birth carry the area of issue (an elder born in 1948 may hold a 520111 number, a code created
    later), so by default an unknown area alone is accepted once length, checksum and birth date pass.
    """
    # Typed numbers come grouped ("5201 0019..."); stdnum's compact keeps inner spaces.
    number = re.sub(r"\s", "", number)
    try:
        result: str = ric.validate(number)
    except InvalidComponent:
        result = _area_only_problem(number, field, strict_area)
    except KeyError:  # stdnum 2.x raises KeyError for an area it knows only at province level
        result = _area_only_problem(number, field, strict_area)
    except ValidationError as exc:
        raise InvalidResidentId(field, type(exc).__name__) from None
    return result


def _area_only_problem(number: str, field: str, strict_area: bool) -> str:
    # ric.validate checks length, format and checksum before the birth date and the area, so reaching
    # here means those passed; tell a bad birth date (always invalid) from an unknown area.
    compact: str = ric.compact(number)
    try:
        ric.get_birth_date(compact)
    except ValidationError:
        raise InvalidResidentId(field, "InvalidComponent") from None
    if strict_area:
        raise InvalidResidentId(field, "unknown area code")
    return compact


def validate_uscc(code: str, field: str = "uscc") -> str:
    try:
        result: str = uscc.validate(code)
    except ValidationError as exc:
        raise InvalidUscc(field, type(exc).__name__) from None
    return result


_MOBILE = re.compile(r"1[3-9]\d{9}")


def validate_mobile(number: str, field: str = "mobile") -> str:
    """An 11-digit mainland mobile number; spaces, dashes and a +86 / 0086 prefix are accepted and dropped."""
    compact = re.sub(r"[\s\-()]", "", number)
    for prefix in ("+86", "0086"):
        if compact.startswith(prefix):
            compact = compact[len(prefix) :]
    if not _MOBILE.fullmatch(compact):
        raise InvalidMobile(field)
    return compact


def sex_from_id(number: str) -> Sex:
    """Odd sequence digit (the 17th character) for men, even for women."""
    return Sex.MALE if int(validate_resident_id(number)[16]) % 2 else Sex.FEMALE


def cross_check(identity: Identity, today: dt.date | None = None) -> list[IdentifierError]:
    """Every inconsistency between the card's fields, its ID number and today's date."""
    today = today or dt.date.today()
    problems: list[IdentifierError] = []
    try:
        number = validate_resident_id(identity.id_number)
    except InvalidResidentId as exc:
        problems.append(exc)
    else:
        if ric.get_birth_date(number) != identity.birth_date:
            problems.append(BirthDateMismatch("birth_date"))
        if identity.sex in (Sex.MALE, Sex.FEMALE) and sex_from_id(number) != identity.sex:
            problems.append(SexMismatch("sex"))
    if identity.valid_from is not None and identity.valid_from > today:
        problems.append(CardNotYetValid("valid_from"))
    if identity.valid_to is not None and identity.valid_to < today:
        problems.append(CardValidityExpired("valid_to"))
    return problems
