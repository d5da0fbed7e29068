"""Complaints and suggestions (监督举报, plan §31) on the terminal: kept, delivered, their replies pulled back.

A complaint is a record of its own beside applications and ratings: its table ``complaints`` (migration
0006) holds the body as it goes on the wire (``wire.ComplaintBody``), its own slip number
``<station>-<YYYYMMDD>-T<seq>``, the SHA-256 of its slip's query token (``query_tokens.py``: the QR code
finds it again, the number alone does not), the applicant key when it was named (the card finds it again),
and the platform's reply once pulled.

What the villager typed, and who they are when they named themselves, is never kept in clear: it is sealed
for the platform at once (``sealing.seal_note``, the complaint id as associated data), like a rating's
comment; an anonymous complaint's text is sealed the same way, whatever it holds. What it is about and the
common problems tapped stay in clear (fixed phrases).

``ComplaintSender`` is one step of the sync engine's pass: deliver what is due (idempotent by complaint
id), then pull the replies by cursor.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any, ClassVar

import sqlite_utils

from offline_cache import query_tokens, sealing, wire
from offline_cache.db import parse_utc, utc_text
from offline_cache.errors import OfflineCacheError
from offline_cache.uuid7 import uuid7_str

Transaction = Callable[[], AbstractContextManager[sqlite_utils.Database]]
CHINA = dt.timezone(dt.timedelta(hours=8))
COMPLAINT_TEXT = "complaint:text"  # the sealed note's part name (associated data with the complaint id)
MAX_TEXT = 300  # what the screen takes; the wire allows more


class InvalidComplaint(OfflineCacheError):
    code: ClassVar[str] = "complaint.invalid"


@dataclasses.dataclass(frozen=True, slots=True)
class NewComplaint:
    about: str  # service | department | station
    text: str = dataclasses.field(repr=False)
    problems: tuple[str, ...] = ()
    item_code: str = ""
    department_id: str = ""
    name: str = dataclasses.field(default="", repr=False)  # named: from the card
    id_number: str = dataclasses.field(default="", repr=False)
    applicant_key: str | None = dataclasses.field(default=None, repr=False)


@dataclasses.dataclass(frozen=True, slots=True)
class ComplaintSummary:
    """What the progress query shows: nothing personal (the text stays sealed; the reply is the staff's)."""

    complaint_id: str
    local_no: str
    about: str
    item_code: str
    problems: tuple[str, ...]
    named: bool
    created_at: dt.datetime
    delivered: bool
    reply: str
    replied_at: dt.datetime | None


@dataclasses.dataclass(frozen=True, slots=True)
class Filed:
    complaint_id: str
    local_no: str
    query_token: str = dataclasses.field(repr=False)
    created_at: dt.datetime


class ComplaintBook:
    def __init__(self, write: Transaction, read: Transaction, clock: Callable[[], dt.datetime]) -> None:
        self._write, self._read, self._clock = write, read, clock

    def file(self, c: NewComplaint, station_code: str, platform_key: Any) -> Filed:
        """Seal and keep one complaint; it is delivered by the next sync pass."""
        if c.about not in ("service", "department", "station"):
            raise InvalidComplaint("about must be service, department or station")
        if not c.text.strip() and not c.problems:
            raise InvalidComplaint("a complaint says something: typed or tapped")
        if len(c.text) > MAX_TEXT or len(c.problems) > 10 or any(len(p) > 100 for p in c.problems):
            raise InvalidComplaint("complaint text or problems too long")
        complaint_id = uuid7_str()
        secret = json.dumps({"text": c.text, "name": c.name, "id_number": c.id_number}, ensure_ascii=False)
        sealed = sealing.seal_note(platform_key, complaint_id, COMPLAINT_TEXT, secret)
        token = query_tokens.new_token()
        with self._write() as db:
            now = self._clock()
            day = now.astimezone(CHINA).strftime("%Y%m%d")
            seq = db.execute(
                "INSERT INTO receipt_counters (day, last) VALUES (?, 1) "
                "ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last",
                [f"T{day}"],
            ).fetchone()[0]
            local_no = f"{station_code}-{day}-T{int(seq):04d}"
            body = wire.ComplaintBody(
                local_no=local_no,
                about=c.about,  # type: ignore[arg-type]
                item_code=c.item_code,
                department_id=c.department_id,
                problems=list(c.problems),
                named=bool(c.name),
                station_code=station_code,
                at=utc_text(now),
                sealed=wire.SealedNote(**sealed),
            )
            db.execute(
                "INSERT INTO complaints (complaint_id, local_no, applicant_key, token_hash, body, created_at,"
                " next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    complaint_id,
                    local_no,
                    c.applicant_key if c.name else None,
                    query_tokens.token_hash(token),
                    body.model_dump_json(),
                    utc_text(now),
                    utc_text(now),
                ],
            )
        return Filed(complaint_id, local_no, token, now)

    # -- what the progress query shows --------------------------------------------------------------

    def for_applicant(self, applicant_key: str) -> list[ComplaintSummary]:
        return self._select("applicant_key = ?", [applicant_key])

    def by_token(self, token: str) -> list[ComplaintSummary]:
        return self._select("token_hash = ?", [query_tokens.token_hash(token)])

    def _select(self, where: str, params: list[Any]) -> list[ComplaintSummary]:
        with self._read() as db:
            rows = db.execute(
                "SELECT complaint_id, body, created_at, delivered_at, reply, replied_at FROM complaints"
                f" WHERE {where} ORDER BY created_at DESC",
                params,
            ).fetchall()
        out = []
        for cid, body, created, delivered, reply, replied in rows:
            b = wire.ComplaintBody.model_validate_json(body)
            out.append(
                ComplaintSummary(
                    cid,
                    b.local_no,
                    b.about,
                    b.item_code,
                    tuple(b.problems),
                    b.named,
                    parse_utc(created),
                    delivered is not None,
                    reply or "",
                    parse_utc(replied) if replied else None,
                )
            )
        return out

    # -- what the sync step needs -------------------------------------------------------------------

    def due(self, now: dt.datetime, limit: int = 20) -> list[wire.ComplaintSubmission]:
        with self._read() as db:
            rows = db.execute(
                "SELECT complaint_id, body FROM complaints WHERE delivered_at IS NULL AND next_attempt_at <= ?"
                " ORDER BY created_at LIMIT ?",
                [utc_text(now), limit],
            ).fetchall()
        return [
            wire.ComplaintSubmission(complaint_id=cid, body=wire.ComplaintBody.model_validate_json(body))
            for cid, body in rows
        ]

    def delivered(self, complaint_id: str, platform_no: str) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE complaints SET delivered_at = ?, platform_no = ? WHERE complaint_id = ?",
                [utc_text(self._clock()), platform_no, complaint_id],
            )

    def failed(self, complaint_id: str, retry_at: dt.datetime, error: str) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE complaints SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                " WHERE complaint_id = ?",
                [utc_text(retry_at), error[:100], complaint_id],
            )

    def record_replies(self, replies: list[wire.ComplaintReply], cursor: str) -> None:
        with self._write() as db:
            for r in replies:
                db.execute(
                    "UPDATE complaints SET reply = ?, replied_at = ? WHERE complaint_id = ?",
                    [r.reply, utc_text(r.replied_at), r.complaint_id],
                )
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('complaint_reply_cursor', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [cursor],
            )

    def reply_cursor(self) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'complaint_reply_cursor'").fetchone()
        return str(row[0]) if row else None

    def pending(self) -> int:
        with self._read() as db:
            return int(db.execute("SELECT count(*) FROM complaints WHERE delivered_at IS NULL").fetchone()[0])


