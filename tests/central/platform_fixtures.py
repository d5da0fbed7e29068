"""Fixtures shared by the platform, sync and fault tests: PostgreSQL, a running reference platform, an
enrolled terminal. Imported by tests/central/conftest.py, tests/faults/conftest.py and the sync tests.

PostgreSQL: ``$KIOSK_TEST_PG_URL`` (a server URL whose user may CREATE DATABASE) if set; otherwise a
throwaway cluster is started with the installed server's initdb and pg_ctl (found by
``tests.real_parts.postgres_bindir``: ``pg_config --bindir``, /usr/lib/postgresql/<newest>/bin, the PATH;
as the ``postgres`` user via runuser when running as root) in a temporary folder on a free loopback port.
Without a server the PostgreSQL tests are skipped, and fail under CI (``tests/real_parts.py``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from central.app import create_app
from central.embedded import ServerThread
from central.service import Platform
from offline_cache.credentials import Credentials
from offline_cache.platform_client import PlatformClient
from tests.real_parts import missing_part, postgres_bindir


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def lan_address() -> str:
    """An IPv4 address of this machine that is not loopback (its outward interface), for tests that need a
    platform "on another machine" without the outside network. Connecting a UDP socket sends nothing."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 9))
            address = str(s.getsockname()[0])
        except OSError:
            address = ""
    if not address or address.startswith("127."):
        out = subprocess.run(["ip", "-o", "-4", "addr"], capture_output=True, text=True, check=False).stdout
        found = [w.split("/")[0] for line in out.splitlines() for w in line.split()[3:4]]
        address = next((a for a in found if not a.startswith("127.")), "")
    if not address:
        pytest.fail("this machine has no network interface besides loopback; the test needs one")
    return address


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a PostgreSQL cluster in a temporary folder on a free loopback port; yields its server URL."""
    bindir = postgres_bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server installed (Debian: postgresql)")
    tmp = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    data = tmp / "data"
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
    os.chmod(tmp, 0o700)
    port = free_port()
    subprocess.run(
        _as_postgres(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    opts = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(
        _as_postgres(
            [str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(tmp / "log"), "-w", "start"]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)


def postgres_available() -> bool:
    return postgres_bindir() is not None


# This module's fixtures are imported by several conftest files and test modules, and pytest makes a
# separate session fixture for each import: they share one cluster, stopped when the last one ends.
_SHARED_PG: dict[str, Any] = {"users": 0}


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    env = os.environ.get("KIOSK_TEST_PG_URL")
    if env:
        yield env
        return
    if not postgres_available():
        missing_part(
            "no PostgreSQL server found (pg_config --bindir, /usr/lib/postgresql/*/bin, PATH; Debian: "
            "postgresql); or set KIOSK_TEST_PG_URL to a server"
        )
    if not _SHARED_PG["users"]:
        cluster = throwaway_postgres()
        _SHARED_PG.update(cluster=cluster, url=cluster.__enter__())
    _SHARED_PG["users"] += 1
    try:
        yield _SHARED_PG["url"]
    finally:
        _SHARED_PG["users"] -= 1
        if not _SHARED_PG["users"]:
            _SHARED_PG.pop("cluster").__exit__(None, None, None)


def create_database(server_url: str) -> str:
    import psycopg

    name = "kiosk_t_" + uuid.uuid4().hex[:12]
    admin = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{admin.rpartition('/')[0]}/{name}"


@pytest.fixture
def pg_db_url(pg_server_url: str) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    import psycopg

    url = create_database(pg_server_url)
    name = url.rpartition("/")[2]
    admin = pg_server_url.replace("postgresql+psycopg://", "postgresql://")
    yield url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'central.db'}"
    url: str = request.getfixturevalue("pg_db_url")
    return url


def serve_process(
    db_url: str, blobs: Path, env: dict[str, str], stderr: Any = subprocess.DEVNULL, *options: str
) -> tuple[subprocess.Popen[bytes], str]:
    """``kiosk-central serve`` in a process of its own, once it answers: (process, base URL)."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "central.cli",
            "serve",
            "--db",
            db_url,
            "--port",
            str(port),
            "--blobs",
            str(blobs),
            *options,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/openapi.json", timeout=1).ok:
                return proc, url
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.terminate()
    proc.wait(15)
    raise RuntimeError("kiosk-central serve did not start")


