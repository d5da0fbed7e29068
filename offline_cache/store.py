"""The terminal's store: sealed applications, the outbox, the status mirror, ratings.

Nothing lost, nothing twice:

* ``submit`` seals the application for the platform key (``offline_cache.sealing``: a fresh AES-256-GCM
  data key per application, wrapped with X25519 + HKDF for the platform), writes the sealed attachment
  files and fsyncs them and their folders, and only then commits ONE transaction holding the sealed
  manifest, the wrapped key, the attachment references, the clear summary, the local receipt number and
  the outbox row. Killed at any moment, the application is either fully queued or not there at all (the
  files of a submit that never committed are orphans that ``clean_orphans`` removes).
* The outbox row's body never changes after the commit, so every retry sends byte-identical content
  under the same UUIDv7 application id and revision: the platform's create-or-return makes delivery
  exactly-once.
* In clear the terminal keeps only what the status screens need: item, masked name and ID, dates, receipt
  numbers, status, and ``applicant_key`` (an HMAC of the ID number with a terminal-local secret, so the
  progress query can find a person's applications without storing the number). Drafts are never stored
  here: the core keeps them in memory until the applicant finalizes.

Sealed manifest (JSON, UTF-8, sealed as part ``"manifest"``)::

    {"format": "village-kiosk.application/1", "app_id", "revision", "station_code", "local_receipt_no",
     "created_at", "item": {"code", "name"}, "catalogue_version", "applicant": {...}, "form": {...},
     "consent": {...}, "deferred_materials": [...], "agent_id",
     "attachments": [{"part": "attachment:<i>", "material", "filename", "content_type",
                      "size", "sha256", "sealed_sha256", "sealed_size"}]}

Attachment ``i`` is sealed as part ``"attachment:<i>"``; ``sha256``/``size`` are of the clear bytes (the
platform checks them after opening), ``sealed_sha256`` names the uploaded file. Dates in form values are
ISO text, bytes are base64 text.

Every method is a blocking call for a worker thread; one lock serializes this object's connection, and
SQLite's WAL lets ``kiosk sync`` (another process) work on the same file at the same time.
"""

from __future__ import annotations

import base64
import concurrent.futures
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any

import sqlite_utils

from offline_cache import retention, sealing
from offline_cache.attachments import AttachmentFiles, WrittenFile
from offline_cache.db import (
    is_corruption,
    is_disk_full,
    open_database,
    parse_utc,
    utc_text,
    write_transaction,
)
from offline_cache.errors import (
    BadPlatformKey,
    InvalidApplication,
    InvalidRating,
    StoreCorrupt,
    StoreError,
    StoreFull,
    UnknownApplication,
)
from offline_cache.records import (
    ApplicationSummary,
    AttachmentInput,
    NewApplication,
    OutboxEntry,
    OutboxRow,
    StatusChange,
    StoredAttachment,
    SubmittedApplication,
)
from offline_cache.uuid7 import uuid7_str

log = logging.getLogger(__name__)

MANIFEST_FORMAT = "village-kiosk.application/1"
LOCAL_STATUS = "submitted"  # queued on this terminal, not yet confirmed by the platform
MAX_ATTACHMENTS = 200  # what the wire contract accepts per revision
_CURSOR_KEY = "status_cursor"


