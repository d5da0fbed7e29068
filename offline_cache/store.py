"""The terminal's store: sealed applications, the outbox, the status mirror, ratings.

Nothing lost, nothing twice:

* ``submit`` seals the application for the platform key (``offline_cache.sealing``: a fresh AES-256-GCM
  data key per application revision, wrapped with X25519 + HKDF for the platform), writes the sealed attachment
  files and fsyncs them and their folders, and only then commits ONE transaction holding the sealed
  manifest, the wrapped key, the attachment references, the clear summary, the local receipt number and
  the outbox row, and the filing's audit log entry (``offline_cache/audit.py``). Killed at any moment, the
  application is either fully queued or not there at all (the files of a submit that never committed are
  orphans that ``clean_orphans`` removes).
* The outbox row's body never changes after the commit, so every retry sends byte-identical content
  under the same UUIDv7 application id and revision: the platform's create-or-return makes delivery
  exactly-once.
* Each receipt's QR code carries a random query token (``offline_cache/query_tokens.py``); the store keeps
  only its hash, so only the paper opens the application on screen, never a typed receipt number.
* In clear the terminal keeps only what the status screens need: item, masked name, dates, receipt
  numbers, status, and ``applicant_key`` (a slow keyed hash of the ID number, ``kiosk/lookup_key.py``, so
  the progress query can find a person's applications without storing the number). Drafts are never stored
  here: the core keeps them in memory until the applicant finalizes.

The sealed manifest's format and the sealing construction are described in ``offline_cache/manifest.py``;
the read side (outbox, status mirror) is in ``offline_cache/mirror.py``.

Every method is a blocking call for a worker thread; one lock serializes this object's connection, and
SQLite's WAL lets ``kiosk sync`` (another process) work on the same file at the same time.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from offline_cache import audit, mirror, query_tokens, retention, sealing
from offline_cache.agent_accounts import AgentAccounts
from offline_cache.appointments import BookingBook
from offline_cache.attachments import AttachmentFiles, WrittenFile
from offline_cache.complaints import ComplaintBook
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
    StoreCorrupt,
    StoreError,
    StoreFull,
    UnknownApplication,
)
from offline_cache.manifest import (
    PendingFile,
    attachment_part,
    build_manifest,
    check_application,
    check_rating,
    settle,
    sha256_hex,
)
from offline_cache.records import (
    ApplicationSummary,
    AttachmentInput,
    NewApplication,
    OutboxEntry,
    OutboxRow,
    StatusChange,
    SubmittedApplication,
)
from offline_cache.uuid7 import uuid7_str

log = logging.getLogger(__name__)

LOCAL_STATUS = "submitted"  # queued on this terminal, not yet confirmed by the platform
# Receipt numbers carry the calendar day in China Standard Time (UTC+8, no daylight saving), fixed here
# rather than taken from the machine's time zone, which a kiosk image may leave at UTC.
RECEIPT_TZ = dt.timezone(dt.timedelta(hours=8), "CST")
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
        self._files.make_folders()
        self._lock = threading.RLock()
        self._clock = clock
        self._io = concurrent.futures.ThreadPoolExecutor(max_workers=3, thread_name_prefix="store-io")
        self.station_code = station_code
        self.recovered_from = recovered_from
        self.attachments_dir = attachments_dir
        self.audit = audit.AuditLog(self._write, self._read, clock)
        self.complaints = ComplaintBook(self._write, self._read, clock)  # offline_cache/complaints.py
        self.bookings = BookingBook(self._write, self._read, clock)  # offline_cache/appointments.py
        self.agents = AgentAccounts(self._write, self._read, clock)
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

    def prepare_for_submits(self) -> None:
        """Make spare attachment files in the background (a process that will submit calls this at start;
        every submit tops them up after its commit)."""
        self._files.refill_spares()

    def settle(self) -> None:
        """Wait until background housekeeping (making spare files) is finished; benchmarks and tests."""
        self._files.settle()

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
        check_application(app, attachments)
        audit.check_entry(
            "application.filed", app.agent_id or "visitor", "", {}
        )  # before any file is written
        public = _platform_key(platform_public_key)
        app_id = app.app_id or uuid7_str()
        data_key = sealing.new_data_key()
        pending: list[PendingFile] = []
        try:
            # The attachment files are the longest part (write, hash, rename, fsync) and run on the I/O
            # threads; this thread meanwhile hashes the clear bytes, wraps the key, fills the transaction.
            for i, att in enumerate(attachments):
                pending.append(self._start_attachment(data_key, app_id, i, att))
            wrapped = sealing.wrap_data_key(data_key, public, app_id)
            with self._write() as db:
                now = self._clock()
                revision = self._next_revision(db, app_id, supplement=app.app_id is not None)
                receipt_no = self._next_receipt_no(db, now)
                parts = [p.description() for p in pending]
                manifest = build_manifest(app, app_id, revision, self.station_code, receipt_no, now, parts)
                sealed_manifest = sealing.seal_part(data_key, app_id, "manifest", manifest)
                self._insert_application(db, app, app_id, revision, receipt_no, now, wrapped, sealed_manifest)
                _audit_filing(db, app, app_id, revision, receipt_no, now)
                token = _insert_query_token(db, app_id, now)
                for p in pending:
                    _insert(db, "attachments", p.row(app_id, revision))
                # The files must be durable before the commit that references them.
                for p in pending:
                    p.write.result()
        except BaseException:
            self._discard_unreferenced(settle(pending))
            raise
        self._files.refill_spares()
        return SubmittedApplication(
            app_id=app_id, revision=revision, local_receipt_no=receipt_no, created_at=now, query_token=token
        )

    def _start_attachment(self, data_key: bytes, app_id: str, i: int, att: AttachmentInput) -> PendingFile:
        sealed = sealing.seal_buffer(data_key, app_id, attachment_part(i), att.data)
        # An I/O thread fills a spare file, hashes the sealed bytes (their hash is the file's name and goes
        # into the manifest), then renames and fsyncs; this thread hashes the clear bytes meanwhile. Each
        # thread computes what it needs first, so neither waits for the other on a two-core terminal.
        named: concurrent.futures.Future[str] = concurrent.futures.Future()
        write = self._io.submit(self._files.write, sealed, named=named)
        return PendingFile(i, att, named, len(sealed), sha256_hex(att.data), write)

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
        day = now.astimezone(RECEIPT_TZ).strftime("%Y%m%d")
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

    def submit_rating(self, rating: dict[str, Any], platform_public_key: str | None = None) -> str:
        """Queue a rating (好差评) as outbox kind ``"rating"``; returns its id (a UUIDv7).

        A comment is free text a villager typed and may hold a name or a phone number, so it is never kept
        in clear: it is sealed for the platform (``comment_sealed``, see ``sealing.seal_note``); a rating
        with a comment needs the platform key."""
        body = check_rating(rating)
        rating_id = uuid7_str()
        comment = body.pop("comment")
        if comment:
            if not platform_public_key:
                raise BadPlatformKey("a rating's comment is sealed for the platform, and there is no key")
            public = _platform_key(platform_public_key)
            body["comment_sealed"] = sealing.seal_note(public, rating_id, sealing.RATING_COMMENT, comment)
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
            return mirror.due_entries(db, self._files, self.station_code, utc_text(now), limit)

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

    def retry_now(self) -> int:
        """Make every waiting entry due at once (the sync monitor's "retry now"); how many wait."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE outbox SET next_attempt_at = ? WHERE delivered_at IS NULL",
                [utc_text(self._clock())],
            )
            return int(cursor.rowcount)

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
            mirror.record_changes(db, changes, utc_text(self._clock()))
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
            return mirror.outbox_rows(db, limit)

    def applications(
        self, applicant_key: str | None = None, *, status: str | None = None, limit: int | None = None
    ) -> list[ApplicationSummary]:
        """Applications on this terminal, newest first: one person's with ``applicant_key``, those in one
        ``status`` (the agent's "needs supplement" list), at most ``limit``."""
        with self._read() as db:
            return mirror.summaries(db, applicant_key, status, limit)

    def applicant_key_schemes(self) -> set[str]:
        """The schemes of the applicant keys stored (``kiosk/lookup_key.py``: "a2id-1", "hmac", ...)."""
        with self._read() as db:
            rows = db.execute(
                "SELECT DISTINCT substr(applicant_key, 1, instr(applicant_key, ':') - 1) FROM applications"
            )
            return {str(r[0]) for r in rows}

    def rekey_applicant(self, old_keys: list[str], new_key: str) -> int:
        """Give the applications stored under any of ``old_keys`` the key ``new_key``; how many changed."""
        if not old_keys:
            return 0
        with self._write() as db:
            marks = ",".join("?" * len(old_keys))
            return int(
                db.execute(
                    f"UPDATE applications SET applicant_key = ? WHERE applicant_key IN ({marks})",
                    [new_key, *old_keys],
                ).rowcount
            )

    def application(self, app_id: str) -> ApplicationSummary | None:
        with self._read() as db:
            return mirror.summary_by_id(db, app_id)

    def application_by_receipt(self, receipt_no: str) -> ApplicationSummary | None:
        """By the local number of any revision's receipt, or by the platform's receipt number."""
        if not receipt_no.strip():
            return None
        with self._read() as db:
            return mirror.summary_by_receipt(db, receipt_no.strip())

    def application_by_token(self, token: str) -> ApplicationSummary | None:
        """By the query token of a receipt's or progress slip's QR code (``offline_cache.query_tokens``)."""
        if not token.strip():
            return None
        with self._read() as db:
            row = db.execute(
                "SELECT app_id FROM query_tokens WHERE token_hash = ?", [query_tokens.token_hash(token)]
            ).fetchone()
            return None if row is None else mirror.summary_by_id(db, row[0])

    def new_query_token(self, app_id: str) -> str:
        """A fresh token for a slip's QR code that shows ``app_id`` (only its hash is stored)."""
        with self._write() as db:
            if db.execute("SELECT 1 FROM applications WHERE app_id = ?", [app_id]).fetchone() is None:
                raise UnknownApplication(f"no application {app_id} on this terminal")
            return _insert_query_token(db, app_id, self._clock())

    def status_history(self, app_id: str) -> list[StatusChange]:
        """Every status the application went through, oldest first (``submitted`` entries are local)."""
        with self._read() as db:
            return mirror.history(db, app_id)

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


