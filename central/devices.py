"""Terminals on the platform: enrolment, the token check, rotation, revocation, and the hand-over from a
replaced terminal to its successor. ``Platform`` (central/service.py) offers these as its methods.

A device token is 256 random bits, kept only as its SHA-256. Rotation keeps two for a while: the current
token and the one handed out last (``next_token_hash``); the new one becomes the only one at its first use,
so a terminal that never received the new token, or crashed before using it, still gets in.

An application belongs to the device that created it. Only an administrator moves ownership: an enrolment
code issued with ``replaces`` makes the terminal enrolled with it the heir of the old one (applications,
their status feed with its numbering, ratings, uploads), and the old one is revoked at that moment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from central import errors
from central.models import (
    Application,
    Device,
    DeviceKey,
    EnrolmentCode,
    Rating,
    StatusEvent,
    Upload,
    utcnow,
)
from offline_cache import wire


def hash_secret(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def issue_code(sessions: sessionmaker[Session], station_code: str, replaces: str | None) -> str:
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    with sessions.begin() as s:
        if replaces is not None:
            old = s.get(Device, replaces)
            if old is None:
                raise errors.NotFound(f"no terminal {replaces}")
            if old.station_code != station_code:
                raise errors.Unprocessable(f"terminal {replaces} belongs to station {old.station_code}")
        s.add(
            EnrolmentCode(code_hash=hash_secret(code), station_code=station_code, replaces_device_id=replaces)
        )
    return code


def enrol(
    sessions: sessionmaker[Session], req: wire.EnrolmentRequest, public_key_text: str
) -> wire.EnrolmentResponse:
    token = secrets.token_urlsafe(32)
    if req.device_public_key is not None:
        from central.audit import check_device_key

        check_device_key(req.device_public_key)  # before the one-time code is spent
    with sessions.begin() as s:
        row = s.get(EnrolmentCode, hash_secret(req.code.strip().upper()), with_for_update=True)
        if row is None or row.used_at is not None:
            raise errors.Unauthorized("enrolment code unknown or already used")
        now = utcnow()
        device = Device(
            id=str(uuid.uuid4()),
            station_code=row.station_code,
            name=req.device_name,
            token_hash=hash_secret(token),
            token_issued_at=now,
        )
        s.add(device)
        if req.device_public_key is not None:  # the key that signs its audit log (central/audit.py)
            s.add(DeviceKey(device_id=device.id, public_key=req.device_public_key))
        row.used_at, row.device_id = now, device.id
        if row.replaces_device_id is not None:
            s.flush()
            _inherit(s, row.replaces_device_id, device, now)
    return wire.EnrolmentResponse(
        device_id=device.id,
        token=token,
        platform_public_key=public_key_text,
        station_code=device.station_code,
    )


def _inherit(s: Session, old_id: str, heir: Device, now: dt.datetime) -> None:
    """Move what belonged to terminal ``old_id`` to ``heir`` and revoke the old one. The status feed moves
    whole, numbering included: a successor that carries the old terminal's store keeps its cursor, one
    with an empty store reads the whole feed."""
    old = s.get(Device, old_id, with_for_update=True)
    if old is None:
        return
    for table in (Application, Rating, Upload, StatusEvent):
        s.execute(update(table).where(table.device_id == old_id).values(device_id=heir.id))
    heir.feed_seq, old.feed_seq = old.feed_seq, 0
    old.revoked_at = old.revoked_at or now


def authenticate(sessions: sessionmaker[Session], authorization: str | None) -> Device:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise errors.Unauthorized("a device token is required")
    hashed = hash_secret(token.strip())
    with sessions() as s:
        device = s.scalar(
            select(Device).where(or_(Device.token_hash == hashed, Device.next_token_hash == hashed))
        )
    if device is None:
        raise errors.Unauthorized("unknown device token")
    if device.revoked_at is not None:
        raise errors.Revoked("this terminal was revoked by an administrator")
    if device.next_token_hash == hashed:  # the rotated token's first use: the one before stops working
        now = utcnow()
        with sessions.begin() as s:
            s.execute(
                update(Device)
                .where(Device.id == device.id, Device.next_token_hash == hashed)
                .values(token_hash=hashed, next_token_hash=None, token_issued_at=now)
            )
        device.token_hash, device.next_token_hash, device.token_issued_at = hashed, None, now
    return device


def rotate(sessions: sessionmaker[Session], device: Device) -> wire.NewToken:
    token = secrets.token_urlsafe(32)
    with sessions.begin() as s:
        s.execute(update(Device).where(Device.id == device.id).values(next_token_hash=hash_secret(token)))
    return wire.NewToken(token=token)


def token_due(device: Device, now: dt.datetime, max_age: dt.timedelta) -> bool:
    issued = device.token_issued_at or device.enrolled_at  # databases from before rotation: enrolment
    return now - _aware(issued) >= max_age


def revoke(sessions: sessionmaker[Session], device_id: str) -> None:
    with sessions.begin() as s:
        device = s.get(Device, device_id, with_for_update=True)
        if device is None:
            raise errors.NotFound(f"no terminal {device_id}")
        device.revoked_at = device.revoked_at or utcnow()


def listing(sessions: sessionmaker[Session]) -> list[dict[str, Any]]:
    def when(value: dt.datetime | None) -> str | None:
        return _aware(value).isoformat() if value is not None else None

    with sessions() as s:
        return [
            {
                "device_id": d.id,
                "station_code": d.station_code,
                "name": d.name,
                "enrolled_at": when(d.enrolled_at),
                "last_seen_at": when(d.last_seen_at),
                "revoked_at": when(d.revoked_at),
            }
            for d in s.scalars(select(Device).order_by(Device.enrolled_at)).all()
        ]


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands datetimes back without a zone; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