def _now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """Open with ``Store.open``; see the module docstring for the guarantees."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        attachments_dir: Path,
        station_code: str,
        recovered_from: Path | None,
        clock: Callable[[], dt.datetime],
    ) -> None:
        self._db = db
        self._files = AttachmentFiles(attachments_dir)
        self._lock = threading.RLock()
        self._clock = clock
        self._io = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="store-io")
        self.station_code = station_code
        self.recovered_from = recovered_from
        self.attachments_dir = attachments_dir
        generation = self.get_meta("receipt_generation")
        self._receipt_generation = int(generation) if generation else 0

    @classmethod
    def open(
        cls,
        db_path: Path,
        attachments_dir: Path,
        station_code: str,
        *,
        recover: bool = True,
        clock: Callable[[], dt.datetime] = _now_utc,
    ) -> Store:
        """Open (create, migrate, integrity-check) the store; a corrupt file is kept aside and replaced."""
        if not station_code or not station_code.isascii() or not station_code.isalnum():
            raise InvalidApplication("station_code", "letters and digits only")
        opened = open_database(db_path, attachments_dir, recover=recover)
        attachments_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        return cls(opened.db, attachments_dir, station_code, opened.recovered_from, clock)

    def close(self) -> None:
        with self._lock:
            self._io.shutdown(wait=True)
            self._files.close()
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions -----------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite_utils.Database]:
        with self._lock, _translated(), write_transaction(self._db) as db:
            yield db

    @contextmanager
    def _read(self) -> Iterator[sqlite_utils.Database]:
        """One snapshot for several SELECTs (WAL readers do not block the writer)."""
        with self._lock, _translated():
            self._db.conn.execute("BEGIN")
            try:
                yield self._db
            finally:
                if self._db.conn.in_transaction:
                    self._db.conn.execute("COMMIT")

    # -- submitting -------------------------------------------------------------------------------

    def submit(
        self, app: NewApplication, attachments: list[AttachmentInput], platform_public_key: str
    ) -> SubmittedApplication:
        """Seal and queue one application (or, with ``app.app_id``, a new revision of it)."""
        _check_application(app, attachments)
        try:
            public = sealing.load_public_key(platform_public_key)
        except sealing.SealError as exc:
            raise BadPlatformKey("the platform public key cannot be loaded") from exc
        app_id = app.app_id or uuid7_str()
        data_key = sealing.new_data_key()
        wrapped = sealing.wrap_data_key(data_key, public, app_id)
        pending = []
        try:
            # Sealing and hashing overlap with the file writes on the I/O threads (hashlib and the
            # fsyncs release the GIL); the transaction body runs meanwhile.
            pending = [self._start_attachment(data_key, app_id, i, att) for i, att in enumerate(attachments)]
            with self._write() as db:
                now = self._clock()
                revision = self._next_revision(db, app_id, supplement=app.app_id is not None)
                receipt_no = self._next_receipt_no(db, now)
                parts = [p.description() for p in pending]
                manifest = _manifest(app, app_id, revision, self.station_code, receipt_no, now, parts)
                sealed_manifest = sealing.seal_part(data_key, app_id, "manifest", manifest)
                self._insert_application(db, app, app_id, revision, receipt_no, now, wrapped, sealed_manifest)
                for p in pending:
                    _insert(db, "attachments", p.row(app_id, revision))
                # The files must be durable before the commit that references them.
                for p in pending:
                    p.write.result()
        except BaseException:
            self._discard_unreferenced(_settle(pending))
            raise
        return SubmittedApplication(
            app_id=app_id, revision=revision, local_receipt_no=receipt_no, created_at=now
        )

    def _start_attachment(self, data_key: bytes, app_id: str, i: int, att: AttachmentInput) -> _PendingFile:
        clear_hash = self._io.submit(_sha256_hex, att.data)
        sealed = sealing.seal_part(data_key, app_id, f"attachment:{i}", att.data)
        sha = _sha256_hex(sealed)
        return _PendingFile(
            i, att, sha, len(sealed), clear_hash, self._io.submit(self._files.write, sealed, sha)
        )

    def _next_revision(self, db: sqlite_utils.Database, app_id: str, *, supplement: bool) -> int:
        row = db.execute("SELECT latest_revision FROM applications WHERE app_id = ?", [app_id]).fetchone()
        if supplement:
            if row is None:
                raise UnknownApplication(f"no application {app_id} on this terminal")
            return int(row[0]) + 1
        if row is not None:  # a fresh UUIDv7 never collides; refuse rather than overwrite
            raise StoreError("application id already used")
        return 1

    def _next_receipt_no(self, db: sqlite_utils.Database, now: dt.datetime) -> str:
        # The receipt shows the terminal's local calendar day (the machine runs on China time).
        day = now.astimezone().strftime("%Y%m%d")
        seq = db.execute(
            "INSERT INTO receipt_counters (day, last) VALUES (?, 1) "
            "ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last",
            [day],
        ).fetchone()[0]
        generation = f"R{self._receipt_generation}-" if self._receipt_generation else ""
        return f"{self.station_code}-{day}-{generation}{int(seq):04d}"

    def _insert_application(
        self,
        db: sqlite_utils.Database,
        app: NewApplication,
        app_id: str,
        revision: int,
        receipt_no: str,
        now: dt.datetime,
        wrapped: bytes,
        sealed_manifest: bytes,
    ) -> None:
        at = utc_text(now)
        if revision == 1:
            _insert(
                db,
                "applications",
                {
                    "app_id": app_id,
                    "applicant_key": app.applicant_key,
                    "item_code": app.item_code,
                    "item_name": app.item_name,
                    "masked_name": app.masked_name,
                    "masked_id": app.masked_id,
                    "local_receipt_no": receipt_no,
                    "platform_receipt_no": "",
                    "created_at": at,
                    "latest_revision": 1,
                    "status": LOCAL_STATUS,
                    "status_at": at,
                },
            )
        else:
            db.execute(
                "UPDATE applications SET latest_revision = ?, status = ?, status_at = ? WHERE app_id = ?",
                [revision, LOCAL_STATUS, at, app_id],
            )
        _insert(
            db,
            "revisions",
            {
                "app_id": app_id,
                "revision": revision,
                "local_receipt_no": receipt_no,
                "catalogue_version": app.catalogue_version,
                "created_at": at,
                "wrapped_key": wrapped,
                "sealed_manifest": sealed_manifest,
            },
        )
        _insert(
            db,
            "status_changes",
            {"app_id": app_id, "revision": revision, "status": LOCAL_STATUS, "at": at, "recorded_at": at},
        )
        self._insert_outbox(db, "application", app_id, revision, at)

    def _insert_outbox(
        self, db: sqlite_utils.Database, kind: str, ref_id: str, revision: int, at: str
    ) -> None:
        _insert(
            db,
            "outbox",
            {"kind": kind, "ref_id": ref_id, "revision": revision, "created_at": at, "next_attempt_at": at},
        )

    def _discard_unreferenced(self, written: list[WrittenFile]) -> None:
        """After a failed submit: remove the files it wrote unless a committed row references them."""
        if not written:
            return
        try:
            with self._read() as db:
                shas = [f.sha256 for f in written]
                marks = ",".join("?" * len(shas))
                kept = {
                    r[0]
                    for r in db.execute(f"SELECT sha256 FROM attachments WHERE sha256 IN ({marks})", shas)
                }
            for f in written:
                if f.sha256 not in kept:
                    self._files.remove(f.sha256)
        except (StoreError, OSError):
            log.warning("could not clean up after a failed submit; clean_orphans will")

    def submit_rating(self, rating: dict[str, Any]) -> str:
        """Queue a rating (好差评) as outbox kind ``"rating"``; returns its id (a UUIDv7)."""
        body = _check_rating(rating)
        rating_id = uuid7_str()
        body["rating_id"] = rating_id
        body.setdefault("station_code", self.station_code)
        with self._write() as db:
            at = utc_text(self._clock())
            _insert(
                db,
                "ratings",
                {
                    "rating_id": rating_id,
                    "app_id": body["app_id"],
                    "body": json.dumps(body, ensure_ascii=False, sort_keys=True),
                    "created_at": at,
                },
            )
            self._insert_outbox(db, "rating", rating_id, 1, at)
        return rating_id

    # -- the Outbox protocol (what the sync engine uses) --------------------------------------------

    def due(self, now: dt.datetime, limit: int = 50) -> list[OutboxEntry]:
        """Entries whose next attempt is due, oldest first; a revision waits until the one before it is in."""
        with self._read() as db:
            rows = db.execute(
                """SELECT o.outbox_id, o.kind, o.ref_id, o.revision, o.attempts, o.created_at FROM outbox o
                   WHERE o.delivered_at IS NULL AND o.next_attempt_at <= ?
                     AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.kind = o.kind AND p.ref_id = o.ref_id
                                     AND p.revision < o.revision AND p.delivered_at IS NULL)
                   ORDER BY o.outbox_id LIMIT ?""",
                [utc_text(now), limit],
            ).fetchall()
            return [self._entry(db, *row) for row in rows]

    def _entry(
        self,
        db: sqlite_utils.Database,
        outbox_id: int,
        kind: str,
        ref_id: str,
        revision: int,
        attempts: int,
        at: str,
    ) -> OutboxEntry:
        if kind == "rating":
            body = db.execute("SELECT body FROM ratings WHERE rating_id = ?", [ref_id]).fetchone()[0]
            clear = {"station_code": self.station_code, "created_at": at}
            return OutboxEntry(outbox_id, "rating", ref_id, revision, attempts, b"", body.encode(), (), clear)
        rev = db.execute(
            """SELECT r.local_receipt_no, r.catalogue_version, r.created_at, r.wrapped_key, r.sealed_manifest,
                      a.item_code FROM revisions r JOIN applications a USING (app_id)
               WHERE r.app_id = ? AND r.revision = ?""",
            [ref_id, revision],
        ).fetchone()
        receipt_no, catalogue_version, created_at, wrapped, manifest, item_code = rev
        atts = tuple(
            StoredAttachment(sha, size, self._files.path_for(sha), material, filename, content_type)
            for sha, size, material, filename, content_type in db.execute(
                "SELECT sha256, size, material, filename, content_type FROM attachments "
                "WHERE app_id = ? AND revision = ? ORDER BY position",
                [ref_id, revision],
            )
        )
        clear = {
            "station_code": self.station_code,
            "local_receipt_no": receipt_no,
            "item_code": item_code,
            "catalogue_version": catalogue_version,
            "created_at": created_at,
        }
        return OutboxEntry(
            outbox_id, "application", ref_id, revision, attempts, wrapped, manifest, atts, clear
        )

    def mark_delivered(self, outbox_id: int, platform_receipt_no: str, at: dt.datetime) -> None:
        """The platform confirmed the entry. Idempotent: a second call changes nothing."""
        with self._write() as db:
            row = db.execute(
                "SELECT kind, ref_id, revision FROM outbox WHERE outbox_id = ? AND delivered_at IS NULL",
                [outbox_id],
            ).fetchone()
            if row is None:
                return
            kind, ref_id, revision = row
            when = utc_text(at)
            db.execute(
                "UPDATE outbox SET delivered_at = ?, platform_receipt_no = ?, last_error = '' WHERE outbox_id = ?",
                [when, platform_receipt_no, outbox_id],
            )
            if kind == "application":
                db.execute(
                    "UPDATE revisions SET delivered_at = ? WHERE app_id = ? AND revision = ?",
                    [when, ref_id, revision],
                )
                if platform_receipt_no:
                    db.execute(
                        "UPDATE applications SET platform_receipt_no = ? WHERE app_id = ?",
                        [platform_receipt_no, ref_id],
                    )

    def mark_failed(self, outbox_id: int, error: str, next_attempt_at: dt.datetime) -> None:
        # ``error`` comes from the sync engine: technical text without personal data; kept short.
        with self._write() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                "WHERE outbox_id = ? AND delivered_at IS NULL",
                [error[:300], utc_text(next_attempt_at), outbox_id],
            )

    def upload_state(self, sha256: str) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT url FROM uploads WHERE sha256 = ?", [sha256]).fetchone()
        return None if row is None else str(row[0])

    def set_upload_state(self, sha256: str, url: str | None) -> None:
        with self._write() as db:
            if url is None:
                db.execute("DELETE FROM uploads WHERE sha256 = ?", [sha256])
            else:
                db.table("uploads").upsert(
                    {"sha256": sha256, "url": url, "updated_at": utc_text(self._clock())}, pk="sha256"
                )

    def record_status_changes(self, changes: list[StatusChange], cursor: str) -> None:
        """Store a page of the platform's status feed and its cursor together (replays are harmless)."""
        with self._write() as db:
            recorded = utc_text(self._clock())
            for change in changes:
                at = utc_text(change.at)
                inserted = db.execute(
                    "INSERT INTO status_changes (app_id, revision, status, at, reasons, missing_materials,"
                    " platform_receipt_no, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT DO NOTHING",
                    [
                        change.app_id,
                        change.revision,
                        change.status,
                        at,
                        json.dumps(list(change.reasons), ensure_ascii=False),
                        json.dumps(list(change.missing_materials), ensure_ascii=False),
                        change.platform_receipt_no,
                        recorded,
                    ],
                ).rowcount
                if inserted:
                    db.execute(
                        "UPDATE applications SET status = ?, status_at = ? WHERE app_id = ? AND status_at <= ?",
                        [change.status, at, change.app_id, at],
                    )
                if change.platform_receipt_no:
                    db.execute(
                        "UPDATE applications SET platform_receipt_no = ? WHERE app_id = ?",
                        [change.platform_receipt_no, change.app_id],
                    )
            _set_meta(db, _CURSOR_KEY, cursor)

    def status_cursor(self) -> str | None:
        return self.get_meta(_CURSOR_KEY)

    def get_meta(self, key: str) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str | None) -> None:
        with self._write() as db:
            _set_meta(db, key, value)

    # -- what the screens and the sync monitor show -------------------------------------------------

    def pending_count(self) -> int:
        with self._read() as db:
            return int(db.execute("SELECT count(*) FROM outbox WHERE delivered_at IS NULL").fetchone()[0])

    def oldest_pending_age(self, now: dt.datetime) -> float | None:
        """Seconds since the oldest undelivered entry was queued; None when nothing waits."""
        with self._read() as db:
            oldest = db.execute("SELECT min(created_at) FROM outbox WHERE delivered_at IS NULL").fetchone()[0]
        if oldest is None:
            return None
        return max(0.0, (parse_utc(utc_text(now)) - parse_utc(oldest)).total_seconds())

    def outbox(self, limit: int = 100) -> list[OutboxRow]:
        """Pending entries, oldest first, for ``kiosk outbox`` and the sync monitor."""
        with self._read() as db:
            rows = db.execute(
                """SELECT o.outbox_id, o.kind, o.ref_id, o.revision, coalesce(r.local_receipt_no, ''),
                          coalesce(a.item_name, ''), o.created_at, o.attempts, o.next_attempt_at, o.last_error,
                          coalesce(length(r.sealed_manifest), length(g.body), 0)
                            + coalesce((SELECT sum(size) FROM attachments t
                                        WHERE t.app_id = o.ref_id AND t.revision = o.revision), 0)
                   FROM outbox o
                   LEFT JOIN revisions r ON o.kind = 'application' AND r.app_id = o.ref_id AND r.revision = o.revision
                   LEFT JOIN applications a ON o.kind = 'application' AND a.app_id = o.ref_id
                   LEFT JOIN ratings g ON o.kind = 'rating' AND g.rating_id = o.ref_id
                   WHERE o.delivered_at IS NULL ORDER BY o.outbox_id LIMIT ?""",
                [limit],
            ).fetchall()
        return [
            OutboxRow(
                oid,
                kind,
                ref,
                rev,
                receipt,
                name,
                parse_utc(created),
                attempts,
                parse_utc(nxt),
                err,
                int(size),
            )
            for oid, kind, ref, rev, receipt, name, created, attempts, nxt, err, size in rows
        ]

    def applications(
        self, applicant_key: str | None = None, *, status: str | None = None, limit: int | None = None
    ) -> list[ApplicationSummary]:
        """Applications on this terminal, newest first: one person's with ``applicant_key``, those in one
        ``status`` (the agent's "needs supplement" list), at most ``limit``."""
        where, params = [], []
        if applicant_key is not None:
            where.append("a.applicant_key = ?")
            params.append(applicant_key)
        if status is not None:
            where.append("a.status = ?")
            params.append(status)
        sql = f"{_SUMMARY_SQL} {'WHERE ' + ' AND '.join(where) if where else ''}"
        sql += " ORDER BY a.created_at DESC, a.app_id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._read() as db:
            rows = db.execute(sql, params).fetchall()
        return [_summary(row) for row in rows]

    def application(self, app_id: str) -> ApplicationSummary | None:
        with self._read() as db:
            row = db.execute(f"{_SUMMARY_SQL} WHERE a.app_id = ?", [app_id]).fetchone()
        return None if row is None else _summary(row)

    def application_by_receipt(self, receipt_no: str) -> ApplicationSummary | None:
        """By the local number of any revision's receipt, or by the platform's receipt number."""
        receipt_no = receipt_no.strip()
        if not receipt_no:
            return None
        with self._read() as db:
            row = db.execute(
                f"""{_SUMMARY_SQL} WHERE a.app_id = coalesce(
                        (SELECT app_id FROM revisions WHERE local_receipt_no = ?),
                        (SELECT app_id FROM applications WHERE platform_receipt_no = ? LIMIT 1))""",
                [receipt_no, receipt_no],
            ).fetchone()
        return None if row is None else _summary(row)

    def status_history(self, app_id: str) -> list[StatusChange]:
        """Every status the application went through, oldest first (``submitted`` entries are local)."""
        with self._read() as db:
            rows = db.execute(
                "SELECT app_id, revision, status, at, reasons, missing_materials, platform_receipt_no "
                "FROM status_changes WHERE app_id = ? ORDER BY at, id",
                [app_id],
            ).fetchall()
        return [
            StatusChange(a, rev, status, parse_utc(at), tuple(json.loads(r)), tuple(json.loads(m)), no)
            for a, rev, status, at, r, m, no in rows
        ]

    # -- housekeeping -------------------------------------------------------------------------------

    def apply_retention(self, now: dt.datetime, retention_days: float) -> retention.RetentionResult:
        """Delete sealed copies and scans the platform confirmed more than ``retention_days`` ago."""
        cutoff = utc_text(now - dt.timedelta(days=retention_days))
        with self._write() as db:
            result, shas = retention.purge_confirmed(db, cutoff, utc_text(now))
        # Files go after the commit: a crash in between leaves orphans, never a row without its file.
        removed = sum(1 for sha in shas if self._files.remove(sha))
        return dataclasses.replace(result, files_removed=removed)

    def clean_orphans(self, grace_s: float = 3600.0) -> int:
        """Remove attachment files no row references, older than ``grace_s`` (a submit may be running)."""
        with self._read() as db:
            referenced = {r[0] for r in db.execute("SELECT sha256 FROM attachments")}
        return retention.remove_orphans(self._files, referenced, grace_s)

    def integrity_check(self) -> list[str]:
        """Problems ``PRAGMA integrity_check`` finds (empty when sound)."""
        with self._lock, _translated():
            rows = [str(r[0]) for r in self._db.execute("PRAGMA integrity_check").fetchall()]
        return [] if rows == ["ok"] else rows

    def verify_attachments(self) -> list[str]:
        """sha256 of every referenced attachment whose file is missing or altered (diagnostics)."""
        with self._read() as db:
            shas = [r[0] for r in db.execute("SELECT DISTINCT sha256 FROM attachments")]
        bad = []
        for sha in shas:
            try:
                self._files.read(sha)
            except StoreError:
                bad.append(sha)
        return bad


