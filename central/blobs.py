"""Attachment files on the platform: partial tus uploads, and complete blobs named by their SHA-256."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        # Owner-only: the files are sealed, but who sent how much and when is nobody else's business.
        for folder in (root, root / "partial", root / "sha256"):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def partial(self, upload_id: str) -> Path:
        return self.root / "partial" / upload_id

    def path(self, sha256: str) -> Path:
        return self.root / "sha256" / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def partial_sha256(self, upload_id: str) -> str:
        h = hashlib.sha256()
        with self.partial(upload_id).open("rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
        return h.hexdigest()

    def discard_partial(self, upload_id: str) -> None:
        self.partial(upload_id).unlink(missing_ok=True)

    def discard(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)

    def promote(self, upload_id: str, sha256: str) -> None:
        target = self.path(sha256)
        target.parent.mkdir(exist_ok=True, mode=0o700)
        src = self.partial(upload_id)
        if target.exists():
            src.unlink(missing_ok=True)
            return
        os.chmod(src, 0o600)
        os.replace(src, target)
        fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
