"""The platform's private key lives in its own 0600 file, not in the database: made once, moved out of an
older database unchanged, agreed on by processes that start together, refused when missing or foreign.
The platform's SQLite file is owner-only. On SQLite and PostgreSQL, over real HTTP and real processes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from central.keys import ED25519, X25519, FileKeyStore, key_beside
from central.models import PlatformKey, make_engine, make_sessions
from central.service import Platform
from offline_cache import sealing
from tests.central.platform_fixtures import RunningPlatform, start_platform
from tests.central.test_platform_api import put_raw, sealed_submission

ROOT = Path(__file__).resolve().parents[2]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _stored_pem(db_url: str) -> str:
    engine = make_engine(db_url)
    try:
        with make_sessions(engine)() as s:
            return str(s.scalar(select(PlatformKey.private_pem)))
    finally:
        engine.dispose()


def _sqlite_bytes(db_url: str) -> bytes:
    path = Path(db_url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def _seal_and_deliver(running: RunningPlatform, public_key: str) -> None:
    """A terminal seals an application for ``public_key``; the platform must open it to answer 201."""
    creds = running.enrol()
    app_id = str(uuid.uuid4())
    sub, _ = sealed_submission(public_key, app_id, [])
    answer = put_raw(running, creds, app_id, sub)
    assert answer.status_code == 201, answer.text
    manifest, _key, _paths = running.platform.open_revision(app_id, 1)
    assert manifest["app_id"] == app_id


def test_a_new_platform_keeps_its_key_in_a_0600_file_and_not_in_the_database(
    db_url: str, tmp_path: Path
) -> None:
    running = start_platform(db_url, tmp_path / "central")
    try:
        keys = running.platform.keys
        assert isinstance(keys, FileKeyStore)
        assert _mode(keys.path) == 0o600 and _mode(keys.path.parent) == 0o700
        assert FileKeyStore(keys.path).public_key_text() == running.platform.public_key_text
        assert _stored_pem(db_url) == ""
        _seal_and_deliver(running, running.platform.public_key_text)
        if db_url.startswith("sqlite"):
            db_file = Path(db_url.removeprefix("sqlite:///"))
            assert keys.path.parent == db_file.parent / "keys"  # beside the database
            assert b"PRIVATE KEY" not in _sqlite_bytes(db_url)
            for name in (db_file, Path(f"{db_file}-wal"), Path(f"{db_file}-shm")):
                assert _mode(name) == 0o600, name
    finally:
        running.stop()


def test_a_key_an_older_database_kept_moves_to_the_file_once_and_unchanged(
    db_url: str, tmp_path: Path
) -> None:
    # What older versions left: the PEM in platform_key.private_pem, the database file 0644.
    pem, public = sealing.generate_platform_key()
    engine = make_engine(db_url)
    with make_sessions(engine).begin() as s:
        s.add(PlatformKey(id=1, private_pem=pem.decode("ascii"), public_b64=public))
    engine.dispose()
    if db_url.startswith("sqlite"):
        os.chmod(db_url.removeprefix("sqlite:///"), 0o644)
        assert b"PRIVATE KEY" in _sqlite_bytes(db_url)
    for _start in range(2):  # the second start finds the key in the file and nothing left to move
        running = start_platform(db_url, tmp_path / "central")
        try:
            assert running.platform.public_key_text == public
            keys = running.platform.keys
            assert isinstance(keys, FileKeyStore) and keys.path.read_bytes() == pem
            assert _mode(keys.path) == 0o600
            assert _stored_pem(db_url) == ""
            _seal_and_deliver(running, public)  # terminals enrolled before the upgrade keep working
        finally:
            running.stop()
    if db_url.startswith("sqlite"):
        assert b"PRIVATE KEY" not in _sqlite_bytes(db_url)  # not even in freed pages or the WAL
        assert _mode(Path(db_url.removeprefix("sqlite:///"))) == 0o600


STARTER = """
import sys, time
from pathlib import Path
from central.service import Platform
go = Path(sys.argv[3])
Path(sys.argv[4]).touch()
while not go.exists():
    time.sleep(0.001)