def _audit_filing(
    db: sqlite_utils.Database,
    app: NewApplication,
    app_id: str,
    revision: int,
    receipt_no: str,
    now: dt.datetime,
) -> None:
    """The filing's audit entry, in the filing's transaction: both are there, or neither."""
    details: dict[str, Any] = {"revision": revision, "item": app.item_code, "receipt": receipt_no}
    if app.agent_id:
        details["on_behalf"] = True
    kind = "application.filed" if revision == 1 else "application.supplement"
    audit.append(db, kind, app.agent_id or "visitor", app_id, details, at=now)


def _platform_key(text: str) -> Any:
    try:
        return sealing.load_public_key(text)
    except sealing.SealError as exc:
        raise BadPlatformKey("the platform public key cannot be loaded") from exc


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> None:
    # A plain INSERT: sqlite-utils' Table.insert introspects the table on every call, which cost more
    # than the rest of the submit transaction together (bench/bench_enqueue.py).
    columns = ", ".join(row)
    db.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


def _insert_query_token(db: sqlite_utils.Database, app_id: str, now: dt.datetime) -> str:
    token = query_tokens.new_token()
    row = {"token_hash": query_tokens.token_hash(token), "app_id": app_id, "created_at": utc_text(now)}
    _insert(db, "query_tokens", row)
    return token


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
