"""tus-js-client, the official JavaScript tus client, in Node against kiosk-central's upload endpoint."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import requests

from offline_cache import wire
from offline_cache.credentials import Credentials
from tests.central.platform_fixtures import RunningPlatform
from tests.faults.proxy import Fault, FaultProxy
from tests.interop.conftest import HERE


@dataclasses.dataclass
class JsClient:
    node: str
    creds: Credentials

    def run(self, **opts: Any) -> dict[str, Any]:
        """One tus-js-client upload (or termination) in a Node process; its outcome as JSON."""
        opts.setdefault("headers", {"Authorization": f"Bearer {self.creds.token}"})
        opts.setdefault("endpoint", self.creds.url + wire.API_PREFIX + "/uploads")
        done = subprocess.run(
            [self.node, str(HERE / "tus_upload.js"), json.dumps(opts)],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result


@pytest.fixture
def js(node: str, sqlite_central: RunningPlatform) -> JsClient:
    return JsClient(node, sqlite_central.enrol())


def _file(tmp_path: Path, size: int) -> tuple[Path, str]:
    path = tmp_path / f"scan-{size}-{os.urandom(4).hex()}.bin"
    path.write_bytes(os.urandom(size))
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def _head(js: JsClient, url: str) -> requests.Response:
    return requests.head(
        url, headers={"Authorization": f"Bearer {js.creds.token}", "Tus-Resumable": "1.0.0"}, timeout=10
    )


def test_chunked_upload_with_metadata(js: JsClient, sqlite_central: RunningPlatform, tmp_path: Path) -> None:
    path, sha = _file(tmp_path, 1_000_000)
    out = js.run(file=str(path), chunkSize=256 * 1024, metadata={"sha256": sha, "filename": "scan-0001.pdf"})
    assert out["ok"], out
    assert sqlite_central.platform.blobs.path(sha).read_bytes() == path.read_bytes()
    assert base64.b64encode(b"scan-0001.pdf").decode() in _head(js, out["url"]).headers["Upload-Metadata"]


def test_creation_with_upload_and_the_same_file_again(
    js: JsClient, sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    path, sha = _file(tmp_path, 300_000)
    # From the second time on the platform has the file: a creation-with-upload is answered as complete, a
    # body-less creation starts at 0 like any other (the client PATCHes from 0 without asking).
    for during_creation in (True, True, False):
        out = js.run(file=str(path), uploadDataDuringCreation=during_creation, metadata={"sha256": sha})
        assert out["ok"], out
        assert _head(js, out["url"]).headers["Upload-Offset"] == "300000"
    assert sqlite_central.platform.blobs.path(sha).read_bytes() == path.read_bytes()


def test_patch_sent_as_post_with_method_override(
    js: JsClient, sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    path, sha = _file(tmp_path, 500_000)
    out = js.run(file=str(path), chunkSize=200_000, overridePatchMethod=True, metadata={"sha256": sha})
    assert out["ok"], out
    assert sqlite_central.platform.blobs.path(sha).read_bytes() == path.read_bytes()


def test_resume_after_a_stop_and_termination(
    js: JsClient, sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    path, sha = _file(tmp_path, 800_000)
    stopped = js.run(file=str(path), chunkSize=300_000, stopAfterChunks=1, metadata={"sha256": sha})
    assert stopped["stopped"] and stopped["offset"] == 300_000
    resumed = js.run(file=str(path), chunkSize=300_000, uploadUrl=stopped["url"])
    assert resumed["ok"] and resumed["url"] == stopped["url"] and resumed["retries"] == 0, resumed
    assert sqlite_central.platform.blobs.path(sha).read_bytes() == path.read_bytes()

    other, _sha = _file(tmp_path, 800_000)
    half = js.run(file=str(other), chunkSize=300_000, stopAfterChunks=1)
    assert js.run(terminate=half["url"]) == {"ok": True}
    assert _head(js, half["url"]).status_code == 404
    assert not sqlite_central.platform.blobs.partial(half["url"].rsplit("/", 1)[1]).exists()


def test_patch_as_post_over_a_cut_connection(
    js: JsClient, sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    path, sha = _file(tmp_path, 1_500_000)
    cuts = iter([Fault("cut_up", at=700_000)] * 2)  # whichever connection carries the first PATCH breaks
    target = (sqlite_central.server.host, sqlite_central.server.port)
    with FaultProxy(target, lambda _n: next(cuts, Fault())) as proxy:
        out = js.run(
            endpoint=proxy.url + wire.API_PREFIX + "/uploads",
            file=str(path),
            metadata={"sha256": sha},
            overridePatchMethod=True,
            retryDelays=[0, 200, 1000],
        )
    assert out["ok"] and out["retries"] >= 1, out
    assert sqlite_central.platform.blobs.path(sha).read_bytes() == path.read_bytes()
