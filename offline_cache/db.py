"""The terminal's one SQLite database: connection, pragmas, schema migrations, integrity check, recovery.

* WAL, so the app and ``kiosk sync`` (its own process) read while the other writes;
  ``synchronous=FULL``, so a commit that returned survives a power cut (the outbox is the whole point);
  ``foreign_keys=ON``; a busy timeout, because the two processes take turns on the write lock.
* Migrations are plain functions registered with sqlite-utils' ``Migrations``; they run at open inside one
  ``BEGIN IMMEDIATE`` so two processes starting together cannot both apply the same step.
* ``PRAGMA integrity_check`` runs at every open. A database that fails it (or is not a database at all)
  is moved aside as ``<name>.corrupt-<UTC timestamp>`` together with its WAL and the attachment folder,
  and a clean one is started; ``open_database`` says so, so the app can tell the operator. Nothing is
  deleted: a technician can still try ``sqlite3 <file> .recover`` on the kept copy.
* Receipt numbers must stay unique per terminal even across such a restart, so each recovery bumps a
  "receipt generation" (the number of corrupt copies beside the file) that goes into new receipt numbers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from offline_cache.errors import StoreCorrupt, StoreFull, StoreUnavailable
from offline_cache.permissions import private_database

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 15.0
_CORRUPT_CODES = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}

migrations = sqlite_utils.Migrations("village-kiosk-store")


@migrations(name="0001_initial")
def _m0001_initial(db: sqlite_utils.Database) -> None:
    # Raw DDL: composite keys, CHECKs and STRICT typing say what the data must be, which the
    # sqlite-utils table builder cannot express. Times are ISO-8601 UTC text of fixed width.
    for sql in (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT",
        "CREATE TABLE receipt_counters (day TEXT PRIMARY KEY, last INTEGER NOT NULL) STRICT",
        # The status mirror: one row per application, readable without the platform key.
        """CREATE TABLE applications (
            app_id TEXT PRIMARY KEY,
            applicant_key TEXT NOT NULL,
            item_code TEXT NOT NULL,
            item_name TEXT NOT NULL,
            masked_name TEXT NOT NULL,
            masked_id TEXT NOT NULL,
            local_receipt_no TEXT NOT NULL UNIQUE,
            platform_receipt_no TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            latest_revision INTEGER NOT NULL,
            status TEXT NOT NULL,
            status_at TEXT NOT NULL
        ) STRICT""",
        "CREATE INDEX applications_by_applicant ON applications (applicant_key, created_at)",
        "CREATE INDEX applications_by_platform_no ON applications (platform_receipt_no)",
        # One row per submission (revision 1, then supplements). The sealed parts go once retention ran.
        """CREATE TABLE revisions (
            app_id TEXT NOT NULL REFERENCES applications (app_id),
            revision INTEGER NOT NULL CHECK (revision >= 1),
            local_receipt_no TEXT NOT NULL UNIQUE,
            catalogue_version TEXT NOT NULL,
            created_at TEXT NOT NULL,
            wrapped_key BLOB,
            sealed_manifest BLOB,
            delivered_at TEXT,
            purged_at TEXT,
            PRIMARY KEY (app_id, revision)
        ) STRICT""",
        """CREATE TABLE attachments (
            app_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            position INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            material TEXT NOT NULL,
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL,
            PRIMARY KEY (app_id, revision, position),
            FOREIGN KEY (app_id, revision) REFERENCES revisions (app_id, revision)
        ) STRICT""",
        "CREATE INDEX attachments_by_sha256 ON attachments (sha256)",
        """CREATE TABLE ratings (
            rating_id TEXT PRIMARY KEY,
            app_id TEXT,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT""",
        # What the sync engine must deliver. ref_id is the app_id (or the rating_id).
        """CREATE TABLE outbox (
            outbox_id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL CHECK (kind IN ('application', 'rating')),
            ref_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT NOT NULL DEFAULT '',
            delivered_at TEXT,
            platform_receipt_no TEXT NOT NULL DEFAULT '',
            UNIQUE (kind, ref_id, revision)
        ) STRICT""",
        "CREATE INDEX outbox_pending ON outbox (delivered_at, next_attempt_at)",
        """CREATE TABLE status_changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            app_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            status TEXT NOT NULL,
            at TEXT NOT NULL,
            reasons TEXT NOT NULL DEFAULT '[]',
            missing_materials TEXT NOT NULL DEFAULT '[]',
            platform_receipt_no TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL,
            UNIQUE (app_id, revision, status, at)
        ) STRICT""",
        "CREATE INDEX status_changes_by_app ON status_changes (app_id, at)",
        "CREATE TABLE uploads (sha256 TEXT PRIMARY KEY, url TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT",
    ):
        db.execute(sql)


@migrations(name="0002_audit_log")
def _m0002_audit_log(db: sqlite_utils.Database) -> None:
    # The hash-chained audit log (offline_cache/audit.py). The triggers keep the code append-only; someone
    # with the file can drop them, and then the chain, the signed heads and the platform's copy show it.
    for sql in (
        """CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY CHECK (seq >= 1),
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            actor TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            details TEXT NOT NULL DEFAULT '{}',
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        ) STRICT""",
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        # Heads signed with the device key (note: checkpoint + signature line), and the platform's
        # countersigned note once it accepted the chain up to there. Per device id: a re-enrolled terminal
        # sends its whole chain again to its new device.
        """CREATE TABLE audit_heads (
            device_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL,
            note TEXT NOT NULL,
            countersigned TEXT,
            signed_at TEXT NOT NULL,
            PRIMARY KEY (device_id, seq)
        ) STRICT""",
    ):
        db.execute(sql)


@migrations(name="0003_receipt_query_tokens")
def _m0003_receipt_query_tokens(db: sqlite_utils.Database) -> None:
    # The SHA-256 of each token a receipt's or slip's QR code carries (offline_cache/query_tokens.py).
    db.execute(
        """CREATE TABLE query_tokens (
            token_hash TEXT PRIMARY KEY,
            app_id TEXT NOT NULL REFERENCES applications (app_id),
            created_at TEXT NOT NULL
        ) STRICT"""
    )
    db.execute("CREATE INDEX query_tokens_by_app ON query_tokens (app_id)")


@migrations(name="0004_slow_applicant_keys")
def _m0004_slow_applicant_keys(db: sqlite_utils.Database) -> None:
    # Applicant keys carry their scheme (kiosk/lookup_key.py): the HMAC keys stored so far become "hmac:..."
    # and are re-keyed when their owner's card is read again. No part of an ID number stays in clear.
    db.execute(
        "UPDATE applications SET applicant_key = 'hmac:' || applicant_key WHERE instr(applicant_key, ':') = 0"
    )
    db.execute("UPDATE applications SET masked_id = ''")


@migrations(name="0005_result_delivery")
def _m0005_result_delivery(db: sqlite_utils.Database) -> None:
    # A "ready" or "mailed" change says how the result comes and the courier's number (kiosk/delivery.py):
    # the method and a tracking number, nothing personal (the address travels sealed in the manifest).
    db.execute("ALTER TABLE status_changes ADD COLUMN delivery TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE status_changes ADD COLUMN tracking_no TEXT NOT NULL DEFAULT ''")


@migrations(name="0006_complaints")
def _m0006_complaints(db: sqlite_utils.Database) -> None:
    # Complaints and suggestions (offline_cache/complaints.py): the body as it goes on the wire, its text
    # sealed for the platform; found again by the card (applicant_key, named only) or the slip's QR code.
    db.execute(
        """CREATE TABLE complaints (
            complaint_id TEXT PRIMARY KEY,
            local_no TEXT NOT NULL UNIQUE,
            applicant_key TEXT,
            token_hash TEXT NOT NULL UNIQUE,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT NOT NULL DEFAULT '',
            delivered_at TEXT,
            platform_no TEXT NOT NULL DEFAULT '',
            reply TEXT,
            replied_at TEXT
        ) STRICT"""
    )
    db.execute("CREATE INDEX complaints_by_applicant ON complaints (applicant_key)")


@migrations(name="0007_bookings")
def _m0007_bookings(db: sqlite_utils.Database) -> None:
    # Appointments booked here (offline_cache/appointments.py): found again by the card for a cancel or a
    # move; the slot as the platform described it (hall, time). Who booked is sealed on the platform.
    db.execute(
        """CREATE TABLE bookings (
            booking_id TEXT PRIMARY KEY,
            applicant_key TEXT NOT NULL,
            booking_no TEXT NOT NULL,
            slot TEXT NOT NULL,
            created_at TEXT NOT NULL,
            cancelled_at TEXT
        ) STRICT"""
    )
    db.execute("CREATE INDEX bookings_by_applicant ON bookings (applicant_key)")


@migrations(name="0008_agent_accounts")
def _m0008_agent_accounts(db: sqlite_utils.Database) -> None:
    # Agents (offline_cache/agent_accounts.py): the platform's accounts of this station (or a local
    # first-boot one), with their PIN lockout in the same row so that a restart does not reset it.
    db.execute(
        """CREATE TABLE agent_accounts (
            number TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            villages TEXT NOT NULL DEFAULT '[]',
            pin_verifier TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
            origin TEXT NOT NULL CHECK (origin IN ('platform', 'local')),
            updated_at TEXT NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT NOT NULL DEFAULT '',
            draft_salt BLOB,
            last_login_at TEXT NOT NULL DEFAULT ''
        ) STRICT"""
    )


@dataclasses.dataclass(frozen=True, slots=True)
class Opened:
    db: sqlite_utils.Database
    recovered_from: Path | None  # the corrupt copy kept aside, when this open had to start clean


def is_corruption(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and getattr(exc, "sqlite_errorname", "") in _CORRUPT_CODES


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno == 28  # ENOSPC
    return isinstance(exc, sqlite3.DatabaseError) and getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL"


def connect(path: Path) -> sqlite_utils.Database:
    """A connection with the durability pragmas set. Raises ``sqlite3`` errors as they come."""
    private_database(path)  # before SQLite creates it: its WAL and SHM files inherit the file's mode
    # isolation_level=None: no implicit BEGIN from the driver; every transaction here is explicit.
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    try:
        db = sqlite_utils.Database(conn, execute_plugins=False)
        db.enable_wal()
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        return db
    except BaseException:
        conn.close()
        raise


def integrity_problems(db: sqlite_utils.Database) -> list[str]:
    rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else [str(r) for r in rows]


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``: takes the write lock first, so two processes never deadlock on
    upgrading a read lock, and a busy database waits (busy timeout) instead of failing half-way."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


def migrate(db: sqlite_utils.Database) -> None:
    with write_transaction(db):
        migrations.apply(db)
        known = {m.name for m in migrations._migrations}
        unknown = [m.name for m in migrations.applied(db) if m.name not in known]
    if unknown:
        # A newer version of the software migrated this file; this one keeps working (migrations only
        # add), but say so for whoever downgraded.
        log.warning("store database has migrations this version does not know: %s", ", ".join(unknown))


def _open_checked(path: Path) -> sqlite_utils.Database:
    db = connect(path)
    try:
        problems = integrity_problems(db)
        if problems:
            raise StoreCorrupt(f"integrity check failed: {problems[0][:200]}")
        migrate(db)
        return db
    except BaseException:
        db.close()
        raise


def open_database(path: Path, attachments_dir: Path, *, recover: bool = True) -> Opened:
    """Open (creating and migrating) the database; on corruption keep the bad copy aside and start clean."""
    try:
        return Opened(_open_checked(path), None)
    except StoreCorrupt:
        if not recover:
            raise
        log.error("store database failed its integrity check; keeping it aside and starting clean")
    except sqlite3.Error as exc:
        if is_corruption(exc):
            if not recover:
                raise StoreCorrupt(f"database is damaged: {exc.sqlite_errorname}") from exc
            log.error(
                "store database is damaged (%s); keeping it aside and starting clean", exc.sqlite_errorname
            )
        elif is_disk_full(exc):
            raise StoreFull("no space left to open the database") from exc
        else:
            raise StoreUnavailable(
                f"cannot open the database: {getattr(exc, 'sqlite_errorname', type(exc).__name__)}"
            ) from exc
    except OSError as exc:
        raise StoreUnavailable(f"cannot open the database: {exc.strerror}") from exc
    kept = move_aside(path, attachments_dir, dt.datetime.now(dt.UTC))
    try:
        db = _open_checked(path)
    except sqlite3.Error as exc:
        raise StoreUnavailable("cannot start a clean database after recovery") from exc
    generation = sum(
        1 for p in path.parent.glob(f"{path.name}.corrupt-*") if not p.name.endswith(("-wal", "-shm"))
    )
    with write_transaction(db):
        meta = db.table("meta")
        meta.upsert({"key": "recovered_from", "value": str(kept)}, pk="key")
        meta.upsert({"key": "recovered_at", "value": dt.datetime.now(dt.UTC).isoformat()}, pk="key")
        meta.upsert({"key": "receipt_generation", "value": str(generation)}, pk="key")
    return Opened(db, kept)


def move_aside(path: Path, attachments_dir: Path, now: dt.datetime) -> Path:
    """Rename the database, its WAL/SHM and the attachment folder to ``*.corrupt-<stamp>``; fsync the folder."""
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    kept = path.with_name(f"{path.name}.corrupt-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{path}{suffix}")
        if src.exists():
            os.replace(src, Path(f"{kept}{suffix}"))
    if attachments_dir.exists():
        os.replace(attachments_dir, attachments_dir.with_name(f"{attachments_dir.name}.corrupt-{stamp}"))
    fsync_dir(path.parent)
    if attachments_dir.parent != path.parent:
        fsync_dir(attachments_dir.parent)
    return kept


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (POSIX needs the directory itself fsynced)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def utc_text(ts: dt.datetime) -> str:
    """A time as fixed-width ISO-8601 UTC text, so SQL compares times as strings. Naive means UTC."""
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=dt.UTC)
    return ts.astimezone(dt.UTC).isoformat(timespec="microseconds")


def parse_utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)
