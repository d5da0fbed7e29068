"""Appointments (预约) on the terminal: the calls to the platform and the terminal's own note of each booking.

Booking is online only (the platform holds the capacity: ``central/appointments.py``). Who books is sealed
for the platform (``sealing.seal_note``, the booking id as associated data). The terminal keeps, per
booking, the applicant key (so the card finds it again for a cancel or a move), the booking number and
the slot as the platform described it (hall, time): nothing personal in clear. Table ``bookings``,
migration 0007.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

import sqlite_utils

from offline_cache import sealing, wire
from offline_cache.db import utc_text
from offline_cache.uuid7 import uuid7_str

if TYPE_CHECKING:  # the store imports this module: requests and the client only when a booking is made
    from offline_cache.platform_client import PlatformClient

Transaction = Callable[[], AbstractContextManager[sqlite_utils.Database]]
BOOKING_HOLDER = "booking:holder"  # central.appointments.BOOKING_HOLDER


@dataclasses.dataclass(frozen=True, slots=True)
class KeptBooking:
    booking_id: str
    booking_no: str
    slot: wire.Slot


class BookingBook:
    def __init__(self, write: Transaction, read: Transaction, clock: Callable[[], dt.datetime]) -> None:
        self._write, self._read, self._clock = write, read, clock

    def keep(self, booking: wire.Booking, applicant_key: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO bookings (booking_id, applicant_key, booking_no, slot, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (booking_id) DO UPDATE SET slot = excluded.slot,"
                " booking_no = excluded.booking_no, cancelled_at = NULL",
                [booking.booking_id, applicant_key, booking.booking_no, booking.slot.model_dump_json(),
                 utc_text(self._clock())],
            )  # fmt: skip

    def cancelled(self, booking_id: str) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE bookings SET cancelled_at = ? WHERE booking_id = ?",
                [utc_text(self._clock()), booking_id],
            )

    def for_applicant(self, applicant_key: str) -> list[KeptBooking]:
        """Bookings not cancelled whose slot has not begun, soonest first."""
        with self._read() as db:
            rows = db.execute(
                "SELECT booking_id, booking_no, slot FROM bookings WHERE applicant_key = ? AND cancelled_at IS NULL",
                [applicant_key],
            ).fetchall()
        now = self._clock()
        kept = [KeptBooking(b, no, wire.Slot.model_validate_json(s)) for b, no, s in rows]
        return sorted((k for k in kept if k.slot.starts_at > now), key=lambda k: k.slot.starts_at)


def slots(client: PlatformClient, item_code: str) -> list[wire.Slot]:
    from offline_cache import services_client
    from offline_cache.platform_client import parse

    resp = services_client.call(client, "GET", "/slots", params={"item_code": item_code})
    return parse(wire.Slots, resp).slots


def book(client: PlatformClient, slot: wire.Slot, name: str, id_number: str) -> wire.Booking:
    from offline_cache import services_client
    from offline_cache.platform_client import parse

    booking_id = uuid7_str()
    key = sealing.load_public_key(client.credentials.platform_public_key)
    holder = json.dumps({"name": name, "id_number": id_number}, ensure_ascii=False)
    req = wire.BookingRequest(
        booking_id=booking_id,
        slot_id=slot.slot_id,
        item_code=slot.item_code,
        holder=wire.SealedNote(**sealing.seal_note(key, booking_id, BOOKING_HOLDER, holder)),
    )
    resp = services_client.call(client, "POST", "/bookings", **services_client.json_body(req))
    return parse(wire.Booking, resp)


def cancel(client: PlatformClient, booking_id: str) -> None:
    from offline_cache import services_client

    services_client.call(client, "DELETE", f"/bookings/{booking_id}")


def move(client: PlatformClient, booking_id: str, slot_id: int) -> wire.Booking:
    from offline_cache import services_client
    from offline_cache.platform_client import parse

    req = wire.MoveRequest(slot_id=slot_id)
    resp = services_client.call(
        client, "POST", f"/bookings/{booking_id}/move", **services_client.json_body(req)
    )
    return parse(wire.Booking, resp)
