"""What the reference platform does, independent of HTTP: the FastAPI app, the admin CLI and the
embedded demo platform all call this one class.

``Platform`` holds the database, the blob store and the sealing key, and is split by domain: terminals
(``central/devices.py``: enrolment, tokens, revocation, hand-over) and their applications
(``central/applications.py``: one revision at a time, checked before it is received; status and feed)
are offered as its one-line methods; uploads are ``platform.uploads`` (``central/uploads.py``, used by
the tus routes only). Ratings, heartbeats, the catalogue and housekeeping are here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from central import devices, errors
from central.agents import Agents
from central.applications import Applications
from central.appointments import Appointments
from central.blobs import BlobStore
from central.complaints import Complaints
from central.keys import FileKeyStore, KeyMismatch, KeyStore, default_key_file
from central.models import (
    Device,
    HeartbeatRow,
    PlatformKey,
    Rating,
    aware,
    forget_private_pem,
    make_engine,
    make_sessions,
    rowcount,
    utcnow,
)
from central.uploads import UPLOAD_EXPIRY, Uploads
from offline_cache import sealing, wire

DEFAULT_CATALOGUE = Path(__file__).resolve().parent.parent / "config" / "catalogue.json"


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
        self.uploads = Uploads(self.sessions, self.blobs)  # the tus routes use it (central/tus.py)
        self.applications = Applications(self.sessions, self.blobs, self.private_key)
        self.complaints = Complaints(self.sessions, self.private_key)  # central/complaints.py
        self.appointments = Appointments(self.sessions, self.private_key)  # central/appointments.py
        self.agents = Agents(self.sessions)  # central/agents.py
        self.applications.agent_record = self.agents.record
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

    # -- applications (central/applications.py) ------------------------------------------------------

    def create_application(
        self, device: Device, app_id: str, sub: wire.ApplicationSubmission
    ) -> tuple[wire.ApplicationReceipt, bool]:
        """Store one revision, or give back the first answer for the same content. True if new."""
        return self.applications.create(device, app_id, sub)

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
        return self.applications.set_status(
            app_id, status, reasons, missing, tracking_no=tracking_no, delivery=delivery
        )

    def status_feed(self, device: Device, cursor: str | None, limit: int) -> wire.StatusFeed:
        return self.applications.status_feed(device, cursor, limit)

    def list_applications(self) -> list[dict[str, Any]]:
        return self.applications.listing()

    def open_revision(
        self, app_id: str, revision: int | None = None
    ) -> tuple[dict[str, Any], bytes, list[Path]]:
        """Staff view: the opened manifest, the data key and the sealed attachment files of a revision."""
        return self.applications.open_revision(app_id, revision)

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
                        rating_id=row.rating_id, received_at=aware(row.received_at)
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
        partial, finished = self.uploads.forget_abandoned(now - abandoned_after)
        return {
            "partial_uploads": partial,
            "finished_uploads": finished,
            "blobs": self.uploads.collect_unreferenced(now - unreferenced_after),
            "heartbeats": self._trim_heartbeats(heartbeats_kept),
        }

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
                removed += rowcount(result)
        return removed