class ComplaintSender:
    """The sync engine's complaints step (``SyncEngine.run_once``): deliver what is due, pull replies."""

    RETRY = dt.timedelta(minutes=5)

    def __init__(self, book: ComplaintBook, clock: Callable[[], dt.datetime]) -> None:
        self.book, self._clock = book, clock

    def run(self, client: Any) -> int:
        """Delivered count. A refusal (4xx) backs that complaint off; a network failure ends the pass."""
        from offline_cache import services_client
        from offline_cache.platform_client import EntryRejected

        sent = 0
        for sub in self.book.due(self._clock()):
            try:
                receipt = services_client.post_complaint(client, sub)
            except EntryRejected as exc:
                self.book.failed(sub.complaint_id, self._clock() + self.RETRY, exc.code)
                continue
            self.book.delivered(sub.complaint_id, receipt.platform_no)
            sent += 1
        self.pull_replies(client)
        return sent

    def pull_replies(self, client: Any) -> None:
        """The staff's replies after the cursor (also for the progress query, which must not wait for a
        whole pass)."""
        for page in _pages(client, self.book.reply_cursor()):
            self.book.record_replies(page.replies, page.cursor)


def _pages(client: Any, cursor: str | None) -> Iterator[wire.ComplaintReplies]:
    from offline_cache import services_client

    for _ in range(20):  # a bound: 20 pages of 200 replies per pass
        page = services_client.complaint_replies(client, cursor)
        yield page
        if not page.more:
            return
        cursor = page.cursor
