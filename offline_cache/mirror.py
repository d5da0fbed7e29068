"""The store's read side and status mirror: SQL for the outbox the sync engine drains, for the status
screens, and for recording the platform's status feed. Functions take an open ``sqlite_utils.Database``
inside the caller's transaction; ``Store`` adds the locking.

Application status is ``"submitted"`` (queued on this terminal) until the platform's feed says more;
a status change older than the one shown never rolls it back (feeds replay, pages overlap).
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from offline_cache.attachments import AttachmentFiles
from offline_cache.db import parse_utc, utc_text
from offline_cache.records import ApplicationSummary, OutboxEntry, OutboxRow, StatusChange, StoredAttachment

_DUE_SQL = """SELECT o.outbox_id, o.kind, o.ref_id, o.revision, o.attempts, o.created_at FROM outbox o
   WHERE o.delivered_at IS NULL AND o.next_attempt_at <= ?
     AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.kind = o.kind AND p.ref_id = o.ref_id
                     AND p.revision < o.revision AND p.delivered_at IS NULL)
   ORDER BY o.outbox_id LIMIT ?"""

_OUTBOX_SQL = """SELECT o.outbox_id, o.kind, o.ref_id, o.revision, coalesce(r.local_receipt_no, ''),
          coalesce(a.item_name, ''), o.created_at, o.attempts, o.next_attempt_at, o.last_error,
          coalesce(length(r.sealed_manifest), length(g.body), 0)
            + coalesce((SELECT sum(size) FROM attachments t
                        WHERE t.app_id = o.ref_id AND t.revision = o.revision), 0)
   FROM outbox o
   LEFT JOIN revisions r ON o.kind = 'application' AND r.app_id = o.ref_id AND r.revision = o.revision
   LEFT JOIN applications a ON o.kind = 'application' AND a.app_id = o.ref_id
   LEFT JOIN ratings g ON o.kind = 'rating' AND g.rating_id = o.ref_id
   WHERE o.delivered_at IS NULL ORDER BY o.outbox_id LIMIT ?"""

_SUMMARY_SQL = """SELECT a.app_id, a.latest_revision, a.local_receipt_no, a.platform_receipt_no, a.item_code,
       a.item_name, a.masked_name, a.created_at, a.status,
       (SELECT r.delivered_at IS NOT NULL FROM revisions r
         WHERE r.app_id = a.app_id AND r.revision = a.latest_revision),
       a.status_at, a.masked_id
  FROM applications a"""


def due_entries(
    db: sqlite_utils.Database, files: AttachmentFiles, station_code: str, now: str, limit: int
) -> list[OutboxEntry]:
    """Entries whose next attempt is due, oldest first; a revision waits until the one before it is in."""
    rows = db.execute(_DUE_SQL, [now, limit]).fetchall()
    return [_entry(db, files, station_code, *row) for row in rows]


def _entry(
    db: sqlite_utils.Database,
    files: AttachmentFiles,
    station_code: str,
    outbox_id: int,
    kind: str,
    ref_id: str,
    revision: int,
    attempts: int,
    queued_at: str,
) -> OutboxEntry:
    if kind == "rating":
        body = db.execute("SELECT body FROM ratings WHERE rating_id = ?", [ref_id]).fetchone()[0]
        clear = {"station_code": station_code, "created_at": queued_at}
        return OutboxEntry(outbox_id, "rating", ref_id, revision, attempts, b"", body.encode(), (), clear)
    receipt_no, catalogue_version, created_at, wrapped, manifest, item_code = db.execute(
        """SELECT r.local_receipt_no, r.catalogue_version, r.created_at, r.wrapped_key, r.sealed_manifest,
                  a.item_code FROM revisions r JOIN applications a USING (app_id)
           WHERE r.app_id = ? AND r.revision = ?""",
        [ref_id, revision],
    ).fetchone()
    attachments = tuple(
        StoredAttachment(sha, size, files.path_for(sha), material, filename, content_type)
        for sha, size, material, filename, content_type in db.execute(
            "SELECT sha256, size, material, filename, content_type FROM attachments "
            "WHERE app_id = ? AND revision = ? ORDER BY position",
            [ref_id, revision],
        )
    )
    clear = {
        # The station the application was filed at, which its receipt number begins with: the clear
        # summary must say what the sealed manifest says, and stay byte-identical on every retry, even if
        # an installer changes the station code while the application waits.
        "station_code": str(receipt_no).split("-", 1)[0],
        "local_receipt_no": receipt_no,
        "item_code": item_code,
        "catalogue_version": catalogue_version,
        "created_at": created_at,
    }
    return OutboxEntry(
        outbox_id, "application", ref_id, revision, attempts, wrapped, manifest, attachments, clear
    )


def outbox_rows(db: sqlite_utils.Database, limit: int) -> list[OutboxRow]:
    return [
        OutboxRow(oid, kind, ref, rev, no, name, parse_utc(at), attempts, parse_utc(nxt), err, int(size))
        for oid, kind, ref, rev, no, name, at, attempts, nxt, err, size in db.execute(_OUTBOX_SQL, [limit])
    ]


def summaries(
    db: sqlite_utils.Database, applicant_key: str | None, status: str | None, limit: int | None
) -> list[ApplicationSummary]:
    where: list[str] = []
    params: list[Any] = []
    if applicant_key is not None:
        where.append("a.applicant_key = ?")
        params.append(applicant_key)
    if status is not None:
        where.append("a.status = ?")
        params.append(status)
    sql = f"{_SUMMARY_SQL} {'WHERE ' + ' AND '.join(where) if where else ''}"
    sql += " ORDER BY a.created_at DESC, a.app_id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return [_summary(row) for row in db.execute(sql, params)]


def summary_by_id(db: sqlite_utils.Database, app_id: str) -> ApplicationSummary | None:
    row = db.execute(f"{_SUMMARY_SQL} WHERE a.app_id = ?", [app_id]).fetchone()
    return None if row is None else _summary(row)


def summary_by_receipt(db: sqlite_utils.Database, receipt_no: str) -> ApplicationSummary | None:
    """By the local number of any revision's receipt, or by the platform's receipt number."""
    row = db.execute(
        f"""{_SUMMARY_SQL} WHERE a.app_id = coalesce(
                (SELECT app_id FROM revisions WHERE local_receipt_no = ?),
                (SELECT app_id FROM applications WHERE platform_receipt_no = ? LIMIT 1))""",
        [receipt_no, receipt_no],
    ).fetchone()
    return None if row is None else _summary(row)


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
        app_id=app_id,
        revision=rev,
        local_receipt_no=local_no,
        platform_receipt_no=platform_no,
        item_code=code,
        item_name=name,
        masked_name=masked,
        created_at=parse_utc(created),
        status=status,
        delivered=bool(delivered),
        status_at=parse_utc(status_at),
        masked_id=masked_id,
    )


def history(db: sqlite_utils.Database, app_id: str) -> list[StatusChange]:
    rows = db.execute(
        "SELECT app_id, revision, status, at, reasons, missing_materials, platform_receipt_no, "
        "delivery, tracking_no FROM status_changes WHERE app_id = ? ORDER BY at, id",
        [app_id],
    )
    return [
        StatusChange(a, rev, s, parse_utc(at), tuple(json.loads(r)), tuple(json.loads(m)), no, d, tn)
        for a, rev, s, at, r, m, no, d, tn in rows
    ]


def record_changes(db: sqlite_utils.Database, changes: list[StatusChange], recorded_at: str) -> None:
    """Store status changes once each; move an application's shown status forward, never back."""
    for change in changes:
        at = utc_text(change.at)
        inserted = db.execute(
            "INSERT INTO status_changes (app_id, revision, status, at, reasons, missing_materials,"
            " platform_receipt_no, recorded_at, delivery, tracking_no)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                change.app_id,
                change.revision,
                change.status,
                at,
                json.dumps(list(change.reasons), ensure_ascii=False),
                json.dumps(list(change.missing_materials), ensure_ascii=False),
                change.platform_receipt_no,
                recorded_at,
                change.delivery,
                change.tracking_no,
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
