"""Retention: what the terminal forgets once the platform has had it long enough.

A stolen terminal should hold as little as possible. Once the platform confirmed a revision
(``mark_delivered``) and ``[sync] retention_days`` have passed, the sealed manifest, the wrapped key and the
sealed attachment files of that revision are deleted; the status mirror (item, masked name, dates,
receipt numbers, status history) stays so the progress query keeps working. Delivered ratings and the
resume URLs of their uploads go too. Undelivered entries are never touched, whatever their age.

Order matters for crashes: rows change in one transaction first, files are removed after it commits.
A crash in between leaves files no row references, which ``remove_orphans`` deletes later.
"""

from __future__ import annotations

import dataclasses
import logging

import sqlite_utils

from offline_cache.attachments import AttachmentFiles

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, slots=True)
class RetentionResult:
    revisions_purged: int = 0
    ratings_purged: int = 0
    files_removed: int = 0


def purge_confirmed(db: sqlite_utils.Database, cutoff: str, now: str) -> tuple[RetentionResult, list[str]]:
    """Inside the caller's write transaction: forget sealed parts confirmed before ``cutoff``.

    Returns the counts and the attachment sha256 whose files the caller removes after committing.
    """
    old = db.execute(
        "SELECT app_id, revision FROM revisions WHERE purged_at IS NULL AND delivered_at IS NOT NULL"
        " AND delivered_at <= ?",
        [cutoff],
    ).fetchall()
    shas: list[str] = []
    for app_id, revision in old:
        shas += [
            r[0]
            for r in db.execute(
                "SELECT sha256 FROM attachments WHERE app_id = ? AND revision = ?", [app_id, revision]
            )
        ]
        db.execute("DELETE FROM attachments WHERE app_id = ? AND revision = ?", [app_id, revision])
        db.execute(
            "UPDATE revisions SET wrapped_key = NULL, sealed_manifest = NULL, purged_at = ?"
            " WHERE app_id = ? AND revision = ?",
            [now, app_id, revision],
        )
    # A file still referenced by another revision (never happens with fresh nonces, but cheap to respect).
    still = (
        {
            r[0]
            for r in db.execute(
                f"SELECT sha256 FROM attachments WHERE sha256 IN ({','.join('?' * len(shas))})", shas
            )
        }
        if shas
        else set()
    )
    shas = [s for s in shas if s not in still]
    for sha in shas:
        db.execute("DELETE FROM uploads WHERE sha256 = ?", [sha])
    ratings = db.execute(
        "DELETE FROM ratings WHERE rating_id IN (SELECT ref_id FROM outbox WHERE kind = 'rating'"
        " AND delivered_at IS NOT NULL AND delivered_at <= ?)",
        [cutoff],
    ).rowcount
    if old or ratings:
        log.info("retention: forgot %d revisions and %d ratings", len(old), ratings)
    return RetentionResult(revisions_purged=len(old), ratings_purged=max(ratings, 0)), shas


def remove_orphans(files: AttachmentFiles, referenced: set[str], grace_s: float) -> int:
    removed = 0
    for path in files.orphans(referenced, grace_s):
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    if removed:
        log.info("removed %d orphan attachment files", removed)
    return removed