platform = Platform(sys.argv[1], Path(sys.argv[2]))
print(platform.public_key_text)
platform.dispose()
"""


def test_platforms_starting_together_on_a_new_database_agree_on_one_key(db_url: str, tmp_path: Path) -> None:
    go, n = tmp_path / "go", 4
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                STARTER,
                db_url,
                str(tmp_path / "blobs"),
                str(go),
                str(tmp_path / f"r{i}"),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(n)
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"r{i}").exists() for i in range(n)):  # every process is at the start line
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs)
        time.sleep(0.01)
    go.touch()
    outputs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err[-2000:] for _out, err in outputs]
    publics = {out.strip() for out, _err in outputs}
    assert len(publics) == 1
    running = start_platform(db_url, tmp_path)
    try:
        keys = running.platform.keys
        assert isinstance(keys, FileKeyStore)
        assert {keys.public_key_text(), running.platform.public_key_text} == publics
        from central.audit import KEY_NAME

        # No stray temporary file: the sealing key, and the audit countersigning key made beside it.
        assert sorted(p.name for p in keys.path.parent.iterdir()) == sorted(
            [keys.path.name, f"{KEY_NAME}.pem"]
        )
    finally:
        running.stop()


def _serve(db_url: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``kiosk-central serve`` as an installer starts it; here it must stop at once with a message."""
    return subprocess.run(
        [sys.executable, "-m", "central.cli", "serve", "--db", db_url, "--port", "0", *extra],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_serve_refuses_a_missing_or_foreign_key_file_and_makes_no_new_key(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'central.db'}"
    running = start_platform(db_url, tmp_path)
    key_file = running.platform.keys.path  # type: ignore[attr-defined]
    running.stop()
    kept = tmp_path / "kept.pem"
    os.replace(key_file, kept)
    out = _serve(db_url, tmp_path)
    assert out.returncode == 1
    assert "platform.key_missing" in out.stderr and "平台私钥文件不存在" in out.stderr
    assert "Traceback" not in out.stderr
    assert not key_file.exists()  # a new key would open nothing the platform already received
    FileKeyStore(key_file).create()  # somebody else's key at the path
    out = _serve(db_url, tmp_path)
    assert out.returncode == 1 and "platform.key_mismatch" in out.stderr and "Traceback" not in out.stderr
    key_file.unlink()
    again = Platform(db_url, tmp_path / "blobs", key_file=kept)  # the kept file, named on the command line
    try:
        assert again.keys.public_key_text() == again.public_key_text and again.private_key() is not None
    finally:
        again.dispose()


def test_key_file_option_and_a_second_named_key_beside_the_first(tmp_path: Path) -> None:
    key_file = tmp_path / "etc" / "kiosk-central" / "platform.pem"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "central.cli",
            "enrolment-code",
            "--station",
            "GA0101",
            "--db",
            f"sqlite:///{tmp_path / 'central.db'}",
            "--key-file",
            str(key_file),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert _mode(key_file) == 0o600 and _mode(key_file.parent) == 0o700
    assert not (tmp_path / "keys").exists()
    sealing_key = FileKeyStore(key_file, X25519)
    first = sealing_key.public_key_text()
    signing = key_beside(sealing_key, "audit-signing", ED25519)
    signing_public = signing.create()
    assert signing.path == key_file.with_name("audit-signing.pem") and _mode(signing.path) == 0o600
    assert FileKeyStore(signing.path, ED25519).public_key_text() == signing_public != first
    assert FileKeyStore(key_file, X25519).public_key_text() == first  # the sealing key is untouched
    signature = signing.private_key().sign(b"audit head")
    signing.private_key().public_key().verify(signature, b"audit head")
    with pytest.raises(Exception, match="x25519"):
        FileKeyStore(signing.path, X25519).private_key()  # a key of the wrong kind is refused by name
