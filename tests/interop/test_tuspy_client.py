"""tuspy, the official Python tus client, against kiosk-central's upload endpoint on loopback."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
import requests
from tusclient.client import TusClient

from offline_cache import wire
from tests.central.platform_fixtures import RunningPlatform


def _tuspy(base: str, token: str) -> TusClient:
    return TusClient(base + wire.API_PREFIX + "/uploads", headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def opened() -> Iterator[Callable[[Path], BinaryIO]]:
    """Files for tuspy as streams we close: given a path, tuspy opens the file again for every request and
    never closes it."""
    with contextlib.ExitStack() as stack:
        yield lambda path: stack.enter_context(path.open("rb"))


def _file(tmp_path: Path, size: int) -> tuple[Path, str]:
    path = tmp_path / f"scan-{size}.bin"
    path.write_bytes(os.urandom(size))
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def test_tuspy_uploads_in_chunks_with_checksums_and_metadata(
    central: RunningPlatform, tmp_path: Path, opened: Callable[[Path], BinaryIO]
) -> None:
    creds = central.enrol()
    path, sha = _file(tmp_path, 1_000_000)
    uploader = _tuspy(central.url, creds.token).uploader(
        file_stream=opened(path),
        chunk_size=256 * 1024,
        metadata={"sha256": sha, "filename": "scan-0001.pdf"},
        upload_checksum=True,
    )
    uploader.upload()
    assert uploader.offset == 1_000_000
    assert central.platform.blobs.path(sha).read_bytes() == path.read_bytes()
    head = requests.head(
        uploader.url, headers={"Authorization": f"Bearer {creds.token}", "Tus-Resumable": "1.0.0"}, timeout=10
    )
    assert base64.b64encode(b"scan-0001.pdf").decode() in head.headers["Upload-Metadata"]


def test_tuspy_resumes_and_uploads_the_same_file_again(
    sqlite_central: RunningPlatform, tmp_path: Path, opened: Callable[[Path], BinaryIO]
) -> None:
    creds = sqlite_central.enrol()
    client = _tuspy(sqlite_central.url, creds.token)
    path, sha = _file(tmp_path, 700_000)
    first = client.uploader(file_stream=opened(path), chunk_size=300_000, metadata={"sha256": sha})
    first.upload_chunk()  # then the process is gone; a new one resumes at the URL it kept
    resumed = client.uploader(file_stream=opened(path), url=first.url, chunk_size=300_000)
    assert resumed.offset == 300_000  # asked by HEAD
    resumed.upload()
    assert sqlite_central.platform.blobs.path(sha).read_bytes() == path.read_bytes()
    # The platform has the file now; a standard client creating it again without a body still starts at 0.
    again = client.uploader(file_stream=opened(path), chunk_size=300_000, metadata={"sha256": sha})
    again.upload()
    assert again.offset == 700_000 and again.url != first.url
