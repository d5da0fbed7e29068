"""Appointments (预约, plan §7) on the reference platform: time slots per hall and item, and the bookings the
terminals make, cancel and move. Booking is online only: the platform holds the capacity, so two terminals
cannot both take the last place (one ``UPDATE .. WHERE booked < capacity`` decides, in SQLite and in
PostgreSQL alike).

Who booked travels sealed (``sealing.seal_note``, the booking id as associated data: name and ID number,
for the hall's list); the platform keeps it sealed and opens it only for the staff (``bookings``). A booking
belongs to the device that made it: another device cancelling or moving it gets the answer an unknown one
gets. ``kiosk-central slots add|list`` (``central/services_cli.py``) make and show the slots.

Errors (drawn in ``central/errors.py``)::

    SlotFull          slot.full           409  no place left in that slot (another terminal took the last)
    SlotUnknown       slot.unknown        404  no such slot, or not for that item
    SlotPast          slot.past           422  the slot has begun or is over
    BookingUnknown    booking.unknown     404  no such booking on this device (or it is cancelled)
    BookingSealInvalid booking.seal_invalid 422 the sealed holder does not open with the platform key
"""

# No "from __future__ import annotations": FastAPI reads the routes' annotations at run time.
import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Response
from fastapi import Path as PathParam
from sqlalchemy import ForeignKey, Integer, String, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from central import errors
from central.models import Base, Device, aware, rowcount, utcnow
from offline_cache import sealing, wire

BOOKING_HOLDER = "booking:holder"  # the sealed note's part name


class SlotFull(errors.Conflict):
    code = "slot.full"


class SlotUnknown(errors.NotFound):
    code = "slot.unknown"


class SlotPast(errors.Unprocessable):
    code = "slot.past"


class BookingUnknown(errors.NotFound):
    code = "booking.unknown"


class BookingSealInvalid(errors.Unprocessable):
    code = "booking.seal_invalid"


class SlotRow(Base):
    __tablename__ = "slots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_code: Mapped[str] = mapped_column(String(40))
    hall_name: Mapped[str] = mapped_column(String(200))
    hall_address: Mapped[str] = mapped_column(String(200), default="")
    item_code: Mapped[str] = mapped_column(String(80))
    starts_at: Mapped[dt.datetime] = mapped_column()
    minutes: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)


class BookingRow(Base):
    __tablename__ = "bookings"
    booking_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"))
    device_id: Mapped[str] = mapped_column(String(40))
    booking_no: Mapped[str] = mapped_column(String(40), default="")
    holder: Mapped[dict[str, Any]] = mapped_column()  # the sealed note
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(default=None)


def _slot(row: SlotRow) -> wire.Slot:
    return wire.Slot(
        slot_id=row.id,
        hall_code=row.hall_code,
        hall_name=row.hall_name,
        hall_address=row.hall_address,
        item_code=row.item_code,
        starts_at=aware(row.starts_at),
        minutes=row.minutes,
        remaining=max(0, row.capacity - row.booked),
    )


