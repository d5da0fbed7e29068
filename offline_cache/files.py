"""Small files written all at once: credentials, the administrator PIN, the terminal secret, the catalogue.

``write_atomically`` writes a temporary file beside the target (a unique name, so two processes never share
it), fsyncs it, puts it in place and fsyncs the folder: after a crash or a power cut the target holds the old
bytes or the new ones, never a mix, and a completed write is durable. The file is created 0600 (owner only).
With ``keep_existing`` the file is linked into place instead of renamed: ``link`` fails when the name exists,
so when two processes create the same file at once both end up with the first one's bytes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from offline_cache.db import fsync_dir


def write_all(fd: int, data: bytes | bytearray) -> None:
    """``os.write`` until every byte is out (a write may take fewer than it was given)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_atomically(path: Path, data: bytes, *, private: bool = True, keep_existing: bool = False) -> bool:
    """Put ``data`` at ``path`` durably; False when ``keep_existing`` found the file there already.

    ``private``: the folder is made (and kept) owner-only as well as the file.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700 if private else 0o777)
    if private:
        os.chmod(folder, 0o700)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=folder)  # created 0600
    tmp = Path(tmp_name)
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        written = True
        if keep_existing:
            try:
                os.link(tmp, path)
            except FileExistsError:
                written = False
            tmp.unlink()
        else:
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(folder)
    return written