_SUMMARY_SQL = """SELECT a.app_id, a.latest_revision, a.local_receipt_no, a.platform_receipt_no, a.item_code,
       a.item_name, a.masked_name, a.created_at, a.status,
       (SELECT r.delivered_at IS NOT NULL FROM revisions r
         WHERE r.app_id = a.app_id AND r.revision = a.latest_revision),
       a.status_at, a.masked_id
  FROM applications a"""


def _summary(row: tuple[Any, ...]) -> ApplicationSummary:
    (
        app_id,
        rev,
        local_no,
        platform_no,
        code,
        name,
        masked,
        created,
        status,
        delivered,
        status_at,
        masked_id,
    ) = row
    return ApplicationSummary(
        app_id,
        rev,
        local_no,
        platform_no,
        code,
        name,
        masked,
        parse_utc(created),
        status,
        bool(delivered),
        parse_utc(status_at),
        masked_id,
    )


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> None:
    # A plain INSERT: sqlite-utils' Table.insert introspects the table on every call, which cost more
    # than the rest of the submit transaction together (bench/bench_enqueue.py).
    columns = ", ".join(row)
    db.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


def _set_meta(db: sqlite_utils.Database, key: str, value: str | None) -> None:
    if value is None:
        db.execute("DELETE FROM meta WHERE key = ?", [key])
    else:
        db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
            [key, value, value],
        )


