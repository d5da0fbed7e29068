"""Appointments (预约, plan §7) at the terminal: which items offer them, the typed refusals, the slip.

Booking needs the ID card and the platform (it holds the capacity); offline, the screen says so and offers
the one-time notice instead. The slip says when, where, what to bring (the one-time notice's list) and
carries a QR code with the booking number for the hall's staff.

Errors::

    KioskError
    └── AppointmentError        appointment.error
        ├── AppointmentsOffline appointment.offline      the platform cannot be reached: booking is online only
        ├── SlotTaken           appointment.slot_full    another terminal took the last place meanwhile
        └── BookingGone         appointment.booking_gone the booking is cancelled or not this terminal's
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from drivers.printing.document import QR, Block, Cut, Document, KeyValue, Rule, Spacer, Text, Title
from kiosk.errors import KioskError
from kiosk.receipts import SAMPLE_MARK, cn_datetime

CHINA = dt.timezone(dt.timedelta(hours=8))


class AppointmentError(KioskError):
    code: ClassVar[str] = "appointment.error"


class AppointmentsOffline(AppointmentError):
    code: ClassVar[str] = "appointment.offline"


class SlotTaken(AppointmentError):
    code: ClassVar[str] = "appointment.slot_full"


class BookingGone(AppointmentError):
    code: ClassVar[str] = "appointment.booking_gone"


def offered(item: Any, configured: list[str]) -> bool:
    """The guide says come in person, or the station books times for this item."""
    return bool(getattr(item.guide, "visit_hall", False)) or item.code in configured


def typed(exc: Exception) -> Exception:
    """The platform's refusal as the screen says it (``offline_cache.services_client.ServiceRefused``)."""
    from offline_cache.platform_client import PlatformUnreachable
    from offline_cache.services_client import ServiceRefused

    if isinstance(exc, ServiceRefused):
        if exc.problem in ("slot.full", "slot.past", "slot.unknown"):
            return SlotTaken(exc.problem)
        return BookingGone(exc.problem)
    if isinstance(exc, PlatformUnreachable):
        return AppointmentsOffline(type(exc).__name__)
    return exc


def slip(
    *,
    station_name: str,
    booking_no: str,
    item_name: str,
    hall_name: str,
    hall_address: str,
    starts_at: dt.datetime,
    minutes: int,
    bring: list[str],
    applicant_masked: str,
    hotline: str,
    sample: bool,
) -> Document:
    """预约单: time, place, what to bring, and the booking number as a QR code for the hall."""
    local = starts_at.astimezone(CHINA)
    blocks: list[Block] = [Title("预约单"), Text(station_name, align="center")]
    if sample:
        blocks.append(Text(SAMPLE_MARK, align="center", bold=True))
    blocks += [
        Rule("double"),
        KeyValue("预约编号", booking_no),
        KeyValue("办理事项", item_name),
        KeyValue("预约人", applicant_masked),
        KeyValue("时间", f"{cn_datetime(local)}（约{minutes}分钟）"),
        KeyValue("地点", hall_name + (f"（{hall_address}）" if hall_address else "")),
        Rule(),
        Text("请带上：", bold=True),
        *[Text(f"{n}. {m}", indent=len(f"{n}. ")) for n, m in enumerate(bring, 1)],
        Text("请带身份证，提前10分钟到。不能来的，请到本机取消或改时间。"),
        Rule(),
        QR(f"KIOSK:Y:{booking_no}", "到大厅出示此码"),
        Text(f"咨询电话：{hotline or '12345'}", align="center"),
        Spacer(1),
        Cut(),
    ]
    return Document(blocks, title="预约单", meta={"kind": "appointment_slip"})