class Appointments:
    def __init__(self, sessions: sessionmaker[Session], private_key: Callable[[], Any]) -> None:
        self.sessions, self.private_key = sessions, private_key

    # -- staff --------------------------------------------------------------------------------------
    def add_slot(
        self,
        hall_code: str,
        hall_name: str,
        item_code: str,
        starts_at: dt.datetime,
        minutes: int,
        capacity: int,
        hall_address: str = "",
    ) -> wire.Slot:
        if capacity < 1 or minutes < 5 or starts_at.tzinfo is None:
            raise errors.Unprocessable("a slot has a zoned start, 5 minutes or more and room for one or more")
        with self.sessions.begin() as s:
            row = SlotRow(
                hall_code=hall_code,
                hall_name=hall_name,
                hall_address=hall_address,
                item_code=item_code,
                starts_at=starts_at.astimezone(dt.UTC),  # stored as UTC: SQLite keeps no zone
                minutes=minutes,
                capacity=capacity,
                booked=0,
            )
            s.add(row)
            s.flush()
            return _slot(row)

    def listing(self, item_code: str | None = None, *, future_only: bool = False) -> list[wire.Slot]:
        with self.sessions() as s:
            q = select(SlotRow).order_by(SlotRow.starts_at, SlotRow.id)
            if item_code:
                q = q.where(SlotRow.item_code == item_code)
            if future_only:
                q = q.where(SlotRow.starts_at > utcnow())
            return [_slot(r) for r in s.scalars(q)]

    def bookings(self, slot_id: int) -> list[dict[str, str]]:
        """Who comes in a slot, opened for the hall's staff."""
        with self.sessions() as s:
            rows = s.scalars(
                select(BookingRow).where(BookingRow.slot_id == slot_id, BookingRow.cancelled_at.is_(None))
            ).all()
        return [{"booking_no": r.booking_no, **self._holder(r.booking_id, r.holder)} for r in rows]

    def _holder(self, booking_id: str, note: dict[str, Any]) -> dict[str, str]:
        import json

        try:
            opened = json.loads(sealing.open_note(note, self.private_key(), booking_id, BOOKING_HOLDER))
        except (sealing.SealError, ValueError) as exc:
            raise BookingSealInvalid("the booking's holder does not open with the platform key") from exc
        return {k: str(v) for k, v in opened.items()} if isinstance(opened, dict) else {}

    # -- terminals ----------------------------------------------------------------------------------
    def book(self, device: Device, req: wire.BookingRequest) -> tuple[wire.Booking, bool]:
        self._holder(req.booking_id, req.holder.model_dump())  # refused unless it opens
        replay = self._own(device, req.booking_id)
        if replay is not None:
            return replay, False
        try:
            with self.sessions.begin() as s:
                self._take(s, req.slot_id, req.item_code)
                row = BookingRow(
                    booking_id=req.booking_id,
                    slot_id=req.slot_id,
                    device_id=device.id,
                    holder=req.holder.model_dump(),
                    created_at=utcnow(),
                )
                s.add(row)
                s.flush()
                row.booking_no = f"Y{req.slot_id:05d}-{row.created_at:%m%d%H%M%S}"
                return self._booking(s, row), True
        except IntegrityError:  # the same id at once from a retry: the first one stands
            replay = self._own(device, req.booking_id)
            if replay is None:
                raise errors.Conflict("booking id taken") from None
            return replay, False

    def _take(self, s: Session, slot_id: int, item_code: str) -> None:
        slot = s.get(SlotRow, slot_id)
        if slot is None or slot.item_code != item_code:
            raise SlotUnknown(f"no slot {slot_id} for this item")
        if aware(slot.starts_at) <= utcnow():
            raise SlotPast("the slot has begun")
        taken = s.execute(
            update(SlotRow)
            .where(SlotRow.id == slot_id, SlotRow.booked < SlotRow.capacity)
            .values(booked=SlotRow.booked + 1)
        )
        if rowcount(taken) != 1:
            raise SlotFull("no place left in this slot")

    def _own(self, device: Device, booking_id: str) -> wire.Booking | None:
        with self.sessions() as s:
            row = s.get(BookingRow, booking_id)
            if row is None or row.device_id != device.id or row.cancelled_at is not None:
                return None
            return self._booking(s, row)

    @staticmethod
    def _booking(s: Session, row: BookingRow) -> wire.Booking:
        slot = s.get(SlotRow, row.slot_id)
        assert slot is not None
        return wire.Booking(booking_id=row.booking_id, booking_no=row.booking_no, slot=_slot(slot))

    def cancel(self, device: Device, booking_id: str) -> None:
        with self.sessions.begin() as s:
            row = s.get(BookingRow, booking_id, with_for_update=True)
            if row is None or row.device_id != device.id or row.cancelled_at is not None:
                raise BookingUnknown("no such booking on this terminal")
            row.cancelled_at = utcnow()
            s.execute(update(SlotRow).where(SlotRow.id == row.slot_id).values(booked=SlotRow.booked - 1))

    def move(self, device: Device, booking_id: str, slot_id: int) -> wire.Booking:
        """To another slot in one transaction: the new place is taken before the old one is given back."""
        with self.sessions.begin() as s:
            row = s.get(BookingRow, booking_id, with_for_update=True)
            if row is None or row.device_id != device.id or row.cancelled_at is not None:
                raise BookingUnknown("no such booking on this terminal")
            old = s.get(SlotRow, row.slot_id)
            assert old is not None
            self._take(s, slot_id, old.item_code)
            s.execute(update(SlotRow).where(SlotRow.id == row.slot_id).values(booked=SlotRow.booked - 1))
            row.slot_id = slot_id
            s.flush()
            return self._booking(s, row)


def sample_slots(appointments: Appointments, item_codes: list[str], days: int = 3) -> int:
    """The demo's hall times (样例): the next ``days`` days at 9:00, 10:30 and 14:30 China time, three places
    each, for items that have no future slot yet. Returns how many were made."""
    china = dt.timezone(dt.timedelta(hours=8))
    today = dt.datetime.now(china).replace(hour=0, minute=0, second=0, microsecond=0)
    made = 0
    for code in item_codes:
        if appointments.listing(code, future_only=True):
            continue
        for d in range(1, days + 1):
            for hour, minute in ((9, 0), (10, 30), (14, 30)):
                start = today + dt.timedelta(days=d, hours=hour, minutes=minute)
                appointments.add_slot(
                    "GA01", "样例镇便民服务中心（样例）", code, start, 30, 3, "样例镇政府一楼"
                )
                made += 1
    return made


def add_routes(app: FastAPI, appointments: Appointments, device_dep: Callable[..., Device]) -> None:
    api = wire.API_PREFIX
    DeviceDep = Annotated[Device, Depends(device_dep)]
    BookingId = Annotated[str, PathParam(pattern=wire.ID_PATTERN)]

    @app.get(f"{api}/slots")
    def slots(device: DeviceDep, item_code: Annotated[str, Query(max_length=80)]) -> wire.Slots:
        return wire.Slots(slots=appointments.listing(item_code, future_only=True))

    @app.post(f"{api}/bookings", status_code=201, responses={200: {"description": "replay"}})
    def book(req: wire.BookingRequest, device: DeviceDep, response: Response) -> wire.Booking:
        booking, created = appointments.book(device, req)
        response.status_code = 201 if created else 200
        return booking

    @app.delete(f"{api}/bookings/{{booking_id}}", status_code=204)
    def cancel(booking_id: BookingId, device: DeviceDep) -> Response:
        appointments.cancel(device, booking_id)
        return Response(status_code=204)

    @app.post(f"{api}/bookings/{{booking_id}}/move")
    def move(booking_id: BookingId, req: wire.MoveRequest, device: DeviceDep) -> wire.Booking:
        return appointments.move(device, booking_id, req.slot_id)
