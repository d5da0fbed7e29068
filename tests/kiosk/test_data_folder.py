"""The terminal's data folder is owner-only: what it creates is 0600/0700 (the SQLite WAL and SHM files
included), and a folder an older version left 0755/0644 is tightened at the next start."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.card.samples import ELDER
from kiosk.config import load_config
from kiosk.session import CapturedPage, Session
from kiosk.terminal import Terminal

ROOT = Path(__file__).resolve().parents[2]
DATABASES = ("kiosk.db", "print_queue.db")


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The umask of most systems: what SQLite and open() give a file they create without a mode."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _loose(home: Path) -> list[str]:
    """Everything below ``home`` (and ``home``) that someone other than the owner may open."""
    found = []
    for path in [home, *home.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_symlink():
            continue
        want = 0o700 if path.is_dir() else 0o600
        if mode != want:
            found.append(f"{path.relative_to(home.parent)} {mode:o}")
    return found


# What an older version left after a power cut: the databases with their WAL and SHM still there.
OLD_VERSION = """
import os, sys
from pathlib import Path
from offline_cache.print_queue import PrintQueue
from offline_cache.store import Store
home = Path(sys.argv[1])
store = Store.open(home / "kiosk.db", home / "attachments", "GA0101")
store.set_meta("left", "by an older version")
PrintQueue(home / "print_queue.db").add("acceptance", "{}")
os._exit(0)
"""


def test_an_old_loose_data_folder_is_tightened_at_start_wal_and_shm_included(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", OLD_VERSION, str(home)], env=env, check=True, timeout=60)
    (home / "secrets").mkdir()
    (home / "secrets" / "applicant_key").write_bytes(os.urandom(32))
    (home / "printer-out").mkdir()
    (home / "printer-out" / "1.png").write_bytes(b"a receipt picture")
    os.symlink("/etc/hostname", home / "a-link")  # not ours: neither followed nor changed
    for path in [home, *home.rglob("*")]:
        if not path.is_symlink():
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
    for name in DATABASES:
        for suffix in ("-wal", "-shm"):
            assert Path(f"{home / name}{suffix}").exists(), "the old version's crash left no WAL/SHM"
    etc_mode = stat.S_IMODE(os.stat("/etc/hostname").st_mode)
    term = Terminal(load_config(None), home)
    try:
        assert _loose(home) == []
        assert term.store.get_meta("left") == "by an older version"  # tightened, not replaced
        assert stat.S_IMODE(os.stat("/etc/hostname").st_mode) == etc_mode
    finally:
        term.stop()


def _wait(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_everything_a_running_terminal_creates_is_owner_only(terminal: Terminal) -> None:
    """A demo terminal (embedded platform on loopback) takes an application with a scan, prints the
    receipt and delivers it: every file it made on the way, the platform's copy included, is owner-only."""
    item = terminal.catalogue.items[0]
    session = Session(item_code=item.code, identity=ELDER, signature_png=b"signature")
    session.add_page(item.guide.materials[0].id, CapturedPage(jpeg=b"a scanned page", width=1, height=1))
    result = terminal.submit(session)
    assert terminal.print_service is not None and result.print_job_id is not None
    out = terminal.home / "printer-out"
    _wait(lambda: (out / "1.png").exists() and terminal.store.pending_count() == 0)
    home = terminal.home
    for name in DATABASES:  # open now, with their WAL and SHM
        for suffix in ("", "-wal", "-shm"):
            assert Path(f"{home / name}{suffix}").exists()
    assert list((home / "platform" / "blobs" / "sha256").rglob("*"))  # the scan reached the platform
    assert _loose(home) == []
