"""Content-addressed attachment files and the spare files made ahead for them."""

from __future__ import annotations

import concurrent.futures
import hashlib
import os
from pathlib import Path

import pytest

from offline_cache.attachments import AttachmentFiles
from offline_cache.errors import StoreError


def test_a_write_fills_a_spare_made_ahead(tmp_path: Path) -> None:
    files = AttachmentFiles(tmp_path / "a")
    files.make_folders()
    assert files.make_spares(2) == 2 and files.spare_count() == 2
    inodes = {p.stat().st_ino for p in files.spare_dir.iterdir()}
    written = files.write(b"sealed scan bytes")
    assert written.sha256 == hashlib.sha256(b"sealed scan bytes").hexdigest()
    assert written.path == tmp_path / "a" / written.sha256[:2] / written.sha256
    assert written.path.read_bytes() == b"sealed scan bytes"
    assert written.path.stat().st_ino in inodes  # the spare itself, renamed: no new file on the way
    assert files.spare_count() == 1 and len(list(files.spare_dir.iterdir())) == 1
    assert oct(written.path.stat().st_mode & 0o777) == "0o600"
    files.close()


def test_with_no_spare_left_a_write_makes_one(tmp_path: Path) -> None:
    files = AttachmentFiles(tmp_path / "a")
    written = files.write(b"x" * 5000)  # no folders, no spares made yet
    assert files.read(written.sha256) == b"x" * 5000
    assert list(files.spare_dir.iterdir()) == []
    files.close()


def test_a_spare_swept_away_by_another_process_is_replaced(tmp_path: Path) -> None:
    files = AttachmentFiles(tmp_path / "a")
    files.make_spares(1)
    for p in files.spare_dir.iterdir():
        p.unlink()  # what another process's orphan sweep does to spares that are not its own
    written = files.write(b"still written")
    assert written.path.read_bytes() == b"still written"
    files.close()


def test_spares_of_another_process_are_orphans_after_the_grace_period(tmp_path: Path) -> None:
    ours, theirs = AttachmentFiles(tmp_path / "a"), AttachmentFiles(tmp_path / "a")
    ours.make_spares(2)
    theirs.make_spares(1)
    (theirs_spare,) = set(theirs.spare_dir.iterdir()) - set(ours._spares)
    assert ours.orphans(set(), older_than_s=3600) == []  # too young to be anybody's leftover
    assert ours.orphans(set(), older_than_s=0) == [theirs_spare]
    assert sorted(theirs.orphans(set(), older_than_s=0)) == sorted(ours._spares)
    ours.close()
    theirs.close()


def test_refill_tops_the_spares_up_in_the_background(tmp_path: Path) -> None:
    files = AttachmentFiles(tmp_path / "a", spares=3)
    files.refill_spares()
    files.settle()
    assert files.spare_count() == 3
    files.write(b"one")
    files.refill_spares()
    files.settle()
    assert files.spare_count() == 3
    assert all(p.stat().st_size == 0 for p in files.spare_dir.iterdir())
    files.close()


def test_the_name_reaches_a_waiting_caller_and_so_does_a_failure(tmp_path: Path) -> None:
    files = AttachmentFiles(tmp_path / "a")
    named: concurrent.futures.Future[str] = concurrent.futures.Future()
    written = files.write(b"named while written", named=named)
    assert named.result(timeout=0) == written.sha256

    (tmp_path / "blocked").write_text("a file where the folder should be")
    broken = AttachmentFiles(tmp_path / "blocked")
    failed: concurrent.futures.Future[str] = concurrent.futures.Future()
    with pytest.raises(StoreError):
        broken.write(b"nowhere to go", named=failed)
    with pytest.raises(StoreError):
        failed.result(timeout=0)  # the caller is told, not left waiting
    files.close()
    broken.close()


def test_a_damaged_leftover_under_the_same_name_is_replaced(tmp_path: Path) -> None:
    files = AttachmentFiles(tmp_path / "a")
    first = files.write(b"sealed bytes")
    first.path.write_bytes(b"seal")  # cut short by a crash before its fsync
    assert files.write(b"sealed bytes").path.read_bytes() == b"sealed bytes"
    assert files.read(first.sha256) == b"sealed bytes"
    assert os.listdir(first.path.parent) == [first.sha256]
    files.close()
