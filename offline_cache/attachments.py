"""Content-addressed attachment files: sealed bytes stored under the SHA-256 of those bytes.

Layout: ``<attachments_dir>/<sha[:2]>/<sha>``. A file is written and fsynced (and its folder fsynced)
BEFORE the database transaction that references it commits, so a committed application never points at
a file a power cut could lose. The database is the only truth: a file no row references is an orphan
(left by a submit that was killed or failed before its commit, or by retention interrupted after its
commit) and ``AttachmentFiles.orphans`` finds it. The bytes are sealed (AES-GCM with a per-application
key), so a file name reveals nothing and equal clear scans never share a file.

Spare files. Creating a file costs a journal commit of its own when it is fsynced (bench/bench_enqueue.py
measured a new file's write + fsync at about 2.5 times an existing empty file's on ext4). So empty files
are made ahead, in idle time, in ``<attachments_dir>/spare/`` (the same idea as a database recycling its
log segments). A write takes one, fills it, hashes the bytes, renames it to its content name and fsyncs it
and its folder. When no spare is left a write makes one on the spot, so spares are only ever a speed-up. A
spare belongs to the process that made it; spares of another process are orphans once older than the
grace period, like any other unreferenced file, and a write whose spare was swept away makes another.
The rename comes before the fsync, so that one journal commit carries both; a crash in between can leave an
incomplete file under a content name, but no row refers to it (the reference commits after the fsync), so it
is an orphan, and a later write of the same bytes replaces it. The 256 content folders are made once, when
the store opens (a folder made during a write cost it another commit).
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import dataclasses
import hashlib
import os
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from offline_cache.db import fsync_dir, is_disk_full
from offline_cache.errors import AttachmentDamaged, StoreError, StoreFull
from offline_cache.files import write_all

_TMP_SUFFIX = ".tmp"  # nothing here writes temporaries; any found (copied in by hand...) are orphans
SPARE_FOLDER = "spare"
SPARES_KEPT = 4  # an application carries a few scans; more than this and the rest are made on the spot


@dataclasses.dataclass(frozen=True, slots=True)
class WrittenFile:
    sha256: str
    size: int
    path: Path


class AttachmentFiles:
    def __init__(self, root: Path, *, spares: int = SPARES_KEPT) -> None:
        self.root = root
        self.spare_dir = root / SPARE_FOLDER
        self._spares_kept = spares
        self._spares: collections.deque[Path] = collections.deque()
        self._background = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="store-spares"
        )
        self._refill: concurrent.futures.Future[int] | None = None
        self._refill_lock = threading.Lock()

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    # -- spares -----------------------------------------------------------------------------------

    def make_spares(self, count: int) -> int:
        """Make up to ``count`` empty spare files now (blocking); returns how many were made."""
        made: list[Path] = []
        try:
            self.spare_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            for _ in range(count):
                path = self.spare_dir / secrets.token_hex(16)
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                made.append(path)
            fsync_dir(self.spare_dir)  # commit their creation now, not in the write that takes one
        except OSError:
            for path in made:
                with contextlib.suppress(OSError):
                    path.unlink()
            return 0  # spares are a speed-up only: a full disk shows up in the write itself
        self._spares.extend(made)
        return len(made)

    def refill_spares(self) -> None:
        """Top the spares up in the background (after a commit, at start)."""
        with self._refill_lock:
            if self._refill is not None and not self._refill.done():
                return
            wanted = self._spares_kept - len(self._spares)
            if wanted > 0:
                self._refill = self._background.submit(self.make_spares, wanted)

    def settle(self) -> None:
        """Wait for a background refill (tests and benchmarks: measure nothing while it runs)."""
        refill = self._refill
        if refill is not None:
            refill.result()

    def spare_count(self) -> int:
        return len(self._spares)

    def _take_spare(self) -> tuple[Path, int]:
        """An empty file to write into: a spare made ahead if one is left, else a new one."""
        while True:
            try:
                path = self._spares.popleft()
            except IndexError:
                break
            try:
                return path, os.open(path, os.O_WRONLY | os.O_TRUNC)
            except FileNotFoundError:
                continue  # swept away as an orphan by another process: take the next
        self.spare_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.spare_dir / secrets.token_hex(16)
        return path, os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)

    # -- writing and reading ----------------------------------------------------------------------

    def write(
        self,
        data: bytes | bytearray,
        sha256: str | None = None,
        *,
        named: concurrent.futures.Future[str] | None = None,
    ) -> WrittenFile:
        """Write ``data`` durably under its SHA-256: the file and its folder are fsynced when this returns.

        ``sha256`` may be given when the caller already hashed ``data``. Otherwise the hash is computed
        here, right after the bytes are handed to the kernel, and ``named`` (if given) receives it before
        the fsync starts: a caller on another thread can go on with the name while the disk works.
        """
        try:
            spare, fd = self._take_spare()
        except OSError as exc:
            error = _write_error(exc)
            _fail(named, error)
            raise error from exc
        final: Path | None = None
        try:
            try:
                write_all(fd, data)
                sha = sha256 or hashlib.sha256(data).hexdigest()
                if named is not None:
                    named.set_result(sha)
                final = self.path_for(sha)
                # Renamed before the fsync, so one journal commit carries the data and the name. Until
                # the fsync returns the file may be incomplete under its content name; nothing refers to
                # it before then (the caller commits its reference afterwards), so after a crash it is an
                # orphan, and a later write of the same bytes replaces it. Replacing also covers bytes
                # stored already: the same name means the same content.
                self._rename(spare, final)
                os.fsync(fd)
            finally:
                os.close(fd)
            fsync_dir(final.parent)
        except BaseException as exc:
            if final is None or spare.exists():  # not renamed: the spare is ours alone
                with contextlib.suppress(OSError):
                    spare.unlink()
            # Renamed: left for the caller, who removes what no row references (another application's
            # file of the same name holds the same bytes and must stay).
            if isinstance(exc, OSError):
                error = _write_error(exc)
                _fail(named, error)
                raise error from exc
            _fail(named, exc)
            raise
        return WrittenFile(sha, len(data), final)

    def _rename(self, spare: Path, final: Path) -> None:
        try:
            os.replace(spare, final)
        except FileNotFoundError:
            if not spare.exists():
                raise
            self.make_folders()  # a content folder went missing (removed by hand?)
            os.replace(spare, final)

    def make_folders(self) -> None:
        """The 256 content folders, made once (a folder made during a write costs it another commit)."""
        made = False
        for i in range(256):
            folder = self.root / f"{i:02x}"
            if not folder.is_dir():
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                made = True
        if made:
            fsync_dir(self.root)

    def close(self) -> None:
        self._background.shutdown(wait=True)

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
        """Files no row references (and leftover temporaries, and spares that are not this object's),
        untouched for ``older_than_s`` seconds.

        The grace period protects a submit running in another process right now: its files exist
        before its transaction commits.
        """
        now = time.time() if now is None else now
        found: list[Path] = []
        spares: list[Path] = []
        if self.spare_dir.is_dir():
            mine = set(self._spares)  # made by this object and not used yet
            spares = [p for p in self.spare_dir.iterdir() if p.is_file() and p not in mine]
        for path in spares:
            with contextlib.suppress(FileNotFoundError):
                if now - path.stat().st_mtime >= older_than_s:
                    found.append(path)
        for path in self.all_files():
            name = path.name
            if not name.endswith(_TMP_SUFFIX) and name in referenced:
                continue
            with contextlib.suppress(FileNotFoundError):
                if now - path.stat().st_mtime >= older_than_s:
                    found.append(path)
        return found


def _fail(named: concurrent.futures.Future[str] | None, exc: BaseException) -> None:
    """A caller waiting for the name hears of the failure instead of waiting for ever."""
    if named is not None and not named.done():
        named.set_exception(exc)


def _write_error(exc: OSError) -> StoreError:
    if is_disk_full(exc):
        return StoreFull("no space left for an attachment")
    return StoreError(f"cannot write an attachment: {exc.strerror}")
