"""Owner-only files under the terminal's data folder: what a second account on the machine cannot read.

* ``private_database(path)`` creates a SQLite file 0600 before SQLite opens it, and tightens one that is
  there with its ``-wal`` and ``-shm``. SQLite gives a new WAL or SHM file the mode of the database file,
  so a database created owner-only keeps its journal owner-only too; a file SQLite creates itself gets the
  process umask (0644 on most systems), which is how older versions left ``print_queue.db`` and the WAL.
* ``tighten_tree(home)`` makes the data folder and every folder below it 0700 and every file 0600. The
  terminal runs it at every start, so a data folder an older version left 0755/0644 is closed on the next
  start. Symbolic links are neither followed nor changed: a link in the data folder is not ours to open.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def private_file(path: Path, *, create: bool = True) -> None:
    """``path`` exists (with ``create``) and is owner-only; a missing file without ``create`` is left."""
    if create:
        # O_CREAT without O_TRUNC: an existing file keeps its bytes; a new one is born 0600.
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE))
    with contextlib.suppress(FileNotFoundError):
        _chmod(path, FILE_MODE)


def private_database(path: Path) -> None:
    """A SQLite database file and its side files owner-only; the folder is made 0700 if missing."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    private_file(path)
    for suffix in _SQLITE_SIDE_FILES:
        private_file(Path(f"{path}{suffix}"), create=False)


def tighten_tree(root: Path) -> int:
    """``root`` and every folder below 0700, every file 0600; returns how many modes changed."""
    changed = _chmod(root, DIR_MODE)
    for folder, dirs, files in os.walk(root):  # os.walk does not descend into symbolic links
        for name in dirs + files:
            with contextlib.suppress(FileNotFoundError):  # a file removed meanwhile
                st = os.lstat(os.path.join(folder, name))
                if stat.S_ISDIR(st.st_mode):
                    changed += _chmod(Path(folder, name), DIR_MODE, st)
                elif stat.S_ISREG(st.st_mode):
                    changed += _chmod(Path(folder, name), FILE_MODE, st)
    return changed


def _chmod(path: Path, mode: int, st: os.stat_result | None = None) -> int:
    st = st or os.lstat(path)
    if stat.S_ISLNK(st.st_mode) or stat.S_IMODE(st.st_mode) == mode:
        return 0
    os.chmod(path, mode)  # lstat said it is no link; only the owner could swap one into a 0700 folder
    return 1
