"""Complaints and suggestions (监督举报) on the reference platform: the queue, the staff's reply, and the
per-device feed of replies the terminals pull back (``offline_cache/complaints.py`` is the other end).

What the villager typed (and, when named, who they are) arrives sealed and is opened here for the staff
only (``queue``); a note the platform cannot open is refused (422 ``complaint.seal_invalid``). A reply goes
back to the terminal and is shown there to whoever holds the slip or the card, so it must not carry
personal data: a reply holding an ID or a mobile number is refused (``complaint.reply_personal``).

``Complaints.queue`` and ``Complaints.reply`` are the one code path for the CLI (``kiosk-central
complaints list|reply``), the tests and the staff console when it shows them.

Errors (``central/errors.py`` draws the platform's tree; these hang under ``Unprocessable`` and
``NotFound``)::

    ComplaintSealInvalid   complaint.seal_invalid    422  the sealed text does not open with the platform key
    ComplaintConflict      complaint.conflict        409  the same complaint id with other content
    ReplyRefused           complaint.reply_refused   422  empty, too long, or holding personal data
    ComplaintUnknown       complaint.unknown         404  no complaint with that id
"""

# No "from __future__ import annotations": FastAPI reads the routes' annotations at run time, and
# the device dependency is a local name it could not resolve from text.
import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Response
from sqlalchemy import Integer, String, Text, UniqueConstraint, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from central import errors
from central.models import Base, Device, aware, utcnow
from offline_cache import sealing, wire

COMPLAINT_TEXT = "complaint:text"  # offline_cache.complaints.COMPLAINT_TEXT: the sealed note's part name
_PERSONAL = re.compile(r"(?<!\d)(\d{17}[\dXx]|1[3-9]\d{9})(?!\d)")  # an ID number, a mobile number


class ComplaintSealInvalid(errors.Unprocessable):
    code = "complaint.seal_invalid"


class ComplaintConflict(errors.Conflict):
    code = "complaint.conflict"


class ReplyRefused(errors.Unprocessable):
    code = "complaint.reply_refused"


class ComplaintUnknown(errors.NotFound):
    code = "complaint.unknown"


class ComplaintRow(Base):
    __tablename__ = "complaints"
    __table_args__ = (UniqueConstraint("device_id", "reply_seq"),)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(String(100), unique=True)
    device_id: Mapped[str] = mapped_column(String(40))
    station_code: Mapped[str] = mapped_column(String(40))
    platform_no: Mapped[str] = mapped_column(String(40), default="")
    digest: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, Any]] = mapped_column()
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reply: Mapped[str | None] = mapped_column(Text, default=None)
    replied_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    replied_by: Mapped[str | None] = mapped_column(String(100), default=None)
    reply_seq: Mapped[int | None] = mapped_column(Integer, default=None)  # the device's reply feed order


