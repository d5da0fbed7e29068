"""Uploads on the platform, apart from the bytes on the wire (``central/tus.py`` streams them): creating
one within the device's quota, its offset, its completion (the whole file's SHA-256 checked, the file
moved into the blob store), termination, when it expires, and what housekeeping forgets.

An upload belongs to the device that made it: another device's upload id is answered like an unknown one,
and a known file hash of another device looks like an unknown hash.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import uuid

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from central import errors
from central.blobs import BlobStore
from central.models import Application, Blob, Device, Revision, Upload, aware, rowcount

# Housekeeping forgets an unfinished upload untouched this long; tus clients learn it as Upload-Expires.
UPLOAD_EXPIRY = dt.timedelta(days=7)
# Per device: bytes of unfinished uploads plus finished ones no application uses yet.
DEFAULT_UPLOAD_QUOTA = 2 * 1024**3


class Uploads:
    def __init__(self, sessions: sessionmaker[Session], blobs: BlobStore) -> None:
        self.sessions = sessions
        self.blobs = blobs

    def create(
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
        since = min(aware(row.created_at) for row in finished)
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

    def get(self, device: Device, upload_id: str) -> Upload:
        with self.sessions() as s:
            up = s.get(Upload, upload_id)
        if up is None or up.device_id != device.id or up.terminated:
            raise errors.NotFound("no such upload")
        return up

    def advance(self, upload_id: str, offset: int) -> None:
        with self.sessions.begin() as s:
            s.execute(update(Upload).where(Upload.id == upload_id).values(offset=offset))

    def complete(self, up: Upload, sha256: str | None = None) -> None:
        """The last byte is in: check the whole file's SHA-256 (``sha256`` if it was hashed on the way
        in) and move it into the blob store."""
        actual = sha256 or self.blobs.partial_sha256(up.id)
        if up.sha256 and actual != up.sha256:
            self.blobs.discard_partial(up.id)
            self.advance(up.id, 0)
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

    def complete_empty(self, up: Upload) -> None:
        self.blobs.partial(up.id).touch()
        self.complete(up, hashlib.sha256(b"").hexdigest())

    def terminate(self, device: Device, upload_id: str) -> None:
        """tus termination. An unfinished upload goes with its partial file. A finished one only leaves
        the protocol: its file may already be part of an application (or be about to), and its row
        keeps counting against the quota until housekeeping forgets it."""
        up = self.get(device, upload_id)
        with self.sessions.begin() as s:
            if up.complete:
                s.execute(update(Upload).where(Upload.id == up.id).values(terminated=True))
            else:
                s.execute(delete(Upload).where(Upload.id == up.id))
        if not up.complete:
            self.blobs.discard_partial(up.id)

    def expires(self, up: Upload) -> dt.datetime | None:
        """When housekeeping may forget an unfinished upload: a week after it was last touched."""
        if up.complete:
            return None
        touched = aware(up.created_at)
        with contextlib.suppress(FileNotFoundError):
            mtime = dt.datetime.fromtimestamp(self.blobs.partial(up.id).stat().st_mtime, dt.UTC)
            touched = max(touched, mtime)
        return (touched + UPLOAD_EXPIRY).astimezone(dt.UTC)

    def forget_abandoned(self, cutoff: dt.datetime) -> tuple[int, int]:
        """Forget uploads made before ``cutoff``: an incomplete one with its partial file unless it grew
        since (still being sent, slowly), a finished one's record (its file lives on as a blob).
        Returns (partial, finished) uploads forgotten."""
        with self.sessions() as s:
            old = s.execute(select(Upload.id, Upload.complete).where(Upload.created_at < cutoff)).all()
        partial = finished = 0
        for upload_id, complete in old:
            if not complete and self._touched_since(upload_id, cutoff):
                continue
            with self.sessions.begin() as s:
                gone = rowcount(
                    s.execute(delete(Upload).where(Upload.id == upload_id, Upload.complete == complete))
                )
            if gone:
                if not complete:
                    self.blobs.discard_partial(upload_id)
                finished, partial = (finished + 1, partial) if complete else (finished, partial + 1)
        return partial, finished

    def collect_unreferenced(self, cutoff: dt.datetime) -> int:
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
                gone = rowcount(
                    s.execute(delete(Blob).where(Blob.sha256 == sha256, Blob.referenced.is_(False)))
                )
                if gone:
                    s.execute(delete(Upload).where(Upload.sha256 == sha256, Upload.complete.is_(True)))
            if gone:
                self.blobs.discard(sha256)
                collected += 1
        return collected

    def _touched_since(self, upload_id: str, cutoff: dt.datetime) -> bool:
        try:
            mtime = self.blobs.partial(upload_id).stat().st_mtime
        except FileNotFoundError:
            return False
        return dt.datetime.fromtimestamp(mtime, dt.UTC) >= aware(cutoff)
