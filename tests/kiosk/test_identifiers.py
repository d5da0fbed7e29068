"""Identifier checks and the card cross-check (python-stdnum does the checksums)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from drivers.card.identity import Sex
from drivers.card.samples import ELDER, EXPIRED, FARMER
from kiosk.identifiers import (
    BirthDateMismatch,
    CardNotYetValid,
    CardValidityExpired,
    InvalidMobile,
    InvalidResidentId,
    InvalidUscc,
    SexMismatch,
    cross_check,
    validate_mobile,
    validate_resident_id,
    validate_uscc,
)
from kiosk.messages.card import MESSAGES

TODAY = dt.date(2026, 11, 27)


def test_resident_id_valid_and_compacted() -> None:
    assert validate_resident_id(" " + ELDER.id_number[:6] + " " + ELDER.id_number[6:]) == ELDER.id_number
    assert validate_resident_id("11010519491231002x") == "11010519491231002X"  # published stdnum example


@pytest.mark.parametrize(
    "number",
    ["11010519491231002", "11010519491231002Y", "110105194912310021", "110105194913310028", "", "abc"],
)
def test_resident_id_invalid(number: str) -> None:
    with pytest.raises(InvalidResidentId) as info:
        validate_resident_id(number)
    assert info.value.code == "id.resident_invalid" and number not in str(info.value) or not number


def test_area_that_did_not_exist_in_birth_year_is_accepted_unless_strict() -> None:
    # 520111 (花溪区) is newer than 1948: stdnum alone rejects it, though such cards exist.
    body = "520111194803150"
    from stdnum.cn import ric

    number = body + "02" + ric.calc_check_digit(body + "02X")
    assert not ric.is_valid(number)
    assert validate_resident_id(number) == number
    with pytest.raises(InvalidResidentId):
        validate_resident_id(number, strict_area=True)


def test_uscc() -> None:
    assert validate_uscc("91110000600037341L") == "91110000600037341L"
    for bad in ("91110000600037341M", "9111000060003734", "91110000600037341I"):
        with pytest.raises(InvalidUscc):
            validate_uscc(bad)


@pytest.mark.parametrize("raw", ["13812345678", "138 1234 5678", "+86 138-1234-5678", "0086 19912345678"])
def test_mobile_ok(raw: str) -> None:
    assert len(validate_mobile(raw)) == 11


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "138123456789", "0851-1234567", ""])
def test_mobile_bad(raw: str) -> None:
    with pytest.raises(InvalidMobile):
        validate_mobile(raw)


def test_cross_check_clean_sample() -> None:
    assert cross_check(ELDER, TODAY) == []
    assert cross_check(FARMER, TODAY) == []


def test_cross_check_finds_each_problem() -> None:
    wrong = dataclasses.replace(
        FARMER, birth_date=dt.date(1975, 8, 21), sex=Sex.FEMALE, valid_from=dt.date(2027, 1, 1)
    )
    codes = {type(p) for p in cross_check(wrong, TODAY)}
    assert codes == {BirthDateMismatch, SexMismatch, CardNotYetValid}
    assert [type(p) for p in cross_check(EXPIRED, TODAY)] == [CardValidityExpired]
    bad_number = dataclasses.replace(ELDER, id_number="520100194803150026")
    assert [type(p) for p in cross_check(bad_number, TODAY)] == [InvalidResidentId]
    for problem in cross_check(wrong, TODAY) + cross_check(bad_number, TODAY):
        assert problem.code in MESSAGES
        assert wrong.id_number not in str(problem)
