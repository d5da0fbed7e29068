"""The delivery choice's own checks (kiosk/delivery.py): an address a courier can find, a mobile number, a
way the item offers; and how a ready or mailed result reads."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.delivery import (
    AddressNoVillage,
    AddressTooShort,
    Delivery,
    DeliveryInvalid,
    check_address,
    choice,
    delivery_form,
    problems,
    result_status,
)
from kiosk.forms import FormState
from kiosk.identifiers import InvalidMobile
from offline_cache.records import StatusChange

ALL = ("station", "township", "mail")
HOME = "贵州省贵安新区样例镇样例村三组12号"


@pytest.mark.parametrize(
    ("address", "error"),
    [
        ("样例村", AddressTooShort),
        ("  样 例 村 3 号 ", AddressTooShort),  # spaces do not make it longer
        ("贵州省贵安新区样例镇中心街12号", AddressNoVillage),
        ("Main Street 12, Guian New District", AddressNoVillage),
    ],
)
def test_an_address_a_courier_cannot_find_is_refused(address: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        check_address(address)


@pytest.mark.parametrize("address", [HOME, "贵阳市花溪区样例社区二栋3单元", "样例镇样例村五组（样例）"])
def test_an_address_with_its_village_or_community_is_taken(address: str) -> None:
    assert check_address(address) == "".join(address.split())


def test_the_choice_is_checked_as_a_whole() -> None:
    assert choice(ALL, {"method": "station"}) == Delivery("station")
    mailed = choice(ALL, {"method": "mail", "address": HOME, "mobile": "13800138000"})
    assert mailed.manifest() == {"method": "mail", "address": HOME, "mobile": "13800138000"}
    assert "13800138000" not in repr(mailed) and HOME not in repr(mailed)  # never into a log
    with pytest.raises(DeliveryInvalid):
        choice(("station", "mail"), {"method": "township"})  # not offered for this item
    with pytest.raises(DeliveryInvalid):
        choice(ALL, {})
    with pytest.raises(InvalidMobile):
        choice(ALL, {"method": "mail", "address": HOME, "mobile": "12345"})
    with pytest.raises(AddressTooShort):
        choice(ALL, {"method": "mail", "address": "三组", "mobile": "13800138000"})


def test_the_screen_form_asks_for_the_address_only_for_mail() -> None:
    form = FormState(delivery_form(ALL))
    form.set("method", "station")
    assert [f.id for f in form.visible_fields()] == ["method"] and problems(form) == {}
    form.set("method", "mail")
    assert [f.id for f in form.visible_fields()] == ["method", "address", "mobile"]
    form.set("address", "三组12号")
    form.set("mobile", "13800138000")
    assert problems(form) == {"address": "地址太短，快递员找不到。请写到村（社区）、组和门牌号。"}


def _change(status: str, **kw: Any) -> StatusChange:
    import datetime as dt

    return StatusChange("a", 1, status, dt.datetime(2026, 12, 1, tzinfo=dt.UTC), **kw)


def test_a_ready_or_mailed_result_says_where_to_go_or_what_is_coming() -> None:
    assert result_status([_change("ready", delivery="township")]) == ("result.ready.township", {})
    assert result_status([_change("mailed", tracking_no="SF123456")]) == ("result.mailed", {"no": "SF123456"})
    assert result_status([_change("mailed")]) == ("result.mailed.no_number", {})
    assert result_status([_change("ready")]) is None  # the way unknown: the plain words serve
    assert result_status([_change("accepted", delivery="mail")]) is None
