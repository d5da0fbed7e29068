"""Content-addressed attachment files: sealed bytes stored under the SHA-256 of those bytes.

Layout: ``<attachments_dir>/<sha[:2]>/<sha>``. A file is written and fsynced (and its folder fsynced)
BEFORE the database transaction that references it commits, so a committed application never points at
a file a power cut could lose. The database is the only truth: a file no row references is an orphan
(left by a submit that was killed or failed before its commit, or by retention interrupted after its
commit) and ``AttachmentFiles.orphans`` finds it. The bytes are sealed (AES-GCM with a per-application
key), so a file name reveals nothing and equal clear scans never share a file.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from offline_cache.db import fsync_dir, is_disk_full
from offline_cache.errors import AttachmentDamaged, StoreError, StoreFull

_TMP_SUFFIX = ".tmp"  # nothing here writes temporaries; any found (copied in by hand...) are orphans


@dataclasses.dataclass(frozen=True, slots=True)
class WrittenFile:
    sha256: str
    size: int
    path: Path


class AttachmentFiles:
    def __init__(self, root: Path) -> None:
        self.root = root
        # Folder fsyncs run beside the file fsyncs (a worker thread blocks in the syscall, GIL released).
        self._folder_sync = concurrent.futures.ThreadPoolExecutor(
            max_workers=2, thread_name_prefix="store-dirsync"
        )

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def write(self, data: bytes, sha256: str | None = None) -> WrittenFile:
        """Write ``data`` durably under its SHA-256: the file and its folder are fsynced when this returns.

        ``sha256`` may be given when the caller already hashed ``data``.
        """
        sha = sha256 or hashlib.sha256(data).hexdigest()
        final = self.path_for(sha)
        try:
            if not final.parent.is_dir():
                final.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                fsync_dir(self.root)  # rare (256 folders): the root gained a folder
            fd = self._create(final, sha)
        except OSError as exc:
            raise _write_error(exc) from exc
        if fd is None:
            return WrittenFile(sha, len(data), final)  # these very bytes are stored already
        # Written in place, not to a temporary name and renamed: the name exists before the data is
        # fsynced, so the folder fsync runs at the same time as the file's (the journal commits both at
        # once), and no rename after the fsync costs another commit (bench/bench_enqueue.py). A file cut
        # short by a crash is harmless: no row references it until it is complete and fsynced, so it is
        # an orphan for ``orphans`` to find.
        try:
            folder_synced = self._folder_sync.submit(fsync_dir, final.parent)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            folder_synced.result()
        except OSError as exc:
            with contextlib.suppress(OSError):
                final.unlink()  # ours alone (created exclusively), partial, referenced by nobody
            raise _write_error(exc) from exc
        finally:
            os.close(fd)
        return WrittenFile(sha, len(data), final)

    def _create(self, final: Path, sha: str) -> int | None:
        """A new exclusive file, or None when a complete file with this content exists (made durable)."""
        try:
            return os.open(final, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        try:
            self.read(sha)
        except AttachmentDamaged:  # a leftover cut short by a crash: replace it
            final.unlink()
            return os.open(final, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        fd = os.open(final, os.O_RDONLY)
        try:
            os.fsync(fd)  # a crashed writer may have left it complete but not yet on disk
        finally:
            os.close(fd)
        fsync_dir(final.parent)
        return None

    def close(self) -> None:
        self._folder_sync.shutdown(wait=True)

    def read(self, sha256: str) -> bytes:
        """The stored bytes, checked against their name."""
        try:
            data = self.path_for(sha256).read_bytes()
        except OSError as exc:
            raise AttachmentDamaged(f"attachment {sha256[:12]} cannot be read: {exc.strerror}") from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise AttachmentDamaged(f"attachment {sha256[:12]} does not match its checksum")
        return data

    def remove(self, sha256: str) -> bool:
        try:
            self.path_for(sha256).unlink()
        except FileNotFoundError:
            return False
        return True

    def all_files(self) -> Iterator[Path]:
        if not self.root.exists():
            return
        for folder in self.root.iterdir():
            if folder.is_dir() and len(folder.name) == 2:
                yield from (p for p in folder.iterdir() if p.is_file())

    def orphans(self, referenced: set[str], older_than_s: float, now: float | None = None) -> list[Path]:
        """Files no row references (and leftover temporaries), untouched for ``older_than_s`` seconds.

        The grace period protects a submit running in another process right now: its files exist
        before its transaction commits.
        """
        now = time.time() if now is None else now
        found: list[Path] = []
        for path in self.all_files():
            name = path.name
            if not name.endswith(_TMP_SUFFIX) and name in referenced:
                continue
            with contextlib.suppress(FileNotFoundError):
                if now - path.stat().st_mtime >= older_than_s:
                    found.append(path)
        return found


def _write_error(exc: OSError) -> StoreError:
    if is_disk_full(exc):
        return StoreFull("no space left for an attachment")
    return StoreError(f"cannot write an attachment: {exc.strerror}")
