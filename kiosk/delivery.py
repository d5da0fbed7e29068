"""How the result of an application reaches the villager (就近领证, 证照寄送; plan §7 and §22).

An item whose result is a paper (a certificate, a licence, a decision letter) lists in its guide the ways
it can come (``guide.delivery``): picked up at the village station, at the township hall, or mailed. The
applicant chooses on the delivery screen before the review; a mailing address is prefilled from the ID
card and may be corrected, with a mobile number for the courier. The choice travels sealed in the
application's manifest (``delivery``: the address and the number are personal data); the platform keeps
the method in clear and says, when the result is ready or mailed, where to go or what is coming (the
status feed's ``delivery`` and ``tracking_no``).

The screen asks through the form engine (``delivery_form``: a choice, an address, a mobile number), so
the same touch controls, keyboards and plain-words errors serve it; the checks the form engine cannot
say (an address too short to find, or without its village) are here.

Errors::

    KioskError
    └── DeliveryInvalid        delivery.invalid            a choice the item does not offer, or incomplete
        ├── AddressTooShort    delivery.address_short      too short for a courier to find the house
        └── AddressNoVillage   delivery.address_no_village names no village (村), community (社区) or 组
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from kiosk.errors import KioskError
from kiosk.forms import FormSpec, FormState
from kiosk.identifiers import validate_mobile

METHODS = ("station", "township", "mail")
MIN_ADDRESS = 8  # characters: 县 + 乡镇 + 村 + 组 at the least
# What a courier needs to find a house in the countryside: its village (or an urban community) or its group.
VILLAGE_MARKS = ("村", "社区", "组", "居委会")


class DeliveryInvalid(KioskError):
    code: ClassVar[str] = "delivery.invalid"


class AddressTooShort(DeliveryInvalid):
    code: ClassVar[str] = "delivery.address_short"


class AddressNoVillage(DeliveryInvalid):
    code: ClassVar[str] = "delivery.address_no_village"


@dataclasses.dataclass(frozen=True, slots=True)
class Delivery:
    method: str  # station | township | mail
    address: str = dataclasses.field(default="", repr=False)  # mail only
    mobile: str = dataclasses.field(default="", repr=False)  # mail only

    def manifest(self) -> dict[str, str]:
        """What goes into the sealed manifest (``wire.DeliveryChoice``)."""
        if self.method != "mail":
            return {"method": self.method}
        return {"method": self.method, "address": self.address, "mobile": self.mobile}


def offered(item: Any) -> tuple[str, ...]:
    """The ways this item's result can come, in the order the screen shows them; () when it is no paper."""
    ways = set(getattr(item.guide, "delivery", ()))
    return tuple(m for m in METHODS if m in ways)


def delivery_form(methods: tuple[str, ...], words: Mapping[str, str] | None = None) -> FormSpec:
    """The delivery screen as a form: the choice, and for mail the address and the courier's number.
    ``words``: the texts by code (``kiosk/messages/services.py``; the screen passes them translated)."""
    from kiosk.messages.services import MESSAGES

    w = {**MESSAGES, **(words or {})}
    mail = {"field": "method", "equals": "mail"}
    fields = [
        {
            "id": "method",
            "type": "choice",
            "label": w["delivery.form.method"],
            "options": [{"value": m, "label": w[f"delivery.method.{m}"]} for m in methods],
        },
        {
            "id": "address",
            "type": "address",
            "label": w["delivery.form.address"],
            "prefill": "address",
            "prefill_editable": True,
            "max_length": 120,
            "visible_if": mail,
        },
        {"id": "mobile", "type": "mobile", "label": w["delivery.form.mobile"], "visible_if": mail},
    ]
    page = {"id": "delivery", "title": w["delivery.form.title"], "hint": w["delivery.form.hint"]}
    return FormSpec.from_dict({"pages": [{**page, "fields": fields}]})


def check_address(address: str) -> str:
    """The address, trimmed; ``AddressTooShort`` or ``AddressNoVillage`` when a courier could not find it."""
    text = "".join(address.split())
    if len(text) < MIN_ADDRESS:
        raise AddressTooShort(f"address has {len(text)} characters, fewer than {MIN_ADDRESS}")
    if not any(mark in text for mark in VILLAGE_MARKS):
        raise AddressNoVillage("address names no village, community or group")
    return text


def problems(form: FormState, templates: Mapping[str, str] | None = None) -> dict[str, str]:
    """Field id -> the plain words of what is wrong (the form engine's, then the address checks')."""
    from kiosk.messages import message_for

    found = form.errors()
    address = form.get("address")
    if form.get("method") == "mail" and "address" not in found and isinstance(address, str):
        try:
            check_address(address)
        except DeliveryInvalid as exc:
            words = (templates or {}).get(exc.code) or message_for(exc)
            found["address"] = words
    return found


def choice(methods: tuple[str, ...], values: Mapping[str, Any]) -> Delivery:
    """The applicant's choice from the form's values; raises ``DeliveryInvalid`` (or a subclass) or
    ``kiosk.identifiers.InvalidMobile`` when it is not complete and sound. The submit checks it again."""
    method = values.get("method")
    if method not in methods:
        raise DeliveryInvalid(f"delivery method {method!r} is not offered for this item")
    if method != "mail":
        return Delivery(str(method))
    address = check_address(str(values.get("address") or ""))
    return Delivery("mail", address, validate_mobile(str(values.get("mobile") or "")))


# -- how the result's status reads ------------------------------------------------------------------


def result_status(history: Sequence[Any]) -> tuple[str, dict[str, str]] | None:
    """For an application whose latest change is "ready" or "mailed": the message code that says where to
    go or what is coming (``kiosk/messages/services.py``, ``{station}`` and ``{no}`` to fill), and the
    values; None otherwise (the plain status words serve)."""
    latest = history[-1] if history else None
    if latest is None:
        return None
    if latest.status == "ready" and latest.delivery in METHODS:
        return f"result.ready.{latest.delivery}", {}
    if latest.status == "mailed":
        return (
            ("result.mailed", {"no": latest.tracking_no})
            if latest.tracking_no
            else ("result.mailed.no_number", {})
        )
    return None