@contextmanager
def _translated() -> Iterator[None]:
    """sqlite3 errors become StoreErrors with a code the UI can say in Chinese."""
    try:
        yield
    except sqlite3.Error as exc:
        name = getattr(exc, "sqlite_errorname", type(exc).__name__)
        if is_disk_full(exc):
            raise StoreFull("no space left for the database") from exc
        if is_corruption(exc):
            raise StoreCorrupt(f"database is damaged: {name}") from exc
        raise StoreError(f"database error: {name}") from exc


def _check_application(app: NewApplication, attachments: list[AttachmentInput]) -> None:
    for name in ("item_code", "item_name", "catalogue_version", "masked_name", "applicant_key"):
        if not isinstance(getattr(app, name), str) or not getattr(app, name).strip():
            raise InvalidApplication(name, "missing")
    if len(attachments) > MAX_ATTACHMENTS:
        raise InvalidApplication("attachments", f"more than {MAX_ATTACHMENTS}")
    for i, att in enumerate(attachments):
        if not isinstance(att.data, bytes | bytearray | memoryview) or len(att.data) == 0:
            raise InvalidApplication(f"attachments[{i}].data", "empty")
        if not att.material or not att.content_type:
            raise InvalidApplication(f"attachments[{i}]", "material and content type are required")


