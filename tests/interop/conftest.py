"""Fixtures of the tus interoperability tests: the Node project beside this file (tus-js-client, @tus/server
and @tus/file-store at the versions in package-lock.json, installed with ``npm ci`` when missing or stale)
and the official Node server started in a process of its own.

Node.js and npm come from Debian (scripts/setup.sh installs ``nodejs`` and ``npm`` when ``node`` is missing).
Without them, or when the packages cannot be installed, the tests are skipped, and fail under CI
(``tests/real_parts.py``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.central.platform_fixtures import (  # noqa: F401
    central,
    db_url,
    pg_db_url,
    pg_server_url,
    sqlite_central,
)
from tests.real_parts import missing_part

HERE = Path(__file__).resolve().parent
_STAMP = HERE / "node_modules" / ".package-lock.sha256"


@pytest.fixture(scope="session")
def node() -> str:
    """The ``node`` executable, with the project's packages installed."""
    node_bin, npm_bin = shutil.which("node"), shutil.which("npm")
    if node_bin is None or npm_bin is None:
        missing_part("node and npm are needed for the tus interoperability tests (Debian: nodejs npm)")
    assert node_bin is not None and npm_bin is not None
    lock = hashlib.sha256((HERE / "package-lock.json").read_bytes()).hexdigest()
    if not _STAMP.exists() or _STAMP.read_text() != lock:
        done = subprocess.run(
            [npm_bin, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=240,
        )
        if done.returncode != 0:
            missing_part(f"npm ci failed in {HERE}: {done.stderr[-2000:]}")
        _STAMP.write_text(lock)
    return node_bin


@dataclasses.dataclass
class NodeTusServer:
    url: str  # the base URL a terminal is configured with; uploads go to <url>/api/v1/uploads
    files: Path  # @tus/file-store's folder: each upload is the file named by its id

    def file_of(self, upload_url: str) -> bytes:
        return (self.files / upload_url.rstrip("/").rsplit("/", 1)[1]).read_bytes()


def start_node_server(node: str, files: Path, *flags: str) -> tuple[subprocess.Popen[str], NodeTusServer]:
    proc = subprocess.Popen(
        [node, str(HERE / "tus_server.js"), str(files), *flags],
        cwd=HERE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the server prints its port once it listens
    if not line:
        proc.wait(10)
        raise RuntimeError(f"@tus/server did not start: {proc.stderr.read() if proc.stderr else ''}")
    port = json.loads(line)["port"]
    return proc, NodeTusServer(f"http://127.0.0.1:{port}", files)


@pytest.fixture(params=["full", "plain"])
def tus_node_server(request: pytest.FixtureRequest, node: str, tmp_path: Path) -> Iterator[NodeTusServer]:
    """@tus/server with @tus/file-store; "plain" offers the core protocol and creation only."""
    flags = ("--plain",) if request.param == "plain" else ()
    proc, server = start_node_server(node, tmp_path / "tus-files", *flags)
    try:
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
