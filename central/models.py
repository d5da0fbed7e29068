"""The reference platform's tables (SQLAlchemy 2), and the engine setup for SQLite and PostgreSQL.

Sealed bytes (manifests, wrapped keys) live in the database; attachment files live in a blob folder
named by their SHA-256, because tus appends to them chunk by chunk and a database blob cannot do that.

A column added to a table after databases exist must be nullable: ``make_sessions`` adds such columns
in place (``add_missing_columns``), so a platform (or a demo's embedded one) upgraded keeps its data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands datetimes back without a zone; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def rowcount(result: Any) -> int:
    # DELETE and UPDATE give a CursorResult, whose row count the generic Result type does not show.
    return int(getattr(result, "rowcount", 0) or 0)


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: DateTime(timezone=True), dict[str, Any]: JSON, list[Any]: JSON}


class PlatformKey(Base):
    """The public half of the platform's X25519 key (one row); the private key is in ``central.keys``.

    ``private_pem`` is empty: versions before the key file kept the PEM here, and ``Platform`` moves it
    out at its first start."""

    __tablename__ = "platform_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text, default="")
    public_b64: Mapped[str] = mapped_column(String(60))


class EnrolmentCode(Base):
    __tablename__ = "enrolment_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    used_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    device_id: Mapped[str | None] = mapped_column(String(40), default=None)
    # An administrator's decision: the terminal enrolled with this code replaces that one (same station).
    replaces_device_id: Mapped[str | None] = mapped_column(String(40), default=None)


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # Last sequence number handed to this device's status feed. Incremented with UPDATE .. RETURNING,
    # which locks the row until commit: feed entries become visible in sequence order, so a cursor
    # never skips an entry that commits late.
    feed_seq: Mapped[int] = mapped_column(Integer, default=0)
    # Rotation: the token handed out last, valid beside the current one until its first use, so an
    # answer lost on the way never locks the terminal out. None on databases made before rotation.
    next_token_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    token_issued_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Upload(Base):
    """One tus upload. ``offset`` is what is durably on disk; the file is ``<blobs>/partial/<id>``.

    A terminated finished upload keeps its row (``terminated``) until housekeeping forgets it, so its
    bytes still count against the device's quota: otherwise upload-then-delete would fill the disk."""

    __tablename__ = "uploads"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    length: Mapped[int] = mapped_column(BigInteger)
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    # Announced in Upload-Metadata; once complete, the file's own (a standard client announces none).
    sha256: Mapped[str] = mapped_column(String(64), default="")
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    # Nullable, like every column added after the first release (added in place by add_missing_columns).
    upload_metadata: Mapped[str | None] = mapped_column(Text, default="")  # as sent, given back on HEAD
    terminated: Mapped[bool | None] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Blob(Base):
    """A complete attachment file, verified against its SHA-256."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Set in the transaction that stores a revision naming this blob; housekeeping deletes only rows
    # still False, so the two cannot cross. None: a blob from before this column (housekeeping looks).
    referenced: Mapped[bool | None] = mapped_column(Boolean, default=False)


class Application(Base):
    __tablename__ = "applications"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    app_id: Mapped[str] = mapped_column(String(100), unique=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    station_code: Mapped[str] = mapped_column(String(40))
    platform_receipt_no: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(30), default="received")
    revision: Mapped[int] = mapped_column(Integer, default=1)  # latest revision received
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    missing_materials: Mapped[list[Any]] = mapped_column(default=list)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # How the result reaches the applicant (station | township | mail), from the first revision's sealed
    # manifest or a staff change; None: the item's result is no paper, or an older terminal sent none.
    delivery: Mapped[str | None] = mapped_column(String(20), default=None)


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("app_id", "revision"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    app_id: Mapped[str] = mapped_column(ForeignKey("applications.app_id"))
    revision: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    sealed_manifest: Mapped[bytes] = mapped_column(LargeBinary)
    attachments: Mapped[list[Any]] = mapped_column()  # [{"sha256":..., "size":...}]
    clear: Mapped[dict[str, Any]] = mapped_column()
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    answer: Mapped[dict[str, Any]] = mapped_column()  # the receipt given the first time, replayed verbatim
    # Filed on behalf (central/agents.py: what the opened manifest says, for the staff console). None: by
    # the villager alone, or a revision from before agents were recorded.
    agent_no: Mapped[str | None] = mapped_column(String(12), default=None)
    consent_version: Mapped[str | None] = mapped_column(String(40), default=None)
    consent_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    presence: Mapped[str | None] = mapped_column(String(60), default=None)  # id_card | manual:<reason>
    # "" fine; "agent_disabled" filed after the agent was disabled; "agent_unknown" no such account here.
    agent_flag: Mapped[str | None] = mapped_column(String(30), default=None)


class AgentAccount(Base):
    """An agent (代办员) who files on villagers' behalf; ``stations`` are the station codes whose terminals
    get the account. The PIN is kept only as an argon2id PHC string (salt and parameters inside)."""

    __tablename__ = "agent_accounts"
    number: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    stations: Mapped[list[Any]] = mapped_column(default=list)
    villages: Mapped[list[Any]] = mapped_column(default=list)
    pin_verifier: Mapped[str] = mapped_column(String(300))
    disabled_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class StatusEvent(Base):
    __tablename__ = "status_events"
    __table_args__ = (UniqueConstraint("device_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    seq: Mapped[int] = mapped_column(Integer)
    app_id: Mapped[str] = mapped_column(String(100))
    revision: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(30))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    missing_materials: Mapped[list[Any]] = mapped_column(default=list)
    platform_receipt_no: Mapped[str] = mapped_column(String(40), default="")
    delivery: Mapped[str | None] = mapped_column(String(20), default=None)  # ready / mailed
    tracking_no: Mapped[str | None] = mapped_column(String(40), default=None)  # mailed


class Rating(Base):
    __tablename__ = "ratings"
    rating_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    digest: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, Any]] = mapped_column()
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DeviceKey(Base):
    """The Ed25519 key that signs a device's audit heads; the first one registered stays. A table of its
    own, not a column of ``devices``: ``create_all`` adds new tables to an existing database, not columns."""

    __tablename__ = "device_keys"
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(60))
    registered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEntryRow(Base):
    """One entry of a device's audit chain, as the terminal sent it (``offline_cache/audit_chain.py``)."""

    __tablename__ = "audit_entries"
    __table_args__ = (UniqueConstraint("device_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[str] = mapped_column(String(40))  # the text the hash covers
    kind: Mapped[str] = mapped_column(String(61))
    actor: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(100), default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditHeadRow(Base):
    """The newest head of a device's chain the platform accepted, as a note signed by both."""

    __tablename__ = "audit_heads"
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HeartbeatRow(Base):
    __tablename__ = "heartbeats"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    body: Mapped[dict[str, Any]] = mapped_column()


def make_engine(db_url: str) -> Engine:
    """An engine for ``db_url``; SQLite gets WAL, a busy timeout and write transactions up front."""
    if db_url.startswith("postgresql://"):
        db_url = "postgresql+psycopg://" + db_url.removeprefix("postgresql://")
    if not db_url.startswith("sqlite"):
        return create_engine(db_url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    engine = create_engine(db_url, connect_args={"timeout": 60, "check_same_thread": False})
    if engine.url.database and engine.url.database != ":memory:":
        _private_file(Path(engine.url.database))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let the "begin" hook below issue BEGIN itself
        cur = dbapi_conn.cursor()
        for pragma in ("journal_mode=WAL", "busy_timeout=60000", "foreign_keys=ON", "synchronous=FULL"):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock at the start, so two writers wait for each other instead of
        # failing with "database is locked" when a read transaction tries to become a write.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def forget_private_pem(engine: Engine) -> None:
    """Empty ``platform_key.private_pem`` so that neither a dump nor the file's free pages keep the key:
    SQLite overwrites what it frees (secure_delete) and truncates its WAL; PostgreSQL rewrites the table."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as conn:
        if sqlite:
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
        conn.execute(update(PlatformKey).where(PlatformKey.id == 1).values(private_pem=""))
    raw = engine.raw_connection()
    driver: Any = raw.driver_connection
    try:
        if sqlite:
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            driver.autocommit = True  # VACUUM runs outside a transaction
            try:
                driver.execute("VACUUM FULL platform_key")
            finally:
                driver.autocommit = False
    finally:
        raw.close()


def _private_file(path: Path) -> None:
    """Create the database file 0600 before SQLite does (its WAL and SHM files take the file's mode), and
    tighten one an older version left 0644."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(name, 0o600)


def add_missing_columns(engine: Engine) -> list[str]:
    """Add the nullable columns a table of an older database lacks (``create_all`` only makes missing
    tables), so a platform upgraded in place keeps its data. Returns ``table.column`` of each one added."""
    added = []
    for table in Base.metadata.sorted_tables:
        have = {c["name"] for c in inspect(engine).get_columns(table.name)}
        for column in table.columns:
            if column.name in have:
                continue
            if not column.nullable:
                raise RuntimeError(f"{table.name}.{column.name}: a column added later must be nullable")
            kind = column.type.compile(dialect=engine.dialect)
            try:
                with engine.begin() as conn:
                    conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}")
            except DBAPIError:  # another process starting at the same time added it first
                if column.name not in {c["name"] for c in inspect(engine).get_columns(table.name)}:
                    raise
                continue
            added.append(f"{table.name}.{column.name}")
    return added


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # Two processes starting on a new database would both CREATE TABLE and one would fail; the
            # lock lets the second wait and then find the tables (PostgreSQL DDL is transactional).
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7351001)")
        Base.metadata.create_all(conn)
    add_missing_columns(engine)
    return sessionmaker(engine, expire_on_commit=False)