def _check_rating(rating: dict[str, Any]) -> dict[str, Any]:
    level = rating.get("level")
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
        raise InvalidRating("level must be an integer from 1 to 5")
    reasons = rating.get("reasons", [])
    if not isinstance(reasons, list | tuple) or not all(isinstance(r, str) for r in reasons):
        raise InvalidRating("reasons must be a list of text")
    comment = rating.get("comment", "")
    app_id = rating.get("app_id")
    if not isinstance(comment, str) or (app_id is not None and not isinstance(app_id, str)):
        raise InvalidRating("comment and app_id must be text")
    at = rating.get("at") or _now_utc()
    body = {k: v for k, v in rating.items() if k not in ("level", "reasons", "comment", "app_id", "at")}
    try:
        json.dumps(body)
    except (TypeError, ValueError) as exc:
        raise InvalidRating("extra fields must be plain JSON") from exc
    at_text = utc_text(at) if isinstance(at, dt.datetime) else str(at)
    return {
        **body,
        "app_id": app_id,
        "level": level,
        "reasons": list(reasons),
        "comment": comment,
        "at": at_text,
    }


@dataclasses.dataclass(frozen=True, slots=True)
class _PendingFile:
    """An attachment sealed in memory whose clear hash and durable write are still running."""

    index: int
    att: AttachmentInput
    sealed_sha256: str
    sealed_size: int
    clear_hash: concurrent.futures.Future[str]
    write: concurrent.futures.Future[WrittenFile]

    def description(self) -> dict[str, Any]:
        """The attachment's entry in the sealed manifest."""
        return {
            "part": f"attachment:{self.index}",
            "material": self.att.material,
            "filename": self.att.filename,
            "content_type": self.att.content_type,
            "size": len(self.att.data),
            "sha256": self.clear_hash.result(),
            "sealed_sha256": self.sealed_sha256,
            "sealed_size": self.sealed_size,
        }

    def row(self, app_id: str, revision: int) -> dict[str, Any]:
        return {
            "app_id": app_id,
            "revision": revision,
            "position": self.index,
            "sha256": self.sealed_sha256,
            "size": self.sealed_size,
            "material": self.att.material,
            "filename": _clear_filename(self.att, self.index),
            "content_type": self.att.content_type,
        }


