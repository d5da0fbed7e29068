"""Applications on the platform: storing a revision once (the sealed manifest opened and checked against
the request, every attachment opened and checked against the manifest, before the receipt says
"received"), replays answered with the first answer, status changes and the per-device status feed, and
the staff's view of what arrived.

Trust between terminals: an application belongs to the device that created it, for ever. Only that
device adds revisions, and revision n+1 only after n. A device asking about an id it does not own gets
the answer an unknown id gets (``central/devices.py`` moves ownership, by an administrator's decision).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from central import errors
from central.blobs import BlobStore
from central.models import Application, Blob, Device, Revision, StatusEvent, Upload, aware, rowcount, utcnow
from offline_cache import sealing, wire

# Feed sequence numbers are 32-bit columns: a larger cursor was never given out.
MAX_FEED_SEQ = 2**31 - 1
# One answer for "this id and revision hold other content" and for "this id is another device's", so
# a device learns nothing about ids it does not own.
_TAKEN = "this application id and revision are taken by other content"


RESULT_STATUSES = ("ready", "mailed")  # the changes that say how the result comes
_TRACKING = re.compile(r"^[A-Za-z0-9-]{6,40}$")


def _check_result(status: str, tracking_no: str, delivery: str | None) -> None:
    if tracking_no and (status != "mailed" or not _TRACKING.match(tracking_no)):
        raise errors.BadTracking("a tracking number is 6 to 40 letters, digits or '-', on a mailed change")
    if delivery is not None and delivery not in ("station", "township", "mail"):
        raise errors.BadTracking(f"unknown delivery {delivery!r}; one of: station, township, mail")


def _parse_cursor(cursor: str | None) -> int:
    """A cursor is the decimal text of a feed sequence number this platform gave out (or nothing)."""
    if not cursor:
        return 0
    if not (cursor.isascii() and cursor.isdigit()) or len(cursor) > 10 or int(cursor) > MAX_FEED_SEQ:
        raise errors.BadCursor("cursor is not one this platform gave out")
    return int(cursor)


class Applications:
    def __init__(
        self, sessions: sessionmaker[Session], blobs: BlobStore, private_key: Callable[[], Any]
    ) -> None:
        self.sessions = sessions
        self.blobs = blobs
        self.private_key = private_key  # loaded on first use: the admin commands never need it
        # Who filed a revision for whom, from its opened manifest (central/agents.py sets it): columns.
        self.agent_record: Callable[[wire.ApplicationManifest], dict[str, Any]] = lambda _m: {}

    def create(
        self, device: Device, app_id: str, sub: wire.ApplicationSubmission
    ) -> tuple[wire.ApplicationReceipt, bool]:
        """Store one revision, or give back the first answer for the same content. True if new.

        Every check that does not depend on who owns the id comes before the ownership and sequence
        checks, so an id of another device is answered like an unknown one."""
        digest = sub.digest()
        replay = self._replay(device, app_id, sub.revision, digest)
        if replay is not None:
            return replay, False
        if len({a.sha256 for a in sub.attachments}) != len(sub.attachments):
            raise errors.DuplicateAttachment("an attachment is listed more than once")
        wrapped, sealed, key, manifest = self._check_seal(app_id, sub)
        self._check_manifest(app_id, sub, manifest)
        self._check_attachments(device, sub.attachments)
        self._check_contents(app_id, key, manifest)
        record = self.agent_record(manifest)
        try:
            delivery = manifest.delivery.method if manifest.delivery is not None else None
            stored = self._insert_revision(device, app_id, sub, digest, wrapped, sealed, delivery, record)
        except IntegrityError:
            stored = None  # another request with the same id won the race: answer as a replay of it
        if stored is not None:
            return stored, True
        replay = self._replay(device, app_id, sub.revision, digest)
        if replay is None:
            raise errors.ApplicationConflict(_TAKEN)
        return replay, False

    def _replay(
        self, device: Device, app_id: str, revision: int, digest: str
    ) -> wire.ApplicationReceipt | None:
        """The owner's stored revision: its first answer (same content) or 409 (other content)."""
        with self.sessions() as s:
            app = s.scalar(select(Application).where(Application.app_id == app_id))
            if app is None or app.device_id != device.id:
                return None
            rev = s.scalar(select(Revision).where(Revision.app_id == app_id, Revision.revision == revision))
            if rev is None:
                return None
            if rev.digest != digest:
                raise errors.ApplicationConflict(_TAKEN)
            return wire.ApplicationReceipt.model_validate(rev.answer)

    def _check_seal(
        self, app_id: str, sub: wire.ApplicationSubmission
    ) -> tuple[bytes, bytes, bytes, wire.ApplicationManifest]:
        """Open the manifest: (wrapped key, sealed manifest, data key, the manifest checked by its schema)."""
        try:
            wrapped = base64.b64decode(sub.wrapped_key, validate=True)
            sealed = base64.b64decode(sub.sealed_manifest, validate=True)
            key = sealing.unwrap_data_key(wrapped, self.private_key(), app_id)
            opened = sealing.open_part(key, app_id, "manifest", sealed)
        except (binascii.Error, ValueError, sealing.SealError) as exc:
            raise errors.SealInvalid("the sealed manifest does not open with the platform key") from exc
        try:
            manifest = wire.ApplicationManifest.model_validate_json(opened)
        except ValidationError as exc:
            # Where, never what: the manifest holds the applicant's personal data.
            where = ", ".join(".".join(str(p) for p in e["loc"]) or "manifest" for e in exc.errors()[:5])
            raise errors.ManifestInvalid(f"the sealed manifest does not match its schema: {where}") from None
        return wrapped, sealed, key, manifest

    @staticmethod
    def _check_manifest(app_id: str, sub: wire.ApplicationSubmission, m: wire.ApplicationManifest) -> None:
        """The sealed manifest and the request must tell the same story."""
        parts = [a.part for a in m.attachments]
        sealed = {a.sealed_sha256: a.sealed_size for a in m.attachments}
        disagree = [
            name
            for name, same in (
                ("app_id", m.app_id == app_id),
                ("revision", m.revision == sub.revision),
                ("station_code", m.station_code == sub.clear.station_code),
                ("attachments", len(set(parts)) == len(parts) == len(sealed) == len(sub.attachments)),
                ("attachments", sealed == {a.sha256: a.size for a in sub.attachments}),
            )
            if not same
        ]
        if disagree:
            raise errors.ManifestMismatch(f"the sealed manifest and the request differ: {disagree[0]}")

    def _check_contents(self, app_id: str, key: bytes, manifest: wire.ApplicationManifest) -> None:
        """Open every attachment and compare it with the manifest, before the receipt says "received":
        a receipt then means the platform can read the whole application, not only that bytes arrived."""
        for part in manifest.attachments:
            try:
                clear = sealing.open_part(
                    key, app_id, part.part, self.blobs.path(part.sealed_sha256).read_bytes()
                )
            except sealing.SealError as exc:
                raise errors.AttachmentDamaged(f"attachment {part.sealed_sha256} does not open") from exc
            if len(clear) != part.size or hashlib.sha256(clear).hexdigest() != part.sha256:
                raise errors.AttachmentDamaged(
                    f"attachment {part.sealed_sha256} differs from its manifest entry"
                )

    def _check_attachments(self, device: Device, refs: list[wire.AttachmentRef]) -> None:
        """Each file must be here, and uploaded by this device: another device's file is as missing as
        one never uploaded (a device learns nothing about files it did not send)."""
        shas = [r.sha256 for r in refs]
        with self.sessions() as s:
            blobs = {b.sha256: b for b in s.scalars(select(Blob).where(Blob.sha256.in_(shas)))}
            sent = set(
                s.scalars(
                    select(Upload.sha256).where(
                        Upload.device_id == device.id, Upload.complete.is_(True), Upload.sha256.in_(shas)
                    )
                )
            )
        for ref in refs:
            blob = blobs.get(ref.sha256)
            if (
                blob is None
                or blob.size != ref.size
                or ref.sha256 not in sent
                or not self.blobs.has(ref.sha256)
            ):
                raise errors.AttachmentMissing(f"attachment {ref.sha256} was not uploaded")

    def _insert_revision(
        self,
        device: Device,
        app_id: str,
        sub: wire.ApplicationSubmission,
        digest: str,
        wrapped: bytes,
        manifest: bytes,
        delivery: str | None = None,
        record: dict[str, Any] | None = None,
    ) -> wire.ApplicationReceipt | None:
        """Store revision ``sub.revision``; None when it is already stored (a concurrent replay won)."""
        now = utcnow()
        with self.sessions.begin() as s:
            app = s.scalar(select(Application).where(Application.app_id == app_id).with_for_update())
            if app is not None and app.device_id != device.id:
                # Another device's id: what an unknown id would get, short of being created.
                if sub.revision == 1:
                    raise errors.ApplicationConflict(_TAKEN)
                raise errors.RevisionOutOfSequence(f"revision {sub.revision} must follow the one before it")
            latest = 0 if app is None else app.revision
            if sub.revision <= latest:
                return None
            if sub.revision != latest + 1:
                raise errors.RevisionOutOfSequence(f"revision {sub.revision} must follow the one before it")
            self._mark_referenced(s, sub.attachments)
            if app is None:
                app = Application(app_id=app_id, device_id=device.id, station_code=device.station_code)
                app.received_at = now
                app.delivery = delivery
                s.add(app)
                s.flush()
                app.platform_receipt_no = f"P{now:%Y%m%d}{app.seq:07d}"
            app.revision, app.status, app.reasons, app.missing_materials = sub.revision, "received", [], []
            app.updated_at = now
            receipt = wire.ApplicationReceipt(
                app_id=app_id,
                revision=sub.revision,
                platform_receipt_no=app.platform_receipt_no,
                status="received",
                received_at=now,
            )
            s.add(
                Revision(
                    app_id=app_id,
                    revision=sub.revision,
                    digest=digest,
                    wrapped_key=wrapped,
                    sealed_manifest=manifest,
                    attachments=[a.model_dump() for a in sub.attachments],
                    clear=sub.clear.model_dump(mode="json"),
                    received_at=now,
                    answer=receipt.model_dump(mode="json"),
                    **(record or {}),
                )
            )
            self._add_event(s, app, now)
        return receipt

    @staticmethod
    def _mark_referenced(s: Session, refs: list[wire.AttachmentRef]) -> None:
        """In the transaction that stores the revision: housekeeping deletes only unmarked blob rows, so
        a blob is either kept for this revision or already gone (and the revision is refused)."""
        shas = [r.sha256 for r in refs]
        if shas:
            marked = rowcount(s.execute(update(Blob).where(Blob.sha256.in_(shas)).values(referenced=True)))
            if marked != len(shas):
                raise errors.AttachmentMissing("an attachment was collected meanwhile: upload it again")

    def _add_event(self, s: Session, app: Application, at: dt.datetime, tracking_no: str = "") -> StatusEvent:
        seq = s.execute(
            update(Device)
            .where(Device.id == app.device_id)
            .values(feed_seq=Device.feed_seq + 1)
            .returning(Device.feed_seq)
        ).scalar_one()
        event = StatusEvent(
            device_id=app.device_id,
            seq=seq,
            app_id=app.app_id,
            revision=app.revision,
            status=app.status,
            at=at,
            reasons=list(app.reasons),
            missing_materials=list(app.missing_materials),
            platform_receipt_no=app.platform_receipt_no,
            delivery=app.delivery if app.status in RESULT_STATUSES else None,
            tracking_no=tracking_no or None,
        )
        s.add(event)
        return event

    def set_status(
        self,
        app_id: str,
        status: str,
        reasons: tuple[str, ...] = (),
        missing: tuple[str, ...] = (),
        *,
        tracking_no: str = "",
        delivery: str | None = None,
    ) -> wire.StatusChangeWire:
        """Move an application on. ``tracking_no`` (mailed) is the courier's number; ``delivery`` changes
        how the result comes (the applicant asked the staff), for this and later changes."""
        if status not in wire.STATUSES:
            raise errors.BadStatus(f"unknown status {status!r}; one of: {', '.join(wire.STATUSES)}")
        _check_result(status, tracking_no, delivery)
        now = utcnow()
        with self.sessions.begin() as s:
            app = s.scalar(select(Application).where(Application.app_id == app_id).with_for_update())
            if app is None:
                raise errors.NotFound(f"no application {app_id}")
            app.status, app.reasons, app.missing_materials, app.updated_at = (
                status,
                list(reasons),
                list(missing),
                now,
            )
            if delivery is not None:
                app.delivery = delivery
            event = self._add_event(s, app, now, tracking_no)
            return self._change(event)

    @staticmethod
    def _change(e: StatusEvent) -> wire.StatusChangeWire:
        return wire.StatusChangeWire(
            app_id=e.app_id,
            revision=e.revision,
            status=e.status,  # type: ignore[arg-type]
            at=aware(e.at),
            reasons=list(e.reasons),
            missing_materials=list(e.missing_materials),
            platform_receipt_no=e.platform_receipt_no,
            delivery=e.delivery,  # type: ignore[arg-type]
            tracking_no=e.tracking_no or "",
        )

    def status_feed(self, device: Device, cursor: str | None, limit: int) -> wire.StatusFeed:
        after = _parse_cursor(cursor)
        with self.sessions() as s:
            rows = s.scalars(
                select(StatusEvent)
                .where(StatusEvent.device_id == device.id, StatusEvent.seq > after)
                .order_by(StatusEvent.seq)
                .limit(limit + 1)
            ).all()
        more = len(rows) > limit
        rows = rows[:limit]
        last = rows[-1].seq if rows else after
        return wire.StatusFeed(changes=[self._change(e) for e in rows], cursor=str(last), more=more)

    def listing(self) -> list[dict[str, Any]]:
        with self.sessions() as s:
            apps = s.scalars(select(Application).order_by(Application.seq)).all()
            revs = s.scalars(select(Revision).order_by(Revision.app_id, Revision.revision)).all()
        by_app: dict[str, list[Revision]] = {}
        for r in revs:
            by_app.setdefault(r.app_id, []).append(r)
        return [
            {
                "app_id": a.app_id,
                "platform_receipt_no": a.platform_receipt_no,
                "station_code": a.station_code,
                "device_id": a.device_id,
                "status": a.status,
                "revision": a.revision,
                "reasons": list(a.reasons),
                "missing_materials": list(a.missing_materials),
                "delivery": a.delivery,
                "received_at": aware(a.received_at).isoformat(),
                "updated_at": aware(a.updated_at).isoformat(),
                "revisions": [
                    {"revision": r.revision, "clear": r.clear, "attachments": r.attachments}
                    for r in by_app.get(a.app_id, [])
                ],
            }
            for a in apps
        ]

    def open_revision(
        self, app_id: str, revision: int | None = None
    ) -> tuple[dict[str, Any], bytes, list[Path]]:
        """Staff view: the opened manifest, the data key and the sealed attachment files of a revision."""
        with self.sessions() as s:
            q = select(Revision).where(Revision.app_id == app_id).order_by(Revision.revision.desc())
            if revision is not None:
                q = q.where(Revision.revision == revision)
            rev = s.scalars(q).first()
        if rev is None:
            raise errors.NotFound(f"no application {app_id}")
        key = sealing.unwrap_data_key(rev.wrapped_key, self.private_key(), app_id)
        manifest = json.loads(sealing.open_part(key, app_id, "manifest", rev.sealed_manifest))
        return manifest, key, [self.blobs.path(a["sha256"]) for a in rev.attachments]
