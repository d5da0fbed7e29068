"""The reference platform's tables (SQLAlchemy 2), and the engine setup for SQLite and PostgreSQL.

Sealed bytes (manifests, wrapped keys) live in the database; attachment files live in a blob folder
named by their SHA-256, because tus appends to them chunk by chunk and a database blob cannot do that.

A column added to a table after databases exist must be nullable: ``make_sessions`` adds such columns
in place (``add_missing_columns``), so a platform (or a demo's embedded one) upgraded keeps its data.
"""

from __future__ import annotations

import datetime as dt
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
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: DateTime(timezone=True), dict[str, Any]: JSON, list[Any]: JSON}


class PlatformKey(Base):
    """The platform's X25519 key pair (one row). A real deployment would keep the private key in an HSM."""

    __tablename__ = "platform_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
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
    """One tus upload. ``offset`` is what is durably on disk; the file is ``<blobs>/partial/<id>``."""

    __tablename__ = "uploads"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    length: Mapped[int] = mapped_column(BigInteger)
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")  # announced in Upload-Metadata
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
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


class Rating(Base):
    __tablename__ = "ratings"
    rating_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    digest: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, Any]] = mapped_column()
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


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
    Base.metadata.create_all(engine)
    add_missing_columns(engine)
    return sessionmaker(engine, expire_on_commit=False)