def _settle(pending: list[_PendingFile]) -> list[WrittenFile]:
    """Wait for every write of a failed submit; the files that did get written."""
    done = []
    for p in pending:
        try:
            done.append(p.write.result())
        except BaseException:  # noqa: BLE001 - its own failure is already on its way up
            continue
    return done


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _clear_filename(att: AttachmentInput, i: int) -> str:
    # The clear name travels as upload metadata: built from the material id, never the given file
    # name (a scripted import could name a file after the person).
    suffix = PurePath(att.filename).suffix.lower()
    suffix = suffix if suffix.isascii() and len(suffix) <= 8 else ""
    return f"{att.material}-{i + 1}{suffix}"


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(type(value).__name__)


def _manifest(
    app: NewApplication,
    app_id: str,
    revision: int,
    station_code: str,
    receipt_no: str,
    now: dt.datetime,
    parts: list[dict[str, Any]],
) -> bytes:
    manifest = {
        "format": MANIFEST_FORMAT,
        "app_id": app_id,
        "revision": revision,
        "station_code": station_code,
        "local_receipt_no": receipt_no,
        "created_at": utc_text(now),
        "item": {"code": app.item_code, "name": app.item_name},
        "catalogue_version": app.catalogue_version,
        "applicant": app.applicant,
        "form": app.form,
        "consent": app.consent,
        "deferred_materials": list(app.deferred_materials),
        "agent_id": app.agent_id,
        "attachments": parts,
    }
    try:
        return json.dumps(manifest, ensure_ascii=False, sort_keys=True, default=_json_default).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise InvalidApplication("form", "a value cannot be written as JSON") from exc