@dataclasses.dataclass
class RunningPlatform:
    platform: Platform
    server: ServerThread
    url: str

    def enrol(self, station: str = "GA0101") -> Credentials:
        return PlatformClient.enrol(self.url, self.platform.issue_enrolment_code(station))

    def stop(self) -> None:
        self.server.stop()
        self.platform.dispose()


def start_platform(
    db_url: str, folder: Path, port: int = 0, host: str = "127.0.0.1", **app_kw: Any
) -> RunningPlatform:
    platform = Platform(db_url, folder / "blobs", app_kw.pop("catalogue_path", None))
    server = ServerThread(create_app(db_url, platform=platform, **app_kw), host=host, port=port).start()
    return RunningPlatform(platform, server, server.url)


@pytest.fixture
def central(db_url: str, tmp_path: Path) -> Iterator[RunningPlatform]:
    running = start_platform(db_url, tmp_path / "central")
    yield running
    running.stop()


@pytest.fixture
def sqlite_central(tmp_path: Path) -> Iterator[RunningPlatform]:
    running = start_platform(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "central")
    yield running
    running.stop()


# -- the terminal side ---------------------------------------------------------------------------------


def sample_application(**over: Any) -> Any:
    from offline_cache.records import NewApplication

    fields: dict[str, Any] = dict(
        item_code="520900-GA-0001",
        item_name="城乡居民最低生活保障申请（样例）",
        catalogue_version="2026.11.1",
        form={"household_size": 2, "reason": "样例"},
        applicant={"name": "杨样例", "id_number": "520100194803150025", "sample": True},
        consent={"agreed": True},
        masked_name="杨*例",
        masked_id="5201**********0025",
        applicant_key="sample-key",
    )
    fields.update(over)
    return NewApplication(**fields)


def sample_attachments(sizes: list[int], seed: int = 0) -> list[Any]:
    import random

    from offline_cache.records import AttachmentInput

    rng = random.Random(seed)
    return [
        AttachmentInput(f"material{i}", f"scan{i}.pdf", "application/pdf", rng.randbytes(size))
        for i, size in enumerate(sizes)
    ]


def open_store(home: Path, station: str = "GA0101") -> Any:
    from offline_cache.store import Store

    return Store.open(home / "kiosk.db", home / "attachments", station)


def delivery_check(platform: Platform, store: Any, expected: dict[str, int]) -> dict[str, int]:
    """Compare what the terminal queued (``{app_id: revisions}``) with what the platform holds.

    Returns counts: ``lost`` (revisions missing on the platform), ``duplicated`` (a revision stored or
    announced as received more than once), ``damaged`` (an attachment not byte-identical to the sealed
    file on the terminal, or whose opened bytes do not match the manifest), ``unexpected``.
    """
    import hashlib

    from sqlalchemy import func, select

    from central.models import Revision, StatusEvent
    from offline_cache import sealing

    with platform.sessions() as s:
        revisions = s.execute(
            select(Revision.app_id, Revision.revision, func.count()).group_by(
                Revision.app_id, Revision.revision
            )
        ).all()
        received = s.execute(
            select(StatusEvent.app_id, StatusEvent.revision, func.count())
            .where(StatusEvent.status == "received")
            .group_by(StatusEvent.app_id, StatusEvent.revision)
        ).all()
    held = {(a, r): n for a, r, n in revisions}
    wanted = {(a, r) for a, n in expected.items() for r in range(1, n + 1)}
    stats = {
        "lost": len(wanted - set(held)),
        "unexpected": len(set(held) - wanted),
        "duplicated": sum(n - 1 for n in held.values() if n > 1)
        + sum(n - 1 for _a, _r, n in received if n > 1),
        "damaged": 0,
    }
    terminal_files = {p.name: p for p in Path(store.attachments_dir).rglob("*") if p.is_file()}
    for app_id, revision in sorted(wanted & set(held)):
        manifest, key, paths = platform.open_revision(app_id, revision)
        for part, path in zip(manifest["attachments"], paths, strict=True):
            sealed = path.read_bytes()
            local = terminal_files.get(part["sealed_sha256"])
            ok = hashlib.sha256(sealed).hexdigest() == part["sealed_sha256"]
            ok = ok and local is not None and local.read_bytes() == sealed
            ok = (
                ok
                and hashlib.sha256(sealing.open_part(key, app_id, part["part"], sealed)).hexdigest()
                == part["sha256"]
            )
            stats["damaged"] += not ok
    return stats
