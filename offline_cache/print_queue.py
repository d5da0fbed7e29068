"""The persistent print queue: a job is stored (and fsynced) before anything is sent to the printer.

Jobs hold the serialized document JSON (masked data only, as printed) in their own SQLite file,
``<home>/print_queue.db``, or in a table of a database path the caller gives. States::

    pending ──take()──> printing ──done()──> done
       ^                   │
       └───retry(code)─────┘            pending/printing ──cancel()──> cancelled
                                         printing ──broken(code)──> failed   (document unreadable)

A job left ``printing`` by a crash goes back to ``pending`` when the queue is opened: printing a
receipt twice is better than losing it.

The connection is the store's (``offline_cache.db.connect``: owner-only file, WAL, ``synchronous=FULL``,
a busy timeout), and every SQLite error becomes a typed one: ``StoreFull`` when the disk or the database is
full (``db.is_disk_full``, by SQLite's error code, not by the words of its message), ``StoreUnavailable``
otherwise.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from offline_cache.db import connect, is_disk_full, write_transaction
from offline_cache.errors import StoreFull, StoreUnavailable

PENDING, PRINTING, DONE, FAILED, CANCELLED = "pending", "printing", "done", "failed", "cancelled"
KEEP_DONE = 200  # finished jobs kept for reprints and the admin list


@dataclass(frozen=True)
class PrintJob:
    id: int
    kind: str
    document: str  # Document JSON
    state: str
    attempts: int
    created_at: str
    updated_at: str
    sent_at: str | None
    last_error: str | None  # an error code, never a message
    reprint_of: int | None


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@contextmanager
def _translated(doing: str) -> Iterator[None]:
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        if is_disk_full(exc):
            raise StoreFull(f"no space left for the print queue ({doing})") from exc
        name = getattr(exc, "sqlite_errorname", type(exc).__name__)
        raise StoreUnavailable(f"print queue: {doing} failed ({name})") from exc


class PrintQueue:
    def __init__(self, db_path: Path | str, table: str = "print_jobs") -> None:
        self.path = Path(db_path)
        self.table_name = table
        with _translated("open"):
            # one connection shared by the UI thread (enqueue) and the printer worker, behind a lock;
            # owner-only: the jobs hold masked names and receipt numbers
            self._db = connect(self.path)
            self._db.execute("PRAGMA secure_delete=ON")  # a replaced document is overwritten, not just freed
        self._lock = threading.Lock()
        self._table = self._db.table(table)
        with self._lock, _translated("open"):
            self._table.create(
                {
                    "id": int,
                    "kind": str,
                    "document": str,
                    "state": str,
                    "attempts": int,
                    "created_at": str,
                    "updated_at": str,
                    "sent_at": str,
                    "last_error": str,
                    "reprint_of": int,
                },
                pk="id",
                not_null={"kind", "document", "state", "attempts", "created_at", "updated_at"},
                if_not_exists=True,
            )
            self._table.create_index(["state", "id"], if_not_exists=True)
            self.recovered = self._update_where("state = ?", [PRINTING], state=PENDING)

    def _update_where(self, where: str, args: list[Any], **values: Any) -> int:
        sets = ", ".join(f"[{k}] = ?" for k in values)
        cur = self._db.conn.execute(
            f"UPDATE [{self.table_name}] SET {sets}, updated_at = ? WHERE {where}",
            [*values.values(), _now(), *args],
        )
        return cur.rowcount

    def _rows(
        self, where: str, args: list[Any], order: str = "id", limit: int | None = None
    ) -> list[PrintJob]:
        with self._lock, _translated("read"):
            rows = self._table.rows_where(where, args, order_by=order, limit=limit)
            return [PrintJob(**row) for row in rows]

    def add(self, kind: str, document_json: str, reprint_of: int | None = None) -> int:
        """Store a job; when this returns, the job survives a crash or power cut."""
        now = _now()
        row = {
            "kind": kind,
            "document": document_json,
            "state": PENDING,
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
            "sent_at": None,
            "last_error": None,
            "reprint_of": reprint_of,
        }
        with self._lock, _translated("add"):
            last_pk = self._table.insert(row).last_pk
        if last_pk is None:
            raise StoreUnavailable("print job was not stored")
        return int(last_pk)

    def get(self, job_id: int) -> PrintJob | None:
        rows = self._rows("id = ?", [job_id])
        return rows[0] if rows else None

    def take(self) -> PrintJob | None:
        """The oldest pending job, now marked ``printing``."""
        with self._lock, _translated("take"), write_transaction(self._db):
            row = next(self._table.rows_where("state = ?", [PENDING], order_by="id", limit=1), None)
            if row is None:
                return None
            self._update_where("id = ?", [row["id"]], state=PRINTING, attempts=row["attempts"] + 1)
        return self.get(int(row["id"]))

    def done(self, job_id: int, keep_document: str | None = None) -> None:
        """Mark a job sent. ``keep_document``: what to keep for reprints instead of what was printed (the
        printout may hold a one-time secret such as a receipt's query token); the printed bytes are then
        overwritten in the file and the WAL is emptied, so no copy of them stays on disk."""
        replaced = {} if keep_document is None else {"document": keep_document}
        with self._lock, _translated("done"):
            self._update_where("id = ?", [job_id], state=DONE, sent_at=_now(), last_error=None, **replaced)
            if replaced:
                self._db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._prune()

    def retry(self, job_id: int, error_code: str) -> None:
        with self._lock, _translated("retry"):
            self._update_where(
                "id = ? AND state = ?", [job_id, PRINTING], state=PENDING, last_error=error_code
            )

    def broken(self, job_id: int, error_code: str) -> None:
        with self._lock, _translated("broken"):
            self._update_where("id = ?", [job_id], state=FAILED, last_error=error_code)

    def cancel(self, job_id: int) -> bool:
        with self._lock, _translated("cancel"):
            return (
                self._update_where("id = ? AND state IN (?, ?)", [job_id, PENDING, PRINTING], state=CANCELLED)
                > 0
            )

    def pending(self) -> list[PrintJob]:
        """Jobs not yet sent (pending or being printed), oldest first."""
        return self._rows("state IN (?, ?)", [PENDING, PRINTING])

    def failed(self) -> list[PrintJob]:
        return self._rows("state = ?", [FAILED])

    def last_done(self, kind: str | None = None) -> PrintJob | None:
        where, args = ("state = ?", [DONE]) if kind is None else ("state = ? AND kind = ?", [DONE, kind])
        rows = self._rows(where, args, order="sent_at DESC, id DESC", limit=1)
        return rows[0] if rows else None

    def recent_done(self, limit: int = 20, kind: str | None = None) -> list[PrintJob]:
        """Finished jobs, newest first: the admin screen's list to reprint from."""
        where, args = ("state = ?", [DONE]) if kind is None else ("state = ? AND kind = ?", [DONE, kind])
        return self._rows(where, args, order="sent_at DESC, id DESC", limit=limit)

    def _prune(self) -> None:
        self._db.conn.execute(
            f"DELETE FROM [{self.table_name}] WHERE state IN (?, ?) AND id NOT IN "
            f"(SELECT id FROM [{self.table_name}] WHERE state IN (?, ?) ORDER BY id DESC LIMIT ?)",
            [DONE, CANCELLED, DONE, CANCELLED, KEEP_DONE],
        )

    def close(self) -> None:
        with self._lock:
            self._db.conn.close()
