"""offline_cache.files.write_atomically: the old bytes or the new ones, never a mix, owner-only."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from offline_cache.files import write_atomically


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_replaces_the_file_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "secrets" / "credentials.json"
    assert write_atomically(target, b"first")
    assert write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert _mode(target) == 0o600 and _mode(target.parent) == 0o700
    assert sorted(p.name for p in target.parent.iterdir()) == ["credentials.json"]  # no temporaries left


def test_keep_existing_keeps_the_first_writers_bytes(tmp_path: Path) -> None:
    target = tmp_path / "secret"
    assert write_atomically(target, b"A" * 32, keep_existing=True)
    assert not write_atomically(target, b"B" * 32, keep_existing=True)
    assert target.read_bytes() == b"A" * 32
    assert [p.name for p in tmp_path.iterdir()] == ["secret"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "catalogue.json"
    write_atomically(target, b'{"version": "1"}', private=False)

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OSError):
        write_atomically(target, b'{"version": "2"}', private=False)
    monkeypatch.undo()
    assert target.read_bytes() == b'{"version": "1"}'
    assert [p.name for p in tmp_path.iterdir()] == ["catalogue.json"]
