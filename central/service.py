"""What the reference platform does, independent of HTTP: the FastAPI app, the admin CLI and the
embedded demo platform all call this one class.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import json
import secrets
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central import errors
from central.blobs import BlobStore
from central.keys import FileKeyStore, KeyMismatch, KeyStore, default_key_file
from central.models import (
    Application,
    Blob,
    Device,
    DeviceKey,
    EnrolmentCode,
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


def _hash_secret(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rowcount(result: Any) -> int:
    # DELETE and UPDATE give a CursorResult, whose row count the generic Result type does not show.
    return int(getattr(result, "rowcount", 0) or 0)


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands datetimes back without a zone; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class Platform:
    def __init__(
        self,
        db_url: str,
        blob_dir: Path,
        catalogue_path: Path | None = None,
        *,
        key_file: Path | None = None,
        keys: KeyStore | None = None,
    ) -> None:
        """``keys``: where the private key lives (an HSM or KMS seam); default a file at ``key_file``,
        else beside the database (``central.keys.default_key_file``)."""
        self.db_url = db_url
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

    def issue_enrolment_code(self, station_code: str) -> str:
        code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
        with self.sessions.begin() as s:
            s.add(EnrolmentCode(code_hash=_hash_secret(code), station_code=station_code))
        return code

    def enrol(self, req: wire.EnrolmentRequest) -> wire.EnrolmentResponse:
        token = secrets.token_urlsafe(32)
        if req.device_public_key is not None:
            from central.audit import check_device_key

            check_device_key(req.device_public_key)  # before the one-time code is spent
        with self.sessions.begin() as s:
            row = s.get(EnrolmentCode, _hash_secret(req.code.strip().upper()), with_for_update=True)
            if row is None or row.used_at is not None:
                raise errors.Unauthorized("enrolment code unknown or already used")
            device = Device(
                id=str(uuid.uuid4()),
                station_code=row.station_code,
                name=req.device_name,
                token_hash=_hash_secret(token),
            )
            s.add(device)
            if req.device_public_key is not None:  # the key that signs its audit log (central/audit.py)
                s.add(DeviceKey(device_id=device.id, public_key=req.device_public_key))
            row.used_at, row.device_id = utcnow(), device.id
        return wire.EnrolmentResponse(
            device_id=device.id,
            token=token,
            platform_public_key=self.public_key_text,
            station_code=device.station_code,
        )

    def authenticate(self, authorization: str | None) -> Device:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise errors.Unauthorized("a device token is required")
        with self.sessions() as s:
            device = s.scalar(select(Device).where(Device.token_hash == _hash_secret(token.strip())))
        if device is None:
            raise errors.Unauthorized("unknown device token")
        return device

    # -- applications ---------------------------------------------------------------------------------

    def create_application(
        self, device: Device, app_id: str, sub: wire.ApplicationSubmission
    ) -> tuple[wire.ApplicationReceipt, bool]:
        """Store one revision, or give back the first answer for the same content. True if new."""
        digest = sub.digest()
        replay = self._replay(device, app_id, sub.revision, digest)
        if replay is not None:
            self._adopt(device, app_id)
            return replay, False
        wrapped, manifest, key, opened = self._check_seal(app_id, sub)
        self._check_attachments(sub.attachments)
        self._check_contents(app_id, key, opened, sub.attachments)
        try:
            return self._insert_revision(device, app_id, sub, digest, wrapped, manifest), True
        except IntegrityError:
            # Another request with the same id won the race: answer as a replay of it.
            replay = self._replay(device, app_id, sub.revision, digest)
            if replay is None:
                raise errors.ApplicationConflict("application id taken") from None
            return replay, False

    def _replay(
        self, device: Device, app_id: str, revision: int, digest: str
    ) -> wire.ApplicationReceipt | None:
        with self.sessions() as s:
            app = s.scalar(select(Application).where(Application.app_id == app_id))
            if app is None:
                return None
            if app.device_id != device.id and app.station_code != device.station_code:
                raise errors.ApplicationConflict("application id belongs to another station")
            rev = s.scalar(select(Revision).where(Revision.app_id == app_id, Revision.revision == revision))
            if rev is None:
                return None
            if rev.digest != digest:
                raise errors.ApplicationConflict("same application id and revision with different content")
            return wire.ApplicationReceipt.model_validate(rev.answer)

    def _adopt(self, device: Device, app_id: str) -> None:
        """A terminal re-enrolled at the same station (new device, same outbox) takes its applications
        over: their status changes go to its feed from now on, starting with the current status."""
        with self.sessions.begin() as s:
            app = s.scalar(select(Application).where(Application.app_id == app_id).with_for_update())
            if app is None or app.device_id == device.id:
                return
            app.device_id = device.id
            self._add_event(s, app, utcnow())

    def _check_seal(self, app_id: str, sub: wire.ApplicationSubmission) -> tuple[bytes, bytes, bytes, Any]:
        """Open the manifest: (wrapped key, sealed manifest, data key, opened manifest)."""
        try:
            wrapped = base64.b64decode(sub.wrapped_key, validate=True)
            manifest = base64.b64decode(sub.sealed_manifest, validate=True)
            key = sealing.unwrap_data_key(wrapped, self.private_key(), app_id)
            opened = json.loads(sealing.open_part(key, app_id, "manifest", manifest))
        except (binascii.Error, ValueError, sealing.SealError) as exc:
            raise errors.SealInvalid("the sealed manifest does not open with the platform key") from exc
        return wrapped, manifest, key, opened

    def _check_contents(self, app_id: str, key: bytes, opened: Any, refs: list[wire.AttachmentRef]) -> None:
        """Open every attachment and compare it with the manifest, before the receipt says "received":
        a receipt then means the platform can read the whole application, not only that bytes arrived."""
        parts = opened.get("attachments") if isinstance(opened, dict) else None
        if not isinstance(parts, list):
            return  # a manifest without a parts list: nothing more to compare
        by_sealed = {p.get("sealed_sha256"): p for p in parts if isinstance(p, dict)}
        if set(by_sealed) != {r.sha256 for r in refs}:
            raise errors.SealInvalid("the manifest and the attachments sent do not agree")
        for ref in refs:
            part = by_sealed[ref.sha256]
            try:
                clear = sealing.open_part(
                    key, app_id, str(part.get("part")), self.blobs.path(ref.sha256).read_bytes()
                )
            except sealing.SealError as exc:
                raise errors.AttachmentDamaged(f"attachment {ref.sha256} does not open") from exc
            if "sha256" in part and hashlib.sha256(clear).hexdigest() != part["sha256"]:
                raise errors.AttachmentDamaged(f"attachment {ref.sha256} differs from its manifest entry")

    def _check_attachments(self, refs: list[wire.AttachmentRef]) -> None:
        with self.sessions() as s:
            for ref in refs:
                blob = s.get(Blob, ref.sha256)
                if blob is None or blob.size != ref.size or not self.blobs.has(ref.sha256):
                    raise errors.AttachmentMissing(f"attachment {ref.sha256} was not uploaded")

    def _insert_revision(
        self,
        device: Device,
        app_id: str,
        sub: wire.ApplicationSubmission,
        digest: str,
        wrapped: bytes,
        manifest: bytes,
    ) -> wire.ApplicationReceipt:
        now = utcnow()
        with self.sessions.begin() as s:
            app = s.scalar(select(Application).where(Application.app_id == app_id).with_for_update())
            if app is None:
                app = Application(app_id=app_id, device_id=device.id, station_code=device.station_code)
                app.received_at = now
                s.add(app)
                s.flush()
                app.platform_receipt_no = f"P{now:%Y%m%d}{app.seq:07d}"
            if app.device_id != device.id:  # same station (checked in _replay): the re-enrolled terminal
                app.device_id = device.id
            newest = sub.revision >= app.revision
            if newest:
                app.revision, app.status, app.reasons, app.missing_materials = (
                    sub.revision,
                    "received",
                    [],
                    [],
                )
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
            if newest:
                self._add_event(s, app, now)
        return receipt

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
        try:
            after = int(cursor) if cursor else 0
        except ValueError:
            raise errors.Unprocessable("cursor is not one this platform gave out") from None
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
        if "comment_sealed" in sub.body:
            self.rating_comment(sub.rating_id, sub.body)  # a comment the platform cannot open is refused
        digest = sub.digest()
        for attempt in range(2):
            with self.sessions() as s:
                row = s.get(Rating, sub.rating_id)
                if row is not None:
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
                            body=sub.body,
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
        return wire.HeartbeatAck(received_at=now)

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

    def devices(self) -> list[dict[str, Any]]:
        with self.sessions() as s:
            return [
                {"device_id": d.id, "station_code": d.station_code, "name": d.name}
                for d in s.scalars(select(Device)).all()
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
        heartbeats_kept: int = 200,  # per device: enough to see how it went lately
    ) -> dict[str, int]:
        """Forget what no terminal will come back for: incomplete uploads untouched for ``abandoned_after``
        (with their partial files; a terminal that does come back gets 404 and starts a new upload),
        finished upload records as old (their files live on as blobs), and all but the newest
        ``heartbeats_kept`` heartbeats of each device. Returns how many of each were removed."""
        cutoff = (now or utcnow()) - abandoned_after
        removed = {"partial_uploads": 0, "finished_uploads": 0, "heartbeats": 0}
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
        with self.sessions.begin() as s:
            devices = s.scalars(select(HeartbeatRow.device_id).distinct()).all()
            for device_id in devices:
                newest = (
                    select(HeartbeatRow.id)
                    .where(HeartbeatRow.device_id == device_id)
                    .order_by(HeartbeatRow.id.desc())
                    .limit(heartbeats_kept)
                    .scalar_subquery()
                )
                result = s.execute(
                    delete(HeartbeatRow).where(
                        HeartbeatRow.device_id == device_id, HeartbeatRow.id.not_in(newest)
                    )
                )
                removed["heartbeats"] += _rowcount(result)
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
