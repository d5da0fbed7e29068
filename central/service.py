"""What the reference platform does, independent of HTTP: the FastAPI app, the admin CLI and the
embedded demo platform all call this one class.

Trust between terminals: an application belongs to the device that created it, for ever. Only that
device adds revisions, and revision n+1 only after n. A device asking about an id it does not own gets
the answer an unknown id gets. Ownership moves only by an administrator's decision (central/devices.py:
enrolment with ``replaces``), as do tokens: rotation and revocation are there too.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central import devices, errors
from central.blobs import BlobStore
from central.keys import FileKeyStore, KeyMismatch, KeyStore, default_key_file
from central.models import (
    Application,
    Blob,
    Device,
    HeartbeatRow,
    PlatformKey,
    Rating,
    Revision,
    StatusEvent,
    Upload,
    forget_private_pem,
    make_engine,
    make_sessions,
    utcnow,
)
from offline_cache import sealing, wire

DEFAULT_CATALOGUE = Path(__file__).resolve().parent.parent / "config" / "catalogue.json"


# Housekeeping forgets an unfinished upload untouched this long; tus clients learn it as Upload-Expires.
UPLOAD_EXPIRY = dt.timedelta(days=7)
# Per device: bytes of unfinished uploads plus finished ones no application uses yet.
DEFAULT_UPLOAD_QUOTA = 2 * 1024**3
# Feed sequence numbers are 32-bit columns: a larger cursor was never given out.
MAX_FEED_SEQ = 2**31 - 1
# One answer for "this id and revision hold other content" and for "this id is another device's", so
# a device learns nothing about ids it does not own.
_TAKEN = "this application id and revision are taken by other content"


def _rowcount(result: Any) -> int:
    # DELETE and UPDATE give a CursorResult, whose row count the generic Result type does not show.
    return int(getattr(result, "rowcount", 0) or 0)


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands datetimes back without a zone; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _parse_cursor(cursor: str | None) -> int:
    """A cursor is the decimal text of a feed sequence number this platform gave out (or nothing)."""
    if not cursor:
        return 0
    if not (cursor.isascii() and cursor.isdigit()) or len(cursor) > 10 or int(cursor) > MAX_FEED_SEQ:
        raise errors.BadCursor("cursor is not one this platform gave out")
    return int(cursor)


class Platform:
    def __init__(
        self,
        db_url: str,
        blob_dir: Path,
        catalogue_path: Path | None = None,
        *,
        key_file: Path | None = None,
        keys: KeyStore | None = None,
        token_max_age: dt.timedelta = dt.timedelta(days=30),
    ) -> None:
        """``keys``: where the private key lives (an HSM or KMS seam); default a file at ``key_file``,
        else beside the database (``central.keys.default_key_file``)."""
        self.db_url = db_url
        self.token_max_age = token_max_age  # heartbeats ask for a new token once it is this old
        self.engine = make_engine(db_url)
        self.sessions = make_sessions(self.engine)
        self.blobs = BlobStore(blob_dir)
        self.catalogue_path = catalogue_path or DEFAULT_CATALOGUE
        self.keys: KeyStore = keys or FileKeyStore(key_file or default_key_file(db_url, blob_dir))
        self._private_key: Any = None
        self.public_key_text = self._ensure_key()

    def dispose(self) -> None:
        self.engine.dispose()

    # -- keys and enrolment -------------------------------------------------------------------------

    def _ensure_key(self) -> str:
        """The public half of the platform key. On a new database the key store makes the key (two
        processes starting at once agree on one); a key that older versions kept in the database moves
        to the key store once, unchanged, and the database forgets it."""
        for _ in range(2):
            with self.sessions() as s:
                row = s.get(PlatformKey, 1)
            if row is not None:
                if row.private_pem:
                    self._move_key_out(row.private_pem, row.public_b64)
                return row.public_b64
            public = self.keys.create()
            try:
                with self.sessions.begin() as s:
                    s.add(PlatformKey(id=1, private_pem="", public_b64=public))
                return public
            except IntegrityError:
                continue  # the other process won: read its key
        raise RuntimeError("the platform key could not be made")

    def _move_key_out(self, pem: str, public: str) -> None:
        # create() keeps a key file that is already there: a crash after the move left this same key.
        if self.keys.create(pem.encode("ascii")) != public:
            raise KeyMismatch("平台私钥文件与数据库不符 / the key file holds another key than the database")
        forget_private_pem(self.engine)

    def private_key(self) -> Any:
        """The private key, loaded on first use (admin commands never need it) and checked against the
        public half the database and the terminals know. Raises ``central.keys.PlatformKeyError``."""
        if self._private_key is None:
            key = self.keys.private_key()
            if self.keys.public_key_text() != self.public_key_text:
                raise KeyMismatch(
                    "平台私钥文件与数据库不符 / the key file holds another key than the one terminals seal for"
                )
            self._private_key = key
        return self._private_key

    def issue_enrolment_code(self, station_code: str, replaces: str | None = None) -> str:
        """A one-time code; with ``replaces`` (a device id of the same station) the terminal enrolled
        with it inherits that one's applications and the old one is revoked (a terminal swapped out)."""
        return devices.issue_code(self.sessions, station_code, replaces)

    def enrol(self, req: wire.EnrolmentRequest) -> wire.EnrolmentResponse:
        return devices.enrol(self.sessions, req, self.public_key_text)

    def authenticate(self, authorization: str | None) -> Device:
        return devices.authenticate(self.sessions, authorization)

    def rotate_token(self, device: Device) -> wire.NewToken:
        """A new token for ``device``. The current one stays valid until the new one is first used, so a
        terminal that never got this answer goes on with its old token and asks again."""
        return devices.rotate(self.sessions, device)

    def token_due(self, device: Device, now: dt.datetime) -> bool:
        return devices.token_due(device, now, self.token_max_age)

    def revoke(self, device_id: str) -> None:
        """Stop a terminal (stolen, retired): its tokens get 401 ``auth.revoked`` from now on."""
        devices.revoke(self.sessions, device_id)

    def devices(self) -> list[dict[str, Any]]:
        """The terminals, for ``kiosk-central terminals list``."""
        return devices.listing(self.sessions)

    # -- applications ---------------------------------------------------------------------------------

    def create_application(
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
        try:
            stored = self._insert_revision(device, app_id, sub, digest, wrapped, sealed)
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
            marked = _rowcount(s.execute(update(Blob).where(Blob.sha256.in_(shas)).values(referenced=True)))
            if marked != len(shas):
                raise errors.AttachmentMissing("an attachment was collected meanwhile: upload it again")

    def _add_event(self, s: Session, app: Application, at: dt.datetime) -> StatusEvent:
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
        )
        s.add(event)
        return event

    def set_status(
        self, app_id: str, status: str, reasons: tuple[str, ...] = (), missing: tuple[str, ...] = ()
    ) -> wire.StatusChangeWire:
        if status not in wire.STATUSES:
            raise errors.BadStatus(f"unknown status {status!r}; one of: {', '.join(wire.STATUSES)}")
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
            event = self._add_event(s, app, now)
            return self._change(event)

    @staticmethod
    def _change(e: StatusEvent) -> wire.StatusChangeWire:
        return wire.StatusChangeWire(
            app_id=e.app_id,
            revision=e.revision,
            status=e.status,  # type: ignore[arg-type]
            at=_aware(e.at),
            reasons=list(e.reasons),
            missing_materials=list(e.missing_materials),
            platform_receipt_no=e.platform_receipt_no,
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

    def list_applications(self) -> list[dict[str, Any]]:
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
                "received_at": _aware(a.received_at).isoformat(),
                "updated_at": _aware(a.updated_at).isoformat(),
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

    # -- ratings and heartbeats --------------------------------------------------------------------

    def rate(self, device: Device, sub: wire.RatingSubmission) -> tuple[wire.RatingReceipt, bool]:
        body = sub.body.model_dump(mode="json", exclude_none=True)
        if sub.body.comment_sealed is not None:
            self.rating_comment(sub.rating_id, body)  # a comment the platform cannot open is refused
        digest = sub.digest()
        for attempt in range(2):
            with self.sessions() as s:
                row = s.get(Rating, sub.rating_id)
                if row is not None:
                    # Another device's rating id gets the answer of other content under one's own.
                    if row.device_id != device.id or row.digest != digest:
                        raise errors.RatingConflict("same rating id with different content")
                    return wire.RatingReceipt(
                        rating_id=row.rating_id, received_at=_aware(row.received_at)
                    ), False
            try:
                now = utcnow()
                with self.sessions.begin() as s:
                    s.add(
                        Rating(
                            rating_id=sub.rating_id,
                            device_id=device.id,
                            digest=digest,
                            body=body,
                            received_at=now,
                        )
                    )
                return wire.RatingReceipt(rating_id=sub.rating_id, received_at=now), True
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def heartbeat(self, device: Device, hb: wire.Heartbeat) -> wire.HeartbeatAck:
        now = utcnow()
        with self.sessions.begin() as s:
            s.add(HeartbeatRow(device_id=device.id, at=now, body=hb.model_dump(mode="json")))
            s.execute(update(Device).where(Device.id == device.id).values(last_seen_at=now))
        return wire.HeartbeatAck(received_at=now, rotate_token=self.token_due(device, now))

    def latest_heartbeat(self, device_id: str) -> dict[str, Any] | None:
        with self.sessions() as s:
            row = s.scalars(
                select(HeartbeatRow)
                .where(HeartbeatRow.device_id == device_id)
                .order_by(HeartbeatRow.id.desc())
            ).first()
        return dict(row.body) if row else None

    def rating_comment(self, rating_id: str, body: dict[str, Any]) -> str:
        """A rating's comment: terminals seal it for the platform (it is free text a villager typed)."""
        if "comment_sealed" not in body:
            return str(body.get("comment", ""))
        try:
            return sealing.open_note(
                body["comment_sealed"], self.private_key(), rating_id, sealing.RATING_COMMENT
            )
        except sealing.SealError as exc:
            raise errors.RatingSealInvalid(
                "the rating's comment does not open with the platform key"
            ) from exc

    def ratings(self) -> list[dict[str, Any]]:
        """Ratings for the staff who follow them up, comments opened."""
        with self.sessions() as s:
            rows = s.scalars(select(Rating).order_by(Rating.received_at)).all()
            return [
                {
                    "rating_id": r.rating_id,
                    "device_id": r.device_id,
                    "body": r.body,
                    "comment": self.rating_comment(r.rating_id, r.body),
                }
                for r in rows
            ]

    # -- catalogue --------------------------------------------------------------------------------------

    def catalogue(self) -> tuple[bytes, str] | None:
        try:
            data = self.catalogue_path.read_bytes()
        except FileNotFoundError:
            return None
        return data, '"' + hashlib.sha256(data).hexdigest()[:32] + '"'

    # -- housekeeping -----------------------------------------------------------------------------------

    def housekeeping(
        self,
        now: dt.datetime | None = None,
        *,
        abandoned_after: dt.timedelta = UPLOAD_EXPIRY,
        unreferenced_after: dt.timedelta = dt.timedelta(days=2),
        heartbeats_kept: int = 200,  # per device: enough to see how it went lately
    ) -> dict[str, int]:
        """Forget what no terminal will come back for: incomplete uploads untouched for ``abandoned_after``
        (with their partial files; a terminal that does come back gets 404 and starts a new upload),
        finished upload records as old (their files live on as blobs), blob files that no revision
        names ``unreferenced_after`` after their last upload (long enough for a terminal between its
        upload and its PUT; one that comes later is told the file is missing and sends it again), and
        all but the newest ``heartbeats_kept`` heartbeats of each device. Returns how many went."""
        now = now or utcnow()
        cutoff = now - abandoned_after
        removed = {"partial_uploads": 0, "finished_uploads": 0, "blobs": 0, "heartbeats": 0}
        with self.sessions() as s:
            old = s.execute(select(Upload.id, Upload.complete).where(Upload.created_at < cutoff)).all()
        for upload_id, complete in old:
            if not complete and self._touched_since(upload_id, cutoff):
                continue  # still being sent, slowly: the partial file grew lately
            with self.sessions.begin() as s:
                gone = _rowcount(
                    s.execute(delete(Upload).where(Upload.id == upload_id, Upload.complete == complete))
                )
            if gone:
                if not complete:
                    self.blobs.discard_partial(upload_id)
                removed["finished_uploads" if complete else "partial_uploads"] += 1
        removed["blobs"] = self._collect_unreferenced(now - unreferenced_after)
        removed["heartbeats"] = self._trim_heartbeats(heartbeats_kept)
        return removed

    def _collect_unreferenced(self, cutoff: dt.datetime) -> int:
        """Delete blobs no revision names (``referenced`` False: blobs from before that column stay) that
        were made before ``cutoff`` and not uploaded again since. The row goes first, in a statement
        that a revision marking the blob in its own transaction excludes."""
        with self.sessions() as s:
            recent = select(Upload.sha256).where(Upload.created_at >= cutoff)
            unused = s.scalars(
                select(Blob.sha256).where(
                    Blob.referenced.is_(False), Blob.created_at < cutoff, Blob.sha256.not_in(recent)
                )
            ).all()
        collected = 0
        for sha256 in unused:
            with self.sessions.begin() as s:
                gone = _rowcount(
                    s.execute(delete(Blob).where(Blob.sha256 == sha256, Blob.referenced.is_(False)))
                )
                if gone:
                    s.execute(delete(Upload).where(Upload.sha256 == sha256, Upload.complete.is_(True)))
            if gone:
                self.blobs.discard(sha256)
                collected += 1
        return collected

    def _trim_heartbeats(self, kept: int) -> int:
        removed = 0
        with self.sessions.begin() as s:
            devices = s.scalars(select(HeartbeatRow.device_id).distinct()).all()
            for device_id in devices:
                newest = (
                    select(HeartbeatRow.id)
                    .where(HeartbeatRow.device_id == device_id)
                    .order_by(HeartbeatRow.id.desc())
                    .limit(kept)
                    .scalar_subquery()
                )
                result = s.execute(
                    delete(HeartbeatRow).where(
                        HeartbeatRow.device_id == device_id, HeartbeatRow.id.not_in(newest)
                    )
                )
                removed += _rowcount(result)
        return removed

    def _touched_since(self, upload_id: str, cutoff: dt.datetime) -> bool:
        try:
            mtime = self.blobs.partial(upload_id).stat().st_mtime
        except FileNotFoundError:
            return False
        return dt.datetime.fromtimestamp(mtime, dt.UTC) >= _aware(cutoff)

    # -- uploads (the byte streaming is in central/tus.py) --------------------------------------------

    def create_upload(
        self,
        device: Device,
        length: int,
        sha256: str,
        metadata: str = "",
        *,
        reuse: bool = False,
        quota: int = DEFAULT_UPLOAD_QUOTA,
    ) -> Upload:
        """A new upload. With ``reuse`` (a creation-with-upload, whose answer carries the offset) one
        this device already finished with the same SHA-256 and length is answered as complete. Only
        this device's own: for anyone else a known hash must look exactly like an unknown one."""
        with self.sessions.begin() as s:
            # One creation at a time per device, so two cannot both slip under the quota (PostgreSQL;
            # SQLite's BEGIN IMMEDIATE already serialises writers).
            s.get(Device, device.id, with_for_update=True)
            done = reuse and bool(sha256) and self._own_blob(s, device.id, sha256, length)
            if not done and self._upload_usage(s, device.id) + length > quota:
                raise errors.UploadQuotaExceeded(
                    f"this device's unfinished and unused uploads would pass its quota of {quota} bytes"
                )
            up = Upload(
                id=uuid.uuid4().hex,
                device_id=device.id,
                length=length,
                sha256=sha256,
                offset=length if done else 0,
                complete=done,
                upload_metadata=metadata,
            )
            s.add(up)
        return up

    def _own_blob(self, s: Session, device_id: str, sha256: str, size: int) -> bool:
        mine = s.scalar(
            select(Upload.id)
            .where(Upload.device_id == device_id, Upload.sha256 == sha256, Upload.complete)
            .limit(1)
        )
        blob = s.get(Blob, sha256) if mine else None
        return blob is not None and blob.size == size and self.blobs.has(sha256)

    def _upload_usage(self, s: Session, device_id: str) -> int:
        """Bytes the device holds on the platform outside any application: unfinished uploads (at their
        announced length) and finished ones no revision of its applications refers to."""
        pending = s.scalar(
            select(func.coalesce(func.sum(Upload.length), 0)).where(
                Upload.device_id == device_id, Upload.complete.is_(False)
            )
        )
        finished = s.execute(
            select(Upload.sha256, Upload.length, Upload.created_at).where(
                Upload.device_id == device_id, Upload.complete
            )
        ).all()
        if not finished:
            return int(pending or 0)
        # A revision can only refer to a file uploaded before it: look no further back than that.
        since = min(_aware(row.created_at) for row in finished)
        referenced = {
            str(att.get("sha256"))
            for atts in s.scalars(
                select(Revision.attachments)
                .join(Application, Application.app_id == Revision.app_id)
                .where(Application.device_id == device_id, Revision.received_at >= since)
            )
            for att in atts
            if isinstance(att, dict)
        }
        unused: dict[str, int] = {r.sha256: r.length for r in finished if r.sha256 not in referenced}
        return int(pending or 0) + sum(unused.values())

    def get_upload(self, device: Device, upload_id: str) -> Upload:
        with self.sessions() as s:
            up = s.get(Upload, upload_id)
        if up is None or up.device_id != device.id or up.terminated:
            raise errors.NotFound("no such upload")
        return up

    def advance_upload(self, upload_id: str, offset: int) -> None:
        with self.sessions.begin() as s:
            s.execute(update(Upload).where(Upload.id == upload_id).values(offset=offset))

    def complete_upload(self, up: Upload, sha256: str | None = None) -> None:
        """The last byte is in: check the whole file's SHA-256 (``sha256`` if it was hashed on the way
        in) and move it into the blob store."""
        actual = sha256 or self.blobs.partial_sha256(up.id)
        if up.sha256 and actual != up.sha256:
            self.blobs.discard_partial(up.id)
            self.advance_upload(up.id, 0)
            raise errors.ChecksumMismatch("the uploaded file does not match its announced SHA-256")
        self.blobs.promote(up.id, actual)
        with self.sessions.begin() as s:
            if s.get(Blob, actual) is None:
                s.add(Blob(sha256=actual, size=up.length))
            # The actual hash, announced or not: an application may name only files its device sent.
            s.execute(
                update(Upload)
                .where(Upload.id == up.id)
                .values(offset=up.length, complete=True, sha256=actual)
            )

    def complete_empty_upload(self, up: Upload) -> None:
        self.blobs.partial(up.id).touch()
        self.complete_upload(up, hashlib.sha256(b"").hexdigest())

    def terminate_upload(self, device: Device, upload_id: str) -> None:
        """tus termination. An unfinished upload goes with its partial file. A finished one only leaves
        the protocol: its file may already be part of an application (or be about to), and its row
        keeps counting against the quota until housekeeping forgets it."""
        up = self.get_upload(device, upload_id)
        with self.sessions.begin() as s:
            if up.complete:
                s.execute(update(Upload).where(Upload.id == up.id).values(terminated=True))
            else:
                s.execute(delete(Upload).where(Upload.id == up.id))
        if not up.complete:
            self.blobs.discard_partial(up.id)

    def upload_expires(self, up: Upload) -> dt.datetime | None:
        """When housekeeping may forget an unfinished upload: a week after it was last touched."""
        if up.complete:
            return None
        touched = _aware(up.created_at)
        with contextlib.suppress(FileNotFoundError):
            mtime = dt.datetime.fromtimestamp(self.blobs.partial(up.id).stat().st_mtime, dt.UTC)
            touched = max(touched, mtime)
        return (touched + UPLOAD_EXPIRY).astimezone(dt.UTC)