class Complaints:
    def __init__(self, sessions: sessionmaker[Session], private_key: Callable[[], Any]) -> None:
        self.sessions = sessions
        self.private_key = private_key

    def submit(self, device: Device, sub: wire.ComplaintSubmission) -> tuple[wire.ComplaintReceipt, bool]:
        self._open(sub.complaint_id, sub.body.model_dump(mode="json"))  # refused unless it opens
        digest = sub.digest()
        for attempt in range(2):
            with self.sessions() as s:
                row = s.scalar(select(ComplaintRow).where(ComplaintRow.complaint_id == sub.complaint_id))
                if row is not None:
                    if row.device_id != device.id or row.digest != digest:
                        raise ComplaintConflict("same complaint id with different content")
                    return self._receipt(row), False
            try:
                with self.sessions.begin() as s:
                    row = ComplaintRow(
                        complaint_id=sub.complaint_id,
                        device_id=device.id,
                        station_code=device.station_code,
                        digest=digest,
                        body=sub.body.model_dump(mode="json"),
                        received_at=utcnow(),
                    )
                    s.add(row)
                    s.flush()
                    row.platform_no = f"T{row.received_at:%Y%m%d}{row.seq:07d}"
                return self._receipt(row), True
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    @staticmethod
    def _receipt(row: ComplaintRow) -> wire.ComplaintReceipt:
        return wire.ComplaintReceipt(
            complaint_id=row.complaint_id, platform_no=row.platform_no, received_at=aware(row.received_at)
        )

    def _open(self, complaint_id: str, body: dict[str, Any]) -> dict[str, str]:
        try:
            text = sealing.open_note(body.get("sealed"), self.private_key(), complaint_id, COMPLAINT_TEXT)
            opened = json.loads(text)
        except (sealing.SealError, ValueError) as exc:
            raise ComplaintSealInvalid("the complaint's text does not open with the platform key") from exc
        if not isinstance(opened, dict):
            raise ComplaintSealInvalid("the complaint's sealed text is not an object")
        return {k: str(v) for k, v in opened.items()}

    def queue(self, *, unanswered_only: bool = False) -> list[dict[str, Any]]:
        """The staff's queue, oldest first: what it is about, what was typed (opened), who (when named)."""
        with self.sessions() as s:
            q = select(ComplaintRow).order_by(ComplaintRow.seq)
            if unanswered_only:
                q = q.where(ComplaintRow.reply.is_(None))
            rows = s.scalars(q).all()
        out = []
        for r in rows:
            opened = self._open(r.complaint_id, r.body)
            out.append(
                {
                    "complaint_id": r.complaint_id,
                    "platform_no": r.platform_no,
                    "local_no": r.body.get("local_no", ""),
                    "station_code": r.station_code,
                    "about": r.body.get("about"),
                    "item_code": r.body.get("item_code", ""),
                    "department_id": r.body.get("department_id", ""),
                    "problems": r.body.get("problems", []),
                    "named": bool(r.body.get("named")),
                    "text": opened.get("text", ""),
                    "name": opened.get("name", ""),
                    "id_number": opened.get("id_number", ""),
                    "received_at": aware(r.received_at).isoformat(),
                    "reply": r.reply,
                    "replied_at": aware(r.replied_at).isoformat() if r.replied_at else None,
                }
            )
        return out

    def reply(self, complaint_id: str, text: str, by: str = "staff") -> wire.ComplaintReply:
        """Answer one complaint (a later answer replaces the earlier one and is pulled again)."""
        text = text.strip()
        if not text or len(text) > wire.MAX_COMPLAINT_TEXT:
            raise ReplyRefused(f"a reply is 1 to {wire.MAX_COMPLAINT_TEXT} characters")
        if _PERSONAL.search(text):
            raise ReplyRefused("a reply is shown at the terminal: no ID or mobile numbers in it")
        now = utcnow()
        with self.sessions.begin() as s:
            row = s.scalar(
                select(ComplaintRow).where(ComplaintRow.complaint_id == complaint_id).with_for_update()
            )
            if row is None:
                raise ComplaintUnknown(f"no complaint {complaint_id}")
            seq = s.execute(
                update(Device)
                .where(Device.id == row.device_id)
                .values(feed_seq=Device.feed_seq + 1)
                .returning(Device.feed_seq)
            ).scalar_one()
            row.reply, row.replied_at, row.replied_by, row.reply_seq = text, now, by[:100], seq
        return wire.ComplaintReply(complaint_id=complaint_id, reply=text, replied_at=now)

    def replies(self, device: Device, cursor: str | None, limit: int) -> wire.ComplaintReplies:
        if cursor and not (cursor.isascii() and cursor.isdigit() and len(cursor) <= 10):
            raise errors.BadCursor("cursor is not one this platform gave out")
        after = int(cursor or 0)
        with self.sessions() as s:
            rows = s.scalars(
                select(ComplaintRow)
                .where(ComplaintRow.device_id == device.id, ComplaintRow.reply_seq > after)
                .order_by(ComplaintRow.reply_seq)
                .limit(limit + 1)
            ).all()
        more, rows = len(rows) > limit, rows[:limit]
        return wire.ComplaintReplies(
            replies=[
                wire.ComplaintReply(
                    complaint_id=r.complaint_id,
                    reply=r.reply or "",
                    replied_at=aware(r.replied_at or utcnow()),
                )
                for r in rows
            ],
            cursor=str(rows[-1].reply_seq if rows else after),
            more=more,
        )


def add_routes(app: FastAPI, complaints: Complaints, device_dep: Callable[..., Device]) -> None:
    api = wire.API_PREFIX
    DeviceDep = Annotated[Device, Depends(device_dep)]

    @app.post(f"{api}/complaints", status_code=201, responses={200: {"description": "replay"}})
    def complain(
        sub: wire.ComplaintSubmission, device: DeviceDep, response: Response
    ) -> wire.ComplaintReceipt:
        receipt, created = complaints.submit(device, sub)
        response.status_code = 201 if created else 200
        return receipt

    @app.get(f"{api}/complaint-replies")
    def replies(
        device: DeviceDep,
        cursor: Annotated[str | None, Query(max_length=40)] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 200,
    ) -> wire.ComplaintReplies:
        return complaints.replies(device, cursor, limit)
